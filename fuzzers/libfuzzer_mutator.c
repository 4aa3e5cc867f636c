// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer's custom mutator hooks: mostly the structure-aware mutator,
 * now and then libFuzzer's own byte-level one (which finds encodings no
 * structured edit makes, e.g. odd CPU counts and task references).
 */
#include <stddef.h>
#include <stdint.h>

#include "libfuzzer.h"
#include "mutator.h"

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
			       unsigned int seed)
{
	size_t n;

	if (seed % 8 == 0)
		return LLVMFuzzerMutate(data, size, max);
	n = cf_mutate(data, size, max, seed);
	return n ? n : LLVMFuzzerMutate(data, size, max);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *a, size_t size_a,
				 const uint8_t *b, size_t size_b,
				 uint8_t *out, size_t max, unsigned int seed)
{
	return cf_crossover(a, size_a, b, size_b, out, max, seed);
}
