#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The web application as its users get it: starts `dayafter serve` on a free port over a fresh
# database, creates the site administrator, and drives the browser application in headless
# Chromium (app_test.mjs) through two organizations' work on one shared scenario. The
# screenshots stay in OUT_DIR as the test's artifacts, with the server's log.
# Usage: app_test.sh DAYAFTER EXAMPLE.yaml OUT_DIR (EXAMPLE.yaml: tests/data/example.yaml)
set -u
if [ $# -ne 3 ]; then
    echo "usage: app_test.sh DAYAFTER EXAMPLE.yaml OUT_DIR" >&2
    exit 2
fi
exe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
example=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
rm -f "$out"/failure-*.png
if ! command -v node >/dev/null 2>&1 || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "FAIL node or Chromium is missing: run scripts/deps"
    exit 1
fi
if [ ! -r "$example" ]; then
    echo "FAIL $example is missing"
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/dayafter-app-test.XXXXXX")
server=""
# shellcheck disable=SC2317 # stop() runs from the trap
stop() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill -TERM "$server"
        wait "$server" 2>/dev/null
    fi
    cp "$work/serve.log" "$out/serve.log" 2>/dev/null
    rm -rf "$work"
}
trap stop EXIT

admin=admin@example.org
password=$("$exe" serve --db "$work/app.db" --create-admin "$admin" 2>"$work/admin.err" | tail -n 1)
if [ -z "$password" ]; then
    echo "FAIL cannot create the site administrator: $(cat "$work/admin.err")"
    exit 1
fi

"$exe" serve --db "$work/app.db" --listen 127.0.0.1:0 --workers 2 2>"$work/serve.log" &
server=$!
# The server says where it listens on its first line; wait for it (10 s at most).
url=""
for _ in $(seq 1 100); do
    url=$(sed -n 's/^dayafter serve: listening on \(http:[^ ]*\).*/\1/p' "$work/serve.log")
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "FAIL the server did not start: $(cat "$work/serve.log")"
    exit 1
fi
echo "server at $url"

start=$(date +%s)
DAYAFTER_URL=$url DAYAFTER_ADMIN=$admin DAYAFTER_ADMIN_PASSWORD=$password \
    DAYAFTER_SCENARIO=$example DAYAFTER_OUT=$out \
    timeout 115 node "$here/app_test.mjs"
status=$?
[ "$status" -eq 124 ] && echo "FAIL the browser test ran past 115 seconds"
echo "browser test: $(($(date +%s) - start)) s"
exit $status
