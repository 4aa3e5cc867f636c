#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Every figure of README.md and docs/, measured again: runs each command
# that docs/figures.md names (once each, in its order), finds each
# figure's lines in the output and writes a dated table of the value in
# the doc beside the new one, bench/results/YYYY-MM-DD.md (with --quick,
# YYYY-MM-DD-quick.md); the raw outputs go to bench/results/raw/ (not
# committed). Exit 1 if a script failed or did not print a figure's line.
#
#   bench/all.sh [--quick] [--only SCRIPT,...] [--no-build] [--continue NAME]
#
#   --quick      tiny budgets (BENCH_QUICK=1): proves that every script
#                runs and prints its lines, in minutes; the values mean
#                nothing
#   --only       the commands of these scripts only (e.g. explore.sh)
#   --no-build   do not run scripts/build.sh release fuzz afl tsan first
#   --continue NAME  go on with the run NAME (e.g. 2026-12-06): keep its
#                outputs of the commands that exited 0, run the others,
#                write the table of all of them (a run in parts, e.g.
#                when a working session cannot spare two hours)
#
# The full run takes about two hours on two idle cores (the switching
# scope of bench/verify.sh about one of them; docs/figures.md) and wants
# a machine nobody else uses. BENCH_RESULTS=DIR: the
# table and the raw outputs go there instead of bench/results.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
quick=
only=
build=1
cont=
usage() { sed -n '10,21s/^# \{0,1\}//p' "$0"; }
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--only) only=${2:?--only SCRIPT,...}; shift ;;
	--no-build) build= ;;
	--continue) cont=${2:?--continue NAME}; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "bench/all.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

map=docs/figures.md
name=${cont:-$(date -u +%F)${quick:+-quick}}
results=${BENCH_RESULTS:-bench/results}
raw=$results/raw/$name
result=$results/$name.md
if [ -n "$cont" ]; then
	[ -d "$raw" ] || { echo "bench/all.sh: no run $raw to continue" >&2; exit 2; }
else
	rm -rf "$raw"
	mkdir -p "$raw"
fi

# The map's rows as tab-separated fields: doc, figure, value in the doc,
# date measured, command (empty: not re-measured), line keys (joined
# by |)
rows=$raw/rows.tsv
awk '
function spans(s,   out, t) {	# the `code` spans of a cell, joined by |
	out = ""
	while (match(s, /`[^`]*`/)) {
		t = substr(s, RSTART + 1, RLENGTH - 2)
		out = out (out == "" ? "" : "|") t
		s = substr(s, RSTART + RLENGTH)
	}
	return out
}
/^\| / && !/^\| doc, section \|/ && !/^\|---/ {
	line = $0
	sub(/^\|/, "", line)
	sub(/\|[ \t]*$/, "", line)
	n = split(line, c, "|")
	for (i = 1; i <= n; i++)
		gsub(/^ +| +$/, "", c[i])
	if (n != 6) { print FILENAME ":" NR ": expected 6 cells, found " n > "/dev/stderr"; bad = 1; next }
	cmd = c[5] ~ /^`/ ? spans(c[5]) : ""
	sub(/\|.*/, "", cmd)
	printf "%s\t%s\t%s\t%s\t%s\t%s\n", c[1], c[2], c[3], c[4], cmd, spans(c[6])
}
END { exit bad }' "$map" >"$rows"

if [ -n "$build" ]; then
	echo "== scripts/build.sh release fuzz afl tsan"
	scripts/build.sh release fuzz afl tsan
fi

# Run each command once; its output in $raw/N.txt, its exit code in N.rc
cut -f5 "$rows" | awk 'NF && !seen[$0]++' >"$raw/commands.new"
if [ -n "$cont" ] && ! cmp -s "$raw/commands" "$raw/commands.new"; then
	echo "bench/all.sh: docs/figures.md names other commands than the run $name did; start a new run" >&2
	rm -f "$raw/commands.new"
	exit 2
fi
mv "$raw/commands.new" "$raw/commands"
n=0
failed=0
while IFS= read -r cmd; do
	n=$((n + 1))
	script=$(printf '%s\n' "$cmd" | grep -o 'bench/[a-z_]*\.sh' | head -1)
	if [ -n "$cont" ] && [ "$(cat "$raw/$n.rc" 2>/dev/null)" = 0 ]; then
		echo "== [$n/$(wc -l <"$raw/commands")] $cmd: kept from the run before"
		continue
	fi
	if [ -n "$only" ] && ! printf ',%s,' "$only" | grep -q ",$(basename "$script"),"; then
		echo skipped >"$raw/$n.rc"
		continue
	fi
	start=$(date +%s)
	rc=0
	BENCH_QUICK=$quick bash -c "$cmd" >"$raw/$n.txt" 2>"$raw/$n.err" </dev/null || rc=$?
	echo "$rc" >"$raw/$n.rc"
	echo "== [$n/$(wc -l <"$raw/commands")] $cmd: exit $rc, $(($(date +%s) - start)) s"
	if [ "$rc" != 0 ]; then
		failed=$((failed + 1))
		tail -5 "$raw/$n.err" | sed 's/^/   /'
	fi
done <"$raw/commands"

# The lines of FILE that start with KEY (blanks squeezed): KEY then a
# blank, a colon or the end, or KEY ending in a colon; what follows KEY
lines_of() {	# file key
	sed 's/[[:space:]]\{1,\}/ /g; s/^ //; s/ $//' "$1" | awk -v k="$2" '
	index($0, k) == 1 {
		rest = substr($0, length(k) + 1)
		if (rest == "" || rest ~ /^[ :]/ || k ~ /:$/) {
			sub(/^[ :]+/, "", rest)
			print rest
		}
	}'
}

joined() {	# the lines of stdin as one, "; " between them
	awk '{ printf "%s%s", (NR > 1 ? "; " : ""), $0 }'
}

missing=0
{
	echo "# Figures measured $(date -u +%F)${quick:+ (QUICK: tiny budgets, the values mean nothing)}"
	echo
	echo "\`bench/all.sh${quick:+ --quick}${only:+ --only $only}${cont:+ --continue $cont}\`, following docs/figures.md; raw outputs in $raw/."
	echo
	bench_header "bench/all.sh" | sed 's/^== /    /'
	echo
	echo "| command | exit | measured | compilers |"
	echo "|---|---|---|---|"
	i=0
	while IFS= read -r cmd; do
		i=$((i + 1))
		cc= at=
		if [ -e "$raw/$i.txt" ]; then
			cc=$(sed -n 's/^== compiler: //p' "$raw/$i.txt" | joined)
			at=$(sed -n 's/^== \(20[0-9-]* [0-9:]* UTC, cidfuzz .*\)$/\1/p' "$raw/$i.txt" | head -1)
		fi
		echo "| \`$cmd\` | $(cat "$raw/$i.rc") | ${at:--} | ${cc:--} |"
	done <"$raw/commands"
	echo
	echo "| doc, section | figure | in the doc (measured) | now | printed by |"
	echo "|---|---|---|---|---|"
	while IFS=$'\t' read -r doc fig old when cmd keys; do
		if [ -z "$cmd" ]; then
			now="not re-measured (history)"
		else
			i=$(grep -nxF -- "$cmd" "$raw/commands" | cut -d: -f1)
			rc=$(cat "$raw/$i.rc")
			if [ "$rc" = skipped ]; then
				now="not run (--only)"
			elif [ "$rc" != 0 ]; then
				now="**the script failed (exit $rc)**"
			else
				now=""
				IFS='|' read -ra ks <<<"$keys"
				for k in "${ks[@]}"; do
					v=$(lines_of "$raw/$i.txt" "$k" | joined)
					if [ -z "$v" ]; then
						v="**NOT PRINTED**"
						echo "bench/all.sh: \`$cmd\` printed no line \`$k\` ($doc: $fig)" >&2
						missing=$((missing + 1))
					fi
					[ ${#ks[@]} -gt 1 ] && v="${k%:}: $v"
					now="$now${now:+ / }$v"
				done
			fi
		fi
		printf '| %s | %s | %s (%s) | %s | %s |\n' "$doc" "$fig" "$old" "$when" \
			"$(printf '%s' "$now" | sed 's/|/\\|/g')" "${cmd:+\`$cmd\`}"
	done <"$rows"
} >"$result" 2>"$raw/missing.txt"
echo "$missing" >"$raw/missing.count"
cat "$raw/missing.txt" >&2

echo "== $result: $(wc -l <"$rows") figures; $failed script(s) failed, $(cat "$raw/missing.count") figure line(s) not printed"
[ "$failed" = 0 ] && [ "$(cat "$raw/missing.count")" = 0 ]
