#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The web application's API end to end, against a real `dayafter serve` on a fresh database:

- the authorization matrix: every endpoint against anonymous, the site administrator, a viewer,
  an editor and an admin of the owning organization, and a member of another organization,
  each with its expected status;
- the flows behind it: revisions, located validation errors (422), diffs, forks, shares and
  their revocation, runs with their results, CSV and report, the audit log;
- the security rules: session cookie flags, the CSRF token, the login limiter, body limits,
  the queue limit per organization.

Each area runs on its own server and database, with the same people (setup()): what an area
needs that another makes, it makes itself (scenario_with_run()), so that each runs alone, as
its own Meson test (server-api/AREA).

Usage: api_test.py DAYAFTER EXAMPLE.yaml SCHEMA_DIR [AREA...]
(tests/data/example.yaml, and docs/schema where the run output's JSON Schema is; the areas are
matrix, flows, members, tokens, security and queue_limit, every one when none is named)"""
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (TALLY, Client, Server, check, create_admin, example_yaml,  # noqa: E402
                       expect, first_login, post_oversized, summary, wait_run)





EXE = None
SCHEMA_DIR = None


def main(exe, example, schema_dir, areas):
    global EXE, SCHEMA_DIR
    EXE = exe
    SCHEMA_DIR = schema_dir
    unknown = [a for a in areas if a not in AREAS]
    if unknown:
        print("api_test.py: no area %s (the areas: %s)" % (", ".join(unknown), ", ".join(AREAS)))
        return 2
    for area in areas or AREAS:
        before = TALLY.checks
        run_area(area, example)
        print("area %s: %d checks" % (area, TALLY.checks - before))
    return summary()


def run_area(area, example):
    """Area 'area' on a fresh database and server, stopped at its end."""
    tmp = tempfile.mkdtemp(prefix="dayafter-api-%s-" % area)
    db = os.path.join(tmp, "plans.db")
    password = create_admin(EXE, db)
    # The login limiter's test plays a reverse proxy on this machine.
    server = Server(EXE, db, extra=("--trusted-proxy", "127.0.0.1"))
    try:
        people = setup(server.port, password)
        AREAS[area](people, server.port, password, example)
    finally:
        # A clean stop: exit status 0 (under the sanitizers, no leak and no error either).
        status = server.stop()
        check(status == 0, "the server stops cleanly on SIGTERM: exit status %s" % status)


def setup(port, password):
    """The site administrator, organizations Alpha, Beta and Gamma, and Alpha's viewer, editor
    and admin and Beta's editor, each as a bearer-token client."""
    site_cookie = first_login(port, "admin@example.org", password)
    site = site_cookie.bearer()
    for name in ("Alpha", "Beta", "Gamma"):
        expect(site, "POST", "/api/organizations", 201, {"name": name})
    people = {}
    for role, email, org in (("viewer", "viewer@alpha.org", "Alpha"),
                             ("editor", "editor@alpha.org", "Alpha"),
                             ("admin", "admin@alpha.org", "Alpha"),
                             ("other", "editor@beta.org", "Beta")):
        body, _ = expect(site, "POST", "/api/users", 201,
                         {"email": email, "organization": org,
                          "role": "editor" if role == "other" else role})
        c = first_login(port, email, body["password"])
        people[role] = c.bearer()
        people[role + "_cookie"] = c
    people["site"] = site
    people["site_password"] = site_cookie.password
    people["anonymous"] = Client(port)
    return people


ROLES = ("anonymous", "site", "viewer", "editor", "admin", "other")


def scenario_with_run(people, example):
    """P, Alpha's private scenario, and X, a finished run of its first revision (50
    replications): the ids (p, x). P's first text is the example's with a comment, so that
    saving the example's own text makes a new revision."""
    ed = people["editor"]
    yaml = example_yaml(example, replications=50) + "\n# P's first text\n"
    body, _ = expect(ed, "POST", "/api/scenarios", 201, {"name": "P", "yaml": yaml})
    p = body["id"]
    body, _ = expect(ed, "POST", "/api/scenarios/%d/runs" % p, 202, {"replications": 50})
    x = body["id"]
    check(wait_run(ed, x)["status"] == "done", "run X done")
    return p, x


def matrix(people, port, password, example):
    """Every endpoint against every role. P is Alpha's private scenario; R is Alpha's, shared
    with Beta for reading; X is a finished run of P."""
    ed = people["editor"]
    yaml = example_yaml(example, replications=50)
    p, x = scenario_with_run(people, example)
    body, _ = expect(ed, "POST", "/api/scenarios", 201, {"name": "R", "yaml": yaml})
    r = body["id"]
    expect(ed, "POST", "/api/scenarios/%d/shares" % r, 201,
           {"organization": "Beta", "access": "read"})
    save = {"yaml": yaml, "message": "matrix"}
    run = {"replications": 20}
    share_gamma = {"organization": "Gamma", "access": "read"}

    def reshare():
        expect(ed, "POST", "/api/scenarios/%d/shares" % p, 201, share_gamma)

    # A member of Alpha whom admins change and remove (and add again before each removal).
    body, _ = expect(people["site"], "POST", "/api/users", 201,
                     {"email": "target@alpha.org", "organization": "Alpha", "role": "viewer"})
    target = body["id"]

    def readd():
        # 201 after a removal, 409 while the member is still there.
        status, _, _ = people["site"].call("POST", "/api/users", {
            "email": "target@alpha.org", "organization": "Alpha", "role": "viewer"})
        check(status in (201, 409), "target added again: %d" % status)

    # (method, path, body, expected statuses in ROLES order, set-up before each call)
    table = [
        ("GET", "/api/me", None, (401, 200, 200, 200, 200, 200), None),
        ("POST", "/api/tokens", {}, (401, 201, 201, 201, 201, 201), None),
        ("GET", "/api/tokens", None, (401, 200, 200, 200, 200, 200), None),
        ("GET", "/api/organizations", None, (401, 200, 200, 200, 200, 200), None),
        ("POST", "/api/organizations", {"name": "New"}, (401, 201, 403, 403, 403, 403), None),
        ("GET", "/api/users", None, (401, 200, 403, 403, 200, 403), None),
        ("POST", "/api/users", {"organization": "Alpha", "role": "viewer"},
         (401, 201, 403, 403, 201, 403), "email"),
        ("PUT", "/api/users/%d" % target, {"role": "editor"}, (401, 200, 403, 403, 200, 403),
         None),
        ("DELETE", "/api/users/%d" % target, None, (401, 200, 403, 403, 200, 403), readd),
        ("GET", "/api/audit", None, (401, 200, 403, 403, 200, 403), None),
        ("POST", "/api/validate", {"yaml": yaml}, (401, 200, 200, 200, 200, 200), None),
        ("GET", "/api/examples", None, (401, 200, 200, 200, 200, 200), None),
        ("GET", "/api/examples/gaza", None, (401, 200, 200, 200, 200, 200), None),
        ("GET", "/api/scenarios", None, (401, 200, 200, 200, 200, 200), None),
        ("POST", "/api/scenarios", {"name": "N", "yaml": yaml},
         (401, 403, 403, 201, 201, 201), None),
        ("GET", "/api/scenarios/%d" % p, None, (401, 404, 200, 200, 200, 404), None),
        ("GET", "/api/scenarios/%d" % r, None, (401, 404, 200, 200, 200, 200), None),
        ("PUT", "/api/scenarios/%d" % p, save, (401, 404, 403, 201, 201, 404), "text"),
        ("PUT", "/api/scenarios/%d" % r, save, (401, 404, 403, 201, 201, 403), "text"),
        ("GET", "/api/scenarios/%d/revisions/1" % p, None, (401, 404, 200, 200, 200, 404), None),
        ("GET", "/api/scenarios/%d/revisions/1" % r, None, (401, 404, 200, 200, 200, 200), None),
        ("GET", "/api/scenarios/%d/diff?from=1&to=2" % p, None,
         (401, 404, 200, 200, 200, 404), None),
        ("POST", "/api/scenarios/%d/fork" % p, {}, (401, 404, 403, 201, 201, 404), None),
        ("POST", "/api/scenarios/%d/fork" % r, {}, (401, 404, 403, 201, 201, 201), None),
        ("POST", "/api/scenarios/%d/shares" % p, share_gamma, (401, 404, 403, 201, 201, 404),
         None),
        ("POST", "/api/scenarios/%d/shares" % r, share_gamma, (401, 404, 403, 201, 201, 403),
         None),
        ("DELETE", "/api/scenarios/%d/shares/Gamma" % p, None, (401, 404, 403, 200, 200, 404),
         reshare),
        ("GET", "/api/scenarios/%d/runs" % p, None, (401, 404, 200, 200, 200, 404), None),
        ("GET", "/api/scenarios/%d/runs" % r, None, (401, 404, 200, 200, 200, 200), None),
        ("POST", "/api/scenarios/%d/runs" % p, run, (401, 404, 202, 202, 202, 404), None),
        ("POST", "/api/scenarios/%d/runs" % r, run, (401, 404, 202, 202, 202, 202), None),
        ("GET", "/api/runs/%d" % x, None, (401, 404, 200, 200, 200, 404), None),
        ("GET", "/api/runs/%d/results.json" % x, None, (401, 404, 200, 200, 200, 404), None),
        ("GET", "/api/runs/%d/report.html" % x, None, (401, 404, 200, 200, 200, 404), None),
        ("GET", "/api/runs/%d/csv/metrics.csv" % x, None, (401, 404, 200, 200, 200, 404), None),
        ("POST", "/api/password", {"old_password": "wrong", "new_password": "a-long-password"},
         (401, 403, 403, 403, 403, 403), None),
        ("POST", "/api/logout", None, (401, 200, 200, 200, 200, 200), None),
    ]
    for method, path, body, statuses, before in table:
        for role, status in zip(ROLES, statuses):
            payload = body
            if before == "email":
                payload = dict(body, email="new-%s-%d@alpha.org" % (role, TALLY.checks))
            elif before == "text":
                # A new text each time: the latest text again adds no revision (200).
                payload = dict(body, yaml=body["yaml"] + "# %s %d\n" % (role, TALLY.checks))
            elif before:
                before()
            expect(people[role], method, path, status, payload, "matrix %s:" % role)
            if method == "POST" and "/runs" in path and status == 202:
                # Keep under the queue limit: let the runs finish.
                for run_id in queued_runs(people[role], path):
                    wait_run(people[role], run_id)
    # Unknown ids and endpoints.
    expect(ed, "GET", "/api/scenarios/999999", 404)
    expect(ed, "GET", "/api/scenarios/abc", 404)
    expect(ed, "GET", "/api/runs/999999", 404)
    expect(ed, "GET", "/api/nothing", 404)
    expect(ed, "PATCH", "/api/scenarios/%d" % p, 405)


def queued_runs(client, path):
    status, body, _ = client.call("GET", path)
    return [run["id"] for run in body["runs"] if run["status"] in ("queued", "running")] \
        if status == 200 else []


def flows(people, port, password, example):
    ed, other, admin = people["editor"], people["other"], people["admin"]
    yaml = example_yaml(example, replications=50)
    p, x = scenario_with_run(people, example)

    # The flows start from the example's own text.
    expect(ed, "PUT", "/api/scenarios/%d" % p, 201, {"yaml": yaml, "message": "the example"})
    # A save that does not validate: refused with located errors, nothing saved.
    body, _ = expect(ed, "GET", "/api/scenarios/%d" % p, 200)
    latest = body["revision"]
    # The line numbers below follow from the example's text, wherever its replications are.
    at = yaml.splitlines().index("replications: 50") + 1
    bad = yaml.replace("replications: 50", "replications: 50\nbogus_key: 1", 1)
    body, _ = expect(ed, "PUT", "/api/scenarios/%d" % p, 422, {"yaml": bad, "message": "bad"})
    errors = body.get("errors", []) if isinstance(body, dict) else []
    check(any(e["line"] == at + 1 and e["column"] == 1 and "bogus_key" in e["message"]
              for e in errors), "422 names line %d, column 1 and the key: %s" % (at + 1, errors))
    # The same problem as data: its stable code, its key path and the characters it covers.
    check(any(e.get("code") == "unknown-key" and e.get("path") == "bogus_key"
              and e.get("span") == len("bogus_key") for e in errors),
          "422 gives the code, path and span: %s" % errors)
    body, _ = expect(ed, "GET", "/api/scenarios/%d" % p, 200)
    check(body["revision"] == latest, "a refused save adds no revision")

    # Two revisions, their diff and the stale-base conflict.
    changed = yaml.replace("replications: 50", "replications: 60", 1)
    body, _ = expect(ed, "PUT", "/api/scenarios/%d" % p, 201,
                     {"yaml": changed, "message": "sixty", "base": latest})
    check(body["revision"] == latest + 1, "the save is the next revision")
    expect(ed, "PUT", "/api/scenarios/%d" % p, 409, {"yaml": yaml, "base": latest})
    body, _ = expect(ed, "GET", "/api/scenarios/%d/diff?from=%d&to=%d" % (p, latest, latest + 1),
                     200)
    check(body["added"] == 1 and body["removed"] == 1, "the diff: one line each way")
    minus = [d for d in body["lines"] if d["op"] == "-"]
    plus = [d for d in body["lines"] if d["op"] == "+"]
    check(minus and minus[0]["text"] == "replications: 50" and minus[0]["old"] == at,
          "the removed line and its number: %s" % minus)
    check(plus and plus[0]["text"] == "replications: 60" and plus[0]["new"] == at,
          "the added line and its number: %s" % plus)
    # Three lines of context on each side.
    hunk = "@@ -%d,7 +%d,7 @@" % (at - 3, at - 3)
    check(hunk in body["unified"], "the unified hunk %s: %s" % (hunk, body["unified"][:200]))
    expect(ed, "GET", "/api/scenarios/%d/diff?from=1" % p, 400)
    expect(ed, "GET", "/api/scenarios/%d/diff?from=1&to=999" % p, 404)
    body, _ = expect(ed, "GET", "/api/scenarios/%d" % p, 200)
    check(body["revisions"][0]["message"] == "sixty" and
          body["revisions"][0]["author"] == "editor@alpha.org", "the revision list")

    # Sharing for editing, then revocation.
    expect(ed, "POST", "/api/scenarios/%d/shares" % p, 201,
           {"organization": "Beta", "access": "edit"})
    expect(other, "PUT", "/api/scenarios/%d" % p, 201, {"yaml": yaml, "message": "from Beta"})
    # The list of shares: the owner's members, its viewers too (docs/api.md), and no one else,
    # the organization it is shared with included.
    for who, sees in ((ed, True), (people["viewer"], True), (other, False)):
        body, _ = expect(who, "GET", "/api/scenarios/%d" % p, 200)
        check(("shares" in body) == sees and
              (not sees or body["shares"][0]["organization"] == "Beta"),
              "the list of shares: the owner's members only (%s)" % sorted(body))
    body, _ = expect(other, "GET", "/api/scenarios", 200)
    check(any(s["id"] == p and not s["owned"] and s["can_edit"] for s in body["scenarios"]),
          "Beta lists the shared scenario as editable")
    expect(ed, "POST", "/api/scenarios/%d/shares" % p, 422,
           {"organization": "Nobody", "access": "read"})
    expect(ed, "POST", "/api/scenarios/%d/shares" % p, 422,
           {"organization": "Alpha", "access": "read"})
    expect(ed, "DELETE", "/api/scenarios/%d/shares/Beta" % p, 200)
    expect(ed, "DELETE", "/api/scenarios/%d/shares/Beta" % p, 404)
    expect(other, "GET", "/api/scenarios/%d" % p, 404)
    expect(other, "GET", "/api/runs/%d" % x, 404)
    body, _ = expect(other, "GET", "/api/scenarios", 200)
    check(all(s["id"] != p for s in body["scenarios"]), "revoked: gone from Beta's list")

    # A run's results: the run-output JSON, CSV tables, the report.
    body, _ = expect(ed, "GET", "/api/runs/%d" % x, 200)
    check(body["status"] == "done" and body["progress"] == 1.0, "run done")
    results = body.get("results") or {}
    check(results.get("replications") == 50 and len(results.get("options", [])) >= 2,
          "the results follow the run output")
    check("metrics.csv" in body.get("csv", []), "CSV tables listed")
    with open(os.path.join(SCHEMA_DIR, "run-output.schema.json")) as f:
        schema = json.load(f)
    try:
        jsonschema.validate(results, schema)
        check(True, "schema")
    except jsonschema.ValidationError as e:
        check(False, "the results follow run-output.schema.json: %s" % e.message)
    status, csv, resp = ed.call("GET", "/api/runs/%d/csv/metrics.csv" % x)
    check(status == 200 and csv.startswith(b"option,"), "metrics.csv")
    # Each download is named as the page's links name it ("run-7-metrics.csv"), so that a
    # script's `curl -OJ` saves what a browser does.
    named = [(resp.getheader("Content-Disposition"), "metrics.csv")]
    for path, name in (("results.json", "results.json"), ("report.html?download=1", "report.html")):
        named.append((ed.call("GET", "/api/runs/%d/%s" % (x, path))[2].getheader("Content-Disposition"),
                      name))
    check(all(got == 'attachment; filename="run-%d-%s"' % (x, name) for got, name in named),
          "downloads named run-N-NAME (%s)" % named)
    status, html, resp = ed.call("GET", "/api/runs/%d/report.html" % x)
    check(status == 200 and b"<html" in html[:500] and b"vega" in html, "the report")
    check(resp.getheader("Content-Disposition") is None, "the report shown in the page is no download")
    expect(ed, "GET", "/api/runs/%d/csv/nothing.csv" % x, 404)
    # The report and the results carry an entity tag: a client that has them gets a 304, after
    # the access check; a bad tag gets the body.
    etag = resp.getheader("ETag")
    check(etag and resp.getheader("Cache-Control") == "private, no-cache", "report: ETag")
    status, body304, _ = ed.call("GET", "/api/runs/%d/report.html" % x,
                                 headers={"If-None-Match": etag})
    check(status == 304 and body304 == b"", "report: 304 for the tag the client has")
    status, _, _ = ed.call("GET", "/api/runs/%d/report.html" % x,
                           headers={"If-None-Match": '"other"'})
    check(status == 200, "report: 200 for another tag")
    status, _, _ = other.call("GET", "/api/runs/%d/report.html" % x,
                              headers={"If-None-Match": etag})
    check(status == 404, "report: the access check comes before the tag")
    status, _, resp = ed.call("GET", "/api/runs/%d/results.json" % x)
    status, _, _ = ed.call("GET", "/api/runs/%d/results.json" % x,
                           headers={"If-None-Match": resp.getheader("ETag")})
    check(status == 304 and resp.getheader("ETag") != etag, "results: their own tag, 304")
    # The same seed and revision give the same results, bit for bit.
    body, _ = expect(ed, "GET", "/api/runs/%d" % x, 200)
    first = dict(body["results"])
    body, _ = expect(ed, "POST", "/api/scenarios/%d/runs" % p, 202,
                     {"revision": 1, "replications": 50, "seed": first["seed"]})
    again = wait_run(ed, body["id"])["results"]
    for key in ("run", "dayafter"):
        first.pop(key, None)
        again.pop(key, None)
    check(first == again, "a run again with the same seed gives the same results")
    # And the same as `dayafter run --json` on the revision's text.
    body, _ = expect(ed, "GET", "/api/scenarios/%d/revisions/1" % p, 200)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "revision-1.yaml")
        with open(path, "w") as f:
            f.write(body["yaml"])
        out = os.path.join(tmp, "cli.json")
        subprocess.run([EXE, "run", path, "-q", "-n", "50", "--seed", str(first["seed"]),
                        "--json", out], check=True)
        with open(out) as f:
            cli = json.load(f)
    cli.pop("run", None)
    cli.pop("dayafter", None)
    diff = sorted(k for k in set(cli) | set(first) if cli.get(k) != first.get(k))
    check(cli == first, "the server's results are the command line's, for the same text and "
          "seed (differ: %s)" % diff)
    # A scenario's own seed above 2^63 - 1 is described as the results write it (rounded in
    # "seed", exactly in "seed_decimal"): written as a signed integer it was -1.
    big = re.sub(r"(?m)^seed:\s*\d+", "seed: 18446744073709551615", body["yaml"], count=1)
    created, _ = expect(ed, "POST", "/api/scenarios", 201, {"name": "Big seed", "yaml": big})
    queued, _ = expect(ed, "POST", "/api/scenarios/%d/runs" % created["id"], 202,
                       {"replications": 5})
    done = wait_run(ed, queued["id"])
    check(done.get("seed_decimal") == "18446744073709551615" and done["seed"] == 2.0 ** 64 and
          done["results"].get("seed_decimal") == "18446744073709551615",
          "a seed above 2^63 - 1: exact in seed_decimal (%s, %s)"
          % (done.get("seed"), done.get("seed_decimal")))
    body, _ = expect(ed, "GET", "/api/scenarios/%d/runs" % created["id"], 200)
    check([r.get("seed_decimal") for r in body["runs"]] == ["18446744073709551615"],
          "the runs' list too (%s)" % body["runs"])
    expect(ed, "POST", "/api/scenarios/%d/runs" % p, 404, {"revision": 999})
    expect(ed, "POST", "/api/scenarios/%d/runs" % p, 400, {"replications": 2000000})

    # A run belongs to the organization that queued it: Beta's runs of a scenario shared with
    # it are Beta's alone, and the owner's are the owner's.
    expect(ed, "POST", "/api/scenarios/%d/shares" % p, 201,
           {"organization": "Beta", "access": "read"})
    body, _ = expect(other, "POST", "/api/scenarios/%d/runs" % p, 202, {"replications": 20})
    beta_run = body["id"]
    wait_run(other, beta_run)
    expect(other, "GET", "/api/runs/%d" % beta_run, 200)
    expect(ed, "GET", "/api/runs/%d" % beta_run, 404)
    expect(other, "GET", "/api/runs/%d" % x, 404)
    body, _ = expect(ed, "GET", "/api/scenarios/%d/runs" % p, 200)
    check(beta_run not in [run["id"] for run in body["runs"]] and
          x in [run["id"] for run in body["runs"]], "Alpha lists its own runs only")
    body, _ = expect(other, "GET", "/api/scenarios/%d/runs" % p, 200)
    check([run["id"] for run in body["runs"]] == [beta_run], "Beta lists its own run only")
    expect(ed, "DELETE", "/api/scenarios/%d/shares/Beta" % p, 200)
    expect(other, "GET", "/api/runs/%d" % beta_run, 404)

    # The built-in scenarios to start from: the same text as `dayafter example`.
    body, _ = expect(ed, "GET", "/api/examples", 200)
    names = [e["name"] for e in body["examples"]]
    check("gaza" in names and "gaza-2026" in names, "the built-in scenarios: %s" % names)
    body, _ = expect(ed, "GET", "/api/examples/gaza", 200)
    builtin = subprocess.run([EXE, "example", "gaza"], capture_output=True, text=True).stdout
    check(body["yaml"] == builtin and body["title"], "GET /api/examples/gaza is `dayafter example gaza`")
    expect(ed, "GET", "/api/examples/atlantis", 404)

    # Forks start from the source's text, in the caller's organization.
    body, _ = expect(ed, "POST", "/api/scenarios/%d/fork" % p, 201,
                     {"name": "P variant", "revision": 1})
    body, _ = expect(ed, "GET", "/api/scenarios/%d" % body["id"], 200)
    check(body["name"] == "P variant" and body["forked_from"]["scenario"] == p and
          body["revisions"][0]["message"].startswith("forked from Alpha / P, revision 1"),
          "the fork and where it came from")

    # The audit log: Alpha's admin reads Alpha's entries only.
    body, _ = expect(admin, "GET", "/api/audit", 200)
    actions = {e["action"] for e in body["entries"]}
    check({"login", "edit", "share", "unshare", "run"} <= actions,
          "audit has logins, edits, shares and runs: %s" % actions)
    check(all(e["organization"] == "Alpha" for e in body["entries"]),
          "audit: Alpha's entries only")
    # Beta's run of Alpha's shared scenario is Beta's business: Alpha's log says that its
    # scenario was run by Beta, not by whom, from where, or which run.
    partner = [e for e in body["entries"] if e["action"] == "run" and e["user"] is None]
    check(len(partner) == 1 and partner[0]["client"] == "" and
          re.fullmatch(r"organization \d+ queued a run of scenario %d" % p, partner[0]["detail"]),
          "audit: Beta's run in Alpha's log, without who or which: %s" % partner)
    check(not any(e["user"] == "editor@beta.org" or "run %d " % beta_run in e["detail"]
                  for e in body["entries"] if e["action"] == "run"),
          "audit: Alpha's log does not name Beta's user or run")


def members(people, port, password, example):
    """Admins change roles and remove members; a removed member's sessions and tokens end,
    and adding them again brings them back with a new password."""
    site, admin = people["site"], people["admin"]
    body, _ = expect(admin, "POST", "/api/users", 201,
                     {"email": "leaving@alpha.org", "organization": "Alpha", "role": "viewer"})
    leaving_id, first = body["id"], body["password"]
    # A first password works once: until its owner chooses their own, nothing else is open.
    leaving = Client(port)
    leaving.login("leaving@alpha.org", first)
    status, body, _ = leaving.call("GET", "/api/me")
    check(status == 200 and body["must_change_password"], "first login: must change")
    status, body, _ = leaving.call("GET", "/api/scenarios")
    check(status == 403 and body.get("code") == "password_change",
          "first password: other endpoints refused (%s)" % status)
    status, body, _ = leaving.call("POST", "/api/tokens", {})
    check(status == 403, "first password: no token either")
    status, _, _ = leaving.call("POST", "/api/password",
                                {"old_password": first, "new_password": first})
    check(status == 400, "the new password must differ")
    status, body, _ = Client(port).call("POST", "/api/login",
                                        {"email": "leaving@alpha.org", "password": first})
    check(status == 401 and body.get("code") == "first_password_used",
          "the first password works once: no second session with it (%s %s)" % (status, body))
    leaving.choose_password(first)
    status, body, _ = leaving.call("GET", "/api/me")
    check(status == 200 and not body["must_change_password"], "chosen: no longer must change")
    status, _, _ = Client(port).call("POST", "/api/login",
                                     {"email": "leaving@alpha.org", "password": first})
    check(status == 401, "the first password works no more")
    # A new password ends the other sessions.
    other_session = Client(port)
    other_session.login("leaving@alpha.org", leaving.password)
    leaving.choose_password(leaving.password)
    status, _, _ = other_session.call("GET", "/api/me")
    check(status == 401, "choosing a password ends the other sessions")
    token = leaving.bearer()
    expect(token, "POST", "/api/scenarios", 403, {"name": "x", "yaml": "x"})
    body, _ = expect(admin, "PUT", "/api/users/%d" % leaving_id, 200, {"role": "editor"})
    check(body["role"] == "editor", "the new role")
    status, body, _ = token.call("GET", "/api/me")
    check(status == 200 and body["role"] == "editor", "the role applies to live sessions")
    expect(admin, "PUT", "/api/users/%d" % leaving_id, 400, {"role": "owner"})
    body, _ = expect(admin, "GET", "/api/users", 200)
    me = [u for u in body["users"] if u["email"] == "admin@alpha.org"][0]
    expect(admin, "PUT", "/api/users/%d" % me["id"], 409, {"role": "viewer"})
    expect(admin, "DELETE", "/api/users/%d" % me["id"], 409)
    beta = [u for u in expect(site, "GET", "/api/users", 200)[0]["users"]
            if u["email"] == "editor@beta.org"][0]
    expect(admin, "PUT", "/api/users/%d" % beta["id"], 404, {"role": "viewer"})
    site_admin = [u for u in expect(site, "GET", "/api/users", 200)[0]["users"]
                  if u["site_admin"]][0]
    expect(admin, "DELETE", "/api/users/%d" % site_admin["id"], 404)
    expect(site, "DELETE", "/api/users/%d" % site_admin["id"], 403)
    # Removal ends sessions and tokens, and refuses logins like a wrong password.
    expect(admin, "DELETE", "/api/users/%d" % leaving_id, 200)
    expect(admin, "DELETE", "/api/users/%d" % leaving_id, 404)
    expect(token, "GET", "/api/me", 401)
    expect(leaving, "GET", "/api/me", 401)
    status, _, _ = Client(port).call("POST", "/api/login",
                                     {"email": "leaving@alpha.org", "password": leaving.password})
    check(status == 401, "a removed member cannot log in")
    body, _ = expect(admin, "GET", "/api/users", 200)
    check([u["active"] for u in body["users"] if u["email"] == "leaving@alpha.org"] == [False],
          "listed as removed")
    # Added again: back, with a new password; the old one stays refused.
    body, _ = expect(admin, "POST", "/api/users", 201,
                     {"email": "leaving@alpha.org", "organization": "Alpha", "role": "viewer"})
    check(body["id"] == leaving_id and body["password"] != first, "added again: the same member")
    Client(port).login("leaving@alpha.org", body["password"])
    expect(admin, "POST", "/api/users", 409,
           {"email": "leaving@alpha.org", "organization": "Alpha", "role": "viewer"})


def tokens(people, port, password, example):
    """A member lists their API tokens and revokes one; nobody else can revoke it."""
    ed_cookie = people["editor_cookie"]
    status, body, _ = ed_cookie.call("POST", "/api/tokens", {"name": "nightly runs"})
    check(status == 201 and body["id"] > 0, "a token with its id")
    nightly = Client(port, body["token"])
    body, _ = expect(nightly, "GET", "/api/tokens", 200)
    mine = [t for t in body["tokens"] if t["name"] == "nightly runs"]
    check(len(mine) == 1 and mine[0]["current"], "the list marks the token asking")
    check(all(not t["current"] for t in body["tokens"] if t["name"] != "nightly runs"),
          "only that one")
    check(all("token" not in t for t in body["tokens"]), "the list never shows a token's text")
    expect(people["admin"], "DELETE", "/api/tokens/%d" % mine[0]["id"], 404)
    expect(people["other"], "DELETE", "/api/tokens/%d" % mine[0]["id"], 404)
    expect(nightly, "GET", "/api/me", 200)
    expect(ed_cookie, "DELETE", "/api/tokens/%d" % mine[0]["id"], 200)
    expect(nightly, "GET", "/api/me", 401)
    expect(ed_cookie, "DELETE", "/api/tokens/%d" % mine[0]["id"], 404)
    body, _ = expect(people["admin"], "GET", "/api/audit", 200)
    check(any(e["action"] == "token" and e["detail"] == "revoked API token %d" % mine[0]["id"]
              for e in body["entries"]), "the revocation is in the audit log")


def security(people, port, password, example):
    ed_cookie = people["editor_cookie"]
    yaml = example_yaml(example, replications=50)
    # The session cookie's flags.
    c = Client(port)
    resp = c.login("admin@example.org", people["site_password"])
    cookie = resp.getheader("Set-Cookie")
    check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie,
          "cookie flags: %s" % cookie)
    check("Secure" not in cookie, "no Secure flag over plain HTTP")
    status, _, resp = Client(port).call("POST", "/api/login", {
        "email": "admin@example.org", "password": people["site_password"]},
        headers={"X-Forwarded-Proto": "https"})
    check(status == 200 and "; Secure" in resp.getheader("Set-Cookie"),
          "Secure behind a TLS proxy (X-Forwarded-Proto: https)")
    # CSRF: a cookie's state-changing request needs the token; a GET does not.
    status, body, _ = ed_cookie.call("POST", "/api/scenarios", {"name": "C", "yaml": yaml},
                                     csrf=False)
    check(status == 403 and "CSRF" in body["error"] and body.get("code") == "csrf",
          "no CSRF token: 403, code csrf")
    status, body, _ = ed_cookie.call("GET", "/api/me")
    check(status == 200 and body.get("csrf") == ed_cookie.csrf,
          "GET /api/me gives a cookie session its CSRF token back")
    status, body, _ = people["editor"].call("GET", "/api/me")
    check(status == 200 and "csrf" not in body, "a bearer token has no CSRF token")
    status, _, _ = ed_cookie.call("POST", "/api/scenarios", {"name": "C", "yaml": yaml},
                                  headers={"X-CSRF-Token": "x" * 43}, csrf=False)
    check(status == 403, "a wrong CSRF token: 403")
    status, _, _ = ed_cookie.call("POST", "/api/scenarios", {"name": "C", "yaml": yaml})
    check(status == 201, "with the CSRF token: 201")
    status, _, _ = ed_cookie.call("GET", "/api/scenarios", csrf=False)
    check(status == 200, "GET needs no CSRF token")
    # Logging out ends the session.
    c.call("POST", "/api/logout")
    status, _, _ = c.call("GET", "/api/me")
    check(status == 401, "after logout: 401")
    # The login limiter: five wrong passwords, then 429 with Retry-After, even for the right one.
    anon = Client(port)
    for _ in range(5):
        status, _, _ = anon.call("POST", "/api/login",
                                 {"email": "viewer@alpha.org", "password": "wrong"})
        check(status == 401, "a wrong password: 401")
    status, body, resp = anon.call("POST", "/api/login",
                                   {"email": "viewer@alpha.org", "password": "wrong"})
    check(status == 429 and int(resp.getheader("Retry-After", "0")) > 0, "the sixth: 429")
    status, _, _ = anon.call("POST", "/api/login", {"email": "nobody@alpha.org", "password": "x"})
    check(status == 401, "an unknown email: 401, like a wrong password")
    # Behind the trusted proxy (--trusted-proxy 127.0.0.1), the client is the proxy's
    # X-Forwarded-For (its last entry): one address's 20 failures, across accounts, lock that
    # address only.
    for i in range(20):
        status, _, _ = anon.call("POST", "/api/login", {"email": "x%d@alpha.org" % i,
                                                        "password": "x"},
                                 headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.7"})
        check(status == 401, "failure %d from one forwarded address: 401" % i)
    status, _, _ = anon.call("POST", "/api/login", {"email": "y@alpha.org", "password": "x"},
                             headers={"X-Forwarded-For": "198.51.100.7"})
    check(status == 429, "that address is limited: 429 (%s)" % status)
    status, _, _ = anon.call("POST", "/api/login", {"email": "y@alpha.org", "password": "x"},
                             headers={"X-Forwarded-For": "198.51.100.8"})
    check(status == 401, "another forwarded address is not (%s)" % status)
    body, _ = expect(people["site"], "GET", "/api/audit", 200)
    check(any(e["client"] == "198.51.100.7" for e in body["entries"]),
          "the audit log names the forwarded client")
    # Bodies: malformed, unknown fields, too large.
    ed = people["editor"]
    status, body, _ = ed.call("POST", "/api/scenarios", raw=b"{not json")
    check(status == 400 and body["error"] == "request body:1:4: string or '}' expected near 'not'",
          "bad JSON: 400 with its place (%s)" % body)
    status, body, _ = ed.call("POST", "/api/scenarios", {"name": "x", "yaml": yaml, "nmae": 1})
    check(status == 400 and "unknown field" in body["error"], "unknown field: 400")
    check(oversized(ed, declared=True) == 413, "a declared body over 1 MiB: 413 before reading it")
    check(oversized(ed, declared=False) == 413, "a chunked body over 1 MiB: 413")
    # Headers every response carries.
    status, _, resp = ed.call("GET", "/api/scenarios")
    check(resp.getheader("X-Content-Type-Options") == "nosniff" and
          resp.getheader("Cache-Control") == "no-store", "API headers")
    status, page, resp = Client(port).call("GET", "/")
    check(status == 200 and "default-src 'none'" in resp.getheader("Content-Security-Policy", ""),
          "the application page and its policy")


def oversized(client, declared):
    """The status of a POST whose body is over 1 MiB: with its Content-Length declared (the
    server answers before reading it), or sent in chunks without one."""
    reply = post_oversized(client.port, client.token, 1024 * 1024 + 1, declared)
    parts = reply.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def queue_limit(people, port, password, example):
    """An organization may have 8 runs queued or running; the ninth is refused (429)."""
    ed = people["editor"]
    body, _ = expect(ed, "POST", "/api/scenarios", 201,
                     {"name": "long", "yaml": example_yaml(example, replications=50)})
    sid = body["id"]
    for i in range(8):
        expect(ed, "POST", "/api/scenarios/%d/runs" % sid, 202, {"replications": 1000000},
               "queue %d:" % i)
    status, body, resp = ed.call("POST", "/api/scenarios/%d/runs" % sid, {"replications": 10})
    check(status == 429 and resp.getheader("Retry-After"), "the ninth run: 429 (%s)" % status)
    # Another organization's queue is its own.
    other = people["other"]
    body, _ = expect(other, "POST", "/api/scenarios", 201,
                     {"name": "b", "yaml": example_yaml(example, replications=10)})
    expect(other, "POST", "/api/scenarios/%d/runs" % body["id"], 202, {"replications": 10})


# The areas, each a function of (people, port, the site administrator's first password, the
# example's path), in the order a run of every area takes them.
AREAS = {
    "matrix": matrix,
    "flows": flows,
    "members": members,
    "tokens": tokens,
    "security": security,
    "queue_limit": queue_limit,
}


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
