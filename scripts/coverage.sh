#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# How much of the model (impl/) the corpus runs: clang source-based
# coverage of `cidfuzz regress crashes corpus corpus/seeds` (every
# reproducer with its bug on and off, every corpus schedule) and of
# `cidfuzz replay crashes/<slug>[.*].sched --bug <slug>` for each
# reproducer, so that the code behind the bug switches counts.
#
#   scripts/coverage.sh [--tests] [--bugs]
#
#   --tests   also run the unit tests under coverage (ctest, but not the
#             fuzz builds' tests fuzz_smoke and cflite_build)
#   --bugs    also replay every corpus schedule with each bug switch on, one
#             at a time (any verdict: this reaches the switches' code that
#             no reproducer in crashes/ runs)
#
# Everything goes to build/coverage: the instrumented build, the raw and
# merged profiles (profiles/), the HTML reports (html/: impl/ only;
# html-all/: the whole project) and the text reports (report-*.txt,
# uncovered-*.txt). Printed last: one summary line for impl/ per set of
# runs (the corpus alone first), then the impl/ lines that the corpus
# leaves uncovered (file:first-last), and with --tests/--bugs those that
# stay uncovered with everything. Exit 77 when clang or the LLVM coverage
# tools (llvm-profdata, llvm-cov, of clang's version) are missing: set CC,
# LLVM_PROFDATA or LLVM_COV to choose them. Exit 1 when a run misbehaves
# (a reproducer without its violation, a corpus schedule not clean, a
# failing unit test): the reports are still written.
#
# A caveat for runs with a violation (the reproducers, --bugs, the unit
# tests' bug runs): a kernel path left stuck when the run stops (a
# livelock) never returns, but clang derives the counts of the code after
# a call, and of some else branches, from the counts before it, so such
# runs can mark a few lines covered that never ran. The corpus' clean runs
# have no stuck path.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
out=$src/build/coverage
with_tests=0
with_bugs=0

usage() { sed -n '9,15s/^# \{0,1\}//p' "$0"; }
for arg in "$@"; do
	case $arg in
	--tests) with_tests=1 ;;
	--bugs) with_bugs=1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "coverage.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
	esac
done

missing() {
	echo "coverage.sh: $1 not found. Install clang and llvm (Debian 12: apt-get install clang llvm, or clang-14 llvm-14; scripts/setup.sh does), or set CC, LLVM_PROFDATA, LLVM_COV" >&2
	exit 77
}

# The compiler, and the profile tools of the same LLVM version (the raw
# profile format changes between versions): llvm-profdata-14 next to
# clang-14 on Debian 12, else the LLVM tree, else the unversioned name
cc=${CC:-clang}
case $(basename "$cc") in clang|clang-[0-9]*) ;; *) cc=clang ;; esac	# not gcc
command -v "$cc" >/dev/null 2>&1 || missing "$cc"
command -v cmake >/dev/null 2>&1 || missing cmake
major=$("$cc" -dumpversion 2>/dev/null | cut -d. -f1)
find_tool() {	# name
	local t
	for t in "$1-$major" "/usr/lib/llvm-$major/bin/$1" "$1"; do
		if command -v "$t" >/dev/null 2>&1; then
			command -v "$t"
			return 0
		fi
	done
	return 1
}
profdata=${LLVM_PROFDATA:-$(find_tool llvm-profdata)} || missing "llvm-profdata (LLVM $major)"
llvmcov=${LLVM_COV:-$(find_tool llvm-cov)} || missing "llvm-cov (LLVM $major)"
command -v "$profdata" >/dev/null 2>&1 || missing "$profdata"
command -v "$llvmcov" >/dev/null 2>&1 || missing "$llvmcov"

jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)
mkdir -p "$out"
fail=0

# The build: Debug, because the project turns link-time optimization on
# for the other build types; -O1 for speed (clang inserts the counters
# before optimizing: the counts stay exact). Every target: the cidfuzz
# tool and the unit tests.
echo "== instrumented build ($(basename "$cc"), $(basename "$profdata"), $(basename "$llvmcov")) in build/coverage"
flags="-fprofile-instr-generate -fcoverage-mapping"
cmake -S "$src" -B "$out" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
	-DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DCMAKE_C_FLAGS="$flags" \
	-DCMAKE_EXE_LINKER_FLAGS="-fprofile-instr-generate" \
	-DCMAKE_SHARED_LINKER_FLAGS="-fprofile-instr-generate" \
	-DCMAKE_INTERPROCEDURAL_OPTIMIZATION=OFF -DCIDFUZZ_WERROR=OFF \
	-DCIDFUZZ_SANITIZE= -DCIDFUZZ_FUZZERS= >"$out/configure.log" 2>&1 || {
	tail -30 "$out/configure.log" >&2
	echo "coverage.sh: cmake configure failed (build/coverage/configure.log)" >&2
	exit 1
}
cmake --build "$out" -j "$jobs" >"$out/build.log" 2>&1 || {
	grep -E -A3 'error|Error' "$out/build.log" | head -40 >&2
	echo "coverage.sh: build failed (build/coverage/build.log)" >&2
	exit 1
}
cidfuzz=$out/cidfuzz

# Every process writes its own raw profile (%p: its pid); the tools run
# in build/coverage and temporary files go there too
prof=$out/profiles
rm -rf "$prof" "$out/tmp" "$out"/replay-*.txt "$out"/report-*.txt "$out"/uncovered-* \
	"$out/ctest.txt"
mkdir -p "$prof/corpus" "$prof/bugs" "$prof/tests" "$out/tmp"
export TMPDIR=$out/tmp
cd "$out"

echo "== corpus: cidfuzz regress crashes corpus corpus/seeds"
LLVM_PROFILE_FILE="$prof/corpus/regress-%p.profraw" \
	"$cidfuzz" regress "$src/crashes" "$src/corpus" "$src/corpus/seeds" \
	>"$out/regress.txt" 2>&1 || {
	fail=1
	grep -w FAIL "$out/regress.txt" >&2 || tail -5 "$out/regress.txt" >&2
}
tail -1 "$out/regress.txt"

echo "== crashes: cidfuzz replay <reproducer> --bug <slug>"
n=0
for f in "$src"/crashes/*.sched; do
	[ -e "$f" ] || continue
	name=$(basename "$f")
	slug=${name%%.*}
	rc=0
	LLVM_PROFILE_FILE="$prof/corpus/replay-%p.profraw" \
		"$cidfuzz" replay "$f" --bug "$slug" >"$out/replay-$name.txt" 2>&1 || rc=$?
	if [ "$rc" != 1 ]; then	# a reproducer shows its violation
		echo "coverage.sh: crashes/$name --bug $slug: exit $rc, wanted 1 (build/coverage/replay-$name.txt)" >&2
		fail=1
	fi
	n=$((n + 1))
done
echo "$n reproducers replayed with their bug"

if [ "$with_bugs" = 1 ]; then
	echo "== corpus with each bug switch: cidfuzz replay <schedule> --bug <slug>"
	slugs=$(LLVM_PROFILE_FILE="$out/tmp/bugs-%p.profraw" "$cidfuzz" bugs | awk '{ print $1 }')
	n=0
	violations=0
	for f in "$src"/corpus/*.sched "$src"/corpus/seeds/*.sched; do
		[ -e "$f" ] || continue
		for slug in $slugs; do
			rc=0
			LLVM_PROFILE_FILE="$prof/bugs/%p.profraw" \
				"$cidfuzz" replay "$f" --bug "$slug" >"$out/tmp/replay.txt" 2>&1 || rc=$?
			case $rc in
			0) ;;
			1) violations=$((violations + 1)) ;;
			*) echo "coverage.sh: ${f#"$src"/} --bug $slug: exit $rc" >&2
			   tail -3 "$out/tmp/replay.txt" >&2
			   fail=1 ;;
			esac
			n=$((n + 1))
		done
	done
	echo "$n replays, $violations with a violation"
fi

objects=("$cidfuzz")
if [ "$with_tests" = 1 ]; then
	echo "== unit tests: ctest (but not fuzz_smoke, cflite_build)"
	LLVM_PROFILE_FILE="$prof/tests/%p-%m.profraw" \
		ctest --test-dir "$out" -E '^(fuzz_smoke|cflite_build)$' -j "$jobs" --output-on-failure \
		>"$out/ctest.txt" 2>&1 || { fail=1; tail -30 "$out/ctest.txt" >&2; }
	grep -E 'tests passed|tests failed' "$out/ctest.txt" || true
	for t in "$out"/test_*; do
		if [ -f "$t" ] && [ -x "$t" ]; then objects+=("$t"); fi
	done
fi

echo "== merge, reports"
shopt -s nullglob
corpus_raw=("$prof"/corpus/*.profraw)
bugs_raw=("$prof"/bugs/*.profraw)
tests_raw=("$prof"/tests/*.profraw)
shopt -u nullglob
[ ${#corpus_raw[@]} -gt 0 ] || { echo "coverage.sh: no profile written (is the build instrumented?)" >&2; exit 1; }
"$profdata" merge -sparse -o "$prof/corpus.profdata" "${corpus_raw[@]}"
final=$prof/corpus.profdata
if [ "$with_bugs" = 1 ]; then
	"$profdata" merge -sparse -o "$prof/corpus-bugs.profdata" "${corpus_raw[@]}" "${bugs_raw[@]}"
	final=$prof/corpus-bugs.profdata
fi
if [ "$with_tests" = 1 ]; then
	"$profdata" merge -sparse -o "$prof/corpus-tests.profdata" "${corpus_raw[@]}" "${tests_raw[@]}"
	final=$prof/corpus-tests.profdata
fi
if [ "$with_tests" = 1 ] && [ "$with_bugs" = 1 ]; then
	"$profdata" merge -sparse -o "$prof/all.profdata" "${corpus_raw[@]}" "${bugs_raw[@]}" "${tests_raw[@]}"
	final=$prof/all.profdata
fi

# llvm-cov takes the first binary positionally, the others with -object.
# Its warnings go to build/coverage/llvm-cov.log (with --tests: "functions
# have mismatched data", the main() of each test binary, harmless).
cov() {
	"$llvmcov" "$@" 2>>"$out/llvm-cov.log" || {
		tail -20 "$out/llvm-cov.log" >&2
		echo "coverage.sh: llvm-cov $1 failed (build/coverage/llvm-cov.log)" >&2
		exit 1
	}
}
rm -f "$out/llvm-cov.log"
cov_objects=("${objects[0]}")
for o in "${objects[@]:1}"; do
	cov_objects+=(-object "$o")
done

# The one-line summary for impl/, from the TOTAL line of `llvm-cov report`
# (columns: regions, missed, cover, functions, missed, executed, lines,
# missed, cover, branches, missed, cover)
summary() {	# profdata report-name label
	cov report "${cov_objects[@]}" -instr-profile="$1" \
		-show-branch-summary "$src/impl" >"$out/report-$2.txt"
	awk -v label="$3" '
	function pct(miss, all) { return all ? sprintf("%.1f%%", 100 * (all - miss) / all) : "-" }
	$1 == "TOTAL" {
		printf "coverage of impl/ by %s: lines %s (%d/%d), branches %s (%d/%d), functions %s (%d/%d), regions %s (%d/%d)\n",
			label, pct($9, $8), $8 - $9, $8, pct($12, $11), $11 - $12, $11,
			pct($6, $5), $5 - $6, $5, pct($3, $2), $2 - $3, $2
	}' "$out/report-$2.txt"
}

# The impl/ lines never run, as file:first-last ranges (lines without
# code inside a range do not split it), sorted by file. From the line
# view of `llvm-cov show`, which merges the copies of a static inline
# function: its line counts if any copy ran. (`llvm-cov report` counts a
# header's lines per copy, so its missed-line figure can be a few higher.)
uncovered() {	# profdata output-file
	cov show "${cov_objects[@]}" -instr-profile="$1" -show-line-counts \
		-show-instantiations=false "$src/impl" >"$2.lines"
	awk -v root="$src/" '
	function flush() {
		if (first) {
			printf "  %s:%s\n", file, (first == last ? first : first "-" last)
			total += last - first + 1 - blank
		}
		first = 0; blank = 0
	}
	/^\/.*:$/ { flush(); file = substr($0, 1, length($0) - 1); sub("^" root, "", file); next }
	/^ *[0-9]+\|/ {
		split($0, f, "|")
		line = f[1] + 0; count = f[2]; gsub(/ /, "", count)
		if (count == "0") {
			if (!first) { first = line; blank = 0 }
			else blank += line - last - 1
			last = line
		} else if (count != "")
			flush()
	}
	END { flush(); print total + 0 > "/dev/stderr" }' "$2.lines" 2>"$2.count" |
		sort -t: -k1,1 -s >"$2"
}
print_uncovered() {	# file heading
	echo "$2 ($(cat "$1.count") lines):"
	if [ -s "$1" ]; then cat "$1"; else echo "  (none)"; fi
}

# The HTML reports (impl/; the whole project but the system headers), and
# the text report of the whole project
html_opts=(-format=html -show-line-counts-or-regions -show-branches=count
	-show-expansions -show-instantiation-summary)
rm -rf "$out/html" "$out/html-all"
cov show "${cov_objects[@]}" -instr-profile="$final" "${html_opts[@]}" \
	-output-dir="$out/html" "$src/impl"
cov show "${cov_objects[@]}" -instr-profile="$final" "${html_opts[@]}" \
	-output-dir="$out/html-all" -ignore-filename-regex='^/usr/'
cov report "${cov_objects[@]}" -instr-profile="$final" \
	-show-branch-summary -ignore-filename-regex='^/usr/' >"$out/report-all.txt"

lines=()
lines+=("$(summary "$prof/corpus.profdata" corpus "the corpus")")
uncovered "$prof/corpus.profdata" "$out/uncovered-corpus.txt"
if [ "$with_bugs" = 1 ]; then
	lines+=("$(summary "$prof/corpus-bugs.profdata" corpus-bugs "the corpus, also with each bug switch")")
fi
if [ "$with_tests" = 1 ]; then
	lines+=("$(summary "$prof/corpus-tests.profdata" corpus-tests "the corpus and the unit tests")")
fi
if [ "$with_tests" = 1 ] && [ "$with_bugs" = 1 ]; then
	lines+=("$(summary "$prof/all.profdata" all "the corpus with each bug switch and the unit tests")")
fi
if [ "$final" != "$prof/corpus.profdata" ]; then
	uncovered "$final" "$out/uncovered-all.txt"
fi

end=$(date +%s)
cd "$src"
echo "reports: build/coverage/html/index.html (impl/), build/coverage/html-all/index.html (everything), build/coverage/report-*.txt; $((end - start)) s"
echo
printf '%s\n' "${lines[@]}"
print_uncovered "$out/uncovered-corpus.txt" "impl/ lines not covered by the corpus"
if [ "$final" != "$prof/corpus.profdata" ]; then
	print_uncovered "$out/uncovered-all.txt" "impl/ lines not covered by any of these runs"
fi
exit $fail
