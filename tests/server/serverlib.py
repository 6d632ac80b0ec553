# SPDX-License-Identifier: GPL-3.0-or-later
"""What the server tests share: starting `dayafter serve` on a free port with a fresh database,
creating the site administrator, a small JSON client (bearer token or session cookie with its
CSRF token), the tally of checks, and a watch that the server keeps answering. Standard library
only."""
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time


class Tally:
    """The checks a test made and the descriptions of those that failed."""

    def __init__(self):
        self.checks, self.failures = 0, []


TALLY = Tally()


def check(condition, what):
    """Counts a check; a failed one is printed and kept."""
    TALLY.checks += 1
    if not condition:
        TALLY.failures.append(what)
        print("FAIL " + what)


def expect(client, method, path, status, body=None, what=""):
    """(payload, response) of one request, checking its status."""
    got, payload, resp = client.call(method, path, body)
    check(got == status, "%s %s %s: expected %d, got %d %s" % (
        what, method, path, status, got, str(payload)[:300]))
    return payload, resp


def summary(extra=""):
    """Prints the tally as the last line; the exit status."""
    print("%d checks, %d failed%s" % (TALLY.checks, len(TALLY.failures), extra))
    return 1 if TALLY.failures else 0


class Watch:
    """Asks GET /api/me every 0.2 s from another thread and keeps the slowest answer: the
    server must stay responsive while runs take its cores."""

    def __init__(self, client):
        self.client, self.slowest, self.errors, self.count = client, 0.0, [], 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                status, _, _ = self.client.call("GET", "/api/me")
                if status != 200:
                    self.errors.append(status)
            except OSError as e:
                self.errors.append(str(e))
            self.slowest = max(self.slowest, time.monotonic() - start)
            self.count += 1
            self.stop.wait(0.2)

    def end(self, what):
        """Checks that every answer came, each within a second, over a second at least."""
        deadline = time.monotonic() + 10
        while self.count < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.stop.set()
        self.thread.join()
        check(not self.errors, "%s: GET /api/me always answered 200 (%s)" % (what, self.errors[:3]))
        check(self.count >= 6 and self.slowest < 1.0,
              "%s: GET /api/me answered within a second (%d requests, slowest %.2f s)" % (
                  what, self.count, self.slowest))


class Server:
    """A `dayafter serve` process over DB; stop() ends it with SIGTERM, kill() with SIGKILL."""

    def __init__(self, exe, db, workers=2, extra=()):
        self.exe, self.db = exe, db
        self.proc = subprocess.Popen(
            [exe, "serve", "--db", db, "--listen", "127.0.0.1:0", "--workers", str(workers),
             *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        while line and "listening on" not in line:
            line = self.proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line or "")
        if not match:
            self.proc.kill()
            raise RuntimeError("the server did not start: %r" % line)
        self.port = int(match.group(1))
        self.listening = line.rstrip("\n")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        finally:
            self.proc.stderr.close()

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.proc.stderr.close()


def create_admin(exe, db, email="admin@example.org"):
    """The site administrator's password: the last line of --create-admin's output."""
    out = subprocess.run([exe, "serve", "--db", db, "--create-admin", email], check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


RECORD_LOCK = threading.Lock()
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
SECRET_KEYS = ("csrf", "token", "password")


def normalized(value):
    """'value' (parsed JSON) with what changes from one test run to the next made constant:
    times, secrets (tokens, CSRF tokens, first passwords), a running run's progress."""
    if isinstance(value, dict):
        return {k: ("SECRET" if k in SECRET_KEYS and isinstance(v, str) else
                    "PROGRESS" if k == "progress" else normalized(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, str):
        return re.sub(r"\b\d+ (s|seconds)\b", r"N \1", TIME.sub("TIME", value))
    return value


def record(method, path, status, payload):
    """With DAYAFTER_RECORD=FILE, appends one line of JSON to FILE for the response: method,
    path, status and the body (normalized; other bytes than JSON by their SHA-256), so that
    two builds' answers to the same tests can be compared."""
    where = os.environ.get("DAYAFTER_RECORD")
    if not where:
        return
    if isinstance(payload, (bytes, bytearray)):
        body = "sha256:" + hashlib.sha256(TIME.sub("TIME", payload.decode("latin-1"))
                                          .encode("latin-1")).hexdigest()
    else:
        body = normalized(payload)
    line = json.dumps([method, path, status, body], sort_keys=True)
    with RECORD_LOCK, open(where, "a") as f:
        f.write(line + "\n")


class Client:
    """Requests to one server as one caller: anonymous, a bearer token, or a cookie session."""

    def __init__(self, port, token=None):
        self.port, self.token = port, token
        self.cookie, self.csrf = None, None

    def call(self, method, path, body=None, raw=None, headers=None, csrf=True):
        """(status, parsed JSON or bytes, headers) of one request."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = dict(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None
                                            else None)
        if data is not None:
            h.setdefault("Content-Type", "application/json")
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = self.cookie
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = self.csrf
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        payload = resp.read()
        conn.close()
        kind = resp.getheader("Content-Type", "")
        if kind.startswith("application/json") and payload:
            payload = json.loads(payload)
        record(method, path, resp.status, payload)
        return resp.status, payload, resp

    def login(self, email, password):
        status, body, resp = self.call("POST", "/api/login",
                                       {"email": email, "password": password})
        if status != 200:
            raise RuntimeError("login of %s: %s %s" % (email, status, body))
        self.cookie = resp.getheader("Set-Cookie").split(";")[0]
        self.csrf = body["csrf"]
        return resp

    def choose_password(self, first):
        """Replaces the first password (which works once) with one of the caller's own."""
        self.password = "own-" + first
        status, body, _ = self.call("POST", "/api/password",
                                    {"old_password": first, "new_password": self.password})
        if status != 200:
            raise RuntimeError("choosing a password: %s %s" % (status, body))
        return self

    def bearer(self):
        """A new client for the same user with an API token instead of the cookie."""
        status, body, _ = self.call("POST", "/api/tokens", {"name": "tests"})
        assert status == 201, (status, body)
        return Client(self.port, body["token"])


def wait_run(client, run_id, timeout=120):
    """The run's description once it is done or failed."""
    end = time.time() + timeout
    while time.time() < end:
        status, body, _ = client.call("GET", "/api/runs/%d" % run_id)
        if status == 200 and body["status"] in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise RuntimeError("run %d did not finish" % run_id)


def example_yaml(path, replications=None):
    """The text of the scenario at 'path' (the tests pass tests/data/example.yaml), with fewer
    replications when asked."""
    with open(path) as f:
        text = f.read()
    if replications is not None:
        text = re.sub(r"(?m)^(\s*replications:\s*)\d+", r"\g<1>%d" % replications, text, count=1)
    return text


def first_login(port, email, first):
    """A client logged in with a first password, then with its own: what every person does at
    their first login."""
    client = Client(port)
    client.login(email, first)
    return client.choose_password(first)


def post_oversized(port, token, size, declared):
    """The raw reply to a POST /api/scenarios whose body is 'size' bytes: with its
    Content-Length declared (the server answers before reading it), or sent in chunks without
    one. The connection is closed after the answer, which is read whole."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = ("POST /api/scenarios HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
            "Connection: close\r\n" % token)
    try:
        if declared:
            sock.sendall((head + "Content-Length: %d\r\n\r\n" % size).encode())
        else:
            sock.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode())
            chunk = b"x" * 65536
            for _ in range(size // len(chunk) + 1):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    return reply_until_closed(sock)


def reply_until_closed(sock):
    """Everything the server sends on 'sock' until it closes the connection (or resets it,
    or the socket's timeout passes); the socket is closed after."""
    reply = b""
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            reply += data
    except (ConnectionResetError, socket.timeout):
        pass
    sock.close()
    return reply
