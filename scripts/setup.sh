#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Install what a fresh Debian 12 machine lacks to build and test cidfuzz:
# the compilers and cmake, clang's libFuzzer runtime, AFL++.
set -euo pipefail
need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v make >/dev/null 2>&1 || need+=(make)
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v afl-fuzz >/dev/null 2>&1 || need+=(afl++)
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || \
	need+=(libclang-rt-14-dev)
[ -e /usr/include/sanitizer/asan_interface.h ] || \
	ls /usr/lib/gcc/*/*/include/sanitizer/asan_interface.h >/dev/null 2>&1 || need+=(libgcc-12-dev)
if [ ${#need[@]} -gt 0 ]; then
	echo "setup: installing ${need[*]}"
	SUDO=
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
