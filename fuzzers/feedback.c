// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interleaving feedback (sim.h: sim_feature_hook) turned into coverage:
 * libFuzzer reads extra 8-bit counters from a section of their own;
 * AFL++ gets each feature as a basic block of its own.
 */
#include <stdint.h>

#include "feedback.h"
#include "sim.h"

#define NR_FEATURES	(1u << 14)

#ifdef CIDFUZZ_AFL
/*
 * AFL++ instruments basic blocks: give each feature (mod 4096) a block of
 * its own. The asm statements differ, so no two cases can be merged.
 */
#define C1(n)	case (n): __asm__ volatile("# cidfuzz feature " #n); break;
#define C4(n)	C1(n) C1(n + 1) C1(n + 2) C1(n + 3)
#define C16(n)	C4(n) C4(n + 4) C4(n + 8) C4(n + 12)
#define C64(n)	C16(n) C16(n + 16) C16(n + 32) C16(n + 48)
#define C256(n)	C64(n) C64(n + 64) C64(n + 128) C64(n + 192)
#define C1024(n) C256(n) C256(n + 256) C256(n + 512) C256(n + 768)

static void afl_feature(uint32_t id)
{
	switch ((id ^ id >> 12 ^ id >> 24) & 4095) {
	C1024(0) C1024(1024) C1024(2048) C1024(3072)
	}
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
