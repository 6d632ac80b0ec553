#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Where the time goes, by the clock, one replication at a time against a block of lanes: perf's
# software clock (cpu-clock, which needs no hardware counters, so it works in virtual machines
# that have none) samples `dayafter run` on one thread, ROUNDS times each way in turn, and the
# samples of each function are summed over the rounds. It prints, for the built-in gaza and the
# format example, each way's total and the functions whose samples moved most between them.
# Instructions (bench/instructions.sh) say what a change saves in work; this says what it saves
# in time, which cache misses and mispredicted branches decide as much. Each function is also
# counted in its part of the model, where a kernel meets the scalar steps it replaces. The
# machine's drift falls on both ways within a round, but the totals still moved by several
# percent from one call to the next on this project's machines (a single run by 40% on a bad
# day): read each part's share of its way's samples, which a slowdown of the whole run leaves
# as it is, more than the counts.
# Needs perf. Usage: bench/clock.sh [BUILD_DIR] (default: build-rel, a release build without
# link-time optimization, whose functions keep their own names); LANES (default 8), ROUNDS
# (default 3) and TOP (rows, default 12) from the environment.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-rel}
lanes=${LANES:-8}
rounds=${ROUNDS:-3}
top=${TOP:-12}
command -v perf >/dev/null || { echo "bench/clock.sh: perf is not installed" >&2; exit 2; }
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null
exe=$build/dayafter
echo "dayafter $("$exe" --version | cut -d' ' -f2), $(git -C "$root" rev-parse --short HEAD)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date +%F)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# samples LANES FILE ARGS...: appends "samples function" lines of `dayafter ARGS` to FILE.
samples() {
    local n=$1 file=$2
    shift 2
    DAYAFTER_LANES=$n perf record -q -e cpu-clock -F 4000 -o "$out/perf.data" \
        "$exe" "$@" -q -t 1 >/dev/null 2>"$out/log" || { cat "$out/log" >&2; exit 1; }
    perf report -i "$out/perf.data" --stdio --sort symbol -n 2>/dev/null |
        awk '!/^#/ && NF > 3 && $3 == "[.]" { print $2, $4 }' >>"$file"
}

# case: a name and the arguments (sizes of a few seconds a run)
cases=("gaza|run -n 1500" "example|run $root/tests/data/example.yaml -n 6000")
for c in "${cases[@]}"; do
    IFS='|' read -r name args <<<"$c"
    : >"$out/one"
    : >"$out/block"
    for _ in $(seq "$rounds"); do
        # shellcheck disable=SC2086 # the arguments are split into words on purpose
        samples 1 "$out/one" $args
        # shellcheck disable=SC2086
        samples "$lanes" "$out/block" $args
    done
    echo
    awk -v name="$name" -v lanes="$lanes" -v top="$top" '
        # The model part of a function, so that a kernel and the scalar steps it replaces meet
        # on one row.
        function part(f) {
            if (f ~ /^(security_|access_|uniforms_|draw_day_uniforms|rng_|inversion_)/)
                return "security and its draws"
            if (f ~ /^(humanitarian_|deliver_|trucks_)/) return "deliveries and trucks"
            if (f ~ /^(funding_|income_|top_up_)/) return "money"
            if (f ~ /^force_/) return "force"
            if (f ~ /^(reconstruction_|world_pop_mean|rebuild_|finish_)/) return "reconstruction"
            if (f ~ /^(record_|band_|sketch_|squares_|replication_flush|capture_)/)
                return "records and weekly series"
            if (f ~ /^(option_days|run_option|day_|days_begin|lockstep_)/) return "the day loop"
            if (f ~ /^milestones_/) return "milestones"
            return "the rest"
        }
        FNR == 1 { way++ }
        {
            s[way, $2] += $1; total[way] += $1; seen[$2] = 1
            p = part($2); ps[way, p] += $1; parts[p] = 1
        }
        END {
            printf "%s: %d samples one at a time, %d in blocks of %d lanes (%+.1f%%)\n", name,
                total[1], total[2], lanes, 100 * (total[2] - total[1]) / total[1]
            printf "  %-28s %8s %6s %8s %6s %8s\n", "part", "one", "share", "lanes", "share",
                "change"
            for (p in parts)
                printf "  %-28s %8d %5.1f%% %8d %5.1f%% %+8d\n", p, ps[1, p],
                    100 * ps[1, p] / total[1], ps[2, p], 100 * ps[2, p] / total[2],
                    ps[2, p] - ps[1, p] | "sort"
            close("sort")
            printf "  %-34s %10s %10s %8s\n", "function", "one", "lanes", "change"
            n = 0
            for (f in seen) { d[++n] = s[2, f] - s[1, f]; name_of[n] = f }
            # the largest changes either way: a plain selection over a few hundred functions
            for (row = 0; row < top && row < n; row++) {
                best = 0
                for (i = 1; i <= n; i++) {
                    size = d[i] < 0 ? -d[i] : d[i]
                    if (!(i in used) && (best == 0 || size > best_size)) { best = i; best_size = size }
                }
                used[best] = 1
                f = name_of[best]
                printf "  %-34s %10d %10d %+8d\n", f, s[1, f], s[2, f], d[best]
            }
        }' "$out/one" "$out/block"
done
