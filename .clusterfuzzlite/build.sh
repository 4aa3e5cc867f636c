#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
#
# OSS-Fuzz / ClusterFuzzLite build of the libFuzzer harnesses (fuzzers/).
# The project's own CMake builds them (CIDFUZZ_FUZZERS=libfuzzer); this
# script only hands it what the infrastructure sets: $CC $CXX $CFLAGS
# $LIB_FUZZING_ENGINE (and reads $SANITIZER $FUZZING_ENGINE). Build trees
# go to $WORK, never into the source tree; fuzzers, seed corpora,
# dictionaries and options go to $OUT.
#
# What lands in $OUT, and why:
#   fuzz_fixed             the model with every bug switch off. It must
#                          never report: whatever it finds is a new bug (in
#                          the model, the simulator or the oracle).
#   fuzz_parse_text        our front doors: the .sched parser, and the
#   fuzz_binary_roundtrip  binary decoder/encoder.
# Left out: fuzz_<bug> for the known bugs (they switch a reverted kernel
# fix back on and crash within seconds by design: continuous fuzzing would
# report the same known crash forever, and in code-change mode fail every
# pull request), and fuzz_plain_* (the baseline of the time-to-bug
# benchmark). CIDFUZZ_SHIP_BUG_TARGETS=1 ships the bug targets too, e.g.
# to watch ClusterFuzzLite find them locally:
#   python infra/helper.py build_fuzzers -e CIDFUZZ_SHIP_BUG_TARGETS=1 ...
set -euo pipefail

src=$SRC/cidfuzz
fuzz_build=$WORK/cidfuzz-fuzzers
host_build=$WORK/cidfuzz-host
jobs=$(nproc 2>/dev/null || echo 2)

# What to build: the shipped fuzzers only (the whole fuzz tree is twelve
# simulation harnesses); with the bug targets, everything
targets=(--target fuzz_fixed fuzz_parse_text fuzz_binary_roundtrip)
ship_bugs=${CIDFUZZ_SHIP_BUG_TARGETS:-0}
[ "$ship_bugs" = 1 ] && targets=()

# 1. The harnesses, with the infrastructure's compiler and flags.
# - CMAKE_BUILD_TYPE=Debug with empty per-configuration flags: $CFLAGS
#   alone decide optimization and debug info, and the top CMakeLists.txt
#   turns on link-time optimization for every other build type (it sets
#   CMAKE_INTERPROCEDURAL_OPTIMIZATION as a normal variable, which would
#   hide a -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=OFF). OSS-Fuzz's coverage
#   and sanitizer builds do not expect LTO. (The sources have no assert():
#   "Debug" changes nothing else.)
# - CIDFUZZ_WERROR=OFF: the infrastructure's clang may warn differently.
# - The link rule: done by $CXX, with $LIB_FUZZING_ENGINE last, as
#   OSS-Fuzz asks (an engine library may need the C++ runtime). Not in
#   CMAKE_EXE_LINKER_FLAGS: CMake's compiler check links a program with
#   its own main() with those, and libFuzzer's main() collides with it.
#   (fuzzers/CMakeLists.txt links with -fsanitize=fuzzer as well: the
#   same as $LIB_FUZZING_ENGINE under libFuzzer, which is why project.yaml
#   names libFuzzer as the only engine.)
# - libFuzzer's code coverage where the project puts it: $CFLAGS carries
#   -fsanitize=fuzzer-no-link for all code; we take it out and
#   CIDFUZZ_FUZZERS=libfuzzer puts it back on the model (impl/) and on the
#   parser fuzzers' schedule sources. The simulator and the oracle are
#   steered by the interleaving feedback (libFuzzer extra counters, in
#   fuzzers/feedback.c) instead: their edges would say little and, measured
#   under ASan, halve fuzz_fixed's executions per second (1.8k against
#   3.4k). Everything else in $CFLAGS (the sanitizers, and the coverage
#   build's -fprofile-instr-generate, which reports on all code) stays.
cflags=${CFLAGS//-fsanitize=fuzzer-no-link/}
cmake -S "$src" -B "$fuzz_build" \
	-DCMAKE_C_COMPILER="$CC" \
	-DCMAKE_BUILD_TYPE=Debug \
	-DCMAKE_C_FLAGS="$cflags" \
	-DCMAKE_C_FLAGS_DEBUG= \
	-DCMAKE_C_LINK_EXECUTABLE="$CXX <FLAGS> <CMAKE_C_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES> $LIB_FUZZING_ENGINE" \
	-DCIDFUZZ_FUZZERS=libfuzzer \
	-DCIDFUZZ_WERROR=OFF
cmake --build "$fuzz_build" -j "$jobs" "${targets[@]}"

# The simulation fuzzers to ship: fuzz_fixed, or every fuzz_<target>
# built (so that a new bug target needs no edit here)
sim_fuzzers=(fuzz_fixed)
if [ "$ship_bugs" = 1 ]; then
	sim_fuzzers=()
	for f in "$fuzz_build"/fuzzers/fuzz_*; do
		f=${f##*/}
		case $f in
		fuzz_plain_* | fuzz_parse_text | fuzz_binary_roundtrip | *.*) ;;
		*) sim_fuzzers+=("$f") ;;
		esac
	done
fi

# 2. The cidfuzz tool, for the seed corpora (cidfuzz encode): a plain host
# build, without the fuzzing flags (CMake would pick them up from the
# environment) and without LTO (Debug).
env -u CFLAGS -u CXXFLAGS -u LDFLAGS cmake -S "$src" -B "$host_build" \
	-DCMAKE_C_COMPILER="$CC" \
	-DCMAKE_BUILD_TYPE=Debug \
	-DCIDFUZZ_WERROR=OFF >/dev/null
env -u CFLAGS -u CXXFLAGS -u LDFLAGS cmake --build "$host_build" -j "$jobs" --target cidfuzz >/dev/null
cidfuzz=$host_build/cidfuzz

# 3. Seed corpora. The simulation harnesses read the binary encoding: the
# seeds of corpus/seeds/ (what `cidfuzz campaign` starts from), encoded.
# The parser reads text: every .sched of corpus/ and crashes/ as it is.
seeds=$WORK/cidfuzz-seeds
rm -rf "$seeds"
mkdir -p "$seeds/bin" "$seeds/text"
for f in "$src"/corpus/seeds/*.sched; do
	"$cidfuzz" encode "$f" "$seeds/bin/$(basename "$f" .sched).bin"
done
# (named by their path, corpus-seeds-threads.sched: no two collide)
(cd "$src" && find corpus crashes -name '*.sched') | while read -r f; do
	cp "$src/$f" "$seeds/text/${f//\//-}"
done
zip_dir() { # DIR ZIP: the files of DIR, without the folder
	rm -f "$2"
	(cd "$1" && zip -q -X -r "$2" .)
}
zip_dir "$seeds/bin" "$seeds/bin.zip"
zip_dir "$seeds/text" "$seeds/text.zip"

# 4. A text dictionary for the parser: the event and run-part keywords
# (docs/schedules.md), and the function names a schedule may stop in
# (impl/names/trace_funcs.h, the format's contract).
text_dict=$seeds/parse_text.dict
{
	echo "# .sched keywords and stop-point names (generated by .clusterfuzzlite/build.sh)"
	for w in cpus threads process fork thread vfork clone_vm fail exit exec block \
		wake schedule idle preempt migrate affinity work step steps until \
		enters for T0 T1 T4 cpu0 cpu1 cpu3 0-2,5 '#'; do
		echo "\"$w\""
	done
	sed -n 's/^[[:space:]]*X(\([A-Za-z0-9_]*\)).*/"\1"/p' "$src/impl/names/trace_funcs.h"
} >"$text_dict"

# .options: the project's harness.options, pointing at the dictionary
# that sits beside the fuzzer in $OUT; text schedules are longer than
# binary ones, so the parser gets a larger max_len.
write_options() { # NAME [MAX_LEN]
	sed -e "s/^dict *=.*/dict = $1.dict/" \
		${2:+-e "s/^max_len *=.*/max_len = $2/"} \
		"$src/fuzzers/harness.options" >"$OUT/$1.options"
}

# 5. Into $OUT. The binary round trip reads the simulation harnesses'
# input format: their seeds and dictionary suit it.
for f in "${sim_fuzzers[@]}" fuzz_binary_roundtrip; do
	cp "$fuzz_build/fuzzers/$f" "$OUT/"
	cp "$seeds/bin.zip" "$OUT/${f}_seed_corpus.zip"
	cp "$src/fuzzers/cidfuzz.dict" "$OUT/$f.dict"
	write_options "$f"
done
cp "$fuzz_build/fuzzers/fuzz_parse_text" "$OUT/"
cp "$seeds/text.zip" "$OUT/fuzz_parse_text_seed_corpus.zip"
cp "$text_dict" "$OUT/fuzz_parse_text.dict"
write_options fuzz_parse_text 4096
