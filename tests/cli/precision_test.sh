#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `run --precision P` and `run --mc-error` end to end: a run to a precision stops at the same
# count and writes the same JSON for 1 and 2 threads, the same JSON as `-n` of that count, and
# no earlier (the ceiling one block below it is not enough); a looser P stops sooner; the
# ceiling; a median at an even chance that never settles (docs/model.md, "Precision"); the
# JSON against its schema; the table's lines; and bad usage with its exact messages.
# Usage: precision_test.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

pass() { passed=$((passed + 1)); }
fail() {
    echo "FAIL $1"
    failed=$((failed + 1))
}

# field FILE EXPR: a value of the JSON in FILE, as Python prints it (d is the document).
field() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$1"; }

# body FILE: the JSON without its command line (which names the file) and its precision
# block (which only a run to a precision has).
body() { grep -v '"command_line"' "$1" | sed '/^  "precision": {$/,/^  },$/d; /^  "precision": null,$/d'; }

# The test scenario with its one even chance (partner_b comes with probability 0.5) made 0.4:
# a median at an even chance never settles (below), and this scenario's all do.
sed 's/^        probability: 0\.5$/        probability: 0.4/' "$ex" >"$tmp/s.yaml"
[ "$(diff "$ex" "$tmp/s.yaml" | grep -c '^>')" -eq 1 ] && pass ||
    fail "the test scenario's even chance: not exactly one line changed"

# The same stop and the same JSON for 1 and 2 threads.
for t in 1 2; do
    "$exe" run "$tmp/s.yaml" -q --precision 25 -t $t --json "$tmp/p$t.json" ||
        fail "run --precision 25 -t $t: exit status $?"
done
if cmp -s <(grep -v '"command_line"' "$tmp/p1.json") <(grep -v '"command_line"' "$tmp/p2.json"); then
    pass
else
    fail "precision-threads: the JSON of 1 and 2 threads differ"
fi
n=$(field "$tmp/p1.json" 'd["replications"]')
summary=$(field "$tmp/p1.json" '(d["precision"]["reached"], d["precision"]["replications"] == d["replications"], d["replications"] % 1000, d["precision"]["blocks"] * 1000 == d["replications"], d["precision"]["widest_pct"] <= 25)')
if [ "$n" -ge 2000 ] && [ "$summary" = "(True, True, 0, True, True)" ]; then
    pass
else
    fail "precision-25: $n replications, (reached, count, remainder, blocks, widest) $summary"
fi

# The same JSON as a run of that count, bit for bit (the command line and the precision block
# aside); and it stopped at the first block that was precise enough: with a ceiling one block
# lower, the same blocks are not. Checks of the numbers, by paths that the runs here already
# take: the optimized build's stage makes them, the sanitizers' (DAYAFTER_SANITIZER_STAGE)
# leaves them out.
if [ -z "${DAYAFTER_SANITIZER_STAGE:-}" ]; then
    "$exe" run "$tmp/s.yaml" -q -n "$n" -t 2 --json "$tmp/fixed.json" ||
        fail "run -n $n: exit status $?"
    if [ "$(field "$tmp/fixed.json" 'd["precision"]')" = None ] &&
        cmp -s <(body "$tmp/p1.json") <(body "$tmp/fixed.json"); then
        pass
    else
        fail "precision-same-as-fixed: --precision 25 differs from -n $n"
    fi

    "$exe" run "$tmp/s.yaml" -q --precision 25 -n $((n - 1000)) --json "$tmp/below.json"
    below=$(field "$tmp/below.json" '(d["precision"]["reached"], d["replications"], d["precision"]["widest_pct"] > 25)')
    [ "$below" = "(False, $((n - 1000)), True)" ] && pass ||
        fail "precision-first-block: with a ceiling of $((n - 1000)): $below"
fi

# A looser precision stops sooner.
"$exe" run "$tmp/s.yaml" -q --precision 50 --json "$tmp/loose.json"
loose=$(field "$tmp/loose.json" 'd["replications"]')
[ "$loose" -lt "$n" ] && pass || fail "precision-looser: --precision 50 ran $loose, --precision 25 $n"

# The ceiling: -n, reached or not, the last block cut short.
"$exe" run "$tmp/s.yaml" --precision 5 -n 2500 --json "$tmp/ceiling.json" >"$tmp/table"
ceiling=$(field "$tmp/ceiling.json" '(d["precision"]["reached"], d["replications"], d["precision"]["blocks"], d["precision"]["ceiling"])')
[ "$ceiling" = "(False, 2500, 3, 2500)" ] && pass || fail "precision-ceiling: $ceiling"
grep -q '^Precision: not reached within the ceiling of 2,500 replications (asked: +-5%):' \
    "$tmp/table" && pass || fail "precision-ceiling-table: $(grep '^Precision' "$tmp/table")"
"$exe" run "$tmp/s.yaml" --precision 50 >"$tmp/table"
grep -q '^Precision: after 1,000 replications (blocks of 1,000), every median' "$tmp/table" &&
    pass || fail "precision-table: $(grep '^Precision' "$tmp/table")"

# A median at an even chance: the multinational option's deployed_start_plus_365 is 8,000 or
# 5,000 as partner_b comes or not, and its interval keeps both: (8,000 - 5,000) / 8,000.
"$exe" run "$ex" -q --precision 10 -n 3000 --json "$tmp/even.json"
even=$(field "$tmp/even.json" '(d["precision"]["reached"], d["precision"]["worst_option"], d["precision"]["worst_metric"], d["precision"]["widest_pct"])')
[ "$even" = "(False, 'multinational', 'deployed_start_plus_365', 37.5)" ] && pass ||
    fail "precision-even-chance: $even"

# The JSON follows its schema.
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    for f in p1 ceiling even; do
        if /usr/bin/python3 -c 'import json,jsonschema,sys; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
            "$tmp/$f.json" "$root/docs/schema/run-output.schema.json"; then
            pass
        else
            fail "precision-schema: $f.json does not follow run-output.schema.json"
        fi
    done
else
    echo "SKIP precision-schema: python3-jsonschema is not installed"
fi

# --mc-error adds a row of intervals below each metric's; the default table has none.
"$exe" run "$ex" -n 300 --mc-error >"$tmp/mc"
"$exe" run "$ex" -n 300 >"$tmp/plain"
rows=$(grep -c "^  median's 95% interval" "$tmp/mc")
metric_rows=$(grep -cE '^(Start day|Incidents|Cost|Displaced, last day) ' "$tmp/mc")
if [ "$rows" -ge 20 ] && [ "$metric_rows" -eq 4 ] && ! grep -q "95% interval" "$tmp/plain" &&
    [ "$(grep -v "^  median's 95% interval" "$tmp/mc")" = "$(cat "$tmp/plain")" ]; then
    pass
else
    fail "mc-error-table: $rows interval rows; or the table differs beyond them"
fi
# An interval whose ends are written alike is its median, said as such: the multinational
# force's deployed strength on the last day, 0 in most runs, exactly; never "0-0".
if grep -q "^  median's 95% interval .* 0 (exactly)$" "$tmp/mc" &&
    ! grep -E "^  median's 95% interval" "$tmp/mc" | grep -qE '(^| )([^ ]+)-\2( |$)'; then
    pass
else
    fail "mc-error-alike: an interval of one value written as a range, or not said"
fi

# Bad usage: the exact message and exit status 2.
# usage_error NAME MESSAGE ARGS...: `dayafter run ARGS` fails with MESSAGE and the hint.
usage_error() {
    local name=$1 want=$2
    shift 2
    "$exe" run "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -eq 2 ] && [ "$(cat "$tmp/err")" = "$want
Try 'dayafter run --help'." ] && [ ! -s "$tmp/out" ]; then
        pass
    else
        fail "$name: exit status $got, message: $(cat "$tmp/err")"
    fi
}
# Decimal only, as in a scenario: strtod() also reads hexadecimal (0x10 was 16), 'inf' and
# leading spaces.
for p in 0 -1 abc 0.2 101 1e999 nan 5% 0x10 ' 5' inf 1e; do
    usage_error "precision-bad-$p" \
        "dayafter run: --precision: expected a percentage from 0.5 to 100, found '$p'" --precision "$p"
done
usage_error precision-missing "dayafter run: option '--precision' needs a value" --precision
usage_error precision-deterministic "dayafter run: --deterministic runs one replication at the central values, which has no Monte Carlo error: give it without --precision" \
    --deterministic --precision 5
for flag in --mc-error -m; do
    usage_error "mc-error-deterministic$flag" "dayafter run: --deterministic runs one replication at the central values, which has no Monte Carlo error: give it without --mc-error" \
        --deterministic "$flag"
done
# The bounds themselves are accepted.
"$exe" run "$tmp/s.yaml" -q --precision 100 -n 10 && "$exe" run "$tmp/s.yaml" -q --precision 0.5 -n 10 &&
    pass || fail "precision-bounds: 0.5 or 100 refused"

finish
