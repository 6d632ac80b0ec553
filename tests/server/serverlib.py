# SPDX-License-Identifier: GPL-3.0-or-later
"""What the server tests share: starting `dayafter serve` on a free port with a fresh database,
creating the site administrator, and a small JSON client (bearer token or session cookie with
its CSRF token). Standard library only."""
import http.client
import json
import os
import re
import signal
import subprocess
import time


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


def example_yaml(shared, replications=None):
    """The shared format example's text, with fewer replications when asked."""
    with open(os.path.join(shared, "scenarios", "format-example.yaml")) as f:
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
