#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP side of `dayafter serve` against clients that misbehave, on a fresh database:

- text that is not UTF-8, or cut inside a character, never turns an answer into a 500: a path
  with a stray byte, an unknown field with a long name, a fork of a long name;
- names that show nothing (one space) are refused, field by field;
- organizations named with up to 200 characters of any script are revoked by name, however long
  the encoded path;
- a first password logs in once; a new password ends the owner's API tokens;
- a body over the limit is refused with its real size, or "more than" when it is chunked;
- a body the server would refuse (its path, its caller, its size) is refused before it is
  sent, and the bodies held at once are bounded, one address's to a share of them, while a
  login is answered all along;
- a body in a Transfer-Encoding the server cannot read is a 501 at once;
- a query of too many parameters is answered, with a 414;
- a diff of texts of too many lines is refused at once;
- HEAD is GET without its body; an id that is not a number, a NUL byte in the path and a page
  that does not exist are JSON errors that name what was sent;
- the report is served with its Content-Security-Policy, the rest of the API with a strict one,
  and a 304 that revalidates either has the headers of its 200;
- a request that changes something is refused when a browser says another site sent it (its
  Origin, Origin: null, Sec-Fetch-Site), and a body that is not said to be JSON is a 415: a
  cross-site page's text/plain form does not log its visitor into another account, while the
  application's own requests, and clients that send no such header, are answered;
- X-Forwarded-For is believed only from --trusted-proxy;
- under a descriptor limit too low for 1,000 connections, the server takes those it has
  descriptors for, and none runs out;
- the connections of one IPv6 /64 count together against the per-address limit (in a
  network namespace, where the test may add the addresses it needs);
- 1,100 sockets that trickle requests for 20 seconds from one address take no more than their
  share of the connections and are cut at the deadline, while another client's requests are
  answered within a second each; and SIGTERM then stops the server within a few seconds.

Loopback is 127.0.0.0/8: the test's clients come from 127.0.0.1 (the flood), 127.0.0.2 (the
patient client) and other addresses, which the server tells apart as it would real ones.

Usage: hardening_http_test.py DAYAFTER"""
import http.client
import json
import os
import re
import resource
import select
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (Client, Server, check, create_admin, first_login,  # noqa: E402
                       post_oversized, reply_until_closed, summary, wait_run)

# The limits of docs/api.md ("Limits"), as the server holds them (src/server/server.h).
PER_ADDRESS = 100
HEADER_S = 10
REQUEST_S = 30
REPORT_POLICY = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
                 "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
                 "form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox allow-scripts")
API_POLICY = "default-src 'none'; frame-ancestors 'none'"




def raw(port, method, path, body=None, headers=None, source="127.0.0.1", timeout=30):
    """(status, body bytes, response) of one request from the loopback address 'source'."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                      source_address=(source, 0))
    h = dict(headers or {})
    if body is not None:
        h.setdefault("Content-Type", "application/json")
    conn.request(method, path, body=body, headers=h)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data, resp


def json_error(data):
    """The "error" of a JSON answer, after checking that its bytes are UTF-8."""
    try:
        return json.loads(data.decode("utf-8")).get("error")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return None


def setup(port, password, yaml):
    """The site administrator, organization Alpha and its admin and editor (bearer tokens)."""
    site_cookie = first_login(port, "admin@example.org", password)
    site = site_cookie.bearer()
    status, body, _ = site.call("POST", "/api/organizations", {"name": "Alpha"})
    assert status == 201, (status, body)
    people = {"site": site}
    for role in ("admin", "editor"):
        status, body, _ = site.call("POST", "/api/users", {
            "email": "%s@alpha.org" % role, "organization": "Alpha", "role": role})
        assert status == 201, (status, body)
        people[role + "_cookie"] = first_login(port, "%s@alpha.org" % role, body["password"])
        people[role] = people[role + "_cookie"].bearer()
    status, body, _ = people["editor"].call("POST", "/api/scenarios",
                                            {"name": "Base", "yaml": yaml})
    assert status == 201, (status, body)
    people["scenario"] = body["id"]
    return people


def invalid_utf8(port, people):
    """Bytes that are not UTF-8 in what an error echoes: a 404 or 400 whose JSON is UTF-8."""
    token = {"Authorization": "Bearer " + people["editor"].token}
    status, data, _ = raw(port, "GET", "/api/%C3", headers=token)
    check(status == 404 and json_error(data) == "no such endpoint: /api/%C3",
          "GET /api/%%C3: 404 with the path as sent (%d %r)" % (status, data[:120]))
    # A segment is decoded once: %2567 is "%67", not "g"; %61 is "a".
    status, data, _ = raw(port, "GET", "/api/examples/%2567aza", headers=token)
    check(status == 404 and json_error(data) == "no built-in scenario named '%67aza'",
          "GET /api/examples/%%2567aza: decoded once, 404 (%d %r)" % (status, data[:120]))
    status, data, _ = raw(port, "GET", "/api/examples/gaz%61", headers=token)
    check(status == 200 and json.loads(data)["name"] == "gaza",
          "GET /api/examples/gaz%%61: 200 (%d)" % status)
    # An organization with a slash in its name is one segment: shared, then revoked by name.
    status, _, _ = people["site"].call("POST", "/api/organizations", {"name": "Red Cross/Gaza"})
    check(status == 201, "an organization named with a slash (%d)" % status)
    shares = "/api/scenarios/%d/shares" % people["scenario"]
    status, _, _ = people["editor"].call("POST", shares,
                                         {"organization": "Red Cross/Gaza", "access": "read"})
    status, body, _ = people["editor"].call("DELETE", shares + "/Red%20Cross%2FGaza")
    check(status == 200 and body == {"organization": "Red Cross/Gaza", "revoked": True},
          "DELETE .../shares/Red%%20Cross%%2FGaza revokes it (%d %s)" % (status, body))
    status, data, _ = raw(port, "GET", "/api/examples/%C3", headers=token)
    check(status == 404 and json_error(data) == "no built-in scenario named '\ufffd'",
          "GET /api/examples/%%C3: 404 (%d %r)" % (status, data[:120]))
    status, data, _ = raw(port, "DELETE", "/api/scenarios/%d/shares/%%C3%%28" % people["scenario"],
                          headers=token)
    check(status == 404 and json_error(data) ==
          "scenario %d is not shared with '\ufffd('" % people["scenario"],
          "DELETE a share named by a bad byte: 404 (%d %r)" % (status, data[:120]))
    # An unknown field named with 63 bytes and a two-byte character: the message shows 64
    # bytes at most, so the character goes whole.
    field = "k" * 63 + "\u00e9"
    body = json.dumps({"name": "x", "yaml": "x", field: 1}, ensure_ascii=False).encode()
    status, data, _ = raw(port, "POST", "/api/scenarios", body=body,
                          headers=dict(token, **{"Content-Type": "application/json"}))
    check(status == 400 and json_error(data) == 'unknown field "%s"' % ("k" * 63),
          "an unknown field of 63 bytes and a two-byte character: 400 (%d %r)"
          % (status, data[:160]))


def forks(people, yaml):
    """Forks named by default after a long name cut to leave room for " (fork)" within the 200
    characters a name may have, whatever their bytes: readable, listed, with the source's whole
    name in their first revision's message."""
    ed = people["editor"]
    cases = [
        ("a" * 200, "a" * 193),                       # 200 characters: 193 kept
        ("\u00e9" * 200, "\u00e9" * 193),             # ... of 2 bytes each (400 bytes)
        ("\u20ac" * 194, "\u20ac" * 193),             # ... of 3 bytes
        ("\U0001F600" * 200, "\U0001F600" * 193),     # ... of 4 bytes (800 bytes)
        ("d" * 190 + "\u00e9" * 3, "d" * 190 + "\u00e9" * 3),  # 193: the name fits whole
    ]
    for source, kept in cases:
        status, body, _ = ed.call("POST", "/api/scenarios", {"name": source, "yaml": yaml})
        check(status == 201, "a scenario named %d characters, %d bytes: 201 (%s)"
              % (len(source), len(source.encode()), status))
        if status != 201:
            continue
        status, body, _ = ed.call("POST", "/api/scenarios/%d/fork" % body["id"], {})
        check(status == 201, "its fork: 201 (%s %s)" % (status, body))
        if status != 201:
            continue
        fork = body["id"]
        status, body, _ = ed.call("GET", "/api/scenarios/%d" % fork)
        check(status == 200 and body["name"] == kept + " (fork)",
              "the fork of %r... is readable and named %r... (%s %s)"
              % (source[-2:], kept[-2:], status, str(body)[:100]))
        if status == 200:
            check(body["revisions"][0]["message"] ==
                  "forked from Alpha / %s, revision 1" % source,
                  "the fork's message names the source whole: %r"
                  % body["revisions"][0]["message"][-40:])
        status, body, _ = ed.call("GET", "/api/scenarios")
        check(status == 200 and any(s["id"] == fork and s["name"] == kept + " (fork)"
                                    for s in body["scenarios"]),
              "the fork is listed under its name (%s)" % status)


def blank_names(people, yaml):
    """A name of one space is refused wherever a name is taken, naming the field."""
    site, ed, admin = people["site"], people["editor"], people["admin"]
    sid = people["scenario"]
    cases = [
        (site, "POST", "/api/organizations", {"name": " "}, "name"),
        (ed, "POST", "/api/scenarios", {"name": " ", "yaml": yaml}, "name"),
        (ed, "POST", "/api/scenarios", {"name": "\u00a0", "yaml": yaml}, "name"),
        (ed, "POST", "/api/tokens", {"name": " "}, "name"),
        (ed, "POST", "/api/scenarios/%d/fork" % sid, {"name": " "}, "name"),
        (ed, "POST", "/api/scenarios/%d/shares" % sid, {"organization": " ", "access": "read"},
         "organization"),
        (admin, "POST", "/api/users", {"email": "new@alpha.org", "organization": " ",
                                       "role": "viewer"}, "organization"),
    ]
    for client, method, path, body, field in cases:
        status, answer, _ = client.call(method, path, body)
        check(status == 400 and answer.get("error") == '"%s" must not be blank' % field,
              "%s %s with %r: 400 naming %s (%s %s)" % (method, path, body.get(field), field,
                                                        status, answer))
    status, answer, _ = site.call("POST", "/api/organizations", {"name": " Alpha"})
    check(status == 400 and answer.get("error") == '"name" must not start or end with a space',
          "an organization named ' Alpha': 400 (%s %s)" % (status, answer))
    status, body, _ = site.call("GET", "/api/organizations")
    check(status == 200 and
          [o["name"] for o in body["organizations"]] == ["Alpha", "Red Cross/Gaza"],
          "no organization was made of blanks: %s" % body)


def long_names(port, people):
    """Shares with organizations whose names have up to 200 characters, of up to 4 bytes each,
    are revoked by name, however long the name's percent-encoded form (three times its bytes: 200
    four-byte characters are 2,400 characters encoded); a part of the path that decodes to more
    than the 800 bytes of any name is a 414 that says so."""
    site, ed = people["site"], people["editor"]
    shares = "/api/scenarios/%d/shares" % people["scenario"]
    names = ["\u062c\u0645\u0639\u064a\u0629 \u0627\u0644\u0647\u0644\u0627\u0644 "
             "\u0627\u0644\u0623\u062d\u0645\u0631 \u0627\u0644\u0641\u0644\u0633"
             "\u0637\u064a\u0646\u064a - \u0645\u0643\u062a\u0628 \u0642\u0637\u0627"
             "\u0639 \u063a\u0632\u0629 \u0627\u0644\u0634\u0645\u0627\u0644\u064a",
             "Soci\u00e9t\u00e9 " + "\u00e9" * 190 + "es",  # 200 characters, 392 bytes
             "\u0628" * 200,                                 # 200 Arabic letters, 400 bytes
             "\U0001F30D" * 200]                             # 800 bytes of 4-byte characters
    for name in names:
        size = len(name.encode())
        status, body, _ = site.call("POST", "/api/organizations", {"name": name})
        check(status == 201, "an organization named with %d characters, %d bytes: 201 (%s %s)"
              % (len(name), size, status, str(body)[:160]))
        status, body, _ = ed.call("POST", shares, {"organization": name, "access": "read"})
        check(status == 201, "shared with it (%s %s)" % (status, body))
        encoded = urllib.parse.quote(name, safe="")
        status, body, _ = ed.call("DELETE", shares + "/" + encoded)
        check(status == 200 and body == {"organization": name, "revoked": True},
              "a share named by %d bytes, %d encoded, is revoked (%s %s)"
              % (size, len(encoded), status, str(body)[:160]))
    status, body, _ = ed.call("GET", "/api/scenarios/%d" % people["scenario"])
    check(status == 200 and body["shares"] == [],
          "no share is left (%s %s)" % (status, [s["organization"][:20] for s in
                                                 body.get("shares", [])]))
    token = {"Authorization": "Bearer " + ed.token}
    for part in ("%61" * 801, "\u00e9" * 400 + "e"):
        path = shares + "/" + urllib.parse.quote(part, safe="%")
        status, data, resp = raw(port, "DELETE", path, headers=token)
        check(status == 414 and resp.getheader("Content-Type") == "application/json" and
              json_error(data) == "a part of the path is longer than any name or id: 800 bytes "
              "at most (a name's 200 characters), counted after its %-escapes are decoded",
              "a part of 801 bytes decoded: 414 (%d %r)" % (status, data[:160]))


def first_password(port, people):
    """A first password works once: a second login with it is refused until an admin gives a
    new one; the session it opened still chooses the member's own password."""
    admin = people["admin"]
    status, body, _ = admin.call("POST", "/api/users", {
        "email": "once@alpha.org", "organization": "Alpha", "role": "viewer"})
    check(status == 201, "a member with a first password (%s)" % status)
    member, first = body["id"], body["password"]
    session = Client(port)
    session.login("once@alpha.org", first)
    status, body, _ = Client(port).call("POST", "/api/login",
                                        {"email": "once@alpha.org", "password": first})
    check(status == 401 and body == {
        "error": "this first password was used already: it works once. Ask an admin for a new "
                 "one", "code": "first_password_used"},
          "a second login with a first password: 401 (%s %s)" % (status, body))
    session.choose_password(first)
    status, body, _ = Client(port).call("POST", "/api/login", {
        "email": "once@alpha.org", "password": session.password})
    check(status == 200 and not body["user"]["must_change_password"],
          "the member's own password logs in (%s)" % status)
    # An admin gives a new first password by removing and adding the member again.
    admin.call("DELETE", "/api/users/%d" % member)
    status, body, _ = admin.call("POST", "/api/users", {
        "email": "once@alpha.org", "organization": "Alpha", "role": "viewer"})
    check(status == 201, "added again (%s)" % status)
    status, _, _ = Client(port).call("POST", "/api/login",
                                     {"email": "once@alpha.org", "password": body["password"]})
    check(status == 200, "the new first password logs in once (%s)" % status)


def tokens_end_with_the_password(port, people):
    """A new password ends the owner's API tokens (the one asking included) and other
    sessions; the session that changed it stays."""
    cookie = people["editor_cookie"]
    one, two = cookie.bearer(), cookie.bearer()
    other = Client(port)
    other.login("editor@alpha.org", cookie.password)
    for client in (one, two, other):
        status, _, _ = client.call("GET", "/api/me")
        check(status == 200, "before the change: 200")
    old = cookie.password
    cookie.choose_password(old)
    for name, client in (("a token", one), ("another token", two), ("another session", other)):
        status, body, _ = client.call("GET", "/api/me")
        check(status == 401, "after a password change, %s: 401 (%s)" % (name, status))
    status, _, _ = cookie.call("GET", "/api/me")
    check(status == 200, "the session that changed it stays (%s)" % status)
    status, body, _ = people["admin"].call("GET", "/api/audit")
    check(any(e["action"] == "token" and e["detail"] ==
              "revoked 3 API token(s) with the password change" for e in body["entries"]),
          "the revocation is in the audit log")
    # Changed with a token: that token ends too, and every session.
    token = cookie.bearer()
    status, _, _ = token.call("POST", "/api/password", {
        "old_password": cookie.password, "new_password": "own-" + cookie.password})
    check(status == 200, "a password changed with a token (%s)" % status)
    cookie.password = "own-" + cookie.password
    for name, client in (("the token that changed the password", token),
                         ("the cookie session", cookie)):
        status, _, _ = client.call("GET", "/api/me")
        check(status == 401, "%s ends (%s)" % (name, status))
    cookie.login("editor@alpha.org", cookie.password)
    people["editor"] = cookie.bearer()


def too_large(port, people):
    """A body over 1 MiB: 413 with its size when declared, "more than" when chunked."""
    size = 1024 * 1024 + 5
    for declared in (True, False):
        reply = post_oversized(port, people["editor"].token, size, declared)
        head, _, body = reply.partition(b"\r\n\r\n")
        if declared:
            expected = ("the request body is too large (%d bytes); a request may have at most "
                        "1048576 bytes" % size)
        else:
            expected = ("the request body is too large (more than 1048576 bytes); a request may "
                        "have at most 1048576 bytes")
        check(head.startswith(b"HTTP/1.1 413") and json_error(body) == expected,
              "%s body over the limit: 413 %r (%r)" % ("a declared" if declared else "a chunked",
                                                      expected, reply[:300]))


def declare(port, method, path, length, headers=(), source="127.0.0.1"):
    """A socket that has sent a request's line and headers, declaring a body of 'length'
    bytes (None: chunked), and no byte of the body."""
    sock = socket.socket()
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    size = ("Transfer-Encoding: chunked\r\n" if length is None else
            "Content-Length: %d\r\n" % length)
    sock.sendall(("%s %s HTTP/1.1\r\nHost: x\r\n%s%s\r\n" % (
        method, path, "".join("%s: %s\r\n" % h for h in headers), size)).encode())
    return sock


def answer_now(sock, wait=2.0):
    """(status, JSON error, Retry-After) of the answer that comes within 'wait' seconds without
    another byte sent, or None; the socket is then closed."""
    sock.settimeout(wait)
    reply = b""
    try:
        while b"\r\n\r\n" not in reply or len(reply.partition(b"\r\n\r\n")[2]) < int(
                re.search(rb"Content-Length: (\d+)", reply).group(1)):
            data = sock.recv(65536)
            if not data:
                break
            reply += data
    except (socket.timeout, AttributeError):
        pass
    except ConnectionResetError:
        pass
    sock.close()
    head, _, body = reply.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 "):
        return None
    after = re.search(rb"Retry-After: (\d+)", head)
    return int(head[9:12]), json_error(body), after and int(after.group(1))


def bodies_checked_first(port, people):
    """A request's route, caller and size are checked before a byte of its body is read: a
    request the server would refuse is answered at once, the body never sent."""
    token = ("Authorization", "Bearer " + people["editor"].token)
    scenarios = "/api/scenarios"
    cases = [
        ("POST", "/nothing", 1048576, (), 405, "POST is not allowed on /nothing"),
        ("POST", "/api/nothing", 1048576, (), 404, "no such endpoint: /api/nothing"),
        ("POST", scenarios, 1000000, (), 401,
         "log in first (POST /api/login) or send a bearer token"),
        ("POST", scenarios, None, (), 401,
         "log in first (POST /api/login) or send a bearer token"),
        ("POST", scenarios, 1000000, (("Cookie", people["editor_cookie"].cookie),), 403,
         "missing or wrong X-CSRF-Token header (the csrf value that POST /api/login and GET "
         "/api/me return)"),
        ("POST", "/api/login", 16385, (), 413,
         "the request body is too large (16385 bytes); a request may have at most 16384 bytes"),
        ("POST", "/api/login", 100, (("Content-Type", "text/plain"),), 415,
         "the body of POST /api/login must be JSON, sent with Content-Type: application/json "
         "(it came as text/plain)"),
        ("POST", "/api/login", 100, (("Origin", "null"),), 403,
         "refused: this request comes from a page without an origin (Origin: null: a sandboxed "
         "frame, a file, a redirect), and a browser may change something only from this "
         "server's own pages"),
        ("GET", "/api/me", 10, (token,), 413, "GET /api/me takes no request body"),
        ("DELETE", "/api/runs/1", None, (token,), 413, "DELETE /api/runs/1 takes no request body"),
    ]
    for method, path, length, headers, status, message in cases:
        got = answer_now(declare(port, method, path, length, headers))
        check(got is not None and got[:2] == (status, message),
              "%s %s with a body of %s bytes, none of it sent: %d %r at once (%s)"
              % (method, path, length, status, message, got))


def hold_bodies(port, token, source, count, length=1048576, path="/api/validate"):
    """'count' requests from 'source' that declare a body of 'length' bytes and send none of
    it: (the sockets that hold their room, unanswered; the answers of the others), once no
    new answer came for a second."""
    headers = (("Authorization", "Bearer " + token), ("Content-Type", "application/json"))
    socks = [declare(port, "POST", path, length, headers, source=source) for _ in range(count)]
    answered, deadline = [], time.monotonic() + 10
    while time.monotonic() < deadline:
        ready = select.select([s for s in socks if s not in answered], [], [], 1.0)[0]
        if not ready:
            break
        answered += ready
    return ([s for s in socks if s not in answered], [answer_now(s) for s in answered])


def bodies_budget(port, people):
    """The bodies held at once are bounded, and no client takes their budget from the others:
    bodies of a megabyte that do not come each hold their room until their deadline. One
    address holds at most 12 MiB of bodies over 16 KiB (eleven of 1 MiB and the NUL after
    each), the next a 503 that says so; every address together 48 MiB (forty-seven), the next
    a 503 too; and the room of the other 16 MiB of the 64 is kept for a small body on every
    connection, so that logins and small bodies, of the address that holds the most too, are
    answered all along: one logged-in client on 64 connections held the whole 64 MiB, and every
    POST of everyone, logins included, was a 503."""
    token, password = people["editor"].token, people["editor_cookie"].password
    mine = ("your address holds as many request bodies over 16 KiB as one address may at once "
            "(12 MiB): try again in a moment")
    everyone = ("the server holds as many request bodies over 16 KiB as it may at once "
                "(48 MiB): try again in a moment")
    held, refused = hold_bodies(port, token, "127.0.0.8", 14)
    check(len(held) == 11 and refused == [(503, mine, 1)] * 3,
          "bodies of 1 MiB from one address: eleven held, the next a 503 with Retry-After "
          "(%d held, %s)" % (len(held), refused))
    for source in ("127.0.0.9", "127.0.0.10", "127.0.0.11"):
        more, refused = hold_bodies(port, token, source, 12)
        held += more
        check(len(more) == 11 and refused == [(503, mine, 1)],
              "another address holds its eleven too (%d held, %s)" % (len(more), refused))
    more, refused = hold_bodies(port, token, "127.0.0.12", 5)
    held += more
    check(len(more) == 3 and refused == [(503, everyone, 1)] * 2,
          "bodies over 16 KiB of every address: 48 MiB held, the next a 503 with Retry-After "
          "(%d held, %s)" % (len(more), refused))
    forms, refused = hold_bodies(port, token, "127.0.0.13", 60, 16384, "/api/login")
    held += forms
    check(len(forms) == 60 and not refused,
          "meanwhile, sixty bodies of 16 KiB from one more address are held (%d, %s)"
          % (len(forms), refused[:1]))
    login = json.dumps({"email": "editor@alpha.org", "password": password})
    auth = {"Authorization": "Bearer " + token}
    for source in ("127.0.0.8", "127.0.0.14"):
        status, data, _ = raw(port, "POST", "/api/login", login, source=source)
        check(status == 200, "a login from %s is answered (%s %s)" % (source, status, data[:120]))
        status, data, _ = raw(port, "POST", "/api/validate", '{"yaml": "x"}', auth,
                              source=source)
        check(status == 200, "a small body of the route of 1 MiB from %s is answered (%s %s)"
              % (source, status, data[:120]))
    for sock in held:
        sock.close()
    large = json.dumps({"yaml": "x" * 100000})
    deadline = time.time() + 5
    status = None
    while time.time() < deadline and status != 200:
        time.sleep(0.2)
        status, _, _ = raw(port, "POST", "/api/validate", large, auth, source="127.0.0.8")
    check(status == 200, "their room is given back when they close (%s)" % status)


def other_codings(port):
    """A body in a Transfer-Encoding other than chunked (gzip), which libmicrohttpd would read
    to the end of a stream the client keeps open, is a JSON 501 at once: it was cut at the
    30-second deadline, unanswered."""
    for coding in ("gzip", "gzip, chunked"):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(("POST /api/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: %s\r\n"
                      "Content-Type: application/json\r\n\r\n{}" % coding).encode())
        got = answer_now(sock, 3)
        check(got is not None and got[:2] == (
            501, "a request body in Transfer-Encoding '%s' cannot be read: send it as it is, "
                 "with its Content-Length, or chunked" % coding),
              "a body in Transfer-Encoding %s: a JSON 501 at once (%s)" % (coding, got))


def many_parameters(port, people):
    """A query of more than 32 parameters or 2048 bytes is a JSON 414 at once, however many:
    455 and more filled libmicrohttpd's memory for the request, and the client got no answer."""
    auth = "Authorization: Bearer %s\r\n" % people["editor"].token
    for count, query in [(2, "from=1&to=2"), (32, "&".join("a%d=b" % i for i in range(32))),
                         (1, "a=" + "b" * 2046)] + [
            (n, "&".join("a%d=b" % i for i in range(n))) for n in (33, 455, 600, 2000)] + [
            (1, "a=" + "b" * 2047)]:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        start = time.time()
        sock.sendall(("GET /api/me?%s HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n"
                      % (query, auth)).encode())
        reply = reply_until_closed(sock)
        took = time.time() - start
        head, _, body = reply.partition(b"\r\n\r\n")
        if count <= 32 and len(query) <= 2048:
            check(head.startswith(b"HTTP/1.1 200"), "%d parameters, %d bytes: 200 (%r)"
                  % (count, len(query), reply[:80]))
        else:
            check(head.startswith(b"HTTP/1.1 414") and b"Content-Type: application/json" in head
                  and json_error(body) == "the query has %d parameters (%d bytes); a request may "
                  "have at most 32 parameters and 2048 bytes" % (count, len(query)) and took < 2,
                  "%d parameters, %d bytes: a JSON 414 at once (%.1f s, %r)"
                  % (count, len(query), took, reply[:80] + reply[-120:]))


def large_diff(people, yaml):
    """A diff of two revisions of more than 50,000 lines together is refused at once (422,
    "diff_too_large"), where a text of short lines made an answer of hundreds of megabytes; at
    the limit it is answered whole."""
    ed = people["editor"]
    status, body, _ = ed.call("POST", "/api/scenarios", {"name": "Padded", "yaml": yaml})
    scenario = body["id"]
    base = len(yaml.splitlines())
    for tag, lines in (("a", 25000 - base), ("b", 25000 - base), ("c", 25001 - base)):
        padding = "".join("#%s%d\n" % (tag, i) if i % 50 == 0 else "#\n" for i in range(lines))
        status, body, _ = ed.call("PUT", "/api/scenarios/%d" % scenario, {"yaml": yaml + padding})
        check(status == 201, "a revision of %d lines (%s %s)" % (base + lines, status, body))
    status, body, _ = ed.call("GET", "/api/scenarios/%d/diff?from=2&to=3" % scenario)
    changed = (25000 - base + 49) // 50
    check(status == 200 and len(body["lines"]) == 25000 + changed and
          body["removed"] == body["added"] == changed,
          "a diff of 50,000 lines together: 200 (%s %s)" % (status, str(body)[:200]))
    status, body, _ = ed.call("GET", "/api/scenarios/%d/diff?from=3&to=4" % scenario)
    check(status == 422 and body == {
        "error": "the diff is too large to show: revisions 3 and 4 have 50001 lines together, "
                 "and a diff shows at most 50000 (compare their texts, from GET "
                 "/api/scenarios/{id}/revisions/{n}, with diff -u)",
        "code": "diff_too_large"},
          "a diff of 50,001 lines together: 422 (%s %s)" % (status, str(body)[:300]))


def head_and_ids(port, people):
    """HEAD is GET without the body; an id that is not a number is a 404 naming what was sent
    (it was "no run 0"); a NUL byte in the path is refused (1%00junk was scenario 1), in the
    path of a page too (a 404 there); a page that does not exist is a JSON 404, as every error
    is. An empty body (Content-Length: 0) is no JSON object, where an endpoint's fields are all
    optional too (it was taken as {}: a token made)."""
    token = {"Authorization": "Bearer " + people["editor"].token}
    admin = {"Authorization": "Bearer " + people["admin"].token}
    for path in ("/api/me", "/api/scenarios", "/api/scenarios/%d" % people["scenario"]):
        status, data, resp = raw(port, "GET", path, headers=token)
        head_status, head_data, head = raw(port, "HEAD", path, headers=token)
        check(head_status == 200 and head_data == b"" and
              head.getheader("Content-Type") == "application/json" and
              head.getheader("Content-Length") == str(len(data)),
              "HEAD %s: 200, GET's headers without its body (%d %r %s)"
              % (path, head_status, head_data[:80], head.getheader("Content-Length")))
    sid = people["scenario"]
    cases = [
        ("GET", "/api/scenarios/abc", token, None, 404,
         "no scenario 'abc' (an id is a whole number from 1)"),
        ("GET", "/api/scenarios/%d/revisions/first" % sid, token, None, 404,
         "no revision 'first' (an id is a whole number from 1)"),
        ("DELETE", "/api/runs/abc", token, None, 404,
         "no run 'abc' (an id is a whole number from 1)"),
        ("DELETE", "/api/tokens/abc", token, None, 404,
         "no API token of yours 'abc' (an id is a whole number from 1)"),
        ("PUT", "/api/users/me", admin, b'{"role": "viewer"}', 404,
         "no member 'me' (an id is a whole number from 1)"),
        ("GET", "/api/scenarios/%d%%00junk" % sid, token, None, 400,
         "a path may not hold a NUL byte (%%00): /api/scenarios/%d%%00junk" % sid),
        ("GET", "/api/examples/gaza%00", token, None, 400,
         "a path may not hold a NUL byte (%00): /api/examples/gaza%00"),
        ("GET", "/%00", {}, None, 400, "a path may not hold a NUL byte (%00): /%00"),
        ("GET", "/app.js%00.html", {}, None, 400,
         "a path may not hold a NUL byte (%00): /app.js%00.html"),
        ("GET", "/nothing", {}, None, 404, "no such page: /nothing"),
    ] + [("POST", path, token, b"", 400, "the request needs a JSON object as its body")
         for path in ("/api/tokens", "/api/scenarios/%d/runs" % sid,
                      "/api/scenarios/%d/fork" % sid)]
    for method, path, headers, body, status, message in cases:
        got, data, resp = raw(port, method, path, body=body, headers=headers)
        check(got == status and resp.getheader("Content-Type") == "application/json" and
              json_error(data) == message,
              "%s %s: %d %r (%d %s %r)" % (method, path, status, message, got,
                                           resp.getheader("Content-Type"), data[:120]))


def policies(people):
    """The report's Content-Security-Policy, for reading and for download; the API's."""
    ed = people["editor"]
    status, body, _ = ed.call("POST", "/api/scenarios/%d/runs" % people["scenario"],
                              {"replications": 20, "seed": 1})
    check(status == 202, "a run (%s)" % status)
    run = body["id"]
    check(wait_run(ed, run)["status"] == "done", "the run is done")
    for query in ("", "?download=1"):
        status, html, resp = ed.call("GET", "/api/runs/%d/report.html%s" % (run, query))
        check(status == 200 and b"<script" in html and
              resp.getheader("Content-Security-Policy") == REPORT_POLICY,
              "report.html%s: its policy (%s)" % (query, resp.getheader("Content-Security-Policy")))
    for path in ("/api/me", "/api/runs/%d/results.json" % run, "/api/nothing"):
        status, _, resp = ed.call("GET", path)
        check(resp.getheader("Content-Security-Policy") == API_POLICY,
              "%s: the API's policy (%s)" % (path, resp.getheader("Content-Security-Policy")))
    # A 304 carries the headers of the 200 it revalidates: a browser puts them on the copy it
    # keeps, and the report's second showing in the application's frame was blocked by the
    # API's policy (finding 02).
    kept = ("Content-Type", "Content-Security-Policy", "Cache-Control", "ETag",
            "Content-Disposition", "X-Content-Type-Options", "X-Frame-Options")
    for path in ("/api/runs/%d/report.html" % run, "/api/runs/%d/report.html?download=1" % run,
                 "/api/runs/%d/results.json" % run):
        status, _, first = ed.call("GET", path)
        status2, body, again = ed.call("GET", path,
                                       headers={"If-None-Match": first.getheader("ETag")})
        differ = {h: (first.getheader(h), again.getheader(h)) for h in kept
                  if first.getheader(h) != again.getheader(h)}
        check(status == 200 and status2 == 304 and not body and not differ,
              "%s: the 304 has the 200's headers (%s %s, differing: %s)"
              % (path, status, status2, differ))


def refused_cross_site(status, data):
    return status == 403 and json.loads(data).get("code") == "cross_site"


def cross_site(port, people):
    """A state-changing request that a browser says another site sent is a 403 with code
    cross_site, before its body is read; a body not said to be JSON is a 415 (but with a bearer
    token, which no browser adds to another site's request); the application's own requests
    (its Origin, Sec-Fetch-Site: same-origin) and clients without those headers are answered.
    The proof is finding 05's: a cross-site page's hidden text/plain form, posted to
    /api/login, logged its visitor's browser into the attacker's account."""
    ed = people["editor_cookie"]
    login = json.dumps({"email": "editor@alpha.org", "password": ed.password})
    own = "http://127.0.0.1:%d" % port
    # The form as Chromium posts it from a page of another site (a file: Origin: null).
    form = {"Content-Type": "text/plain", "Origin": "null", "Sec-Fetch-Site": "cross-site"}
    status, data, resp = raw(port, "POST", "/api/login", login, form, source="127.0.0.9")
    check(refused_cross_site(status, data) and resp.getheader("Set-Cookie") is None,
          "the reproducer's text/plain form post: 403 cross_site, no cookie (%s %s)"
          % (status, data[:200]))
    for name, headers in (
            ("another origin", {"Origin": "http://evil.example"}),
            ("another port", {"Origin": "http://127.0.0.1:%d" % (port + 1)}),
            ("https where the server is http", {"Origin": "https://127.0.0.1:%d" % port}),
            ("Origin: null", {"Origin": "null"}),
            ("Sec-Fetch-Site: cross-site", {"Sec-Fetch-Site": "cross-site"}),
            ("Sec-Fetch-Site: same-site", {"Sec-Fetch-Site": "same-site", "Origin": own})):
        status, data, resp = raw(port, "POST", "/api/login", login,
                                 dict(headers, **{"Content-Type": "application/json"}),
                                 source="127.0.0.9")
        check(refused_cross_site(status, data) and resp.getheader("Set-Cookie") is None,
              "a login from %s: 403 cross_site (%s %s)" % (name, status, data[:200]))
    # A browser that sends neither header: its form's types are refused.
    for kind in ("text/plain", "application/x-www-form-urlencoded",
                 "multipart/form-data; boundary=x", "application/jsonp"):
        status, data, resp = raw(port, "POST", "/api/login", login, {"Content-Type": kind},
                                 source="127.0.0.9")
        check(status == 415 and resp.getheader("Set-Cookie") is None,
              "a login sent as %s: 415 (%s %s)" % (kind, status, data[:200]))
    # The application's own login, and a client without those headers.
    for name, headers in (
            ("the application's page", {"Origin": own, "Sec-Fetch-Site": "same-origin"}),
            ("the same origin, its default port written", None),
            ("a client without Origin", {}),
            ("JSON with its charset", {"Content-Type": "application/json; charset=utf-8"})):
        if headers is None:
            headers = {"Host": "app.example", "Origin": "http://app.example:80"}
        status, data, resp = raw(port, "POST", "/api/login", login, headers,
                                 source="127.0.0.9")
        check(status == 200 and (resp.getheader("Set-Cookie") or "").startswith(
            "dayafter_session="), "a login from %s: 200 and its cookie (%s %s)"
              % (name, status, data[:200]))
    # Behind a TLS proxy the browser's origin is https (X-Forwarded-Proto).
    status, data, _ = raw(port, "POST", "/api/logout", "{}",
                          {"Origin": "https://app.example", "Host": "app.example",
                           "X-Forwarded-Proto": "https"})
    check(status == 401, "https://app.example behind a TLS proxy is the server's own (%s %s)"
          % (status, data[:200]))
    # Every state-changing method, the cookie and its CSRF token notwithstanding; a GET is not
    # one.
    cookie = {"Cookie": ed.cookie, "X-CSRF-Token": ed.csrf, "Origin": "http://evil.example"}
    status, data, _ = raw(port, "DELETE", "/api/tokens/999999", None, cookie)
    check(refused_cross_site(status, data), "a cross-site DELETE: 403 cross_site (%s)" % status)
    status, data, _ = raw(port, "PUT", "/api/scenarios/%d" % people["scenario"], "{}",
                          dict(cookie, **{"Content-Type": "application/json"}))
    check(refused_cross_site(status, data), "a cross-site PUT: 403 cross_site (%s)" % status)
    status, _, _ = raw(port, "DELETE", "/api/tokens/999999", None,
                       dict(cookie, Origin=own, **{"Sec-Fetch-Site": "same-origin"}))
    check(status == 404, "the same DELETE from the application's origin is answered (%s)"
          % status)
    status, _, _ = raw(port, "GET", "/api/me", None, cookie)
    check(status == 200, "a GET from another origin is answered: it changes nothing (%s)"
          % status)
    # A script with a bearer token, as docs/api.md's curl -d sends it (urlencoded).
    status, data, _ = raw(port, "POST", "/api/scenarios/%d/runs" % people["scenario"],
                          json.dumps({"replications": 20, "seed": 1}),
                          {"Authorization": "Bearer " + people["editor"].token,
                           "Content-Type": "application/x-www-form-urlencoded"})
    check(status == 202, "a bearer token's JSON sent as curl -d sends it: 202 (%s %s)"
          % (status, data[:200]))
    wait_run(people["editor"], json.loads(data)["id"])


def forwarded_ignored(port):
    """Without --trusted-proxy, X-Forwarded-For is ignored: 20 failures from one peer lock it
    whatever addresses the header names, and the audit log names the peer."""
    for i in range(20):
        status, _, _ = raw(port, "POST", "/api/login",
                           json.dumps({"email": "x%d@alpha.org" % i, "password": "x"}),
                           {"X-Forwarded-For": "198.51.100.%d" % i}, source="127.0.0.5")
        check(status == 401, "failure %d: 401 (%s)" % (i, status))
    status, _, _ = raw(port, "POST", "/api/login", json.dumps({"email": "y@alpha.org",
                                                               "password": "x"}),
                       {"X-Forwarded-For": "198.51.100.99"}, source="127.0.0.5")
    check(status == 429, "a fresh X-Forwarded-For buys no fresh allowance: 429 (%s)" % status)


def audit_clients(people):
    status, body, _ = people["site"].call("GET", "/api/audit")
    return {e["client"] for e in body["entries"]} if status == 200 else set()


def trusted_proxy(exe, db):
    """With --trusted-proxy, the proxy's X-Forwarded-For names the client (its last entry,
    when it is an address), and nobody else's does."""
    server = Server(exe, db, extra=("--trusted-proxy", "127.0.0.4"))
    try:
        port = server.port
        login = json.dumps({"email": "z@alpha.org", "password": "x"})
        raw(port, "POST", "/api/login", login, {"X-Forwarded-For": "10.0.0.1, 203.0.113.5"},
            source="127.0.0.4")
        raw(port, "POST", "/api/login", login, {"X-Forwarded-For": "not-an-address"},
            source="127.0.0.4")
        raw(port, "POST", "/api/login", login, {"X-Forwarded-For": "203.0.113.6"},
            source="127.0.0.6")
        site = Client(port, token=SITE_TOKEN[0])
        status, body, _ = site.call("GET", "/api/audit")
        clients = [e["client"] for e in body["entries"] if e["action"] == "login_failed"][:3]
        check(clients == ["127.0.0.6", "127.0.0.4", "203.0.113.5"],
              "the audit log names the proxy's client, else the peer: %s" % clients)
        # The browser's origin is the host the proxy says it was asked for, from the proxy
        # only.
        forwarded = {"Host": "127.0.0.1:%d" % port, "X-Forwarded-Host": "app.example",
                     "X-Forwarded-Proto": "https", "Origin": "https://app.example"}
        status, _, _ = raw(port, "POST", "/api/logout", "{}", forwarded, source="127.0.0.4")
        check(status == 401, "the proxy's X-Forwarded-Host is the server's origin (%s)" % status)
        status, data, _ = raw(port, "POST", "/api/logout", "{}", forwarded, source="127.0.0.6")
        check(refused_cross_site(status, data),
              "another peer's X-Forwarded-Host is not (%s %s)" % (status, data[:200]))
        # The proxy carries everyone's bodies: no address's share holds it back, only what
        # every address may hold of bodies over 16 KiB (48 MiB), and a login is answered then.
        # (The bodies asked for would fill all 64 MiB, to the byte: the login found no room.)
        held, refused = hold_bodies(port, SITE_TOKEN[0], "127.0.0.4", 63)
        more, refused_more = hold_bodies(port, SITE_TOKEN[0], "127.0.0.4", 1, 1048512)
        held += more
        check(len(held) == 48 and [r[0] for r in refused + refused_more] == [503] * 16,
              "the proxy's bodies of 1 MiB: 48 held (the last a little smaller), as many as "
              "every address's (%d, %s)" % (len(held), refused[:1]))
        status, data, _ = raw(port, "POST", "/api/login", login, source="127.0.0.4")
        check(status == 401, "a login through the proxy is answered meanwhile (%s %s)"
              % (status, data[:120]))
        for sock in held:
            sock.close()
    finally:
        check(server.stop() == 0, "the second server stops cleanly")
    bad = subprocess.run([exe, "serve", "--db", db, "--trusted-proxy", "proxy.example"],
                         capture_output=True, text=True)
    check(bad.returncode == 2 and "--trusted-proxy: expected an IPv4 or IPv6 address "
          "(127.0.0.1, ::1), found 'proxy.example'" in bad.stderr,
          "--trusted-proxy takes an address: %d %s" % (bad.returncode, bad.stderr.strip()))


SITE_TOKEN = [None]


def descriptors(exe):
    """Under a descriptor limit (ulimit -n 256) too low for 1,000 connections, the server takes
    as many connections as it has descriptors for, says so, and never runs out of descriptors
    (libmicrohttpd's "Too many open files", after which a SIGTERM could take 30 s) however many
    clients connect."""
    tmp = tempfile.mkdtemp(prefix="dayafter-nofile-")
    proc = subprocess.Popen(
        [exe, "serve", "--db", os.path.join(tmp, "plans.db"), "--listen", "127.0.0.1:0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256)))
    log = []
    line = proc.stderr.readline()
    while line and "listening on" not in line:
        log.append(line)
        line = proc.stderr.readline()
    port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    socks = []
    try:
        for address in ("127.0.0.21", "127.0.0.22", "127.0.0.23"):
            for _ in range(PER_ADDRESS):
                sock = socket.socket()
                sock.bind((address, 0))
                sock.connect(("127.0.0.1", port))
                sock.sendall(b"GET /api/me HTTP/1.1\r\n")
                socks.append(sock)
        time.sleep(2)
    finally:
        for sock in socks:
            sock.close()
        time.sleep(0.5)
        start = time.time()
        proc.send_signal(signal.SIGTERM)
        status = proc.wait(timeout=60)
        took = time.time() - start
    said = [l for l in log if "descriptors a process may open" in l]
    check(said and re.match(r"dayafter serve: the 256 descriptors a process may open \(ulimit -n\) "
                            r"leave room for \d+ connections at once, not 1000$", said[0]),
          "the connections the descriptors allow are said: %s" % said)
    check(not any("Too many open files" in l for l in log),
          "300 connections under ulimit -n 256: no descriptor runs out (%d lines say so)"
          % sum("Too many open files" in l for l in log))
    check(status == 0 and took < 5, "SIGTERM then: stopped in %.1f s (exit status %s)"
          % (took, status))


def ipv6_prefix(exe):
    """In a network namespace of its own, where fd00:da::/64 and fd00:db::/64 are local: a
    client holds its share of connections (100) across every address of its /64, which one
    host picks at will, and a client of another /64 still connects. Run by main() through
    unshare(1); the exit status is the test's."""
    for command in (["ip", "link", "set", "lo", "up"],
                    ["ip", "-6", "route", "add", "local", "fd00:da::/64", "dev", "lo"],
                    ["ip", "-6", "route", "add", "local", "fd00:db::/64", "dev", "lo"]):
        subprocess.run(command, check=True)
    tmp = tempfile.mkdtemp(prefix="dayafter-ipv6-")
    proc = subprocess.Popen([exe, "serve", "--db", os.path.join(tmp, "plans.db"), "--listen",
                             "[::1]:0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    line = proc.stderr.readline()
    port = int(re.search(r"http://\[::1\]:(\d+)/", line).group(1))

    def connect(address):
        """A socket from 'address' that sent half a request line."""
        sock = socket.socket(socket.AF_INET6)
        sock.setsockopt(socket.IPPROTO_IPV6, getattr(socket, "IPV6_FREEBIND", 78), 1)
        sock.bind((address, 0))
        sock.connect(("::1", port))
        sock.sendall(b"GET /api/me HTTP/1.1\r\n")
        return sock

    def kept(sock):
        """Whether the server keeps 'sock' open (it closes one at once when its client holds
        its share); the socket is closed after."""
        sock.settimeout(0.3)
        try:
            open_ = sock.recv(1) != b""
        except socket.timeout:
            open_ = True
        except OSError:
            open_ = False
        sock.close()
        return open_

    try:
        # At once: the headers' deadline (10 s) would end the first before the last came.
        held = [connect("fd00:da::%x" % (i + 1)) for i in range(PER_ADDRESS)]
        time.sleep(0.5)
        extra = kept(connect("fd00:da::1:2:3:4"))
        other = kept(connect("fd00:db::1"))
        count = len(held) - len(select.select(held, [], [], 0)[0])
        for sock in held:
            sock.close()
        check(count == PER_ADDRESS, "%d connections from %d addresses of one /64 are kept (%d)"
              % (PER_ADDRESS, PER_ADDRESS, count))
        check(not extra, "one more from another address of the same /64 is closed at once")
        check(other, "a client of another /64 connects")
    finally:
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(timeout=20) == 0, "the server in the namespace stops cleanly")
        proc.stderr.close()
    return summary()


def ipv6_prefix_in_namespace(exe):
    """ipv6_prefix() in a network namespace (unshare -rn), where this test may add the local
    routes it needs; skipped, and said, where namespaces are not allowed."""
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        print("IPv6 /64 check skipped: no network namespace (unshare -rn: %s)"
              % probe.stderr.decode(errors="replace").strip())
        return
    run = subprocess.run(["unshare", "-rn", sys.executable, os.path.abspath(__file__),
                          "--ipv6-prefix", exe], capture_output=True, text=True, timeout=120)
    sys.stdout.write(run.stdout)
    check(run.returncode == 0, "the IPv6 /64 check in its namespace (exit status %d: %s)"
          % (run.returncode, run.stderr.strip()[-300:]))


class Flood:
    """SOCKETS sockets from 127.0.0.1 that send a request one byte a second, then a header
    line a second, and open again a second after the server closes them."""

    SOCKETS = 1100

    def __init__(self, port):
        self.port = port
        self.sel = selectors.DefaultSelector()
        self.open = {}            # socket -> [opened at, bytes sent, next send at]
        self.reopen_at = []       # times at which to open a socket again
        self.refused = 0          # closed by the server at once (the address's share is full)
        self.cut = []             # lifetimes of those it held, then closed
        self.most_held = 0        # the most held at once (open for more than 2 s)

    def open_one(self, now):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.bind(("127.0.0.1", 0))
        sock.connect_ex(("127.0.0.1", self.port))
        self.open[sock] = [now, 0, now + 0.5]
        self.sel.register(sock, selectors.EVENT_READ)

    def closed(self, sock, now):
        opened = self.open.pop(sock)[0]
        self.sel.unregister(sock)
        sock.close()
        life = now - opened
        if life < 2:
            self.refused += 1
        else:
            self.cut.append(life)
        self.reopen_at.append(now + 1)

    def run(self, seconds, stop_reopening_after=None):
        start = time.time()
        now = start
        while not self.open and not self.reopen_at:
            for _ in range(self.SOCKETS):
                self.open_one(now)
        line = b"GET /api/me HTTP/1.1\r\n"
        while now - start < seconds:
            for key, _ in self.sel.select(timeout=0.05):
                try:
                    data = key.fileobj.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    self.closed(key.fileobj, time.time())
            now = time.time()
            reopening = stop_reopening_after is None or now - start < stop_reopening_after
            due = [t for t in self.reopen_at if t <= now]
            self.reopen_at = [t for t in self.reopen_at if t > now]
            if reopening:
                for _ in due:
                    self.open_one(now)
            held = 0
            for sock, state in list(self.open.items()):
                if now - state[0] > 2:
                    held += 1
                if now >= state[2]:
                    piece = line[state[1]:state[1] + 1] if state[1] < len(line) else \
                        b"X-Slow-%d: 1\r\n" % state[1]
                    try:
                        sock.send(piece)
                        state[1] += 1
                    except (BlockingIOError, InterruptedError):
                        pass
                    except OSError:
                        pass  # the read side sees the close
                    state[2] = now + 1
            self.most_held = max(self.most_held, held)

    def oldest(self):
        now = time.time()
        return max((now - s[0] for s in self.open.values()), default=0)

    def close(self):
        for sock in list(self.open):
            self.sel.unregister(sock)
            sock.close()
        self.open.clear()


class Patient(threading.Thread):
    """A client on 127.0.0.2 that asks for GET /api/me and the login page, one request per
    connection, three times a second, and times each answer."""

    def __init__(self, port, token):
        super().__init__(daemon=True)
        self.port, self.token = port, token
        self.times, self.errors = [], []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            for path, headers in (("/api/me", {"Authorization": "Bearer " + self.token}),
                                  ("/", {})):
                t = time.time()
                try:
                    status, _, _ = raw(self.port, "GET", path, headers=headers,
                                       source="127.0.0.2", timeout=10)
                    if status != 200:
                        self.errors.append("%s: %d" % (path, status))
                except OSError as e:
                    self.errors.append("%s: %s" % (path, e))
                self.times.append(time.time() - t)
            time.sleep(0.3)


class SlowBody(threading.Thread):
    """A request from 127.0.0.3 whose headers come at once and whose body comes a byte a
    second: the server closes it at the whole request's deadline."""

    def __init__(self, port, token):
        super().__init__(daemon=True)
        self.port, self.token = port, token
        self.life = None

    def run(self):
        sock = socket.socket()
        sock.bind(("127.0.0.3", 0))
        sock.connect(("127.0.0.1", self.port))
        start = time.time()
        sock.sendall(("POST /api/validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                      "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                      % self.token).encode())
        sock.settimeout(1)
        while time.time() - start < REQUEST_S + 15:
            try:
                sock.send(b" ")
                if sock.recv(100) == b"":
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        self.life = time.time() - start
        sock.close()


def slow_clients(server, people):
    """The flood, the patient client and the slow body together; then SIGTERM."""
    port = server.port
    flood = Flood(port)
    patient = Patient(port, people["editor"].token)
    slow_body = SlowBody(port, people["editor"].token)
    patient.start()
    slow_body.start()
    flood.run(20)
    check(flood.refused > 0, "one address's share is full: connections refused (%d)"
          % flood.refused)
    check(flood.most_held <= PER_ADDRESS + 8,
          "one address holds at most its share, %d, of the connections (held %d)"
          % (PER_ADDRESS, flood.most_held))
    check(len(flood.cut) >= PER_ADDRESS // 2,
          "the connections held were cut, not left to trickle (%d cut)" % len(flood.cut))
    check(flood.cut and all(HEADER_S - 1 <= life <= HEADER_S + 2.5 for life in flood.cut),
          "each was cut at the %d-second deadline for a request's headers (%.1f to %.1f s)"
          % (HEADER_S, min(flood.cut or [0]), max(flood.cut or [0])))
    check(flood.oldest() <= HEADER_S + 2.5,
          "no trickling connection lives past the deadline (oldest %.1f s)" % flood.oldest())
    # The flood goes on while the slow body reaches its deadline.
    flood.run(max(0.0, REQUEST_S + 3 - 20))
    slow_body.join(timeout=20)
    check(slow_body.life is not None and REQUEST_S - 1 <= slow_body.life <= REQUEST_S + 3,
          "a body a byte a second is cut at the whole request's %d-second deadline (%s s)"
          % (REQUEST_S, slow_body.life and round(slow_body.life, 1)))
    patient.stopping.set()
    patient.join(timeout=20)
    check(not patient.errors, "the patient client got every answer: %s" % patient.errors[:5])
    check(len(patient.times) >= 40 and max(patient.times) < 1.0,
          "...each within a second during the flood (%d answers, the slowest %.2f s)"
          % (len(patient.times), max(patient.times or [0])))
    # SIGTERM while the flood's sockets are open and trickling.
    flood.run(2, stop_reopening_after=0)
    start = time.time()
    server.proc.send_signal(signal.SIGTERM)
    try:
        status = server.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        status = server.proc.wait()
    took = time.time() - start
    server.proc.stderr.close()
    print("flood: %d refused at once, %d held then cut (%.1f to %.1f s), at most %d held at "
          "once; patient client: %d answers, the slowest in %.3f s; slow body cut after %.1f s; "
          "SIGTERM: %.1f s" % (flood.refused, len(flood.cut), min(flood.cut or [0]),
                                max(flood.cut or [0]), flood.most_held, len(patient.times),
                                max(patient.times or [0]), slow_body.life or 0, took))
    check(status == 0 and took < 5,
          "SIGTERM with %d slow clients connected: stopped in %.1f s, exit status %s"
          % (len(flood.open), took, status))
    flood.close()


def main(exe):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = Flood.SOCKETS + 300
    if soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            print("FAIL the flood needs %d open files; the hard limit is %d" % (need, hard))
            return 1
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    tmp = tempfile.mkdtemp(prefix="dayafter-hardening-")
    db = os.path.join(tmp, "plans.db")
    password = create_admin(exe, db)
    yaml = subprocess.run([exe, "example", "gaza"], check=True, capture_output=True,
                          text=True).stdout
    server = Server(exe, db)
    stopped = False
    try:
        people = setup(server.port, password, yaml)
        SITE_TOKEN[0] = people["site"].token
        invalid_utf8(server.port, people)
        forks(people, yaml)
        blank_names(people, yaml)
        long_names(server.port, people)
        first_password(server.port, people)
        tokens_end_with_the_password(server.port, people)
        too_large(server.port, people)
        bodies_checked_first(server.port, people)
        bodies_budget(server.port, people)
        other_codings(server.port)
        many_parameters(server.port, people)
        large_diff(people, yaml)
        head_and_ids(server.port, people)
        policies(people)
        cross_site(server.port, people)
        forwarded_ignored(server.port)
        check("127.0.0.5" in audit_clients(people) and
              not any(c.startswith("198.51.100.") for c in audit_clients(people)),
              "without a trusted proxy the audit log names the peer")
        slow_clients(server, people)
        stopped = True
    finally:
        if not stopped:
            server.kill()
    trusted_proxy(exe, db)
    descriptors(exe)
    ipv6_prefix_in_namespace(exe)
    return summary()


if __name__ == "__main__":
    if sys.argv[1] == "--ipv6-prefix":
        sys.exit(ipv6_prefix(sys.argv[2]))
    sys.exit(main(sys.argv[1]))
