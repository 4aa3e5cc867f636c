#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The pictures of every reproducer in crashes/ (cidfuzz replay --svg and
# --html), checked by their structure (tests/check_picture.py): with its
# bug on, and one with the bug off (clean); and the same bytes twice.
# Needs python3 (no packages); without it this fails, it does not skip.
#   tests/test_pictures.sh CIDFUZZ SRCDIR
set -u
cidfuzz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null || { echo "test_pictures: python3 is missing"; exit 1; }
fail=0
for f in "$src"/crashes/*.sched; do
	base=$(basename "$f" .sched)
	slug=${base%%.*}
	"$cidfuzz" replay "$f" --bug "$slug" --svg "$tmp/$base.svg" \
		--html "$tmp/$base.html" >/dev/null
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "FAIL $base: replay exit $rc, want 1"
		fail=1
		continue
	fi
	if python3 "$src/tests/check_picture.py" "$f" "$tmp/$base.svg" "$tmp/$base.html"; then
		echo "ok   $base"
	else
		fail=1
	fi
done
f=$src/crashes/transit-task-to-cpu.sched
"$cidfuzz" replay "$f" --svg "$tmp/clean.svg" --html "$tmp/clean.html" >/dev/null ||
	{ echo "FAIL clean replay"; fail=1; }
python3 "$src/tests/check_picture.py" "$f" "$tmp/clean.svg" "$tmp/clean.html" --clean &&
	echo "ok   transit-task-to-cpu, bug off (clean)" || fail=1
"$cidfuzz" replay "$f" --bug transit-task-to-cpu --html "$tmp/again.html" >/dev/null
cmp -s "$tmp/again.html" "$tmp/transit-task-to-cpu.html" &&
	echo "ok   the same page twice" || { echo "FAIL html not deterministic"; fail=1; }
exit $fail
