#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run cidfuzz-stress and expect a finding, not a clean run:
#   stress_expect.sh livelock STRESS ARGS...  the watchdog reports a livelock,
#                                             exit 1
#   stress_expect.sh race STRESS ARGS...      ThreadSanitizer reports a data race
#                                             on the access made plain (schedin's
#                                             read of the mode, --plain-access),
#                                             exit 66 (TSan's exit code)
#   stress_expect.sh i9 STRESS ARGS...        VIOLATION I9 for a bit number with
#                                             TRANSIT in it (--transit-bit-nr), exit 1,
#                                             a run that ends (verdict line) and no
#                                             sanitizer report: the access was skipped
# The stress run stops at its first finding; the arguments bound the time.
want=$1
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
rc=$?
# (the exit code too: a crash after the report is no finding)
case $want in
livelock) pattern='^LIVELOCK: ' where='^verdict: .*livelock' code=1 ;;
race) pattern='WARNING: ThreadSanitizer: data race' where='mm_cid_read_mode' code=66 ;;
i9) pattern='^VIOLATION I9: ' where='clear_bit(0x2[0-9a-f]*) in mm_drop_cid: bit number carries MM_CID_TRANSIT,' code=1 ;;
*) echo "usage: stress_expect.sh livelock|race|i9 STRESS ARGS..."; exit 2 ;;
esac
if [ "$want" = i9 ] && { [ "$rc" -ne 1 ] || ! grep -q '^verdict: ' "$out" ||
	grep -q 'Sanitizer\|runtime error' "$out"; }; then
	echo "FAIL: exit $rc, not 1 with a verdict and no sanitizer report; output:"
	tail -40 "$out"
	exit 1
fi
if grep -q "$pattern" "$out" && grep -q "$where" "$out" && [ "$rc" -eq "$code" ]; then
	grep -m1 -A3 "$pattern" "$out"
	echo "ok: $want reported (exit $rc)"
	exit 0
fi
echo "FAIL: no '$pattern' with '$where' and exit $code (exit $rc); output:"
tail -40 "$out"
exit 1
