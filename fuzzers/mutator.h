/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The structure-aware mutator: works on the decoded schedule, not on the
 * bytes, so that every mutant is a plausible schedule and the changes are
 * the ones that matter for concurrency bugs: which CPU does what, where
 * a kernel path stops so that another CPU can run (PCT-style priority
 * change points), steps placed inside other CPUs' lock sections.
 * Shared by the libFuzzer (libfuzzer_mutator.c) and AFL++ (afl_mutator.c)
 * front ends. Deterministic for a seed.
 */
#ifndef CIDFUZZ_MUTATOR_H
#define CIDFUZZ_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/* Mutate the binary schedule in @data (size bytes, room for max) */
size_t cf_mutate(uint8_t *data, size_t size, size_t max, uint32_t seed);

/* A prefix of one schedule and a suffix of the other, cut at events */
size_t cf_crossover(const uint8_t *a, size_t size_a, const uint8_t *b,
		    size_t size_b, uint8_t *out, size_t max, uint32_t seed);

#endif
