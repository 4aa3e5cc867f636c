// SPDX-License-Identifier: GPL-2.0-only
/*
 * The structure-aware mutator: deterministic for a seed, always within
 * the size it is given, always a schedule that decodes and runs; it
 * makes the edits it promises (windows: a path stopped part-way or on
 * entering a lock-section function, then other CPUs, then a "step" back);
 * crossover joins a prefix of one schedule to a suffix of the other.
 */
#include <stdio.h>
#include <string.h>

#include "mutator.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"
#include "testlib.h"
#include "test_drawn_events.h"
#include "test_sched_file.h"

static struct schedule a, b, m;
static uint8_t buf[4096], buf2[4096], out[4096];

static size_t encode(const struct schedule *s, uint8_t *to)
{
	return sched_encode_binary(s, to, 4096);
}

/* The mutant of the @n0 bytes in buf2 for @seed, decoded into m */
static void mutant(size_t n0, unsigned int seed)
{
	size_t n;

	memcpy(buf, buf2, n0);
	n = cf_mutate(buf, n0, 4096, seed);
	sched_decode_binary(buf, n, &m);
}

static bool same_event(const struct sched_event *x, const struct sched_event *y)
{
	return x->kind == y->kind && x->task == y->task && x->task2 == y->task2 &&
	       x->cpu == y->cpu && x->fork_kind == y->fork_kind &&
	       x->fails == y->fails &&
	       x->mask == y->mask && x->run.kind == y->run.kind &&
	       x->run.steps == y->run.steps && x->run.func == y->run.func;
}

TEST(mutants_are_deterministic_and_within_size)
{
	size_t n0, n1, n2;
	unsigned int seed;

	load_sched_file("crashes/transit-task-to-cpu.sched", &a, failed);
	n0 = encode(&a, buf);
	for (seed = 1; seed < 500; seed++) {
		memcpy(buf2, buf, n0);
		n1 = cf_mutate(buf2, n0, 4096, seed);
		memcpy(out, buf, n0);
		n2 = cf_mutate(out, n0, 4096, seed);
		EXPECT_EQ_INT(n1, n2);
		EXPECT(!memcmp(buf2, out, n1));
		memcpy(out, buf, n0);
		EXPECT(cf_mutate(out, n0, 64, seed) <= 64);
	}
}

/* Every mutant decodes to a schedule the simulator runs to a verdict */
TEST(mutants_run)
{
	struct sim_options opts;
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	unsigned int seed, changed = 0;
	size_t n = 0;

	load_sched_file("corpus/seeds/threads.sched", &a, failed);
	n = encode(&a, buf);
	sim_default_options(&opts);
	for (seed = 1; seed <= 2000; seed++) {
		n = cf_mutate(buf, n, 1024, seed);
		sched_decode_binary(buf, n, &m);
		changed += !sched_equal(&m, &a);
		sim_run(s, &m, &opts, &res, NULL);
		EXPECT(!res.violation);
		if (n < 8)	/* start over from the seed now and then */
			n = encode(&a, buf);
	}
	EXPECT(changed > 1900);
	sim_free(s);
}

/* The windows: a stopped path, events after it, a step that resumes it */
TEST(mutants_open_windows_in_lock_sections)
{
	unsigned int seed, until = 0, steps = 0, k;
	size_t n0;

	load_sched_file("corpus/seeds/fork-exit.sched", &a, failed);
	n0 = encode(&a, buf2);
	for (seed = 1; seed <= 3000; seed++) {
		mutant(n0, seed);
		for (k = 0; k + 1 < m.nr_events; k++) {
			const struct sched_event *ev = &m.ev[k];

			if (ev->run.kind == RUN_UNTIL)
				until++;
			if (ev->run.kind == RUN_STEPS && ev->run.steps &&
			    k + 2 < m.nr_events && m.ev[k + 2].kind == EV_STEP)
				steps++;
		}
	}
	EXPECT(until > 300);
	EXPECT(steps > 100);
}

/* Forks and execs fail now and then, and failing ones succeed again */
TEST(mutants_make_forks_and_execs_fail_and_succeed)
{
	unsigned int seed, k, fail = 0, succeed = 0, wrong = 0;
	size_t n0;
	int pass;

	load_sched_file("corpus/seeds/fork-exit.sched", &a, failed);
	for (pass = 0; pass < 2; pass++) {
		/* the second pass starts with every fork and exec failing */
		for (k = 0; k < a.nr_events; k++)
			if (a.ev[k].kind == EV_FORK || a.ev[k].kind == EV_EXEC)
				a.ev[k].fails = pass;
		n0 = encode(&a, buf2);
		for (seed = 1; seed <= 2000; seed++) {
			mutant(n0, seed);
			for (k = 0; k < m.nr_events; k++) {
				const struct sched_event *ev = &m.ev[k];

				if (ev->kind != EV_FORK && ev->kind != EV_EXEC)
					wrong += ev->fails;
				else if (ev->fails && !pass)
					fail++;
				else if (!ev->fails && pass)
					succeed++;
			}
		}
	}
	EXPECT(fail > 200);
	EXPECT(succeed > 200);
	EXPECT_EQ_INT(wrong, 0);
}

/*
 * The events the mutator makes come in every kind its draw names (the
 * mut column of event_kinds.h), each with every operand of its kind: a
 * task below T24 (the base's four, forks of at most four edits), never
 * one left undrawn (-1, which encodes as T63).
 */
TEST(mutants_make_every_kind_of_the_draw_with_every_operand)
{
	static const char base[] = "cpus 4\nthreads T0 T1 T2 T3\n";
	unsigned int seen[NR_SCHED_EVENT_KINDS] = { 0 }, seed, k, bad = 0;
	struct sched_error err;
	size_t n0;

	EXPECT_EQ_INT(sched_parse_text("base", base, strlen(base), &a, &err),
		      0);
	n0 = encode(&a, buf2);
	for (seed = 1; seed <= 20000; seed++) {
		mutant(n0, seed);
		for (k = 0; k < m.nr_events; k++) {
			seen[m.ev[k].kind]++;
			bad += !operands_drawn(&m.ev[k], 24, 8);
		}
	}
	EXPECT_EQ_INT(bad, 0);
	for (k = 0; k < NR_SCHED_EVENT_KINDS; k++)
		if (sched_kinds[k].band[DRAW_MUT].to)
			EXPECT(seen[k] > 0);
}

TEST(crossover_joins_a_prefix_and_a_suffix)
{
	unsigned int seed, k, joined = 0;
	size_t na, nb, n;

	load_sched_file("crashes/transit-task-to-cpu.sched", &a, failed);
	load_sched_file("corpus/vfork-exec.sched", &b, failed);
	na = encode(&a, buf);
	nb = encode(&b, buf2);
	for (seed = 1; seed < 300; seed++) {
		unsigned int cut;

		n = cf_crossover(buf, na, buf2, nb, out, sizeof(out), seed);
		sched_decode_binary(out, n, &m);
		EXPECT_EQ_INT(m.nr_cpus, a.nr_cpus);
		/* some prefix of a, then the rest is a suffix of b */
		for (cut = 0; cut < m.nr_events && cut < a.nr_events &&
		     same_event(&m.ev[cut], &a.ev[cut]); cut++)
			;
		for (k = cut; k < m.nr_events; k++)
			EXPECT(same_event(&m.ev[k],
					  &b.ev[b.nr_events - (m.nr_events - k)]));
		joined += cut > 0 && cut < m.nr_events;
	}
	EXPECT(joined > 50);
}

TEST_MAIN()
