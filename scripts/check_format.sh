#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Check the lines a change touches against .clang-format: the tree as a
# whole is not reformatted, but what a change writes must be formatted.
#
#   scripts/check_format.sh [BASE]
#
# The change: from BASE to the work tree (committed or not). BASE
# defaults to the merge-base with origin/main when that is another
# commit (a branch), else to HEAD~1 (main itself, or a clone without
# origin: the last commit; for a merge, all it merged). C sources and
# headers only. Exit 0 when the touched lines are formatted (or there
# is nothing to check: no git, one commit), 1 with the diff that would
# format them, 2 on errors.
#
# The lines come from git diff, which sees a moved file as moved, and
# clang-format-diff formats them. git clang-format would do the same
# but reads the change without rename detection (clang-format 14): a
# file moved, as is, would count as all new, every line of it touched.
# Both ship with clang-format (scripts/setup.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "check_format: $*" >&2; }

if ! git rev-parse --git-dir >/dev/null 2>&1; then
	say "not a git checkout: nothing to check"
	exit 0
fi

base=${1:-}
if [ -z "$base" ]; then
	if git rev-parse -q --verify origin/main >/dev/null &&
	   base=$(git merge-base origin/main HEAD) &&
	   [ "$base" != "$(git rev-parse HEAD)" ]; then
		:
	elif git rev-parse -q --verify HEAD~1 >/dev/null; then
		base=HEAD~1
	else
		say "no commit before HEAD: nothing to check"
		exit 0
	fi
fi
if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
	say "no commit $base"
	exit 2
fi
short=$(git rev-parse --short "$base")

fmt_diff=$(command -v clang-format-diff || command -v clang-format-diff-14 || true)
if [ -z "$fmt_diff" ]; then
	say "no clang-format-diff (scripts/setup.sh installs clang-format)"
	exit 2
fi

changes=$(git diff -U0 -M --no-color --no-ext-diff --diff-filter=d "$base" -- '*.c' '*.h')
out=$(printf '%s\n' "$changes" | "$fmt_diff" -p1) || {
	rc=$?
	# newer clang-format-diff exits 1 when it has a diff to show
	if [ "$rc" != 1 ] || [ -z "$out" ]; then
		say "clang-format-diff failed"
		exit 2
	fi
}

if [ -n "$out" ]; then
	printf '%s\n' "$out"
	say "lines changed since $short are not formatted as .clang-format says;" \
	    "the diff above formats them:" \
	    "git diff -U0 $short -- '*.c' '*.h' | clang-format-diff -p1 -i"
	exit 1
fi
say "lines changed since $short: formatted"
