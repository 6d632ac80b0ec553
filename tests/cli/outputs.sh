#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, outputs: a file already there is replaced only once its new
# content is whole, through a symbolic link, a hard link or a long name alike, and a failure
# (here a file size limit, `ulimit -f`) leaves it as it was and no temporary file behind.
# Usage: outputs.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# limited NAME STATUS COMMAND...: check with files limited to 100 KiB (the JSON of 50
# replications of the example is about 280 KB), SIGXFSZ ignored so that a write past it fails
# with EFBIG instead of killing the command.
limited() {
    local name=$1 want=$2
    shift 2
    (trap '' XFSZ && ulimit -f 100 && exec "$@") >"$tmp/out" 2>"$tmp/err"
    status_is "$name" "$want" $?
}

# same NAME FILE TEXT: FILE holds exactly the line TEXT.
same() {
    if [ "$(cat "$2")" = "$3" ]; then
        passed=$((passed + 1))
    else
        echo "FAIL $1: $(basename "$2") holds '$(head -c 80 "$2")', expected '$3'"
        failed=$((failed + 1))
    fi
}

# no_temporary NAME DIR: DIR holds no temporary file of dayafter's.
no_temporary() {
    if ls -A "$2" | grep -q '^\.dayafter-\|\.[A-Za-z0-9]\{6\}$'; then
        echo "FAIL $1: a temporary file was left in $2: $(ls -A "$2" | tr '\n' ' ')"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}

# A symbolic link to a file: the file it points to is replaced, the link kept.
mkdir "$tmp/sym" && echo old >"$tmp/sym/target.json" && ln -s target.json "$tmp/sym/link.json"
limited outputs-symlink-fails 1 "$exe" run "$ex" -n 50 -t 1 -q --json "$tmp/sym/link.json" &&
    expect outputs-symlink-fails "$tmp/err" '^dayafter run: cannot write .*/link.json: File too large$'
same outputs-symlink-kept "$tmp/sym/target.json" old
no_temporary outputs-symlink-fails "$tmp/sym"
check outputs-symlink 0 "$exe" run "$ex" -n 50 -t 1 -q --json "$tmp/sym/link.json" &&
    expect outputs-symlink "$tmp/sym/target.json" '"dayafter"'
[ -L "$tmp/sym/link.json" ] && passed=$((passed + 1)) ||
    { echo "FAIL outputs-symlink: the link was replaced by a file"; failed=$((failed + 1)); }

# A file of two names: both keep it, and see the new content once it is whole.
mkdir "$tmp/hard" && echo old >"$tmp/hard/a.json" && ln "$tmp/hard/a.json" "$tmp/hard/b.json"
limited outputs-hard-link-fails 1 "$exe" run "$ex" -n 50 -t 1 -q --json "$tmp/hard/a.json"
same outputs-hard-link-kept "$tmp/hard/a.json" old
same outputs-hard-link-kept "$tmp/hard/b.json" old
no_temporary outputs-hard-link-fails "$tmp/hard"
check outputs-hard-link 0 "$exe" run "$ex" -n 50 -t 1 -q --json "$tmp/hard/a.json" &&
    expect outputs-hard-link "$tmp/hard/b.json" '"dayafter"'
[ "$(stat -c %h "$tmp/hard/a.json")" = 2 ] && passed=$((passed + 1)) ||
    { echo "FAIL outputs-hard-link: the names were parted"; failed=$((failed + 1)); }

# A name of 250 characters, too long for "NAME.XXXXXX" (255 at most).
mkdir "$tmp/long" && long="$tmp/long/$(printf 'x%.0s' $(seq 245)).json" && echo old >"$long"
limited outputs-long-name-fails 1 "$exe" run "$ex" -n 50 -t 1 -q --json "$long"
same outputs-long-name-kept "$long" old
no_temporary outputs-long-name-fails "$tmp/long"
check outputs-long-name 0 "$exe" run "$ex" -n 50 -t 1 -q --json "$long" &&
    expect outputs-long-name "$long" '"dayafter"'

# A signal while the outputs are written (SIGTERM as soon as a temporary file shows, or after a
# delay) ends the command by it (143) and leaves no temporary file; each output is the old one
# or a whole new one.
mkdir "$tmp/sig"
cat >"$tmp/kill.py" <<'END'
import os, signal, subprocess, sys, time
folder, when, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if when == "temporary":
    while p.poll() is None:
        if any(n.startswith(".dayafter-") for n in os.listdir(folder)):
            p.send_signal(signal.SIGTERM)
            break
else:
    time.sleep(float(when))
    p.send_signal(signal.SIGTERM)
status = p.wait()
sys.exit(128 - status if status < 0 else status)
END
for when in temporary temporary 0.05 0.5 1.5; do
    rm -f "$tmp/sig"/.dayafter-* # what a failed check left, so that each check is its own
    echo old >"$tmp/sig/o.json" && echo old >"$tmp/sig/o.html"
    python3 "$tmp/kill.py" "$tmp/sig" "$when" "$exe" run "$ex" -n 1000 -t 1 -q \
        --json "$tmp/sig/o.json" --report "$tmp/sig/o.html" 2>"$tmp/err"
    status=$?
    # killed (143), or done before the signal came (0)
    [ "$status" = 143 ] || [ "$status" = 0 ] && passed=$((passed + 1)) ||
        { echo "FAIL outputs-signal-$when: exit status $status"; failed=$((failed + 1)); }
    no_temporary "outputs-signal-$when" "$tmp/sig"
    [ "$(cat "$tmp/sig/o.json")" = old ] || python3 -m json.tool "$tmp/sig/o.json" >/dev/null &&
        passed=$((passed + 1)) || { echo "FAIL outputs-signal-$when: o.json cut"; failed=$((failed + 1)); }
    [ "$(cat "$tmp/sig/o.html")" = old ] || [ "$(tail -c 8 "$tmp/sig/o.html")" = '</html>' ] &&
        passed=$((passed + 1)) || { echo "FAIL outputs-signal-$when: o.html cut"; failed=$((failed + 1)); }
done
# The same when interrupted (SIGINT: 130) in its first output, the old one kept.
rm -f "$tmp/sig"/.dayafter-*
echo old >"$tmp/sig/o.json"
python3 - "$tmp/sig" "$exe" "$ex" "$tmp/sig/o.json" <<'END'
import os, signal, subprocess, sys
folder, exe, ex, out = sys.argv[1:]
p = subprocess.Popen([exe, "run", ex, "-n", "1000", "-t", "1", "-q", "--json", out],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while p.poll() is None:
    if any(n.startswith(".dayafter-") for n in os.listdir(folder)):
        p.send_signal(signal.SIGINT)
        break
sys.exit(128 - p.wait())
END
status_is outputs-signal-int 130 $?
no_temporary outputs-signal-int "$tmp/sig"
same outputs-signal-int "$tmp/sig/o.json" old

# run --csv DIR replaces its tables as a set: when one fails (series.csv, the largest, past a
# limit of 20 KiB), every old table is as it was, the message names the file, no temporary
# remains, and the folder's other files are left alone.
check outputs-csv 0 "$exe" run "$ex" -n 50 -t 1 -q --csv "$tmp/csv"
for f in "$tmp"/csv/*.csv; do echo "old $(basename "$f")" >"$f"; done
echo mine >"$tmp/csv/notes.txt"
(trap '' XFSZ && ulimit -f 20 && exec "$exe" run "$ex" -n 50 -t 1 -q --csv "$tmp/csv") >"$tmp/out" 2>"$tmp/err"
status_is outputs-csv-fails 1 $? &&
    expect outputs-csv-fails "$tmp/err" "^dayafter run: cannot write $tmp/csv/series.csv: File too large$"
for f in "$tmp"/csv/*.csv; do same outputs-csv-kept "$f" "old $(basename "$f")"; done
same outputs-csv-others "$tmp/csv/notes.txt" mine
no_temporary outputs-csv-fails "$tmp/csv"
check outputs-csv-replaced 0 "$exe" run "$ex" -n 50 -t 1 -q --csv "$tmp/csv" &&
    expect outputs-csv-replaced "$tmp/csv/series.csv" '^option,area,metric,day,' &&
    same outputs-csv-others "$tmp/csv/notes.txt" mine

# Two names of one output are refused before the run: a dangling symbolic link and the file
# it would make, and standard output by another name (/dev/stdout, /proc/self/fd/1), which is
# '-': the table is left out, as for '-', instead of running into the JSON.
mkdir "$tmp/names" && ln -s same.out "$tmp/names/link.out"
check outputs-dangling-link 2 "$exe" run "$ex" -n 10 -q --json "$tmp/names/same.out" --report "$tmp/names/link.out" &&
    expect outputs-dangling-link "$tmp/err" "^dayafter run: --json and --report both write $tmp/names/link.out: "
mkdir "$tmp/names/sub" && ln -s ../other.out "$tmp/names/sub/up.out"
check outputs-dangling-link-up 2 "$exe" run "$ex" -n 10 -q --json "$tmp/names/other.out" --report "$tmp/names/sub/up.out"
check outputs-dev-stdout 0 sh -c '"$0" run "$1" -n 10 --json /dev/stdout | cat' "$exe" "$ex" &&
    { python3 -m json.tool "$tmp/out" >/dev/null && passed=$((passed + 1)) ||
        { echo "FAIL outputs-dev-stdout: not JSON alone on standard output"; failed=$((failed + 1)); }; }
check outputs-proc-stdout 2 "$exe" run "$ex" -n 10 -q --json /dev/stdout --report /proc/self/fd/1 &&
    expect outputs-proc-stdout "$tmp/err" '^dayafter run: --json - and --report -: one output at most'

finish
