# SPDX-License-Identifier: GPL-2.0-only
# What every bench/ script shares (sourced, not run): the header that says
# where and with what a figure was measured, the compiler of the binary
# used, variant builds, and the tiny budgets of `bench/all.sh --quick`.
#
# A figure script prints a header (bench_header), then one line per
# figure that starts with the figure's label; docs/figures.md names the
# script, its arguments and the label of every figure in the docs, and
# bench/all.sh follows it. BENCH_QUICK=1 in the environment: each script
# replaces its budgets with tiny ones (the lines, not the values, count).

# The compiler that built BINARY, from its .comment section (a clang
# build also carries the C runtime's GCC note: clang wins)
bench_compiler() {
	local c
	c=$(readelf -p .comment "$1" 2>/dev/null | sed -n 's/^ *\[ *[0-9a-f]*\] *//p')
	case "$c" in
	*"clang version"*)
		printf '%s\n' "$c" | grep -m1 -o 'clang version [0-9.]*' | sed 's/ version//' ;;
	*GCC:*)
		printf '%s\n' "$c" | grep -m1 -o 'GCC: ([^)]*) [0-9.]*' | sed 's/.* /gcc /' ;;
	*)
		echo "unknown compiler" ;;
	esac
}

# bench_header TITLE BINARY...: the machine, the compilers, the date and
# the commit; the load average too (the machines are shared: compare
# figures as ratios within one run)
bench_header() {
	local title=$1 b rev
	shift
	rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
	git diff --quiet HEAD 2>/dev/null || rev="$rev + uncommitted changes"
	echo "== $title"
	echo "== machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	for b in "$@"; do
		echo "== compiler: $b: $(bench_compiler "$b")"
	done
	echo "== $(date -u '+%F %H:%M') UTC, cidfuzz $rev${BENCH_QUICK:+, QUICK (tiny budgets: the values mean nothing)}"
}

bench_quick() {
	[ -n "${BENCH_QUICK:-}" ]
}

# bench_need FILE...: exit 1 with a message if a binary is missing
bench_need() {
	local f
	for f in "$@"; do
		if [ ! -x "$f" ]; then
			echo "$0: $f missing (scripts/build.sh release fuzz)" >&2
			exit 1
		fi
	done
}

# bench_build NAME TARGET [CMAKE_ARG...]: a variant build of TARGET in
# build/bench-NAME (release flags plus the arguments); prints nothing,
# but the build log on failure
bench_build() {
	local name=$1 target=$2 dir=build/bench-$1 log
	shift 2
	log=$(mktemp)
	if ! { cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" &&
		cmake --build "$dir" -j "$(nproc)" --target "$target"; } >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "$0: the $name build of $target failed" >&2
		exit 1
	fi
	rm -f "$log"
}
