// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzz harness: one binary schedule in, one simulator run with the
 * oracle, a violation (or a run not fully checked) out (findings.h). Built once per target
 * (CIDFUZZ_TARGET = "fixed" or a bug slug) for libFuzzer
 * (LLVMFuzzerTestOneInput) and, with CIDFUZZ_AFL, for AFL++ (persistent
 * mode over the shared-memory test case; a file argument is run once).
 * CIDFUZZ_PLAIN leaves out the interleaving feedback (the baseline of
 * the time-to-bug benchmark).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "libfuzzer.h"
#include "findings.h"
#include "known.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"
#include "targets.h"

#ifndef CIDFUZZ_TARGET
#error "build with -DCIDFUZZ_TARGET=\"<target>\""
#endif

static struct sim *sim;
static struct schedule sched;
static struct sim_options opts;
static unsigned int memory;	/* enum target_memory */

static void harness_init(void)
{
	const struct fuzz_target *t = fuzz_target_lookup(CIDFUZZ_TARGET);

	sim = sim_new(oracle_checker());
	if (!t || !sim) {
		fprintf(stderr, "cidfuzz harness: cannot set up %s\n", CIDFUZZ_TARGET);
		exit(2);
	}
	sim_default_options(&opts);
	opts.bugs = fuzz_target_bugs(t);
	memory = t->memory;
	/* our mutator, in this process under libFuzzer, mutates for it */
	setenv("CIDFUZZ_WEAK", fuzz_target_memory_env(t), 1);
	/* the campaign sets it; a harness run alone knows them too */
	setenv("CIDFUZZ_KNOWN", fuzz_target_known_env(t), 0);
#ifndef CIDFUZZ_PLAIN
	feedback_init();
#endif
	findings_init();
}

/* The target decides weak memory, or the input's bit does (EITHER) */
static void harness_run(const uint8_t *data, size_t size)
{
	static uint8_t copy[1 << 20];
	struct sim_result res;

	sched_decode_binary(data, size, &sched);
	if (memory != TARGET_EITHER)
		sched.weak = memory == TARGET_WEAK;
	findings_exec();
	/* a run not fully checked is no more clean than a violation */
	if (!sim_run(sim, &sched, &opts, &res, NULL) && !res.unchecked)
		return;
	/* The reproducer must say what ran: the bit as the target set it */
	if (size && size <= sizeof(copy)) {
		memcpy(copy, data, size);
		copy[0] = (uint8_t)((copy[0] & ~SCHED_WEAK_BIT) |
				    (sched.weak ? SCHED_WEAK_BIT : 0));
		data = copy;
	}
	findings_after_run(sim, &sched, &opts, &res, data, size);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	harness_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	harness_run(data, size);
	return 0;
}

#ifdef CIDFUZZ_AFL
#include <unistd.h>

__AFL_FUZZ_INIT();

static int run_file(const char *path)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		return 2;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	harness_run(buf, n);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *buf;

	harness_init();
	if (argc > 1)
		return run_file(argv[1]);
#ifdef __AFL_HAVE_MANUAL_CONTROL
	__AFL_INIT();
#endif
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000))
		harness_run(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
	return 0;
}
#endif
