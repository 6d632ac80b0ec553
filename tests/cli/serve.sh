#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, serve: its usage errors, the site administrator, the backup.
# Usage: serve.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# serve: its usage errors, the site administrator, the backup
check serve-listen 2 "$exe" serve --db "$tmp/s.db" --listen nowhere &&
    expect serve-listen "$tmp/err" "^dayafter serve: --listen: expected ADDR:PORT (127.0.0.1:8080, \[::1\]:8080), found 'nowhere'"
check serve-port 2 "$exe" serve --db "$tmp/s.db" --listen 127.0.0.1:70000 &&
    expect serve-port "$tmp/err" "found '127.0.0.1:70000'"
check serve-workers 2 "$exe" serve --db "$tmp/s.db" --workers 0 &&
    expect serve-workers "$tmp/err" "^dayafter serve: --workers: expected a whole number from 1 to 64, found '0'"
check serve-both 2 "$exe" serve --db "$tmp/s.db" --create-admin a@b.org --backup "$tmp/b.db" &&
    expect serve-both "$tmp/err" "give one"
# The rest needs the web application built in (-Dserver, on where its libraries are).
if "$exe" serve --db "$tmp/probe.db" --backup "$tmp/probe-copy.db" 2>&1 | grep -q "built without"; then
    echo "serve: built without the web application; its own checks skipped"
else
    check serve-admin-email 2 "$exe" serve --db "$tmp/s.db" --create-admin not-an-email &&
        expect serve-admin-email "$tmp/err" "^dayafter serve: 'not-an-email' is not an email address"
    check serve-admin 0 "$exe" serve --db "$tmp/s.db" --create-admin admin@example.org &&
        expect serve-admin "$tmp/out" "^site administrator admin@example.org in " &&
        [ "$(tail -1 "$tmp/out" | tr -d '\n' | wc -c)" -eq 20 ] && passed=$((passed + 1))
    check serve-backup 0 "$exe" serve --db "$tmp/s.db" --backup "$tmp/b.db" &&
        expect serve-backup "$tmp/out" "(integrity check: ok)"
    check serve-backup-missing 1 "$exe" serve --db "$tmp/none.db" --backup "$tmp/c.db"
    check serve-bad-address 1 "$exe" serve --db "$tmp/s.db" --listen 999.1.1.1:8080 &&
        expect serve-bad-address "$tmp/err" "is not an IPv4 or IPv6 address"
fi

finish
