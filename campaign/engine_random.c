// SPDX-License-Identifier: GPL-2.0-only
/*
 * The baselines as campaign engines (engine.h), in a forked child of
 * cidfuzz itself: no harness, no feedback. "random": uniform random
 * schedules, i.e. uniformly random bytes (16..400 of them) through the
 * binary decoder, with 1..8 CPUs. "gen": the plausible-schedule
 * generator of the no-false-positive tests (schedule/gen.c: an event mix
 * chosen by hand), 2..4 CPUs, 8..64 events.
 */
#include <stdlib.h>
#include <unistd.h>

#include "engine.h"
#include "findings.h"
#include "known.h"
#include "gen.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void random_schedule(uint64_t *x, bool weak, struct schedule *sched,
			    uint8_t *bin, size_t *len)
{
	size_t i;

	*len = 16 + xorshift(x) % 385;
	for (i = 0; i < *len; i++)
		bin[i] = (uint8_t)(xorshift(x) >> 24);
	bin[0] = (uint8_t)(bin[0] % 8 | (weak ? SCHED_WEAK_BIT : 0));
	sched_decode_binary(bin, *len, sched);
}

static void gen_schedule(uint64_t *x, bool weak, struct schedule *sched,
			 uint8_t *bin, size_t *len)
{
	uint64_t r = xorshift(x);

	(void)bin;
	sched_generate_mem(sched, r, 2 + (unsigned int)(r >> 40) % 3,
			   8 + (unsigned int)(r >> 50) % 57, weak);
	*len = 0;
}

static bool pick_weak(uint64_t *x, unsigned int memory)
{
	return memory == TARGET_WEAK ||
	       (memory == TARGET_EITHER && xorshift(x) % 2);
}

/* The schedule being run and its binary form (what a finding keeps) */
static struct schedule current;
static uint8_t current_bin[1 << 16];

/* Run current (@len bytes of current_bin; 0: encode it on a violation) */
static void run_one(struct sim *s, const struct sim_options *sopts, size_t len)
{
	struct sim_result res;

	findings_exec();
	/* a run not fully checked is kept too: a finding to look at */
	if (!sim_run(s, &current, sopts, &res, NULL) && !res.unchecked)
		return;
	if (!len)
		len = sched_encode_binary(&current, current_bin,
					  sizeof(current_bin));
	findings_after_run(s, &current, sopts, &res, current_bin, len);
}

/* @next makes the next schedule (*len 0: it has no binary form yet) */
static void run_baseline(const struct engine_run *run,
			 void (*next)(uint64_t *x, bool weak,
				      struct schedule *sched, uint8_t *bin,
				      size_t *len))
{
	const struct engine_config *cfg = run->cfg;
	uint64_t x = cfg->seed ? cfg->seed : (uint64_t)getpid();
	uint64_t end = findings_now_ns() + (uint64_t)(cfg->max_time * 1e9);
	struct sim_options sopts;
	struct sim *s = sim_new(oracle_checker());
	size_t len;

	x *= 0x9e3779b97f4a7c15ULL;
	findings_init();
	sim_default_options(&sopts);
	sopts.bugs = fuzz_target_bugs(run->target);
	while (s && findings_now_ns() < end) {
		for (unsigned int k = 0; k < 64; k++) {
			next(&x, pick_weak(&x, run->target->memory), &current,
			     current_bin, &len);
			run_one(s, &sopts, len);
		}
	}
	sim_free(s);
	_exit(0);
}

static void start_random(const struct engine_run *run)
{
	run_baseline(run, random_schedule);
}

static void start_gen(const struct engine_run *run)
{
	run_baseline(run, gen_schedule);
}

const struct campaign_engine_ops random_engine = {
	.start = start_random,
};

const struct campaign_engine_ops gen_engine = {
	.start = start_gen,
};
