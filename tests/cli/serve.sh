#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, serve: its usage errors, the site administrator, the backup.
# Usage: serve.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# serve: its usage errors, the site administrator, the backup
check serve-listen 2 "$exe" serve --db "$tmp/s.db" --listen nowhere &&
    expect serve-listen "$tmp/err" "^dayafter serve: --listen: expected ADDR:PORT, ADDR an IPv4 or IPv6 address (127.0.0.1:8080, \[::1\]:8080), found 'nowhere'"
# An address that is not one is bad usage, said before anything starts (it was exit status 1
# once the server could not listen).
for listen in localhost:8080 999.1.1.1:8080; do
    check "serve-listen $listen" 2 timeout 10 "$exe" serve --db "$tmp/s.db" --listen "$listen" &&
        expect "serve-listen $listen" "$tmp/err" "^dayafter serve: --listen: expected ADDR:PORT, ADDR an IPv4 or IPv6 address (127.0.0.1:8080, \[::1\]:8080), found '$listen'"
done
check serve-listen-brackets 2 timeout 10 "$exe" serve --db "$tmp/s.db" --listen '[127.0.0.1]:8080' &&
    expect serve-listen-brackets "$tmp/err" "found '.127.0.0.1.:8080'"
check serve-port 2 "$exe" serve --db "$tmp/s.db" --listen 127.0.0.1:70000 &&
    expect serve-port "$tmp/err" "found '127.0.0.1:70000'"
check serve-workers 2 "$exe" serve --db "$tmp/s.db" --workers 0 &&
    expect serve-workers "$tmp/err" "^dayafter serve: --workers: expected a whole number from 1 to 64, found '0'"
check serve-both 2 "$exe" serve --db "$tmp/s.db" --create-admin a@b.org --backup "$tmp/b.db" &&
    expect serve-both "$tmp/err" "give one"
# Names SQLite takes for databases that are gone at exit: refused, whatever the task.
check serve-db-empty 2 "$exe" serve --db '' --create-admin a@b.org &&
    expect serve-db-empty "$tmp/err" "^dayafter serve: --db: expected a file, found '' (SQLite's private temporary database, gone at exit)"
check serve-db-memory 2 timeout 10 "$exe" serve --db :memory: --listen 127.0.0.1:0 &&
    expect serve-db-memory "$tmp/err" "^dayafter serve: --db: expected a file, found ':memory:' (SQLite's database in memory, gone at exit)"
check serve-db-uri 2 "$exe" serve --db 'file:x.db?mode=memory' --create-admin a@b.org &&
    expect serve-db-uri "$tmp/err" "found 'file:x.db?mode=memory' (an SQLite URI, which may name a database in memory; the file of that name is ./file:x.db?mode=memory)"
for out in '' ':memory:' 'file:x.db?mode=memory'; do
    check "serve-backup-to '$out'" 2 "$exe" serve --db "$tmp/s.db" --backup "$out" &&
        expect "serve-backup-to '$out'" "$tmp/err" "^dayafter serve: --backup: expected a file, found '$out'"
done
check serve-backup-itself 2 "$exe" serve --db "$tmp/s.db" --backup "$tmp/s.db" &&
    expect serve-backup-itself "$tmp/err" "^dayafter serve: --backup: '$tmp/s.db' is the database itself (--db $tmp/s.db): give another file"
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
    # The database itself by another name: the copy would be written over what it copies.
    ln -s "$tmp/s.db" "$tmp/link.db"
    check serve-backup-itself-linked 2 "$exe" serve --db "$tmp/s.db" --backup "$tmp/link.db" &&
        expect serve-backup-itself-linked "$tmp/err" "is the database itself"
    # Another application's SQLite file is refused, and left as it was (its journal mode too).
    python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)'); c.commit()" "$tmp/other.db"
    cp "$tmp/other.db" "$tmp/other-before.db"
    check serve-foreign-admin 1 "$exe" serve --db "$tmp/other.db" --create-admin admin@example.org &&
        expect serve-foreign-admin "$tmp/err" "^dayafter serve: $tmp/other.db: not a dayafter database (it holds another application's tables): give dayafter's database, or a new file"
    check serve-foreign 1 timeout 10 "$exe" serve --db "$tmp/other.db" --listen 127.0.0.1:0 &&
        expect serve-foreign "$tmp/err" "not a dayafter database"
    check serve-foreign-backup 1 "$exe" serve --db "$tmp/other.db" --backup "$tmp/d.db" &&
        expect serve-foreign-backup "$tmp/err" "not a dayafter database"
    if cmp -s "$tmp/other.db" "$tmp/other-before.db" && [ ! -e "$tmp/other.db-wal" ]; then
        passed=$((passed + 1))
    else
        echo "FAIL serve-foreign-unchanged: another application's file was changed"
        failed=$((failed + 1))
    fi
fi

finish
