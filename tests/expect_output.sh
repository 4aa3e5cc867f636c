#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run a command and require both its exit code and a line of its output
# (ctest's PASS_REGULAR_EXPRESSION alone ignores the exit code: a run that
# printed the line and then crashed would pass):
#   expect_output.sh EXIT REGEX COMMAND [ARG]...
# Exit 0 if COMMAND exits EXIT and a line of its output (stdout and
# stderr) matches the extended regular expression REGEX; else 1, with
# the end of the output.
[ $# -ge 3 ] || { echo "usage: expect_output.sh EXIT REGEX COMMAND [ARG]..."; exit 2; }
want=$1
regex=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
rc=$?
if [ "$rc" = "$want" ] && grep -Eq -- "$regex" "$out"; then
	grep -E -m1 -- "$regex" "$out"
	echo "ok: exit $rc and the line above"
	exit 0
fi
tail -20 "$out"
if [ "$rc" != "$want" ]; then
	echo "FAIL: exit $rc, wanted $want"
else
	echo "FAIL: no line matches '$regex'"
fi
exit 1
