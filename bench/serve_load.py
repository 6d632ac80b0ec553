#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The web application under load, on loopback: wrk with 50 connections reads a finished run's
results (GET /api/runs/ID: the run's description and its whole results JSON) for SECONDS
(default 30), and prints the throughput, the latency percentiles and the errors. Exits 1 on
any error (a socket error, a timeout or a status other than 200).

Usage: bench/serve_load.py DAYAFTER SCENARIO.yaml [SECONDS] [REPLICATIONS]
(the tests run it on tests/data/example.yaml)"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "server"))
from serverlib import Server, create_admin, example_yaml, first_login, wait_run  # noqa: E402


def main(exe, example, seconds, replications):
    if not shutil.which("wrk"):
        print("wrk is not installed: scripts/deps installs it")
        return 77
    tmp = tempfile.mkdtemp(prefix="dayafter-load-")
    db = os.path.join(tmp, "plans.db")
    password = create_admin(exe, db)
    server = Server(exe, db)
    try:
        site = first_login(server.port, "admin@example.org", password).bearer()
        site.call("POST", "/api/organizations", {"name": "Alpha"})
        _, body, _ = site.call("POST", "/api/users", {"email": "e@alpha.org",
                                                      "organization": "Alpha",
                                                      "role": "editor"})
        editor = first_login(server.port, "e@alpha.org", body["password"]).bearer()
        _, body, _ = editor.call("POST", "/api/scenarios",
                                 {"name": "load", "yaml": example_yaml(example)})
        _, body, _ = editor.call("POST", "/api/scenarios/%d/runs" % body["id"],
                                 {"replications": replications})
        run = wait_run(editor, body["id"])
        status, payload, _ = editor.call("GET", "/api/runs/%d" % run["id"])
        size = len(subprocess.run(["curl", "-s", "-H", "Authorization: Bearer " + editor.token,
                                   "http://127.0.0.1:%d/api/runs/%d" % (server.port, run["id"])],
                                  capture_output=True).stdout) if shutil.which("curl") else 0
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", "50", "-d", "%ds" % seconds, "--latency", "--timeout", "10s",
             "-H", "Authorization: Bearer " + editor.token,
             "http://127.0.0.1:%d/api/runs/%d" % (server.port, run["id"])],
            capture_output=True, text=True).stdout
    finally:
        server.stop()
    print(out)
    rate = re.search(r"Requests/sec:\s*([\d.]+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    print("summary: %s requests/s, p50 %s, p99 %s, response %d bytes, %s socket errors, %s "
          "non-2xx" % (rate.group(1) if rate else "?", p50.group(1) if p50 else "?",
                       p99.group(1) if p99 else "?", size,
                       errors.group(1) if errors else "no", non2xx.group(1) if non2xx else 0))
    return 1 if errors or non2xx or not rate else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 30,
                  int(sys.argv[4]) if len(sys.argv) > 4 else 2000))
