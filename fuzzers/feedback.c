// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interleaving feedback (sim.h: sim_feature_hook) turned into coverage:
 * libFuzzer reads extra 8-bit counters from a section of their own;
 * AFL++ gets the features as extra edges in its shared map.
 */
#include <stdint.h>

#include "feedback.h"
#include "sim.h"

#define NR_FEATURES	(1u << 14)

#ifdef CIDFUZZ_AFL
extern uint8_t *__afl_area_ptr;
extern uint32_t __afl_map_size __attribute__((weak));

static void afl_feature(uint32_t id)
{
	uint32_t size = &__afl_map_size && __afl_map_size ? __afl_map_size : 65536;

	__afl_area_ptr[id % size]++;
}

void feedback_init(void)
{
	sim_feature_hook = afl_feature;
}
#else
__attribute__((section("__libfuzzer_extra_counters")))
static uint8_t features[NR_FEATURES];

static void libfuzzer_feature(uint32_t id)
{
	features[id % NR_FEATURES]++;
}

void feedback_init(void)
{
	sim_feature_hook = libfuzzer_feature;
}
#endif
