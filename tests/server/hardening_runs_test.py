#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bounded work on a real `dayafter serve` (issue 13): runs that can be cancelled, the limit
per run (--run-timeout), organizations that take turns in the queue, the quotas (runs queued
at once and a day, stored scenario text, API tokens, replications) with their messages,
identical saves, and a SIGTERM that stops the server within seconds and queues its runs
again. Meanwhile the server answers GET /api/me within a second.

The scenario is the built-in one (`dayafter example gaza`): 10^6 replications of it take
minutes, long enough for a run to be cancelled, timed out or cut off while it runs; 100 take
a moment.

Usage: hardening_runs_test.py DAYAFTER"""
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (Client, Server, Watch, check, create_admin, expect,  # noqa: E402
                       first_login, summary)

LONG = 1000000   # replications that keep a worker busy for minutes
# Replications that take a moment; fewer on a build that runs several times slower
# (DAYAFTER_SLOWDOWN, set by scripts/test's ThreadSanitizer stage), so that the checks of
# seconds stay checks of the server's scheduling, not of the build's speed.
SLOWDOWN = int(os.environ.get("DAYAFTER_SLOWDOWN", "1"))
SHORT = max(1, 100 // SLOWDOWN)
# The limit per run of the quota server (--run-timeout, seconds). Under ThreadSanitizer
# (DAYAFTER_SLOWDOWN=20) even one replication of gaza takes about a second, most of it the
# set-up of the run's accumulators, every byte of which TSan tracks: the limit grows with the
# slowdown so that a short run stays short of it.
RUN_TIMEOUT = max(1, SLOWDOWN // 4)






def run_of(client, run_id):
    status, body, _ = client.call("GET", "/api/runs/%d" % run_id)
    return body if status == 200 else {"status": "http %d" % status}


def wait_status(client, run_id, statuses, timeout=30):
    """The run's description once its status is one of 'statuses', or None after 'timeout'."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        body = run_of(client, run_id)
        if body["status"] in statuses:
            return body
        time.sleep(0.05)
    return None


def queue(client, scenario, replications, status=202, what="queue"):
    body, _ = expect(client, "POST", "/api/scenarios/%d/runs" % scenario, status,
                     {"replications": replications}, what)
    return body.get("id") if isinstance(body, dict) else None


def people(port, password):
    """Organizations Alpha and Beta: Alpha's editor and viewer, Beta's editor, as bearer-token
    clients, and the site administrator."""
    site = first_login(port, "admin@example.org", password).bearer()
    for name in ("Alpha", "Beta"):
        expect(site, "POST", "/api/organizations", 201, {"name": name})
    out = {"site": site}
    for key, email, org, role in (("alpha", "editor@alpha.org", "Alpha", "editor"),
                                  ("viewer", "viewer@alpha.org", "Alpha", "viewer"),
                                  ("beta", "editor@beta.org", "Beta", "editor")):
        body, _ = expect(site, "POST", "/api/users", 201,
                         {"email": email, "organization": org, "role": role})
        out[key] = first_login(port, email, body["password"]).bearer()
    return out


def start(exe, tmp, name, extra):
    db = os.path.join(tmp, name + ".db")
    password = create_admin(exe, db)
    server = Server(exe, db, workers=1, extra=extra)
    return server, db, people(server.port, password)


def cancellation_and_turns(exe, tmp, yaml):
    """One worker. Alpha fills it with long runs; Beta's short runs still start before
    Alpha's next, and cancelling frees the worker at once. Then the queue limit, and SIGTERM
    with a run in progress."""
    server, db, p = start(exe, tmp, "turns", ["--run-timeout", "0"])
    alpha, viewer, beta = p["alpha"], p["viewer"], p["beta"]
    watch = Watch(Client(server.port, alpha.token))
    a_scn = expect(alpha, "POST", "/api/scenarios", 201, {"name": "A", "yaml": yaml})[0]["id"]
    b_scn = expect(beta, "POST", "/api/scenarios", 201, {"name": "B", "yaml": yaml})[0]["id"]

    # Alpha: a1 runs, a2 and a3 wait. Beta queues b1 and b2 after them.
    a1, a2, a3 = (queue(alpha, a_scn, LONG, what="alpha %d" % i) for i in range(3))
    check(wait_status(alpha, a1, ("running",)) is not None, "a1 runs")
    b1, b2 = queue(beta, b_scn, SHORT), queue(beta, b_scn, SHORT)

    # Cancelling a queued run: it never starts.
    body, _ = expect(alpha, "DELETE", "/api/runs/%d" % a3, 200, what="cancel queued:")
    check(body == {"id": a3, "status": "cancelled", "was": "queued"}, "cancel queued: %s" % body)
    got = run_of(alpha, a3)
    check(got["status"] == "cancelled" and got["started"] is None and
          got["error"] == "cancelled by editor@alpha.org",
          "a cancelled queued run: never started, says who cancelled it (%s)" % got)

    # Who may cancel: not another organization (404, as for a run it cannot see), nor the
    # site administrator; a viewer of Alpha may (they could queue it again).
    body, _ = expect(beta, "DELETE", "/api/runs/%d" % a1, 404, what="another organization:")
    check(body == {"error": "no run %d" % a1}, "another organization: 404 (%s)" % body)
    expect(p["site"], "DELETE", "/api/runs/%d" % a1, 404, what="site administrator:")
    expect(alpha, "DELETE", "/api/runs/%d" % b1, 404, what="Beta's run, for Alpha:")
    expect(alpha, "DELETE", "/api/runs/999999", 404)
    check(run_of(alpha, a1)["status"] == "running", "a1 still runs after the refusals")

    # Cancelling the running a1 (by Alpha's viewer) frees the worker within a second or two:
    # the organization that has not had a worker yet (Beta) goes before Alpha's a2, queued
    # before it.
    started = time.monotonic()
    body, _ = expect(viewer, "DELETE", "/api/runs/%d" % a1, 200, what="viewer cancels running:")
    check(body == {"id": a1, "status": "cancelled", "was": "running"},
          "cancel running: %s" % body)
    done = wait_status(beta, b1, ("done", "failed"), timeout=10)
    took = time.monotonic() - started
    check(done is not None and done["status"] == "done" and took < 5,
          "Beta's b1 is done %.1f s after a1 was cancelled (%s)" % (took, done and done["status"]))
    got = run_of(alpha, a1)
    check(got["status"] == "cancelled" and got["results"] is None and
          got["error"] == "cancelled by viewer@alpha.org",
          "the cancelled running run stays cancelled, without results (%s)" % got["status"])
    # Then Alpha's turn (it had the worker longer ago than Beta): a2 before Beta's b2.
    check(wait_status(alpha, a2, ("running",), timeout=10) is not None and
          run_of(beta, b2)["status"] == "queued",
          "after b1: Alpha's a2 runs and Beta's b2 waits (turns, not first in first out)")
    expect(alpha, "DELETE", "/api/runs/%d" % a2, 200)
    check(wait_status(beta, b2, ("done",), timeout=10) is not None, "b2 is done after a2")

    # A run that has ended: 409.
    body, _ = expect(beta, "DELETE", "/api/runs/%d" % b1, 409, what="cancel done:")
    check(body == {"error": "run %d is done: only a queued or running run can be cancelled"
                   % b1}, "cancel done: %s" % body)
    body, _ = expect(alpha, "DELETE", "/api/runs/%d" % a1, 409, what="cancel again:")
    check(body == {"error": "run %d is cancelled: only a queued or running run can be "
                   "cancelled" % a1}, "cancel again: %s" % body)

    # The audit log records each cancellation, with what the run was.
    body, _ = expect(p["site"], "GET", "/api/audit", 200)
    details = [e["detail"] for e in body["entries"] if e["action"] == "run"]
    for run_id, was in ((a3, "queued"), (a1, "running")):
        check("cancelled run %d of scenario %d (it was %s)" % (run_id, a_scn, was) in details,
              "audit: run %d's cancellation" % run_id)

    # At most 8 runs queued or running per organization: the ninth is a 429 naming the quota.
    ids = [queue(alpha, a_scn, LONG, what="fill %d" % i) for i in range(8)]
    status, body, resp = alpha.call("POST", "/api/scenarios/%d/runs" % a_scn,
                                    {"replications": SHORT})
    check(status == 429 and resp.getheader("Retry-After") == "10" and body == {
        "error": "your organization has 8 runs queued or running, the most it may have at "
                 "once (quota: 8): wait for one to finish, or cancel one",
        "code": "quota", "quota": "runs_queued"}, "the ninth run: %d %s" % (status, body))
    b3 = queue(beta, b_scn, SHORT, what="Beta's queue is its own:")
    expect(alpha, "DELETE", "/api/runs/%d" % ids[-1], 200)
    expect(alpha, "POST", "/api/scenarios/%d/runs" % a_scn, 202, {"replications": SHORT},
           "a place freed by a cancellation:")
    watch.end("one worker, long runs")
    sigterm(exe, server, db, alpha, beta, ids[0], b3)


def sigterm(exe, server, db, alpha, beta, running, queued):
    """SIGTERM with Alpha's long run in progress and others queued: the server is gone within
    5 s, the run it cut off is queued again, and the next start takes the queue up where it
    stopped: Beta's turn (queued), then Alpha's run again. (The cut-off run is not waited
    for: one long enough to be cut off for sure on any machine takes minutes.)"""
    check(wait_status(alpha, running, ("running",), timeout=10) is not None,
          "run %d is running before SIGTERM" % running)
    started = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    try:
        code = server.proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
        server.proc.kill()
        server.proc.wait()
    took = time.monotonic() - started
    log = server.proc.stderr.read()
    server.proc.stderr.close()
    check(code == 0 and took < 5, "SIGTERM: exit status %s after %.1f s" % (code, took))
    check("dayafter serve: 1 run(s) in progress queued again for the next start" in log,
          "SIGTERM: the log says a run was queued again (%r)" % log[-300:])
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT status, started_at, progress FROM runs WHERE id = ?",
                       (running,)).fetchone()
    conn.close()
    check(row == ("queued", None, 0.0), "SIGTERM: run %d queued again: %s" % (running, row))
    again = Server(exe, db, workers=1)
    check(again.listening.endswith(", 1 worker)"),
          "the start-up line counts one worker in the singular: %r" % again.listening)
    try:
        alpha, beta = Client(again.port, alpha.token), Client(again.port, beta.token)
        got = wait_status(beta, queued, ("done", "failed"), timeout=10)
        check(got is not None and got["status"] == "done",
              "after the restart, Beta's queued run %d is done" % queued)
        check(wait_status(alpha, running, ("running",), timeout=10) is not None,
              "after the restart, run %d runs again" % running)
    finally:
        check(again.stop() == 0, "the restarted server stops cleanly")


def timeout_and_quotas(exe, tmp, yaml):
    """--run-timeout RUN_TIMEOUT, --runs-per-day 3, --storage-quota 1 (MiB); the token and
    replication limits are the server's own."""
    server, db, p = start(exe, tmp, "quotas", ["--run-timeout", str(RUN_TIMEOUT),
                                              "--runs-per-day", "3", "--storage-quota", "1"])
    alpha, beta = p["alpha"], p["beta"]
    watch = Watch(Client(server.port, alpha.token))
    a_scn = expect(alpha, "POST", "/api/scenarios", 201, {"name": "A", "yaml": yaml})[0]["id"]
    b_scn = expect(beta, "POST", "/api/scenarios", 201, {"name": "B", "yaml": yaml})[0]["id"]
    try:
        replications(beta, yaml)
        run_limits(alpha, beta, a_scn, b_scn)
        storage(alpha, beta, a_scn, yaml)
        storage_long_name(server.port, p["site"], yaml)
        tokens(alpha)
    finally:
        watch.end("the quota server")
        check(server.stop() == 0, "the quota server stops cleanly")


def run_limits(alpha, beta, a_scn, b_scn):
    # A long run stops after its limit, failed with the reason; a short one is done as usual.
    long_run = queue(alpha, a_scn, LONG)
    got = wait_status(alpha, long_run, ("done", "failed", "cancelled"), timeout=10 * RUN_TIMEOUT)
    check(got is not None and got["status"] == "failed" and
          got["error"] == "stopped after %d s: the server's limit per run (--run-timeout)"
          % RUN_TIMEOUT,
          "--run-timeout %d: %r" % (RUN_TIMEOUT, got and (got["status"], got["error"])))
    short = queue(alpha, a_scn, SHORT)
    got = wait_status(alpha, short, ("done", "failed"), timeout=10 * RUN_TIMEOUT)
    check(got is not None and got["status"] == "done",
          "a short run is done under --run-timeout %d: %r"
          % (RUN_TIMEOUT, got and (got["status"], got.get("error"))))
    # Runs a day: Alpha has queued 2; the third is the last, then 429 for Alpha, not Beta.
    queue(alpha, a_scn, SHORT)
    status, body, resp = alpha.call("POST", "/api/scenarios/%d/runs" % a_scn,
                                    {"replications": SHORT})
    message = body.get("error", "") if isinstance(body, dict) else ""
    wait = re.fullmatch(r"your organization queued 3 runs in the last 24 hours, the most it may "
                        r"\(quota: 3 a day, --runs-per-day\): the next can be queued in (\d+) s",
                        message)
    check(status == 429 and wait and body.get("code") == "quota" and
          body.get("quota") == "runs_per_day", "the fourth run today: %d %s" % (status, body))
    check(wait and 86000 < int(wait.group(1)) <= 86400 and
          resp.getheader("Retry-After") == wait.group(1),
          "Retry-After: when the oldest run of the day leaves the 24 hours (%s)" %
          resp.getheader("Retry-After"))
    queue(beta, b_scn, SHORT, what="Beta's day is its own:")


def storage(alpha, beta, a_scn, yaml):
    # The latest text again adds no revision, whatever the base and the message.
    body, _ = expect(alpha, "PUT", "/api/scenarios/%d" % a_scn, 200,
                     {"yaml": yaml, "message": "again", "base": 1}, "identical save:")
    check(body == {"revision": 1, "unchanged": True}, "identical save: %s" % body)
    # 1 MiB: the first text and two padded ones fit, a third does not.
    padding = "".join("# padding line %06d %s\n" % (i, "x" * 60) for i in range(5000))
    sizes = [len(yaml.encode())]
    for n in range(2):
        text = yaml + "# save %d\n" % n + padding
        body, _ = expect(alpha, "PUT", "/api/scenarios/%d" % a_scn, 201,
                         {"yaml": text, "message": "big %d" % n}, "padded save %d:" % n)
        sizes.append(len(text.encode()))
    big = yaml + "# save 2\n" + padding
    status, body, _ = alpha.call("PUT", "/api/scenarios/%d" % a_scn, {"yaml": big})
    check(status == 413 and body == {
        "error": "this text (%d bytes) would take the scenarios Alpha stores past its quota "
                 "(1 MiB, --storage-quota): %d bytes stored, every revision counted"
                 % (len(big.encode()), sum(sizes)),
        "code": "quota", "quota": "storage"}, "over the storage quota: %d %s" % (status, body))
    # The same refusal for a new scenario and a fork; the latest text again is still 200.
    status, body, _ = alpha.call("POST", "/api/scenarios", {"name": "more", "yaml": big})
    check(status == 413 and body.get("quota") == "storage", "a new scenario: %d" % status)
    status, body, _ = alpha.call("POST", "/api/scenarios/%d/fork" % a_scn, {})
    check(status == 413 and body.get("quota") == "storage", "a fork: %d" % status)
    body, _ = expect(alpha, "GET", "/api/scenarios/%d" % a_scn, 200)
    check(len(body["revisions"]) == 3, "3 revisions: the refused saves added none")
    body, _ = expect(alpha, "PUT", "/api/scenarios/%d" % a_scn, 200,
                     {"yaml": body["yaml"], "base": 1}, "identical save at the quota:")
    check(body == {"revision": 3, "unchanged": True}, "identical save at the quota: %s" % body)
    # A scenario shared for editing grows its owner's store: Beta's save counts for Alpha.
    expect(alpha, "POST", "/api/scenarios/%d/shares" % a_scn, 201,
           {"organization": "Beta", "access": "edit"})
    status, body, _ = beta.call("PUT", "/api/scenarios/%d" % a_scn, {"yaml": big})
    check(status == 413 and "the scenarios Alpha stores" in body.get("error", ""),
          "Beta's save into Alpha's scenario counts for Alpha: %d %s" % (status, body))
    expect(beta, "POST", "/api/scenarios", 201, {"name": "Beta's", "yaml": big},
           "Beta's own store:")


def storage_long_name(port, site, yaml):
    """The storage quota's refusal names an organization of 200 four-byte characters (800
    bytes) whole: a message cut inside a character would be no JSON, a 500."""
    name = "\U0001F30D" * 200
    expect(site, "POST", "/api/organizations", 201, {"name": name})
    body, _ = expect(site, "POST", "/api/users", 201,
                     {"email": "editor@globe.org", "organization": name, "role": "editor"})
    editor = first_login(port, "editor@globe.org", body["password"]).bearer()
    padding = "".join("# padding line %06d %s\n" % (i, "x" * 60) for i in range(5000))
    for n in range(2):  # 1 MiB: two padded texts fit, a third does not
        expect(editor, "POST", "/api/scenarios", 201,
               {"name": "globe %d" % n, "yaml": yaml + padding})
    status, body, _ = editor.call("POST", "/api/scenarios", {"name": "more", "yaml": yaml + padding})
    check(status == 413 and body.get("quota") == "storage" and
          ("the scenarios %s stores past its quota" % name) in body.get("error", ""),
          "over the quota, the long name whole: %d %s" % (status, str(body)[:120]))


def tokens(alpha):
    # The test's own token is one; 19 more, then 429 until one is revoked.
    body, _ = expect(alpha, "GET", "/api/tokens", 200)
    have = len(body["tokens"])
    made = [expect(alpha, "POST", "/api/tokens", 201, {"name": "t%d" % i})[0]["id"]
            for i in range(20 - have)]
    status, body, _ = alpha.call("POST", "/api/tokens", {"name": "one too many"})
    check(status == 429 and body == {
        "error": "you have 20 API tokens, the most one may have (quota: 20): revoke one you no "
                 "longer use (DELETE /api/tokens/{id}, or the account page)",
        "code": "quota", "quota": "tokens"}, "the 21st token: %d %s" % (status, body))
    expect(alpha, "DELETE", "/api/tokens/%d" % made[0], 200)
    expect(alpha, "POST", "/api/tokens", 201, {"name": "in its place"}, "after a revocation:")


def replications(client, yaml):
    # The server's own limit: a body asking for more is a 400, a scenario whose default is
    # more is a 422; both name the limit.
    many = re.sub(r"(?m)^replications:\s*\d+", "replications: 2000000", yaml, count=1)
    check(many != yaml, "the scenario has a replications line to change")
    scn = expect(client, "POST", "/api/scenarios", 201, {"name": "many", "yaml": many})[0]
    if not isinstance(scn, dict) or "id" not in scn:
        return
    body, _ = expect(client, "POST", "/api/scenarios/%d/runs" % scn["id"], 400,
                     {"replications": 2000000})
    check(body == {"error": "\"replications\" must be a whole number from 1 to 1000000"},
          "too many replications asked: %s" % body)
    body, _ = expect(client, "POST", "/api/scenarios/%d/runs" % scn["id"], 422, {})
    # With a code, the limit and the number asked for: the browser says it in its form's words.
    check(body == {"error": "the scenario asks for 2000000 replications; the server runs at "
                            "most 1000000: give \"replications\"",
                   "code": "replications", "limit": 1000000, "asked": 2000000},
          "a scenario's own replications over the limit: %s" % body)


def main(exe):
    tmp = tempfile.mkdtemp(prefix="dayafter-hardening-")
    yaml = subprocess.run([exe, "example", "gaza"], capture_output=True, text=True,
                          check=True).stdout
    started = time.monotonic()
    cancellation_and_turns(exe, tmp, yaml)
    timeout_and_quotas(exe, tmp, yaml)
    return summary(", %.0f s" % (time.monotonic() - started))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
