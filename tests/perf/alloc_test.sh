#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# No allocation in the replication loop: the heap allocations (calls to malloc, calloc and
# realloc) of the built-in scenario's run at 50 and at 600 replications (more than one block of
# weekly series, 128), on 1 and 2 threads, must be as many: every buffer is set up before the
# loop. They are counted by glibc's libmemusage.so (the library behind memusage(1)), preloaded:
# it counts every call at the program's own speed, where valgrind's memcheck took two minutes.
# Skipped (77) where the C library has no libmemusage.so. Usage: alloc_test.sh DAYAFTER
set -u
exe=$1

# calls CMD...: the allocations of CMD, summed from libmemusage's summary on stderr (its rows
# "malloc|", "realloc|" and "calloc|", the count of calls first; the colours taken out); empty
# when any of the three rows is missing.
calls() {
    LD_PRELOAD=libmemusage.so "$@" 2>&1 >/dev/null | sed 's/\x1b\[[0-9;]*m//g' |
        awk '$1 == "malloc|" || $1 == "realloc|" || $1 == "calloc|" { n += $2; rows++ }
             END { if (rows == 3) print n }'
}
[ -n "$(calls "$exe" --version)" ] || { echo "libmemusage.so not found: skipped"; exit 77; }

failed=0
for t in 1 2; do
    few=$(calls "$exe" run -q -n 50 -t "$t")
    many=$(calls "$exe" run -q -n 600 -t "$t")
    if [ -z "$few" ] || [ -z "$many" ]; then
        echo "FAIL $t thread(s): libmemusage.so gave no summary"
        failed=1
    elif [ "$few" != "$many" ]; then
        echo "FAIL $t thread(s): $few allocations at 50 replications, $many at 600"
        failed=1
    elif [ "$few" -lt 100 ]; then
        echo "FAIL $t thread(s): only $few allocations counted: is the count the program's?"
        failed=1
    else
        echo "ok $t thread(s): $few allocations at 50 and at 600 replications"
    fi
done
exit $failed
