// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must not compile: built with the include path of a part that only
 * names the model (the CLI, the fuzzers, the minimizer, ...), the
 * model's own header is not there to find. Only cid_bugs.h and
 * trace_funcs.h are (impl/names/). See tests/tests.cmake.
 */
#include "kernel.h"
