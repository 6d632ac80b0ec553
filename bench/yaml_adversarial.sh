#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The loader against hostile files (issue 13): writes each adversarial shape of
# bench/yaml_adversarial.py (1 MiB each: many keys, duplicate keys, aliases of a huge key or
# value, "did you mean" among many ids, deep nesting, cycles, the whole-scenario checks, the
# "# source:" notes) and times `dayafter validate` on it, best of ROUNDS runs. Each must take
# under LIMIT seconds: a shape that takes longer on a larger file than in proportion is
# quadratic somewhere. Prints shape, bytes, seconds and dayafter's exit status (2: the file's
# problems were reported, 0: valid; 124: killed after TIMEOUT seconds); exits 1 when a shape
# is over LIMIT. Usage: bench/yaml_adversarial.sh [BUILD_DIR or BINARY] (default: build-bench,
# a release build). SIZE (bytes, default 1048576), ROUNDS (3), LIMIT (0.2), TIMEOUT (60).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-$root/build-bench}
if [ -x "$target" ] && [ ! -d "$target" ]; then
    exe=$target # a binary given as it is: an older build, to compare
else
    if [ ! -f "$target/build.ninja" ]; then
        meson setup "$target" "$root" --buildtype=release -Db_lto=true -Dtests=false >/dev/null
    fi
    ninja -C "$target" >/dev/null
    exe=$target/dayafter
fi
size=${SIZE:-1048576}
rounds=${ROUNDS:-3}
limit=${LIMIT:-0.2}
timeout_s=${TIMEOUT:-60}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo "dayafter $("$exe" --version | cut -d' ' -f2), $(date -u +%Y-%m-%d), best of $rounds runs"
python3 "$root/bench/yaml_adversarial.py" "$dir" "$size" >"$dir/shapes"

# seconds FILE: the wall seconds of one validation, then its exit status.
seconds() {
    local start end status=0
    start=$(date +%s.%N)
    timeout "$timeout_s" "$exe" validate --quiet "$1" >/dev/null 2>&1 || status=$?
    end=$(date +%s.%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') $status"
}

printf "%-20s %10s %9s %6s\n" shape bytes seconds exit
over=0
while read -r shape; do
    file=$dir/$shape.yaml
    best=
    for _ in $(seq "$rounds"); do
        read -r s status < <(seconds "$file")
        if [ -z "$best" ] || awk -v s="$s" -v b="$best" 'BEGIN { exit !(s < b) }'; then
            best=$s
        fi
        [ "$status" = 124 ] && break # no second wait for a run that was killed
    done
    mark=
    if awk -v s="$best" -v l="$limit" 'BEGIN { exit !(s >= l) }'; then
        mark="  over $limit s"
        over=$((over + 1))
    fi
    printf "%-20s %10s %9s %6s%s\n" "$shape" "$(wc -c <"$file")" "$best" "$status" "$mark"
done <"$dir/shapes"
if [ "$over" -gt 0 ]; then
    echo "$over shape(s) over $limit s"
    exit 1
fi
echo "every shape under $limit s"
