# SPDX-License-Identifier: GPL-2.0-only
# What the kernel-tree test scripts share (sourced): a scratch folder
# $tmp, removed at the end, and the tally of ok/bad lines; finish prints
# it and exits 0 only when nothing failed.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
