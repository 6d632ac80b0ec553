#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Attacks on `dayafter serve` that once worked, each against a fresh server and database:

- a chunked body that also declares a small Content-Length: the server took the room of the
  Content-Length and copied the whole chunked body into it (a heap overflow, from a client not
  logged in); it must be read as the chunked body it is, and the server must answer after.

Usage: hardening_attacks_test.py DAYAFTER"""
import os
import socket
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (Client, Server, check, create_admin, first_login,  # noqa: E402
                       reply_until_closed, summary)


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


def chunked_with_length(server):
    """Content-Length beside Transfer-Encoding: chunked is not the body's size (RFC 9112, 6.3):
    a 4 KB chunked login that says "Content-Length: 1" is read whole and answered (a 401 for
    its unknown email), and the server goes on answering."""
    body = b'{"email": "nobody@example.org", "password": "' + b"x" * 1000 + b'"}' + b" " * 3000
    for length in (1, 2, 100):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                     b"\r\n%x\r\n%s\r\n0\r\n\r\n" % (length, len(body), body))
        reply = reply_until_closed(sock)
        check(reply.startswith(b"HTTP/1.1 401") and b"wrong email or password" in reply,
              "a chunked body of %d bytes with Content-Length: %d: read whole, 401 (%r)"
              % (len(body), length, reply[:200]))
    status, _, _ = Client(server.port).call("GET", "/api/me")
    check(server.proc.poll() is None and status == 401,
          "the server answers after them (%s, %s)" % (server.proc.poll(), status))


def main(exe):
    tmp = tempfile.mkdtemp(prefix="dayafter-attacks-")
    db = os.path.join(tmp, "plans.db")
    password = create_admin(exe, db)
    server = Server(exe, db, workers=1)
    try:
        setup(server.port, password)
        chunked_with_length(server)
    finally:
        if server.proc.poll() is None:
            server.stop()
    return summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
