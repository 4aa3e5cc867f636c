// SPDX-License-Identifier: GPL-2.0-only
/*
 * AFL++'s custom mutator library (AFL_CUSTOM_MUTATOR_LIBRARY): the
 * structure-aware mutator, splicing with AFL's second input now and then.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mutator.h"

#define AFL_MUTATOR_MAX		(64 * 1024)

/* AFL++ looks these up by name in the library */
void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t size, uint8_t **out,
		       uint8_t *add, size_t add_size, size_t max);
void afl_custom_deinit(void *data);

struct afl_mutator {
	uint32_t seed;
	uint8_t *buf;
};

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_mutator *m = calloc(1, sizeof(*m));

	(void)afl;
	if (!m)
		return NULL;
	m->buf = malloc(AFL_MUTATOR_MAX);
	if (!m->buf) {
		free(m);
		return NULL;
	}
	m->seed = seed;
	return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t size, uint8_t **out,
		       uint8_t *add, size_t add_size, size_t max)
{
	struct afl_mutator *m = data;
	size_t n;

	if (max > AFL_MUTATOR_MAX)
		max = AFL_MUTATOR_MAX;
	m->seed = m->seed * 1103515245u + 12345u;
	if (add && add_size && m->seed % 8 == 0) {
		n = cf_crossover(buf, size, add, add_size, m->buf, max, m->seed);
	} else {
		n = size < max ? size : max;
		memcpy(m->buf, buf, n);
		n = cf_mutate(m->buf, n, max, m->seed);
	}
	*out = m->buf;
	return n;
}

void afl_custom_deinit(void *data)
{
	struct afl_mutator *m = data;

	free(m->buf);
	free(m);
}
