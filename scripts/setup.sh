#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Install what a fresh Debian 12 machine lacks to build and test cidfuzz:
# the compilers and cmake, clang's libFuzzer runtime, AFL++, zip,
# clang-format, python3 and chromium.
set -euo pipefail
need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v make >/dev/null 2>&1 || need+=(make)
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v afl-fuzz >/dev/null 2>&1 || need+=(afl++)
# the lines a change touches, formatted (scripts/check_format.sh, .ci/run)
command -v git >/dev/null 2>&1 || need+=(git)
command -v clang-format-diff >/dev/null 2>&1 || need+=(clang-format)
# the pictures' checks (tests/check_picture.py, tests/check_page.py: the
# replay page in headless Chromium) and scripts/render_pictures.sh
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# the seed corpora of the ClusterFuzzLite build (tests/cflite_build.sh)
command -v zip >/dev/null 2>&1 || need+=(zip)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || \
	need+=(libclang-rt-14-dev)
# llvm-profdata and llvm-cov for scripts/coverage.sh (not a dependency of clang-14)
ls /usr/lib/llvm-*/bin/llvm-profdata /usr/lib/llvm-*/bin/llvm-cov >/dev/null 2>&1 || need+=(llvm-14)
[ -e /usr/include/sanitizer/asan_interface.h ] || \
	ls /usr/lib/gcc/*/*/include/sanitizer/asan_interface.h >/dev/null 2>&1 || need+=(libgcc-12-dev)
if [ ${#need[@]} -gt 0 ]; then
	echo "setup: installing ${need[*]}"
	SUDO=
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
