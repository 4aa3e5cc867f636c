#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# What the campaign's engines cost (not a test), for docs/benchmarks.md
# and README.md: executions per second of each engine on the fixed
# target (one core, BUDGET seconds, seed 1: the generator in process,
# libFuzzer with the harness, uniform random schedules), and the wall
# time of the default campaign (`cidfuzz campaign`, every default target,
# as many at once as there are cores).
#
#   bench/engines.sh [BUDGET]     (default 30)
#
# Needs scripts/build.sh release fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
budget=${1:-30}
campaign_budget=()	# the default campaign's own (60 s a target)
bench_quick && budget=2 campaign_budget=(--max-time 2)
cidfuzz=build/release/cidfuzz
harness=build/fuzz/fuzzers/fuzz_fixed
bench_need "$cidfuzz" "$harness"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bench_header "engines (bench/engines.sh $budget)" "$cidfuzz" "$harness"
echo
for e in gen libfuzzer random; do
	execs=$("$cidfuzz" campaign --engine "$e" --targets fixed --max-time "$budget" --jobs 1 \
		--seed 1 --quiet --findings "$work/$e" | awk '$1 == "fixed" { print $5 }')
	[ -n "$execs" ] || { echo "$0: campaign --engine $e printed no row for fixed" >&2; exit 1; }
	echo "engines, $e on fixed: $execs executions in $budget s, $((execs / budget)) executions/s"
done
start=$(date +%s.%N)
verdict=$("$cidfuzz" campaign "${campaign_budget[@]}" --quiet --findings "$work/campaign" | tail -1 || true)
echo "campaign, default run: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }') s wall on $(nproc) cores${campaign_budget[*]:+ (${campaign_budget[*]})}: $verdict"
