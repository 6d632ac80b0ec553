#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# No allocation in the replication loop: valgrind counts the heap allocations of the built-in
# scenario's run at 50 and at 600 replications (more than one block of weekly series, 512),
# on 1 and 2 threads. The counts must be equal: every buffer is set up before the loop.
# Skipped (77) without valgrind. Usage: alloc_test.sh DAYAFTER
set -u
exe=$1
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed: skipped"; exit 77; }

# allocs N T: the number of heap allocations of `dayafter run -n N -t T` (memcheck's heap
# summary; without its checks of undefined values, which this test does not read and which
# cost a tenth of its time).
allocs() {
    valgrind --undef-value-errors=no "$exe" run -q -n "$1" -t "$2" 2>&1 >/dev/null |
        sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}

failed=0
for t in 1 2; do
    few=$(allocs 50 "$t")
    many=$(allocs 600 "$t")
    if [ -z "$few" ] || [ -z "$many" ]; then
        echo "FAIL $t thread(s): valgrind gave no heap summary"
        failed=1
    elif [ "$few" != "$many" ]; then
        echo "FAIL $t thread(s): $few allocations at 50 replications, $many at 600"
        failed=1
    else
        echo "ok $t thread(s): $few allocations at 50 and at 600 replications"
    fi
done
exit $failed
