#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Attacks on `dayafter serve` that once worked, each against a fresh server and database:

- a request that says where its body ends twice (two Content-Length headers, or one beside a
  chunked body), which a proxy in front may read otherwise: the server took the first length
  and answered the rest of the body as a request of its own, or kept the connection open after
  the chunks for the next request (and earlier took the room of the small Content-Length and
  copied the chunked body into it, a heap overflow). It is a 400, and the connection is closed
  before the request behind it;
- connections that ask for a run's large results and read none of them: each answer was held
  whole for as long as its client kept reading a byte now and then, and a hundred such
  connections of one client made the server hold gigabytes. The answers held for one address
  are bounded (a 503 past it), while another address is answered;
- eight connections asking for that run's report again and again: each report was written
  anew, a second of a core each, and the request threads writing them answered nothing else
  (another client's GET /api/me waited 11 s). Two reports of one user are written at a time
  (the comparison page shows two), the others a 503 at once, and another client is answered
  within a report's time;
- eight connections asking for a large diff again and again: a diff past the two computed at
  once waited for its turn on its request thread, and four of them held every thread (another
  client waited up to 3 s). It is a 503 at once, and another client is answered within about
  a diff's time;
- connections that send part of a request and close: libmicrohttpd wrote a line on standard
  error for each, without limit. Five a second are written, then one line says how many more
  were left out;
- sixteen wrong logins of one account at once: the limiter read its count before each
  password's hash and wrote the failure after it, so that attempts in flight together passed
  it (seven guesses where five are allowed). Logins of one account take turns.

Usage: hardening_attacks_test.py DAYAFTER"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (Client, Server, check, create_admin, first_login,  # noqa: E402
                       reply_until_closed, summary, wait_run)

# docs/api.md, "Limits and quotas": the answers one address may hold at once.
ANSWERS_PER_ADDRESS = 128 * 1024 * 1024


def setup(port, password):
    """The site administrator, organization Alpha and its editor (bearer tokens)."""
    site = first_login(port, "admin@example.org", password).bearer()
    status, body, _ = site.call("POST", "/api/organizations", {"name": "Alpha"})
    assert status == 201, (status, body)
    status, body, _ = site.call("POST", "/api/users", {
        "email": "editor@alpha.org", "organization": "Alpha", "role": "editor"})
    assert status == 201, (status, body)
    return {"site": site,
            "editor": first_login(port, "editor@alpha.org", body["password"]).bearer()}


def answered(sock, wait=5):
    """What the server sends on 'sock' within 'wait' seconds, and whether it closed the
    connection meanwhile; the socket is closed after."""
    sock.settimeout(wait)
    reply, closed = b"", False
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                closed = True
                break
            reply += data
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed = True
    sock.close()
    return reply, closed


def smuggling(server, people):
    """A request that says where its body ends in two ways, which a proxy in front may read
    otherwise than the server, is a JSON 400, and its connection is closed after it: a request
    smuggled behind it (pipelined, or in what a proxy took for its body) is never answered.
    Two Content-Length headers, even equal: libmicrohttpd took the first, created the token,
    and answered the rest of the body as a request of its own. Content-Length beside
    Transfer-Encoding: chunked: it read the chunks and kept the connection open for the next
    request. (Earlier still, the room of a small Content-Length was taken for a chunked body
    of 4 KB, which was copied into it: a heap overflow, from a client not logged in.) No token
    is created, and the server answers after them."""
    editor = people["editor"]
    _, before, _ = editor.call("GET", "/api/tokens")
    # Without "Connection: close": a connection the server keeps open stays open after it.
    smuggled = b"GET /api/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
    head = (b"POST /api/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
            b"Content-Type: application/json\r\n" % editor.token.encode())
    token = b'{"name":"x"}'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(token), token)
    login = b'{"email": "nobody@example.org", "password": "' + b"x" * 1000 + b'"}' + b" " * 3000
    two = "the request has 2 Content-Length headers: a request says the length of its body once"
    both = ("the request has both Content-Length and Transfer-Encoding: a request sends its body "
            "with one of them")
    cases = [
        ("two lengths, the first the body's",
         head + b"Content-Length: 12\r\nContent-Length: %d\r\n\r\n" % (12 + len(smuggled)) +
         token + smuggled, two),
        ("two lengths, the second the body's",
         head + b"Content-Length: %d\r\nContent-Length: 12\r\n\r\n" % (12 + len(smuggled)) +
         token + smuggled, two),
        ("two equal lengths", head + b"Content-Length: 12\r\ncontent-length: 12\r\n\r\n" +
         token + smuggled, two),
        ("a GET with two lengths of 0", b"GET /api/me HTTP/1.1\r\nHost: x\r\n"
         b"Content-Length: 0\r\nContent-Length: 0\r\n\r\n" + smuggled, two),
        ("Content-Length beside chunked", head + b"Content-Length: 4\r\n"
         b"Transfer-Encoding: chunked\r\n\r\n" + chunked + smuggled, both),
        ("chunked, then Content-Length", head + b"Transfer-Encoding: chunked\r\n"
         b"Content-Length: %d\r\n\r\n" % len(chunked) + chunked + smuggled, both),
    ] + [("a chunked login of %d bytes with Content-Length: %d" % (len(login), length),
          b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n"
          % (length, len(login), login) + smuggled, both) for length in (1, 2, 100)]
    for what, request, message in cases:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(request)
        reply, closed = answered(sock)
        head_, _, body = reply.partition(b"\r\n\r\n")
        check(head_.startswith(b"HTTP/1.1 400") and reply.count(b"HTTP/1.1 ") == 1 and
              b"\r\nconnection: close\r\n" in head_.lower() + b"\r\n" and
              body == json.dumps({"error": message}, separators=(",", ":")).encode() and closed,
              "%s: a JSON 400, the connection closed, the request behind it not answered "
              "(closed: %s, %r)" % (what, closed, reply[:600]))
    _, after, _ = editor.call("GET", "/api/tokens")
    check(len(after["tokens"]) == len(before["tokens"]),
          "no token was created (%d, then %d)" % (len(before["tokens"]), len(after["tokens"])))
    status, _, _ = Client(server.port).call("GET", "/api/me")
    check(server.proc.poll() is None and status == 401,
          "the server answers after them (%s, %s)" % (server.proc.poll(), status))


def status_of(sock):
    """The status of the answer that begins on 'sock' within 60 s (its first bytes only are
    read), or None."""
    sock.settimeout(60)
    head = b""
    try:
        while len(head) < 12:
            data = sock.recv(12 - len(head))
            if not data:
                break
            head += data
    except OSError:
        pass
    return int(head[9:12]) if re.match(rb"HTTP/1\.1 \d\d\d", head) else None


def slow_readers(exe, server, people):
    """A run of the built-in scenario over 25,000 days, whose results are about 25 MB: ten
    connections from one address ask for them and read nothing. Past the answers one address
    may hold (one answer, then up to 128 MiB), the next are a 503 with Retry-After at once;
    another address is answered meanwhile, and the first is again once its readers close."""
    yaml = subprocess.run([exe, "example", "gaza"], check=True, capture_output=True,
                          text=True).stdout
    # Large enough that one address's 128 MiB holds at most six of them (five and the one it
    # may always have), and so that the last of the ten is a 503. A century's 37 MB, before,
    # kept this test 102 of its 113 seconds under ThreadSanitizer, in the run and in the
    # reports' flood below.
    yaml = re.sub(r"(?m)^horizon_days:.*$", "horizon_days: 25000", yaml, count=1)
    editor = people["editor"]
    status, body, _ = editor.call("POST", "/api/scenarios", {"name": "Long horizon", "yaml": yaml})
    assert status == 201, (status, body)
    status, body, _ = editor.call("POST", "/api/scenarios/%d/runs" % body["id"],
                                  {"replications": 4})
    assert status == 202, (status, body)
    run = wait_run(editor, body["id"], timeout=600)
    assert run["status"] == "done", run
    path = "/api/runs/%d" % run["id"]
    status, _, resp = editor.call("GET", path)
    size = int(resp.getheader("Content-Length"))
    request = ("GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n"
               % (path, editor.token)).encode()
    held, statuses = [], []
    for _ in range(10):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.bind(("127.0.0.3", 0))
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(request)
        statuses.append(status_of(sock))
        held.append(sock)
    most = 1 + ANSWERS_PER_ADDRESS // size
    check(statuses[0] == 200 and statuses.count(200) <= most and
          statuses.count(200) + statuses.count(503) == len(statuses) and statuses[-1] == 503,
          "answers of %d bytes to one address that reads none: at most %d sent at once, the "
          "rest a 503 (%s)" % (size, most, statuses))
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10,
                                    source_address=("127.0.0.3", 0))
    sock.sendall(request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
    reply = reply_until_closed(sock)
    check(reply.startswith(b"HTTP/1.1 503") and b"Retry-After: 1\r\n" in reply and
          b"ETag" not in reply and b"the server is sending as many answers as it may at once "
          b"(512 MiB, 128 MiB to one address): try again in a moment" in reply,
          "the 503 says why, with Retry-After and no entity tag (%r)" % reply[:400])
    other = Client(server.port, editor.token)
    start = time.monotonic()
    status, _, resp = other.call("GET", path)
    check(status == 200 and int(resp.getheader("Content-Length")) == size,
          "another address gets the results meanwhile (%s, %.1f s)"
          % (status, time.monotonic() - start))
    for sock in held:
        sock.close()
    deadline = time.monotonic() + 10
    status = None
    while status != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30,
                                        source_address=("127.0.0.3", 0))
        sock.sendall(request)
        status = status_of(sock)
        sock.close()
    check(status == 200, "the address is answered again once its readers closed (%s)" % status)
    return run["id"]


def flood(server, people, path, alone, pause=0.0):
    """Eight connections of the editor ask for 'path' again and again for a few seconds (an
    answer alone takes 'alone' seconds; after a 503, 'pause' seconds later), while another
    client asks GET /api/me, at least five times. The flood's answers, each (status, JSON body
    unless a 200, Retry-After); the seconds each of the other client's took; how many of the
    flood's connections were cut."""
    editor = people["editor"]
    stop = threading.Event()
    answers, cut = [], []

    def ask_again():
        while not stop.is_set():
            try:
                status, body, resp = editor.call("GET", path)
            except (OSError, http.client.HTTPException):
                # Past its hundred connections, the flood's address is refused more: the
                # closed ones of a thread that is busy (a report, a diff) are let go after it.
                cut.append(1)
                time.sleep(0.1)
                continue
            answers.append((status, body if status != 200 else None,
                            resp.getheader("Retry-After")))
            if status == 503:
                stop.wait(pause)

    # (daemons: a failure here ends the test instead of leaving them asking for ever)
    threads = [threading.Thread(target=ask_again, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    waits, asked = [], 0
    end = time.monotonic() + max(4.0, 4 * alone)
    # At least five answers are asked for, however slow the build: under ThreadSanitizer an
    # answer in the flood takes seconds, and four fitted in the time (f41ce77's CI run).
    last = end + 10 * max(1.0, alone)
    time.sleep(0.5)
    while time.monotonic() < end or (asked < 5 and time.monotonic() < last):
        # From another address: the flood's may be at its connection limit.
        start = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60,
                                          source_address=("127.0.0.2", 0))
        try:
            conn.request("GET", "/api/me",
                         headers={"Authorization": "Bearer " + people["site"].token})
            status = conn.getresponse().status
        except (OSError, http.client.HTTPException):
            # Cut by the header deadline: its thread wrote reports past it. A wait without
            # end, which the median below counts.
            status = None
        conn.close()
        waits.append(time.monotonic() - start if status else float("inf"))
        asked += status == 200
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join()
    check(asked >= 5, "another client is answered meanwhile (%d of %d)" % (asked, len(waits)))
    return answers, waits, len(cut)


def report_flood(server, people, run):
    """Eight connections of one user ask for a large run's report, again and again, for a few
    seconds; another client asks GET /api/me meanwhile. The user's reports past the two being
    written are a 503 at once, and the other client waits no longer than about one report takes
    alone (eight written at once kept it 9 to 11 s)."""
    editor, path = people["editor"], "/api/runs/%d/report.html" % run
    start = time.monotonic()
    status, _, _ = editor.call("GET", path)
    alone = time.monotonic() - start
    assert status == 200, status
    answers, waits, cut = flood(server, people, path, alone)
    # The seconds are compared where the build runs at most a few times slower than the
    # optimized one (the optimized and AddressSanitizer stages): under ThreadSanitizer
    # (DAYAFTER_SLOWDOWN=20), which tracks every byte of a report's copy, an answer in the
    # flood took 2.6 times a report alone in one CI run, and the check measured the build.
    # The median wait, not the slowest: one request may find its thread's other connections'
    # reports before it (a thread takes them in turn), and on a busy machine the slowest of
    # d0b5abf's was 2.9 and 3.3 times a report alone in two runs, where eight reports at once,
    # the fault, kept every request waiting 9 to 11 s.
    slow_build = int(os.environ.get("DAYAFTER_SLOWDOWN", "1")) >= 10
    median = sorted(waits)[len(waits) // 2]
    check(slow_build or median < max(1.0, 2.5 * alone),
          "another client is answered meanwhile within about a report's time (median %.2f s, "
          "slowest %.2f s, a report alone %.2f s; %d flood connections cut)"
          % (median, max(waits), alone, cut))
    # How many overlap depends on which request threads took the connections (one thread
    # takes its connections' requests in turn): a 503 is not always seen, but each says why.
    busy = [a for a in answers if a[0] == 503]
    check(any(a[0] == 200 for a in answers) and all(
        a[2] == "1" and a[1] == {"error": "you have as many reports being written as you may "
                                          "at once (2): try again in a moment"} for a in busy) and
          all(a[0] in (200, 503) for a in answers),
          "reports asked for at once: two written, the others a 503 with Retry-After (%d "
          "answers, %d of them 503: %s)" % (len(answers), len(busy), busy[:1]))


def diff_flood(exe, server, people):
    """Two revisions of 24,000 lines and more that differ in a thousand (a diff takes a few
    tenths of a second): eight connections ask for their diff again and again, while another
    client asks GET /api/me. A diff past the two being computed waited for its turn, holding
    its request thread: with four waiting or computing, every thread was, and the other
    client's answers took up to 3 s. Such a diff is a 503 at once, and the other client waits
    no longer than about a diff's time."""
    editor = people["editor"]
    yaml = subprocess.run([exe, "example", "gaza"], check=True, capture_output=True,
                          text=True).stdout
    lines = 24000
    old = yaml + "".join("#%d\n" % i for i in range(lines))
    new = yaml + "".join(("#x%d\n" if i % 25 == 0 else "#%d\n") % i for i in range(lines))
    status, body, _ = editor.call("POST", "/api/scenarios", {"name": "Long", "yaml": old})
    assert status == 201, (status, body)
    path = "/api/scenarios/%d" % body["id"]
    status, body, _ = editor.call("PUT", path, {"yaml": new, "message": "a line in 25"})
    assert status == 201, (status, body)
    path += "/diff?from=1&to=2"
    start = time.monotonic()
    status, body, _ = editor.call("GET", path)
    alone = time.monotonic() - start
    assert status == 200 and body["added"] == lines // 25, (status, str(body)[:200])
    # The flood's 503s come at once: asked for again at once, they took the cores that the
    # diffs and the other client need (the test's threads share one interpreter, too).
    answers, waits, _ = flood(server, people, path, alone, pause=0.05)
    # Most of the other client's requests find a thread that is not computing a diff; one may
    # come to a thread that is, behind a diff or two on a busy machine. (Diffs that waited
    # their turn held the threads: half its answers took up to twice a diff alone, the slowest
    # 2 to 6 s; but not in every run, where the 503s above always tell.) Timed where the build
    # is not many times slower, as for the reports.
    waits.sort()
    median = waits[len(waits) // 2]
    slow_build = int(os.environ.get("DAYAFTER_SLOWDOWN", "1")) >= 10
    # Where a diff takes hundredths of a second (0.03 s here, with the suite's other tests
    # beside it), the seconds cannot tell the fault from a busy machine: the 503s below are
    # the guard then, and the seconds are bounded loosely. A cut request, an endless wait,
    # fails it.
    check(slow_build or (median < max(0.25, alone / 2) and waits[-1] < max(5.0, 10 * alone)),
          "another client is answered meanwhile, most at once (median %.3f s, slowest %.2f s, a "
          "diff alone %.2f s)" % (median, waits[-1], alone))
    busy = [a for a in answers if a[0] == 503]
    # Eight connections on four request threads: three diffs at once come within the seconds
    # of the flood, and every one that waited is a 503 now.
    check(any(a[0] == 200 for a in answers) and busy and
          all(a[0] in (200, 503) for a in answers) and
          all(a[2] == "1" and a[1] == {"error": "the server is computing as many diffs as it "
                                                "may at once (2): try again in a moment"}
              for a in busy),
          "diffs asked for at once: two computed, the others a 503 with Retry-After (%d "
          "answers, %d of them 503: %s)" % (len(answers), len(busy), busy[:1]))


def login_race(server):
    """Wrong logins of one account sent at once, each on a connection of its own: the limiter
    allows five failures an account, and counted them only after each password's hash (a tenth
    of a second), so that attempts in flight together all passed its check (six or seven
    guesses where five are allowed, on four request threads, in three runs of four: the race
    does not always show). Logins of one account now take turns: five are answered 401, the
    rest 429, every time."""
    answers, tries = [], 16
    start = threading.Barrier(tries)

    def attempt():
        start.wait()
        status, _, _ = Client(server.port).call(
            "POST", "/api/login", {"email": "race@example.org", "password": "guess"})
        answers.append(status)

    threads = [threading.Thread(target=attempt) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check(answers.count(401) == 5 and answers.count(429) == tries - 5,
          "%d wrong logins at once: five tried (401), the rest refused (429) (%s)"
          % (tries, sorted(answers)))


def log_flood(exe, db):
    """Five hundred connections from ten addresses that send part of a request, then close at
    once: libmicrohttpd writes a line on standard error for each ("Connection was closed by
    remote side with incomplete request."), and anyone could write megabytes an hour of them
    without a login. At most five of its lines are written a second, and a line says how many
    more were left out."""
    server = Server(exe, db)
    socks = []
    for i in range(500):
        sock = socket.socket()
        sock.bind(("127.0.0.%d" % (20 + i % 10), 0))
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{")
        socks.append(sock)
    time.sleep(1.0)  # for the server to read what they sent
    start = time.monotonic()
    for sock in socks:
        sock.close()
    time.sleep(1.5)
    server.proc.send_signal(signal.SIGTERM)
    lines = server.proc.stderr.read().splitlines()
    seconds = time.monotonic() - start
    server.proc.wait()
    server.proc.stderr.close()
    theirs = [line for line in lines if not line.startswith("dayafter serve: ")]
    left_out = [int(m.group(1)) for m in (re.fullmatch(
        r"dayafter serve: (\d+) more messages of libmicrohttpd left out \(at most 5 a second "
        r"are written\)", line) for line in lines) if m]
    check(0 < len(theirs) <= 5 * (int(seconds) + 2) and len(theirs) + sum(left_out) >= 250,
          "500 connections dropped at once: at most 5 of libmicrohttpd's lines a second, then "
          "how many more were left out (%d written in %.1f s, left out: %s; %r)"
          % (len(theirs), seconds, left_out, lines[:3]))


def main(exe):
    tmp = tempfile.mkdtemp(prefix="dayafter-attacks-")
    db = os.path.join(tmp, "plans.db")
    password = create_admin(exe, db)
    server = Server(exe, db, workers=1)
    try:
        people = setup(server.port, password)
        smuggling(server, people)
        run = slow_readers(exe, server, people)
        report_flood(server, people, run)
        diff_flood(exe, server, people)
        login_race(server)
    finally:
        if server.proc.poll() is None:
            server.stop()
    log_flood(exe, db)
    return summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
