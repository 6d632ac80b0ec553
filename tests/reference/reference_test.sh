#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# dayafter against a second implementation of the model (model.py, written from the reference
# model's text, not from dayafter's code), in deterministic mode: first model.py against the
# golden figures of the test scenario, which a third implementation computed; then both on the
# test scenarios, the built-in ones and 120 random scenarios (scenarios.py, fixed seeds, half of
# them with times on multiples of 10), each of which must validate. Any difference fails, with
# the quantity and both values. Usage: reference_test.sh DAYAFTER SOURCE_ROOT
set -u
exe=$1
root=$2
here=$(cd "$(dirname "$0")" && pwd)
# A Python with PyYAML (Debian's python3-yaml, which scripts/deps installs).
py=""
for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import yaml' 2>/dev/null; then
        py=$candidate
        break
    fi
done
if [ -z "$py" ]; then
    echo "no python3 with PyYAML: run scripts/deps"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$py" "$here/golden.py" "$root/tests/data/example.yaml" "$root/tests/data/example.deterministic.json" ||
    fail=1
# In the sanitizers' stage (scripts/test, DAYAFTER_SANITIZER_STAGE) the first 20 of each: the
# optimized build's stage compares all of them, and model.py's half of the work (the same in
# both stages) would there only repeat it; the sanitizers look for memory errors on the paths
# the random scenarios take, as lanes-random's do too.
random=60
[ -n "${DAYAFTER_SANITIZER_STAGE:-}" ] && random=20
"$py" "$here/scenarios.py" "$tmp/random" "$random" 7 || fail=1
"$py" "$here/scenarios.py" "$tmp/ties" "$random" 23 ties || fail=1
for f in "$tmp"/random/*.yaml "$tmp"/ties/*.yaml; do
    "$exe" validate "$f" >/dev/null || { echo "FAIL $f does not validate"; fail=1; }
done
"$exe" example gaza >"$tmp/gaza.yaml" && "$exe" example gaza-2026 >"$tmp/gaza-2026.yaml" || fail=1
"$py" "$here/compare.py" "$exe" "$root/tests/data/example.yaml" "$root/tests/data/v2-example.yaml" \
    "$root/tests/data/observed-example.yaml" "$tmp/gaza.yaml" "$tmp/gaza-2026.yaml" \
    "$tmp"/random/*.yaml "$tmp"/ties/*.yaml || fail=1
exit $fail
