#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash safety: two clients save revisions as fast as they can while the server is killed with
SIGKILL at a random moment, fifty times. After each kill the database passes PRAGMA
integrity_check; after each restart every revision the server acknowledged (201) is there with
the text that was sent, and a run that was cut off is marked failed and can be queued again.

Usage: crash_test.py DAYAFTER EXAMPLE.yaml [ROUNDS] (EXAMPLE.yaml: tests/data/example.yaml)"""
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Client, Server, create_admin, example_yaml, first_login  # noqa: E402


QUOTA = ("--storage-quota", "4096")


def saver(port, token, scenario, base_text, tag, acknowledged, stop):
    """Saves revisions until 'stop' is set or the server goes; records each acknowledged one."""
    client = Client(port, token)
    n = 0
    while not stop.is_set():
        n += 1
        text = base_text + "# %s save %d\n" % (tag, n)
        try:
            status, body, _ = client.call("PUT", "/api/scenarios/%d" % scenario,
                                          {"yaml": text, "message": "%s %d" % (tag, n)})
        except OSError:
            return
        if status == 201:
            acknowledged.append((body["revision"], text))


def integrity(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def main(exe, example, rounds):
    tmp = tempfile.mkdtemp(prefix="dayafter-crash-")
    db = os.path.join(tmp, "plans.db")
    password = create_admin(exe, db)
    # Thousands of saves: past the default storage quota (64 MiB), which is not under test here.
    server = Server(exe, db, extra=QUOTA)
    site = first_login(server.port, "admin@example.org", password).bearer()
    site.call("POST", "/api/organizations", {"name": "Alpha"})
    _, body, _ = site.call("POST", "/api/users",
                           {"email": "e@alpha.org", "organization": "Alpha", "role": "editor"})
    token = first_login(server.port, "e@alpha.org", body["password"]).bearer().token
    base = example_yaml(example, replications=20)
    scenario = Client(server.port, token).call(
        "POST", "/api/scenarios", {"name": "crash", "yaml": base})[1]["id"]
    failures = []
    acknowledged = []
    rng = random.Random(11)
    cut_runs = []
    for round_no in range(rounds):
        client = Client(server.port, token)
        # Every fifth round, a long run is running when the server dies.
        if round_no % 5 == 0:
            status, body, _ = client.call("POST", "/api/scenarios/%d/runs" % scenario,
                                          {"replications": 1000000})
            if status == 202:
                cut_runs.append(body["id"])
        stop = threading.Event()
        savers = [threading.Thread(target=saver, args=(server.port, token, scenario, base,
                                                       "r%d-c%d" % (round_no, c), acknowledged,
                                                       stop)) for c in range(2)]
        for t in savers:
            t.start()
        time.sleep(rng.uniform(0.05, 0.6))
        server.kill()
        stop.set()
        for t in savers:
            t.join()
        verdict = integrity(db)
        if verdict != "ok":
            failures.append("round %d: integrity_check: %s" % (round_no, verdict))
        server = Server(exe, db, extra=QUOTA)
        client = Client(server.port, token)
        status, body, _ = client.call("GET", "/api/scenarios/%d" % scenario)
        numbers = {r["number"] for r in body["revisions"]} if status == 200 else set()
        for number, text in acknowledged:
            if number not in numbers:
                failures.append("round %d: acknowledged revision %d is missing" %
                                (round_no, number))
        # The texts of this round's acknowledged revisions, as sent.
        for number, text in acknowledged[-4:]:
            status, body, _ = client.call("GET", "/api/scenarios/%d/revisions/%d" %
                                          (scenario, number))
            if status != 200 or body["yaml"] != text:
                failures.append("round %d: revision %d's text differs" % (round_no, number))
    client = Client(server.port, token)
    for run_id in cut_runs:
        status, body, _ = client.call("GET", "/api/runs/%d" % run_id)
        if status != 200 or body["status"] != "failed" or "queue it again" not in (
                body["error"] or ""):
            failures.append("cut-off run %d: %s" % (run_id, body))
    if cut_runs:
        status, body, _ = client.call("POST", "/api/scenarios/%d/runs" % scenario,
                                      {"replications": 10})
        if status != 202:
            failures.append("queueing again after a crash: %d" % status)
    # A consistent backup while two clients save: the copy passes its integrity check, and its
    # revisions are exactly those numbered 1 to its latest (one snapshot, no gaps).
    backup = os.path.join(tmp, "backup.db")
    stop = threading.Event()
    during = []
    savers = [threading.Thread(target=saver, args=(server.port, token, scenario, base,
                                                   "backup-c%d" % c, during, stop))
              for c in range(2)]
    for t in savers:
        t.start()
    time.sleep(0.2)
    out = subprocess.run([exe, "serve", "--db", db, "--backup", backup], capture_output=True,
                         text=True)
    time.sleep(0.2)
    stop.set()
    for t in savers:
        t.join()
    if out.returncode != 0 or integrity(backup) != "ok":
        failures.append("backup: %s %s" % (out.returncode, out.stderr))
    else:
        conn = sqlite3.connect(backup)
        numbers = [n for (n,) in conn.execute(
            "SELECT number FROM revisions WHERE scenario_id = ? ORDER BY number", (scenario,))]
        conn.close()
        if numbers != list(range(1, len(numbers) + 1)) or not during or \
                max(n for n, _ in during) <= len(numbers):
            failures.append("backup: revisions %s..%s of %d, saves went on to %s" % (
                numbers[:1], numbers[-1:], len(numbers), max((n for n, _ in during), default=0)))
    server.stop()
    for f in failures:
        print("FAIL " + f)
    print("%d rounds, %d acknowledged revisions, %d cut-off runs, %d failures" %
          (rounds, len(acknowledged), len(cut_runs), len(failures)))
    return 1 if failures or not acknowledged else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 50))
