#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The OSS-Fuzz / ClusterFuzzLite build (.clusterfuzzlite/build.sh) without
# a container: run it with the variables OSS-Fuzz sets for libFuzzer +
# ASan, on a copy of the source laid out as the Dockerfile lays it out
# ($SRC/cidfuzz, $SRC/build.sh), check what landed in $OUT (each fuzzer
# with its seed corpus, dictionary and options; no known-bug target), then
# run every fuzzer for a few seconds on its seed corpus, as ClusterFuzz
# would (its .options as flags): each must exit 0, no crash, ASan clean.
# With AFL++ installed, the same build under OSS-Fuzz's AFL++ variables,
# and each fuzzer under afl-fuzz for a few seconds.
#   cflite_build.sh SRC_DIR
# Exit 0: passed; 1: failed; 77: skipped (no clang, libFuzzer runtime,
# zip or unzip: scripts/setup.sh installs them). With CIDFUZZ_NO_SKIP=1
# in the environment (CI: .ci/run) what would skip fails instead (exit 1
# with the reason), and so does the AFL++ part left out for want of AFL++.
set -euo pipefail

src_dir=$(cd "${1:?usage: cflite_build.sh SRC_DIR}" && pwd)
fuzz_secs=5
expected=(fuzz_fixed fuzz_parse_text fuzz_binary_roundtrip)

skipping=
skip() {
	if [ "${CIDFUZZ_NO_SKIP:-}" = 1 ]; then
		echo "FAIL: $* (CIDFUZZ_NO_SKIP=1: no skipping)"
		exit 1
	fi
	echo "SKIP: $*"
	skipping=1
	exit 77
}
fail=0
failed() {
	echo "FAIL: $*"
	fail=1
}

for tool in clang clang++ cmake zip unzip; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool missing (scripts/setup.sh installs it)"
done

tmp=$(mktemp -d)
# Whatever stops the script unplanned (set -e) is a failure, never the
# skip code: libFuzzer's own error exit code is 77 too
on_exit() {
	local st=$?
	rm -rf "$tmp"
	if [ $st -ne 0 ] && [ $st -ne 1 ] && [ -z "$skipping" ]; then
		echo "FAIL: cflite_build.sh stopped on an error (status $st)"
		exit 1
	fi
}
trap on_exit EXIT

# The libFuzzer runtime (and ASan's): a trivial fuzzer must link
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	>"$tmp/probe.c"
clang -fsanitize=fuzzer,address "$tmp/probe.c" -o "$tmp/probe" >/dev/null 2>&1 ||
	skip "clang cannot link a libFuzzer + ASan fuzzer (libclang-rt-*-dev missing?)"

# build.sh ENGINE [VAR=VALUE]...: one OSS-Fuzz build into $tmp/ENGINE/out.
# The source is a copy (no build trees, no .git: what a clean checkout
# gives the Dockerfile's COPY); a stamp taken after copying shows whether
# build.sh wrote into it.
run_build() {
	local engine=$1 root=$tmp/$1
	shift
	mkdir -p "$root/src/cidfuzz" "$root/work" "$root/out"
	tar -C "$src_dir" --exclude=./build --exclude=./.git --exclude=./findings -cf - . |
		tar -C "$root/src/cidfuzz" -xf -
	cp "$src_dir/.clusterfuzzlite/build.sh" "$root/src/build.sh"
	touch "$root/stamp"
	sleep 1 # mtimes of one second resolution must tell the stamp from later writes
	local start=$SECONDS
	# env -i: nothing of the caller's environment (CFLAGS, LDFLAGS, ...)
	# but what OSS-Fuzz's compile step sets; it runs build.sh from the
	# Dockerfile's WORKDIR with bash -eu
	if ! (cd "$root/src/cidfuzz" && env -i PATH="$PATH" HOME="$HOME" \
		SRC="$root/src" WORK="$root/work" OUT="$root/out" "$@" \
		bash -eu "$root/src/build.sh") >"$root/build.log" 2>&1; then
		tail -30 "$root/build.log"
		failed "$engine: .clusterfuzzlite/build.sh failed (log above)"
		return 1
	fi
	echo "$engine: build.sh took $((SECONDS - start)) s"
	local written
	written=$(find "$root/src/cidfuzz" -newer "$root/stamp" | head -5)
	[ -z "$written" ] || failed "$engine: build.sh wrote into the source tree: $written"
}

# check_out ENGINE: every expected fuzzer with its seed corpus (a valid,
# non-empty zip), dictionary and options (whose dict = names a file in
# $OUT); no other executable (the known-bug targets stay out)
check_out() {
	local engine=$1 out=$tmp/$1/out f n dict
	for f in "${expected[@]}"; do
		[ -x "$out/$f" ] || { failed "$engine: $f missing in \$OUT"; continue; }
		if ! unzip -tq "$out/${f}_seed_corpus.zip" >/dev/null 2>&1; then
			failed "$engine: ${f}_seed_corpus.zip missing or not a valid zip"
		else
			n=$(unzip -Z1 "$out/${f}_seed_corpus.zip" | grep -vc '/$' || true)
			[ "$n" -gt 0 ] || failed "$engine: ${f}_seed_corpus.zip is empty"
		fi
		# (entries: "bytes" or name="bytes")
		grep -Eq '^([A-Za-z0-9_]+=)?"' "$out/$f.dict" 2>/dev/null ||
			failed "$engine: $f.dict missing or without entries"
		grep -q '^\[libfuzzer\]' "$out/$f.options" 2>/dev/null ||
			failed "$engine: $f.options missing or without [libfuzzer]"
		dict=$(sed -n 's/^dict *= *//p' "$out/$f.options" 2>/dev/null)
		[ -z "$dict" ] || [ -f "$out/$dict" ] ||
			failed "$engine: $f.options names dict $dict, not in \$OUT"
	done
	for f in "$out"/*; do
		[ -f "$f" ] && [ -x "$f" ] || continue
		case " ${expected[*]} " in
		*" ${f##*/} "*) ;;
		*) failed "$engine: unexpected executable in \$OUT: ${f##*/}" ;;
		esac
	done
}

# The [libfuzzer] section of FUZZER.options as flags (-max_len=1024 ...),
# as ClusterFuzz passes them
options_flags() {
	sed -n '/^\[libfuzzer\]/,/^\[/s/^\([a-z_]*\) *= *\(.*\)$/-\1=\2/p' "$1"
}

# Unzip FUZZER's seed corpus into DIR
unzip_seeds() {
	mkdir -p "$2"
	unzip -q -o "$1_seed_corpus.zip" -d "$2"
}

run_libfuzzer() {
	local out=$tmp/libfuzzer/out f dir rc flags
	for f in "${expected[@]}"; do
		[ -x "$out/$f" ] || continue
		dir=$tmp/libfuzzer/run/$f
		unzip_seeds "$out/$f" "$dir/seeds" || { failed "libfuzzer: $f: no seeds"; continue; }
		mkdir -p "$dir/corpus"
		# (not nm | grep -q: under pipefail, nm's SIGPIPE would fail it)
		grep -q __asan_init < <(nm "$out/$f" 2>/dev/null) ||
			failed "libfuzzer: $f is not built with ASan"
		mapfile -t flags < <(options_flags "$out/$f.options")
		# from $OUT, where the relative dict path of the options points
		rc=0
		(cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./$f" "${flags[@]}" \
			-max_total_time=$fuzz_secs -artifact_prefix="$dir/" \
			"$dir/corpus" "$dir/seeds") >"$dir/log" 2>&1 || rc=$?
		if [ $rc -ne 0 ]; then
			tail -30 "$dir/log"
			failed "libfuzzer: $f exited $rc (log above)"
		elif ! grep -q '^Done [1-9][0-9]* runs' "$dir/log"; then
			tail -10 "$dir/log"
			failed "libfuzzer: $f did not run"
		else
			echo "libfuzzer: $f: $(grep '^Done' "$dir/log")," \
				"corpus $(find "$dir/corpus" -type f | wc -l) new inputs"
		fi
	done
}

asan_flags="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope"

# 1. libFuzzer + ASan, as OSS-Fuzz sets it up
if run_build libfuzzer CC=clang CXX=clang++ \
	CFLAGS="$asan_flags -fsanitize=fuzzer-no-link" \
	CXXFLAGS="$asan_flags -fsanitize=fuzzer-no-link" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer SANITIZER=address FUZZING_ENGINE=libfuzzer; then
	check_out libfuzzer
	run_libfuzzer
fi

# 2. AFL++ + ASan, if installed: OSS-Fuzz compiles with afl-clang-fast
# (no -fsanitize=fuzzer-no-link) and links the AFL++ driver. afl-cc
# turns the harnesses' own -fsanitize=fuzzer (fuzzers/CMakeLists.txt)
# into that driver too, so the project's CMake copes as it is. (The
# interleaving feedback is libFuzzer-only in this build: OSS-Fuzz would
# fuzz on AFL++'s code coverage; project.yaml names libFuzzer only.)
afl_driver=
for d in /usr/lib/afl /usr/local/lib/afl; do
	[ -f "$d/libAFLDriver.a" ] && afl_driver=$d/libAFLDriver.a && break
done
if command -v afl-clang-fast >/dev/null 2>&1 && command -v afl-fuzz >/dev/null 2>&1 &&
	[ -n "$afl_driver" ]; then
	if run_build afl CC=afl-clang-fast CXX=afl-clang-fast++ \
		CFLAGS="$asan_flags" CXXFLAGS="$asan_flags" AFL_QUIET=1 \
		LIB_FUZZING_ENGINE="$afl_driver" SANITIZER=address FUZZING_ENGINE=afl; then
		check_out afl
		for f in "${expected[@]}"; do
			[ -x "$tmp/afl/out/$f" ] || continue
			dir=$tmp/afl/run/$f
			unzip_seeds "$tmp/afl/out/$f" "$dir/seeds" || { failed "afl: $f: no seeds"; continue; }
			# the settings of a machine not tuned for AFL++ (as fuzz_smoke)
			rc=0
			AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
				AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_BENCH_UNTIL_CRASH=1 \
				ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
				timeout $((fuzz_secs + 60)) afl-fuzz -V "$fuzz_secs" -m none \
				-i "$dir/seeds" -o "$dir/findings" -x "$tmp/afl/out/$f.dict" \
				-- "$tmp/afl/out/$f" >"$dir/log" 2>&1 || rc=$?
			stats=$dir/findings/default/fuzzer_stats
			crashes=$(sed -n 's/^saved_crashes *: *//p' "$stats" 2>/dev/null)
			execs=$(sed -n 's/^execs_done *: *//p' "$stats" 2>/dev/null)
			if [ $rc -ne 0 ] || [ "${crashes:-x}" != 0 ] || [ "${execs:-0}" -le 0 ]; then
				tail -20 "$dir/log"
				failed "afl: $f: afl-fuzz exited $rc, crashes ${crashes:-?}, executions ${execs:-?}"
			else
				echo "afl: $f: $execs executions, no crash"
			fi
		done
	fi
elif [ "${CIDFUZZ_NO_SKIP:-}" = 1 ]; then
	failed "afl: AFL++ (afl-clang-fast, afl-fuzz, libAFLDriver.a) not installed (CIDFUZZ_NO_SKIP=1: no skipping)"
else
	echo "afl: AFL++ (afl-clang-fast, afl-fuzz, libAFLDriver.a) not installed: not tried"
fi

if [ $fail -ne 0 ]; then
	echo "cflite_build: FAILED"
	exit 1
fi
echo "cflite_build: passed"
