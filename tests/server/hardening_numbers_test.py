#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers that once crashed or hung `dayafter serve` (issue 13), through a real server:

- the extreme scenarios of tests/bad (a population normal(1e308, 1e308), lognormal(1e300,
  100), 1e39, 1e-35, uniform to 1e300, a truck at 1e308 dollars, a contingent of 1e300, four
  billion replications) are refused when saved (422) and when validated, each with the
  corpus's own message at its line and column;
- a revision with such a number that is already in the database (saved before the ranges
  existed) is refused when queued, and the server stays up;
- a valid scenario whose run goes beyond what dayafter computes fails with the numeric
  message (DA_ERR_NUMERIC), not with a crash or a hang;
- meanwhile GET /api/me answers within a second, and another organization's run is done.

Usage: hardening_numbers_test.py DAYAFTER"""
import glob
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (Client, Server, Watch, check, create_admin, expect,  # noqa: E402
                       first_login, summary, wait_run)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")





def golden(name):
    """The corpus case's text and its one expected (line, column, message)."""
    base = os.path.join(ROOT, "tests", "bad", name)
    with open(base + ".yaml") as f:
        text = f.read()
    with open(base + ".err") as f:
        _, line, column, message = f.read().strip().split(":", 3)
    return text, int(line), int(column), message.strip()


def refused(alpha):
    """Every extreme case: 422 on save and valid: false on validate, located as the CLI says."""
    names = sorted(os.path.basename(p)[:-5]
                   for p in glob.glob(os.path.join(ROOT, "tests", "bad", "extreme-*.yaml")))
    check(len(names) >= 10, "the corpus has the extreme cases (%d)" % len(names))
    for name in names:
        text, line, column, message = golden(name)
        body = expect(alpha, "POST", "/api/scenarios", 422, {"name": name, "yaml": text}, name)[0]
        errors = body.get("errors", []) if isinstance(body, dict) else []
        check([(e["line"], e["column"], e["message"]) for e in errors] ==
              [(line, column, message)], "%s: the save's error is the CLI's (%s)" % (name, errors))
        body = expect(alpha, "POST", "/api/validate", 200, {"yaml": text}, name)[0]
        check(body.get("valid") is False and len(body.get("errors", [])) == 1,
              "%s: validate says invalid, once (%s)" % (name, body))


def old_revision(db, alpha, scenario):
    """A revision with population normal(1e308, 1e308) written straight into the database, as
    one saved by an older dayafter would be: queueing it is refused, nothing runs."""
    text = golden("extreme-population-normal-1e308")[0]
    con = sqlite3.connect(db, timeout=30)
    with con:
        author = con.execute("SELECT author_id FROM revisions WHERE scenario_id = ?",
                             (scenario,)).fetchone()[0]
        con.execute("INSERT INTO revisions (scenario_id, number, yaml, author_id, created_at,"
                    " message) VALUES (?, 2, ?, ?, strftime('%s', 'now'), 'old')",
                    (scenario, text, author))
    con.close()
    body = expect(alpha, "POST", "/api/scenarios/%d/runs" % scenario, 422,
                  {"revision": 2, "replications": 10000})[0]
    check(body == {"error": "revision 2 does not load: run `dayafter validate` on it"},
          "the old revision is refused before it runs (%s)" % body)


def main(exe):
    tmp = tempfile.mkdtemp()
    db = os.path.join(tmp, "numbers.db")
    password = create_admin(exe, db)
    server = Server(exe, db, workers=2)
    try:
        site = first_login(server.port, "admin@example.org", password).bearer()
        clients = {}
        for org in ("Alpha", "Beta"):
            expect(site, "POST", "/api/organizations", 201, {"name": org})
            email = "editor@%s.org" % org.lower()
            body = expect(site, "POST", "/api/users", 201,
                          {"email": email, "organization": org, "role": "editor"})[0]
            clients[org] = first_login(server.port, email, body["password"]).bearer()
        alpha, beta = clients["Alpha"], clients["Beta"]
        watch = Watch(Client(server.port, beta.token))

        refused(alpha)
        with open(os.path.join(ROOT, "tests", "cli", "beyond-what-a-run-computes.yaml")) as f:
            beyond = f.read()
        scenario = expect(alpha, "POST", "/api/scenarios", 201,
                          {"name": "beyond", "yaml": beyond})[0]["id"]
        gaza = subprocess.run([exe, "example", "gaza"], check=True, capture_output=True,
                              text=True).stdout
        other = expect(beta, "POST", "/api/scenarios", 201, {"name": "gaza", "yaml": gaza})[0]["id"]
        numeric = expect(alpha, "POST", "/api/scenarios/%d/runs" % scenario, 202,
                         {"replications": 5000})[0]["id"]
        fine = expect(beta, "POST", "/api/scenarios/%d/runs" % other, 202,
                      {"replications": 2000})[0]["id"]
        run = wait_run(alpha, numeric, timeout=120)
        check(run["status"] == "failed" and run["error"] ==
              "the run failed: 5000 of 5000 replications gave no finite value for unfunded_usd of "
              "option 'o' (infinite, not a number, or beyond 10^18): the scenario's numbers are "
              "beyond what the model can compute; see docs/scenario.md, \"Ranges\"",
              "a run beyond what dayafter computes fails with its count (%s)" % run.get("error"))
        old_revision(db, alpha, scenario)
        run = wait_run(beta, fine, timeout=180)
        check(run["status"] == "done", "Beta's run is done meanwhile (%s)" % run["status"])
        watch.end("while runs go beyond what dayafter computes")
        check(server.proc.poll() is None, "the server is still running")
    finally:
        code = server.stop()
    check(code == 0, "the server stops cleanly (exit %s)" % code)
    return summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
