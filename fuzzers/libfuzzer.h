/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The entry points libFuzzer calls (and the one it provides) by name:
 * declared once, for every harness and the custom mutator.
 */
#ifndef CIDFUZZ_LIBFUZZER_H
#define CIDFUZZ_LIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
			       unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *a, size_t size_a,
				 const uint8_t *b, size_t size_b,
				 uint8_t *out, size_t max, unsigned int seed);

/* libFuzzer's own byte-level mutator */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max);

#endif
