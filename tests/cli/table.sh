#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, the comparison table at 60 to 200 columns, every number the
# JSON's. Usage: table.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# The table at 60, 80, 120 and 200 columns, of both built-in scenarios and of five options
# with long ids: no line wider, and every number the JSON's as the formats write it
# (check_table.py parses them back).
# 300 replications; fewer on a build several times slower (the sanitizers', DAYAFTER_SLOWDOWN):
# the table's layout does not depend on their number.
n=$((300 / ${DAYAFTER_SLOWDOWN:-1}))
"$exe" example gaza-2026 >"$tmp/gaza-2026.yaml"
for scenario in gaza "$tmp/gaza-2026.yaml" "$root/tests/cli/five-options.yaml" \
    "$root/scenarios/history/kosovo-1999.yaml" "$root/scenarios/history/east-timor-1999.yaml"; do
    file=$scenario
    [ "$scenario" = gaza ] && file=""
    for width in 60 80 120 200; do
        name="table-$(basename "$scenario" .yaml)-$width"
        # shellcheck disable=SC2086 # $file is one word or none
        check "$name" 0 env COLUMNS="$width" "$exe" run $file -n "$n" --json "$tmp/table.json"
        if python3 "$root/tests/cli/check_table.py" "$tmp/out" "$tmp/table.json" "$width"; then
            passed=$((passed + 1))
        else
            echo "FAIL $name: the table does not fit, or does not say what the JSON does"
            failed=$((failed + 1))
        fi
    done
done

finish
