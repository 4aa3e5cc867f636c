#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The no-false-positive benchmark (not a test): CPU_SECONDS of campaign
# CPU time (default one CPU-hour) over every target whose code is
# believed correct, and the count of what it reported there.
#
# The targets: the newest code on sequential and on weak memory (fixed,
# fixed-weak), and every switch that `cidfuzz bugs` lists with no
# invariant ("-": a change that fixed no bug, or a variant that is
# correct); the old kernel profiles have no fixed code of their own
# (their code less their bugs is the newest code).
#
# The budget is CPU time, not wall time, so the figure holds on a loaded
# machine: rounds of ROUND seconds per target (a fresh engine seed each
# round, --keep-going) run until the campaigns' processes have used
# CPU_SECONDS of user+system time, as the shell's `times` reports them.
#
# A violation on these targets is either a known finding of the newest
# code (docs/findings.md: a real kernel path, not a false alarm; named
# below) or unexplained. The goal is 0 unexplained and no crash of
# cidfuzz; the script exits 1 otherwise.
#
#   bench/no_false_positives.sh [CPU_SECONDS] [ROUND]   (default 3600 120)
#   JOBS=2 (engines at once; default: the cores)
#
# Needs scripts/build.sh (release, fuzz). Findings of each round in
# bench/nfp.last/round-N (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
budget=${1:-3600}
round=${2:-120}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cidfuzz=build/release/cidfuzz
keep=bench/nfp.last
rm -rf "$keep"
mkdir -p "$keep"

correct=$("$cidfuzz" bugs | awk '$2 ~ /^(bug|change|variant)$/ && $3 == "-" {print $1}')
targets=$(echo fixed fixed-weak $correct | tr ' ' ',')

bench_header "no false positives (bench/no_false_positives.sh $budget $round)" "$cidfuzz" build/fuzz/fuzzers/fuzz_fixed
echo "== targets: $targets"
echo "== budget: $budget CPU-seconds, rounds of $round s per target, $jobs at once"
echo

# CPU seconds of the children a subshell waited for: `times`' second line
child_cpu()
{
	awk 'NR == 2 {
		n = split($0, f, " ")
		for (i = 1; i <= n; i++) {
			split(f[i], ms, "m"); sub("s", "", ms[2])
			s += ms[1] * 60 + ms[2]
		}
		printf "%.1f\n", s
	}'
}

used=0
n=0
start=$(date +%s)
while awk -v u="$used" -v b="$budget" 'BEGIN { exit !(u < b) }'; do
	n=$((n + 1))
	dir=$keep/round-$n
	cpu=$( (
		"$cidfuzz" campaign --targets "$targets" --keep-going \
			--max-time "$round" --jobs "$jobs" --seed "$n" --json \
			--findings "$dir" >"$dir.json" 2>"$dir.err" || true
		times
	) | child_cpu)
	used=$(awk -v u="$used" -v c="$cpu" 'BEGIN { printf "%.1f", u + c }')
	echo "round $n: $cpu CPU-s (total $used of $budget, $(( $(date +%s) - start )) s wall)"
done
echo

# Sum the rounds' JSON per target
python3 - "$keep" "$n" <<'EOF'
import json, os, sys
keep, rounds = sys.argv[1], int(sys.argv[2])
tot = {}
bad = 0
for r in range(1, rounds + 1):
    path = f"{keep}/round-{r}.json"
    try:
        res = json.load(open(path))
    except (OSError, ValueError) as e:
        print(f"round {r}: no result ({e}): counted as a failure")
        bad += 1
        continue
    for t in res["targets"]:
        a = tot.setdefault(t["target"], dict(execs=0, unexplained=0, known=0,
                                             crashes=0))
        a["execs"] += t["executions"]
        a["unexplained"] += t["distinct_violations"] + t["newest"]
        a["known"] += t["known"]
        a["crashes"] += 1 if t.get("cidfuzz_crashed") else 0
print(f"{'target':20} {'executions':>12} {'unexplained':>12} {'known':>6} {'crashes':>8}")
for name, a in tot.items():
    print(f"{name:20} {a['execs']:>12,} {a['unexplained']:>12} {a['known']:>6} {a['crashes']:>8}")
    bad += a["unexplained"] + a["crashes"]
known = sorted({f for r in range(1, rounds + 1)
                for d, _, fs in os.walk(f"{keep}/round-{r}")
                for f in fs if f.startswith("known-") and f.endswith(".sched")})
print("known findings seen (docs/findings.md):", ", ".join(known) or "none")
print(f"verdict: {'clean' if not bad else 'NOT clean'}: {bad} unexplained "
      "violations, crashes or failed rounds")
sys.exit(1 if bad else 0)
EOF
