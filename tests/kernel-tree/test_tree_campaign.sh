#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The libFuzzer campaign on a kernel tree's code: `campaign --kernel-tree
# DIR` on the model tree (tests/kernel-tree/model: impl/'s newest code in
# a kernel tree's layout) builds the harnesses of the fixed code with
# clang against the tree's code (build/tree-<hash>-fuzz under BUILDS),
# the tree's unit with libFuzzer's coverage instrumentation, brings them
# up to date when one is missing, and runs them: a few seconds, nothing
# but known findings (the model tree is the newest code). A missing
# harness is a clear error, exit 2.
#   test_tree_campaign.sh CIDFUZZ-TESTTREE SOURCE_DIR BUILDS
# Exit 0: passed; 1: failed; 77 (skipped) without clang's libFuzzer. With
# CIDFUZZ_NO_SKIP=1 in the environment (CI: .ci/run) that is a failure.
set -u
tree=$1
src=$2
builds=$3
model=$src/tests/kernel-tree/model
. "$(dirname "$0")/lib.sh"

echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' >"$tmp/probe.c"
clang -fsanitize=fuzzer -o "$tmp/probe" "$tmp/probe.c" 2>/dev/null || {
	echo "no clang with libFuzzer: the tree's harnesses cannot be built"
	[ "${CIDFUZZ_NO_SKIP:-}" = 1 ] && { echo "FAIL: CIDFUZZ_NO_SKIP=1: no skipping"; exit 1; }
	exit 77; }

# A harness gone since the last run is built again (the build is brought
# up to date every time, as cidfuzz-tree is)
rm -f "$builds"/tree-*-fuzz/fuzzers/fuzz_fixed-weak

CIDFUZZ_TREE_BUILDS=$builds "$tree" campaign --kernel-tree "$model" --max-time 2 \
	--jobs 2 --seed 1 --findings "$tmp/f" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 0 ] && grep -q "^cidfuzz campaign: libfuzzer, " "$tmp/out" &&
   grep -q "^on the mm_cid code of the kernel tree $model " "$tmp/out" &&
   grep -q "^as expected: nothing but known findings on the code of the kernel tree $model" "$tmp/out"; then
	ok "campaign --kernel-tree: libfuzzer by default, as expected"
else
	bad "campaign --kernel-tree: exit $rc; $(cat "$tmp/out" "$tmp/err")"
fi
for t in fixed fixed-weak; do
	execs=$(awk -v t="$t" '$1 == t && $2 == "tree" && $3 == "no" { print $5 }' "$tmp/out")
	if [ "${execs:-0}" -gt 0 ] 2>/dev/null &&
	   grep -q "^Done [0-9]* runs" "$tmp/f/.work/libfuzzer-$t/log"; then
		ok "$t: the tree's harness ran libFuzzer, $execs executions, nothing found"
	else
		bad "$t: no run of the tree's harness: $(cat "$tmp/out" "$tmp/f/.work/libfuzzer-$t/log")"
	fi
done

# The harnesses are the tree's: its core.c is in their debug lines (the
# extractor's #line), and its unit has the coverage instrumentation impl/'s code has in
# build/fuzz (-fsanitize=fuzzer-no-link)
dir=$(ls -d "$builds"/tree-*-fuzz 2>/dev/null | head -n 1)
for t in fixed fixed-weak; do
	if [ -x "$dir/fuzzers/fuzz_$t" ] && grep -q "kernel-tree/model/kernel/sched/core.c" "$dir/fuzzers/fuzz_$t"; then
		ok "fuzz_$t built for the tree in $dir"
	else
		bad "fuzz_$t: not built for the tree in ${dir:-$builds}"
	fi
done
unit=$(find "$dir" -name mmcid_tree.c.o -path "*cidfuzz_impl_tree_unit*" | head -n 1)
if [ -n "$unit" ] && nm "$unit" 2>/dev/null | grep -q "__sanitizer_cov_trace"; then
	ok "the tree's unit is instrumented for libFuzzer's coverage"
else
	bad "the tree's unit ${unit:-(none)}: no libFuzzer coverage instrumentation"
fi

# A missing harness: a clear error, exit 2
mkdir "$tmp/empty"
"$tree" campaign --kernel-tree "$model" --fuzzers "$tmp/empty" --max-time 1 \
	--findings "$tmp/g" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 2 ] && grep -q "^cidfuzz campaign: no harness $tmp/empty/fuzz_fixed" "$tmp/err"; then
	ok "a missing harness: exit 2, named"
else
	bad "a missing harness: exit $rc; $(cat "$tmp/err")"
fi

# No clang: the harnesses do not build, a clear error, exit 2 (cmake
# alone on the PATH, in a build folder of its own)
mkdir "$tmp/bin"
ln -s "$(command -v cmake)" "$tmp/bin/cmake"
PATH=$tmp/bin CIDFUZZ_TREE_BUILDS=$tmp/nb "$tree" campaign --kernel-tree "$model" \
	--max-time 1 --findings "$tmp/h" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 2 ] && grep -q "^cidfuzz-tree campaign: no libFuzzer harness of the tree" "$tmp/err" &&
   grep -q "^cidfuzz: --kernel-tree $model: the mm_cid code of the tree is not built" "$tmp/err"; then
	ok "no clang: the harnesses not built, exit 2, said"
else
	bad "no clang: exit $rc; $(cat "$tmp/err")"
fi

finish
