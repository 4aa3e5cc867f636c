#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# cidfuzz-testtree: the command line on the model tree
# (tests/kernel-tree/model: impl/'s newest mm_cid code in a kernel tree's
# layout), through the extractor, the shim, the tree's layout of the view
# and the simulator (view/mm_layout_tree.h) and function entries as stop
# points. Every schedule of corpus/ and crashes/ has the verdict on it
# that cidfuzz has on impl/ with no bug switch, to the step: clean, and a
# reproducer clean without its bug. Bug switches and profiles refused.
cidfuzz=$1
tree=$2
src=$3
. "$(dirname "$0")/lib.sh"

# The last line (the verdict) of a replay, and its exit code
verdict() {	# binary file [options]
	bin=$1; f=$2; shift 2
	"$bin" replay "$f" "$@" >"$tmp/out" 2>"$tmp/err"
	echo "$? $(tail -n 1 "$tmp/out")"
}

for f in "$src"/corpus/*.sched "$src"/crashes/*.sched; do
	name=$(basename "$(dirname "$f")")/$(basename "$f")
	model=$(verdict "$cidfuzz" "$f")
	on_tree=$(verdict "$tree" "$f")
	case $on_tree in
	"0 verdict: clean ("*) ;;
	*) bad "$name: not clean on the tree: $on_tree"; continue ;;
	esac
	case $name in
	crashes/split-mode-fields.sched)
		# stops in mm_cid_write_mode() and flushes mm0.percpu: the
		# model's own function and field, no stop point on a tree
		case $on_tree in
		*" 3 skipped"*) ok "$name: clean, its 2 model-only events skipped" ;;
		*) bad "$name: wanted 3 skipped events on the tree: $on_tree" ;;
		esac
		continue ;;
	esac
	if [ "$model" = "$on_tree" ]; then
		ok "$name: $on_tree"
	else
		bad "$name: cidfuzz: $model; the tree: $on_tree"
	fi
done

# A reproducer: its bug on impl/ (March), none of it in the tree's code
f=$src/crashes/unset-transit-oob.sched
case $(verdict "$cidfuzz" "$f" --kernel march) in
"1 verdict: VIOLATION I9 "*) ok "unset-transit-oob: I9 on impl/ with --kernel march" ;;
*) bad "unset-transit-oob: no I9 on impl/ with --kernel march" ;;
esac

# The bug switches mean nothing on a tree: refused, exit 2, the reason
for opt in "--bug unset-transit-oob" "--kernel march" "--no-bug vfork-budget"; do
	# shellcheck disable=SC2086
	got=$(verdict "$tree" "$f" $opt)
	if [ "${got%% *}" = 2 ] &&
	   grep -q "^cidfuzz-tree: ${opt%% *}: this binary runs the mm_cid code of the kernel tree .*tests/kernel-tree/model" "$tmp/err"; then
		ok "replay $opt refused"
	else
		bad "replay $opt: $got; $(cat "$tmp/err")"
	fi
done
"$tree" regress >"$tmp/out" 2>"$tmp/err"
if [ $? = 2 ] && grep -q "^cidfuzz-tree: regress: not on a kernel tree's code" "$tmp/err"; then
	ok "regress refused by a tree binary"
else
	bad "regress not refused by a tree binary: $(cat "$tmp/err")"
fi

# The campaign on a tree: not AFL++, the fixed targets only (libFuzzer's
# harnesses of the tree: test_tree_campaign.sh)
for args in "--engine afl" "--targets fork-visibility" \
	    "--targets kernel-march" "--kernel march"; do
	# shellcheck disable=SC2086
	"$tree" campaign $args --findings "$tmp/f" >"$tmp/out" 2>"$tmp/err"
	if [ $? = 2 ] && grep -q "^cidfuzz-tree" "$tmp/err"; then
		ok "campaign $args refused by a tree binary"
	else
		bad "campaign $args on a tree binary: $(cat "$tmp/err")"
	fi
done
"$tree" campaign --engine gen --max-time 1 --jobs 1 --findings "$tmp/f" >"$tmp/out" 2>"$tmp/err"
if [ $? = 0 ] && grep -q "^cidfuzz campaign: gen, " "$tmp/out" &&
   grep -q "^fixed-weak  *tree " "$tmp/out" && grep -q "^as expected" "$tmp/out" &&
   ! grep -q "^kernel-\|^fork-visibility" "$tmp/out"; then
	ok "campaign on a tree: gen on fixed and fixed-weak, as expected"
else
	bad "campaign on a tree: $(cat "$tmp/out" "$tmp/err")"
fi

# --kernel-tree DIR: a tree binary takes its own tree and no other; cidfuzz
# says what is wrong with a tree it cannot build (the extractor's lines)
f=$src/corpus/vfork-exec.sched
if [ "$(verdict "$tree" "$f" --kernel-tree "$src/tests/kernel-tree/model")" = \
     "$(verdict "$cidfuzz" "$f")" ]; then
	ok "--kernel-tree naming the binary's own tree"
else
	bad "--kernel-tree naming the binary's own tree"
fi
got=$(verdict "$tree" "$f" --kernel-tree "$src/tests/kernel-tree/tree")
if [ "${got%% *}" = 2 ] && grep -q "^cidfuzz-tree: --kernel-tree .*: this binary runs the tree " "$tmp/err"; then
	ok "--kernel-tree naming another tree refused by a tree binary"
else
	bad "--kernel-tree naming another tree: $got; $(cat "$tmp/err")"
fi
got=$(verdict "$cidfuzz" "$f" --kernel-tree "$tmp/none")
if [ "${got%% *}" = 2 ] && grep -q "^cidfuzz: --kernel-tree $tmp/none: cannot read it" "$tmp/err"; then
	ok "--kernel-tree of a missing folder: exit 2"
else
	bad "--kernel-tree of a missing folder: $got; $(cat "$tmp/err")"
fi
cp -r "$src/tests/kernel-tree/model" "$tmp/broken"
rm "$tmp/broken/kernel/sched/sched.h"
got=$(CIDFUZZ_TREE_BUILDS=$tmp/builds verdict "$cidfuzz" "$f" --kernel-tree "$tmp/broken")
if [ "${got%% *}" = 2 ] &&
   grep -q "kerneltree: $tmp/broken/kernel/sched/sched.h: cannot read it" "$tmp/err" &&
   grep -q "^cidfuzz: --kernel-tree $tmp/broken: the mm_cid code of the tree is not built" "$tmp/err" &&
   [ ! -s "$tmp/out" ]; then
	ok "--kernel-tree of a tree without sched.h: the extractor's line, exit 2"
else
	bad "--kernel-tree of a broken tree: $got; $(cat "$tmp/err")"
fi

# drift: its errors (the comparison itself needs a tree's build: see
# docs/kernel-tree.md for the runs on the real trees)
drift() {	# name command...
	name=$1; shift
	CIDFUZZ_TREE_BUILDS=$tmp/builds "$@" >"$tmp/out" 2>"$tmp/err"
	if [ $? = 2 ] && [ -s "$tmp/err" ]; then
		ok "$name: exit 2"
	else
		bad "$name: not exit 2 with a message"
	fi
}
drift "drift without --kernel-tree" "$cidfuzz" drift
drift "drift --kernel nosuch" "$cidfuzz" drift --kernel-tree "$src/tests/kernel-tree/model" --kernel nosuch
drift "drift of a missing folder" "$cidfuzz" drift --kernel-tree "$tmp/none"
drift "drift of a tree without sched.h" "$cidfuzz" drift --kernel-tree "$tmp/broken"
grep -q "kerneltree: $tmp/broken/kernel/sched/sched.h: cannot read it" "$tmp/err" &&
	ok "drift of a broken tree: the extractor's line" ||
	bad "drift of a broken tree: no extractor line"
drift "drift on a tree binary" "$tree" drift --kernel-tree "$src/tests/kernel-tree/model"
grep -q "^cidfuzz-tree: drift: run cidfuzz drift" "$tmp/err" &&
	ok "drift on a tree binary: says to run cidfuzz" ||
	bad "drift on a tree binary: $(cat "$tmp/err")"

# Determinism: the same schedule twice, the same bytes (the trace too)
"$tree" replay "$src/corpus/seed-per-cpu-switch.sched" --trace >"$tmp/a" 2>&1
"$tree" replay "$src/corpus/seed-per-cpu-switch.sched" --trace >"$tmp/b" 2>&1
if grep -q "^verdict: clean" "$tmp/a" && cmp -s "$tmp/a" "$tmp/b"; then
	ok "a trace on the tree is the same bytes twice"
else
	bad "a trace on the tree differs between two runs"
fi

finish
