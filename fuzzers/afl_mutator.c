// SPDX-License-Identifier: GPL-2.0-only
/*
 * AFL++'s custom mutator library (AFL_CUSTOM_MUTATOR_LIBRARY): the
 * structure-aware mutator, driven the way libFuzzer drives it. AFL++'s
 * own way (hundreds of mutants of one queue entry, doubled on every new
 * entry) suits byte-level havoc, not our feedback: almost every fourth
 * mutant is new, so AFL++ stayed on its first seeds while libFuzzer
 * builds on what it just found (docs/fuzzing.md, "AFL++").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mutator.h"

#define AFL_MUTATOR_MAX		(64 * 1024)
/* Mutants per queue entry, each on the last: libFuzzer's -mutate_depth */
#define AFL_MUTATE_DEPTH 5

/* AFL++ looks these up by name in the library */
void *afl_custom_init(void *afl, unsigned int seed);
uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t size);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t size, uint8_t **out,
		       uint8_t *add, size_t add_size, size_t max);
void afl_custom_deinit(void *data);

struct afl_mutator {
	uint32_t seed;
	uint32_t depth; /* mutants of this queue entry so far */
	size_t len; /* the last mutant's, in out */
	uint8_t *out, *last;
};

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_mutator *m = calloc(1, sizeof(*m));

	(void)afl;
	if (!m)
		return NULL;
	m->out = malloc(AFL_MUTATOR_MAX);
	m->last = malloc(AFL_MUTATOR_MAX);
	if (!m->out || !m->last) {
		free(m->out);
		free(m->last);
		free(m);
		return NULL;
	}
	m->seed = seed;
	return m;
}

/* A new queue entry: a fixed few mutants, not AFL++'s growing count */
uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t size)
{
	struct afl_mutator *m = data;

	(void)buf;
	(void)size;
	m->depth = 0;
	return AFL_MUTATE_DEPTH;
}

/*
 * The first mutant edits the queue entry, each further one the mutant
 * before it (AFL++ hands us the entry every time); half of them splice
 * with the other input AFL++ passes, as libFuzzer's custom crossover
 * runs as often as the custom mutator.
 */
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t size, uint8_t **out,
		       uint8_t *add, size_t add_size, size_t max)
{
	struct afl_mutator *m = data;
	const uint8_t *from = buf;
	size_t n;

	if (max > AFL_MUTATOR_MAX)
		max = AFL_MUTATOR_MAX;
	if (m->depth++ && m->len) {
		memcpy(m->last, m->out, m->len);
		from = m->last;
		size = m->len;
	}
	m->seed = m->seed * 1103515245u + 12345u;
	/* the LCG's high bits: its low ones repeat with a short period */
	if (add && add_size && (m->seed >> 16) % 2) {
		n = cf_crossover(from, size, add, add_size, m->out, max,
				 m->seed);
	} else {
		n = size < max ? size : max;
		memcpy(m->out, from, n);
		n = cf_mutate(m->out, n, max, m->seed);
	}
	m->len = n;
	*out = m->out;
	return n;
}

void afl_custom_deinit(void *data)
{
	struct afl_mutator *m = data;

	free(m->out);
	free(m->last);
	free(m);
}
