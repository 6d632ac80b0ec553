#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, validate: valid files, standard input, several files, and located
# messages. Usage: validate.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# validate
check validate-example 0 "$exe" validate "$ex" &&
    expect validate-example "$tmp/out" 'example.yaml: valid: Test scenario, two districts (2 areas, 5 milestones, 2 options, 3 donors; 20 uncertain inputs, 6 of them chances)'
# Counts from 1,000 are grouped on the valid line as in the summary below it ("1001 areas" was
# written above "Areas (1,001)"): 1,000 more milestones, each after a day or two.
python3 - "$ex" "$tmp/many.yaml" <<'PY'
import sys
text = open(sys.argv[1]).read()
more = "".join("  - {id: m%04d, delay_days: {dist: uniform, min: 1, max: 2}}\n" % i for i in range(1000))
open(sys.argv[2], "w").write(text.replace("milestones:\n", "milestones:\n" + more, 1))
PY
check validate-many 0 "$exe" validate "$tmp/many.yaml" &&
    expect validate-many "$tmp/out" 'many.yaml: valid: Test scenario, two districts (2 areas, 1,005 milestones, 2 options, 3 donors; 1,020 uncertain inputs, 6 of them chances)'
check validate-quiet 0 "$exe" validate --quiet "$ex" && [ ! -s "$tmp/out" ] &&
    passed=$((passed + 1)) || { echo "FAIL validate-quiet: printed something"; failed=$((failed + 1)); }
# An option that no milestone holds back starts on day 0, said so ("starts when day 0" was).
check validate-summary-day-0 0 "$exe" validate --summary - < <(sed '/^    starts_when: \[approval\]$/d' "$ex") &&
    expect validate-summary-day-0 "$tmp/out" '^  local_force      Force raised locally: starts on day 0; force spread by need'
check validate-summary 0 "$exe" validate --summary "$ex" &&
    expect validate-summary "$tmp/out" '^Milestones (5)$' &&
    expect validate-summary "$tmp/out" 'partner_a  *contingent of 5,000 from EG, probability 70%' &&
    expect validate-summary "$tmp/out" '^                       vets at most 150 a day; vetting takes 21 days; pay \$25 a person-day' &&
    expect validate-summary "$tmp/out" '^                       recruiting from 60 days after the start; vets at most 60 a day; vetting takes 30 days;'
# One day is "1 day".
sed 's/lead_time_days: {dist: pert, min: 30, mode: 60, max: 150}/lead_time_days: 1/' "$ex" >"$tmp/one_day.yaml"
check validate-summary-one-day 0 "$exe" validate --summary "$tmp/one_day.yaml" &&
    expect validate-summary-one-day "$tmp/out" 'partner_a  *contingent of 5,000 from EG, probability 70%, lead time 1 day$'
# Each area's land area and population density, and all areas' (docs/scenario.md, area_km2),
# at the central values, which the first line says where a population or land area is
# uncertain: the north's land area made uncertain in a copy of the test scenario.
check validate-summary-density 0 "$exe" validate --summary "$ex" &&
    expect validate-summary-density "$tmp/out" '^  1m people in all, on 170 km2: 5,882 people per km2$' &&
    expect validate-summary-density "$tmp/out" '^  north  *Northern district: population 400,000, 60 km2 (6,667 people per km2), displaced 80%' &&
    expect validate-summary-density "$tmp/out" '^  south  *Southern district: population 600,000, 110 km2 (5,455 people per km2), displaced 50%'
sed 's/^    area_km2: 60$/    area_km2: {dist: uniform, min: 40, max: 90}/' "$ex" >"$tmp/land.yaml"
check validate-summary-density-uncertain 0 "$exe" validate --summary "$tmp/land.yaml" &&
    expect validate-summary-density-uncertain "$tmp/out" '^  1m people in all, on 175 km2: 5,714 people per km2 (densities at the central values)$' &&
    expect validate-summary-density-uncertain "$tmp/out" '^  north  *Northern district: population 400,000, 65 \[uniform(40, 90)\] km2 (6,154 people per km2), displaced 80%'
# The summary shows every part of the file that changes a run: each milestone's effects and
# lapse, the security and humanitarian settings, crossings and cargo, reconstruction's sectors,
# returns, the pledges' lags, spreads and options, the funding order, the constraints, the
# centers and the sources' terms (the v2 test scenario has each).
v2=$root/tests/data/v2-example.yaml
check validate-summary-v2 0 "$exe" validate --summary "$v2" &&
    expect validate-summary-v2 "$tmp/out" '^no troops from US$' &&
    expect validate-summary-v2 "$tmp/out" '^    while it holds: areas.north.security_baseline = 0.4$' &&
    expect validate-summary-v2 "$tmp/out" '^    while it holds: security.spoiler_incidents_per_100k_day x 0.4 \[uniform(0.2, 0.6)\]$' &&
    expect validate-summary-v2 "$tmp/out" '^    lapses with probability 30%, 180 \[uniform(60, 300)\] days after it is reached; recovers with probability 50% after 45 \[pert(14, 45, 180)\] days$' &&
    expect validate-summary-v2 "$tmp/out" '^    lapses with probability 10%, 365 days after it is reached; never recovers$' &&
    expect validate-summary-v2 "$tmp/out" 'each lowering security by 0.002 per 100,000 people; initial operating capability at coverage 80%$' &&
    expect validate-summary-v2 "$tmp/out" '^  standards: 15 litres of water and 0.6 kg of food a person a day, 18 beds per 10,000; at least 30% of aid gets through' &&
    expect validate-summary-v2 "$tmp/out" '^    600 trucks a day from approval$' &&
    expect validate-summary-v2 "$tmp/out" "^  each day's trucks: 50% food, 15% water, 10% medical, 10% shelter, 15% materials$" &&
    expect validate-summary-v2 "$tmp/out" '^Reconstruction (3)$' &&
    expect validate-summary-v2 "$tmp/out" '^  housing  *80,000 units damaged, \$40k a unit, 120 days to build, at most 60 units a day, 60 tonnes a unit; a unit houses 6 people$' &&
    expect validate-summary-v2 "$tmp/out" '^  0.125% \[uniform(0.0005, 0.002)\] of the displaced a day go home, from ceasefire, where security is at least 30%$' &&
    expect validate-summary-v2 "$tmp/out" '^    \$300m for any purpose, from ceasefire, probability 100%, 14 days later, over 365 days, for multinational only$' &&
    expect validate-summary-v2 "$tmp/out" '^  flexible money tops up humanitarian, security then reconstruction in that order$' &&
    expect validate-summary-v2 "$tmp/out" '^    regional_center  *training center: 600 seats, 70-day course, 10% wash out; opens 45 days after partners_commit, \$9k a trainee$' &&
    expect validate-summary-v2 "$tmp/out" '^  *pay \$50 a person-day; comes only once partners_commit; tours of 365 days, relieved in place; serves south only$' &&
    expect validate-summary-v2 "$tmp/out" '^  *pay \$50 a person-day, by its country; tours of 365 days, relieved in place$'
# An observation of some sources' strength says which: not the whole option's. Its values are
# written as the outputs write its quantity: a count, a share, money, a day.
check validate-summary-from 0 "$exe" validate --summary "$root/tests/data/observed-example.yaml" &&
    expect validate-summary-from "$tmp/out" '^  day 300: deployed, multinational, from partner_a = 4,800; ' &&
    expect validate-summary-from "$tmp/out" '^  day 120: deployed, local_force = 9,000; ' &&
    expect validate-summary-from "$tmp/out" '^  day 200: coverage in south, multinational = 40% to 60%; ' &&
    expect validate-summary-from "$tmp/out" '^  day 364: cost_total_usd, local_force = \$1.2bn; ' &&
    expect validate-summary-from "$tmp/out" '^  milestone approval reached on day 150 to 170 (out of sample); '
# What shapes every run beside the inputs' ranges: the correlations between them, day 0's date
# and the days checked.
{ cat "$ex"; printf 'correlations:\n  - between: [milestones.ceasefire.delay_days, milestones.approval.delay_days]\n    rank: 0.8\n'; } >"$tmp/corr.yaml"
check validate-summary-correlations 0 "$exe" validate --summary "$tmp/corr.yaml" &&
    expect validate-summary-correlations "$tmp/out" '^Rank correlations (1)$' &&
    expect validate-summary-correlations "$tmp/out" '^  milestones.ceasefire.delay_days and milestones.approval.delay_days: 0.8$'
check validate-summary-days 0 "$exe" validate --summary "$root/scenarios/gaza.yaml" &&
    expect validate-summary-days "$tmp/out" '^day 0 is 2024-03-28$' &&
    expect validate-summary-days "$tmp/out" '^strength checked on days 365, 730, 1,094$'
# A noun agrees with the number written before it: "1 truck", "1 day", "1 person", "1 of them
# a chance", but "1.5 days"; whole numbers carry thousands separators everywhere, as in
# "1,150 days" (the horizon, the days checked and observed, an observation's values). The
# whole summary, so that a slip anywhere in it shows.
cat >"$tmp/want" <<'EOF'
summary-ones.yaml: valid: One of each (1 area, 1 milestone, 1 option, 1 donor; 2 uncertain inputs, 1 of them a chance)
One of each
horizon 2,127 days; 1 replication and seed 1 by default; 2 uncertain inputs
strength checked on days 100, 1,500

Areas (1)
  1 person in all, on 1 km2: 1 person per km2
  city             The city: population 1, 1 km2 (1 person per km2), displaced 50%, security 30%, risk 1

Milestones (1)
  approval               after the start, then 1 [uniform(0.5, 1.5)] day; probability 50%
    lapses with probability 100%, 1 day after it is reached; recovers with probability 100% after 1 day

Security and humanitarian settings
  required strength 10 per 1,000 inhabitants x risk; security follows its target in 1 day
  1 incident a day per 100,000 people x risk x (1 - security), each lowering security by 0.002 per 100,000 people; initial operating capability at coverage 100%
  standards: 1 litre of water and 1 kg of food a person a day, 1 bed per 10,000; at least 0% of aid gets through, whatever the security
  1 truck a day at first, 1 tonne each, $1 a truck
    1 truck a day from approval
  each day's trucks: 100% food, 0% water, 0% medical, 0% shelter, 0% materials

Reconstruction (2)
  from the start, in areas with security of at least 30%; 1 tonne of materials a day besides the trucks'
  housing          1 unit damaged, $1 a unit, 1 day to build, at most 1 unit a day, 1 tonne a unit; a unit houses 1 person
  health           1 unit damaged, $1 a unit, 1.5 days to build, at most 1 unit a day, 1 tonne a unit; a unit gives 1 hospital bed

Donors (1)
  un               UN
    $1 for any purpose, from approval, probability 100%, 1 day later, over 1.5 days
  flexible money tops up humanitarian, security then reconstruction in that order

Options (1)
  police           Local police: starts when approval; force spread by need
    academy            training center: 1 seat, 1-day course, 0% wash out; opens 1 day after the option's start
    existing           pool of 1, vetting pass rate 100%, trained at academy
                       pay $1 a person-day
    visitors           contingent of 1 from XX, probability 100%, lead time 1 day
                       tours of 1 day, then leaves

Observations (what happened, to score the runs against) (1)
  day 1,500: deployed = 3,200 to 3,600 (out of sample); One source
EOF
check validate-summary-ones 0 "$exe" validate --summary "$root/tests/data/summary-ones.yaml" &&
    sed '1s|^.*/summary-ones.yaml: |summary-ones.yaml: |' "$tmp/out" >"$tmp/got" &&
    { cmp -s "$tmp/want" "$tmp/got" && passed=$((passed + 1)) ||
        { echo "FAIL validate-summary-ones:"; diff "$tmp/want" "$tmp/got"; failed=$((failed + 1)); }; }
# A value above 0 never reads as 0: an area of one square metre, a pledge spread over 10^-6
# days (the model pays it over 1 day, docs/model.md section 7), a fraction of a truck, a
# thousandth of a cent; each gets its significant digits.
sed 's/^    area_km2: 1$/    area_km2: 1e-6/; s/spread_days: 1.5/spread_days: 1e-6/; s/cost_per_truck_usd: 1$/cost_per_truck_usd: 0.0001/; s/^      trucks_per_day: 1$/      trucks_per_day: 0.4/; s/^  shock: 0.002$/  shock: 2.5e-7/' \
    "$root/tests/data/summary-ones.yaml" >"$tmp/tiny.yaml"
check validate-summary-tiny 0 "$exe" validate --summary "$tmp/tiny.yaml" &&
    expect validate-summary-tiny "$tmp/out" '^  1 person in all, on 1e-6 km2: 1m people per km2$' &&
    expect validate-summary-tiny "$tmp/out" '^  city  *The city: population 1, 1e-6 km2 (1m people per km2), displaced 50%' &&
    expect validate-summary-tiny "$tmp/out" 'each lowering security by 2.5e-7 per 100,000 people;' &&
    expect validate-summary-tiny "$tmp/out" '^  1 truck a day at first, 1 tonne each, \$1e-4 a truck$' &&
    expect validate-summary-tiny "$tmp/out" '^    0.4 trucks a day from approval$' &&
    expect validate-summary-tiny "$tmp/out" '^    \$1 for any purpose, from approval, probability 100%, 1 day later, over 1e-6 days$'
check validate-stdin 0 "$exe" validate - <"$ex" && expect validate-stdin "$tmp/out" '^<stdin>: valid: '
check validate-stdin-twice 2 "$exe" validate - "$ex" - <"$ex" &&
    expect validate-stdin-twice "$tmp/err" "^dayafter validate: '-' (standard input) is given 2 times; it can be read once$"
"$exe" example gaza-2026 >"$tmp/g.yaml"
check validate-builtin 0 "$exe" validate "$tmp/g.yaml" "$root/scenarios/gaza.yaml"
check validate-none 2 "$exe" validate && expect validate-none "$tmp/err" 'no scenario file given'
check validate-missing 2 "$exe" validate "$tmp/nope.yaml" &&
    expect validate-missing "$tmp/err" "nope.yaml:1:1: cannot open the file: No such file or directory"
printf 'dayafter: 1\nname: [x\n' >"$tmp/broken.yaml"
check validate-mixed 2 "$exe" validate "$ex" "$tmp/broken.yaml" &&
    expect validate-mixed "$tmp/out" 'example.yaml: valid' &&
    expect validate-mixed "$tmp/err" 'broken.yaml:3:1: YAML syntax error'
printf 'name: [x\n' | { check validate-stdin-bad 2 "$exe" validate - &&
    expect validate-stdin-bad "$tmp/err" '^<stdin>:2:1: YAML syntax error'; }
# The problem's line and a caret under what it is about (--context, or a terminal), from the
# text the loader kept: standard input cannot be read again. A pipe without --context gets
# the message lines alone, for scripts and editors.
sed 's/^seed: .*/seed: -1/' "$ex" >"$tmp/seed.yaml"
seed_line=$(grep -n '^seed: -1$' "$tmp/seed.yaml" | cut -d: -f1)
printf '<stdin>:%s:7: seed: expected a whole number from 0 to 18446744073709551615, found -1\n  seed: -1\n        ^~\n' \
    "$seed_line" >"$tmp/want"
check validate-context-stdin 2 "$exe" validate --context - <"$tmp/seed.yaml" &&
    { cmp -s "$tmp/want" "$tmp/err" && passed=$((passed + 1)) ||
        { echo "FAIL validate-context-stdin:"; diff "$tmp/want" "$tmp/err"; failed=$((failed + 1)); }; }
# A byte order mark before line 1 is not a column: the caret is under the 7 (it was one
# column left, under the space), and the mark is not shown.
printf '\357\273\277dayafter: 7\nname: x\n' >"$tmp/bom.yaml"
printf '%s:1:11: dayafter: unsupported format version 7; this dayafter reads format 1\n  dayafter: 7\n            ^\n' \
    "$tmp/bom.yaml" >"$tmp/want"
check validate-context-bom 2 "$exe" validate --context "$tmp/bom.yaml" &&
    { cmp -s "$tmp/want" "$tmp/err" && passed=$((passed + 1)) ||
        { echo "FAIL validate-context-bom:"; diff "$tmp/want" "$tmp/err"; failed=$((failed + 1)); }; }
check validate-no-context-in-pipes 2 "$exe" validate - <"$tmp/seed.yaml" &&
    { [ "$(wc -l <"$tmp/err")" -eq 1 ] && passed=$((passed + 1)) ||
        { echo "FAIL validate-no-context-in-pipes: more than the message"; failed=$((failed + 1)); }; }
printf 'dayafter: 1\r\nname: x\r\nbogus_key: 1\r\n' >"$tmp/crlf.yaml"
check validate-context-crlf 2 "$exe" validate --context "$tmp/crlf.yaml" &&
    expect validate-context-crlf "$tmp/err" '^  bogus_key: 1$' &&
    expect validate-context-crlf "$tmp/err" '^  ^~~~~~~~~$'
check validate-dir 2 "$exe" validate "$tmp" && expect validate-dir "$tmp/err" 'cannot read the file: Is a directory'
head -c 17000000 /dev/zero | tr '\0' '#' >"$tmp/huge.yaml"
check validate-huge 2 "$exe" validate "$tmp/huge.yaml" &&
    expect validate-huge "$tmp/err" 'huge.yaml:1:1: the file is too large (17000000 bytes)'

# A user's scenario with five different mistakes gets five located messages.
cd "$root/tests/bad" && check five-mistakes 2 "$exe" validate five-mistakes.yaml
lines=$(wc -l <"$tmp/err")
if [ "$lines" -eq 5 ] && [ "$(grep -c '^five-mistakes.yaml:[0-9]*:[0-9]*: ' "$tmp/err")" -eq 5 ]; then
    passed=$((passed + 1))
else
    echo "FAIL five-mistakes: expected 5 located messages, got:"
    cat "$tmp/err"
    failed=$((failed + 1))
fi
cd - >/dev/null || exit 1

# What cannot be written to standard output fails validate (status 1) with the reason, as
# other commands' outputs do; a problem of a file still outranks it (status 2).
check_closed validate-closed 1 "$exe" validate "$ex" &&
    expect validate-closed "$tmp/err" '^dayafter validate: cannot write standard output: Bad file descriptor$'
check_closed validate-summary-closed 1 "$exe" validate --summary "$ex" &&
    expect validate-summary-closed "$tmp/err" '^dayafter validate: cannot write standard output: Bad file descriptor$'
check_broken_pipe validate-summary-pipe 1 "$exe" validate --summary "$ex" &&
    expect validate-summary-pipe "$tmp/err" '^dayafter validate: cannot write standard output: Broken pipe$'
check_closed validate-closed-and-bad 2 "$exe" validate "$ex" "$tmp/broken.yaml" &&
    expect validate-closed-and-bad "$tmp/err" '^dayafter validate: cannot write standard output: Bad file descriptor$'
if has_full validate-summary-full; then
    check validate-summary-full 1 sh -c '"$0" validate --summary "$1" >/dev/full' "$exe" "$ex" &&
        expect validate-summary-full "$tmp/err" '^dayafter validate: cannot write standard output: No space left on device$'
fi
check validate-bundled-unknown 2 "$exe" validate -xq "$ex" &&
    expect validate-bundled-unknown "$tmp/err" "^dayafter validate: unknown option '-x'$"

finish
