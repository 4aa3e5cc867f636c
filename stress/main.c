// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz-stress: the thread-pool stress emulator (see stress.h). Runs the
 * model on real threads for a while, checks the invariants online, and
 * prints the ownership-transition statistics.
 *
 *   cidfuzz-stress [--seconds S] [--cpus N] [--pools N] [--min N] [--max N]
 *                  [--bug SLUG]... [--kernel PROFILE] [--delay N] [--delay-us US] [--watchdog S] [--seed N]
 *                  [--user-work N] [--churn PERMILLE] [--plain-access] [--quiet] [--compare]
 *                  [--transit-bit-nr]
 *
 * --compare runs the current code and the schedout-drop variant (before
 * seed patch 4) one after the other and prints their statistics side by
 * side. --plain-access and --transit-bit-nr are test-only faults: a plain
 * read of the mode (a data race for TSan), and MM_CID_TRANSIT in the bit
 * number of the first clear_bit (I9, reported; the access is skipped).
 *
 * Exit: 0 clean, 1 a violation or a livelock (reported on stdout with
 * every thread's state), 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stress.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: cidfuzz-stress [--seconds S] [--cpus N] [--pools N] [--min N] [--max N]\n"
		"                      [--bug SLUG]... [--kernel PROFILE] [--delay N] [--delay-us US] [--watchdog S] "
		"[--seed N]\n"
		"                      [--user-work N] [--churn PERMILLE] [--plain-access] "
		"[--quiet] [--compare]\n"
		"                      [--transit-bit-nr]\n");
	exit(2);
}

static unsigned long number(const char *s, unsigned long lo, unsigned long hi)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || v < lo || v > hi) {
		fprintf(stderr, "cidfuzz-stress: bad number '%s' (expected %lu..%lu)\n", s, lo, hi);
		exit(2);
	}
	return v;
}

static void parse(int argc, char **argv, struct stress_options *o)
{
	*o = (struct stress_options){
	    .cpus = 4,
	    .pools = 1,
	    .min_threads = 1,
	    .max_threads = 5,
	    .seconds = 3,
	    .seed = 1,
	    .delay = 16,
	    .watchdog = 3,
	    .user_work = 2000,
	    .churn = 300,
	};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bug;

		if (!strcmp(a, "--plain-access")) {
			thr_opt.plain_mode_read = true;
			continue;
		}
		if (!strcmp(a, "--transit-bit-nr")) {
			thr_opt.transit_bit_nr = true;
			continue;
		}
		if (!strcmp(a, "--compare")) {
			o->compare = true;
			continue;
		}
		if (!strcmp(a, "--quiet")) {
			o->quiet = true;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--seconds"))
			o->seconds = atof(v);
		else if (!strcmp(a, "--watchdog"))
			o->watchdog = atof(v);
		else if (!strcmp(a, "--cpus"))
			o->cpus = (unsigned int)number(v, 1, STRESS_MAX_CPUS);
		else if (!strcmp(a, "--pools"))
			o->pools = (unsigned int)number(v, 1, STRESS_MAX_POOLS);
		else if (!strcmp(a, "--min"))
			o->min_threads = (unsigned int)number(v, 1, STRESS_MAX_TASKS);
		else if (!strcmp(a, "--max"))
			o->max_threads = (unsigned int)number(v, 1, STRESS_MAX_TASKS);
		else if (!strcmp(a, "--delay"))
			o->delay = (unsigned int)number(v, 0, 1u << 30);
		else if (!strcmp(a, "--delay-us"))
			thr_opt.delay_us = (unsigned int)number(v, 0, 1000000);
		else if (!strcmp(a, "--seed"))
			o->seed = number(v, 0, ~0ul);
		else if (!strcmp(a, "--churn"))
			o->churn = (unsigned int)number(v, 0, 950);
		else if (!strcmp(a, "--user-work"))
			o->user_work = (unsigned int)number(v, 0, 1u << 30);
		else if (!strcmp(a, "--bug") && (bug = cid_bug_lookup(v)) >= 0)
			o->bugs |= 1u << bug;
		else if (!strcmp(a, "--kernel") && (bug = cid_profile_lookup(v)) >= 0)
			o->bugs |= cid_profile((unsigned int)bug)->bugs;
		else
			usage();
	}
	if (o->min_threads > o->max_threads || o->pools * o->max_threads > STRESS_MAX_TASKS ||
	    o->seconds <= 0 || o->watchdog <= 0) {
		fprintf(stderr,
			"cidfuzz-stress: need min <= max, pools * max <= %d, "
			"positive seconds and watchdog\n",
			STRESS_MAX_TASKS);
		exit(2);
	}
}

static void start_threads(void)
{
	unsigned int i;

	for (i = 0; i < STRESS_MAX_TASKS; i++)
		pthread_create(&st.slot[i].pthread, NULL, task_thread, &st.slot[i]);
	for (i = 0; i < st.opt.cpus; i++)
		pthread_create(&st.cpu[i].pthread, NULL, idle_thread, &st.cpu[i]);
	pthread_create(&st.balancer_pthread, NULL, balancer_thread, NULL);
	pthread_create(&st.kworker_pthread, NULL, kworker_thread, NULL);
	pthread_create(&st.watchdog_pthread, NULL, watchdog_thread, NULL);
	st.nr_threads = STRESS_MAX_TASKS + (int)st.opt.cpus + 2;
}

static void join_threads(void)
{
	unsigned int i;

	for (i = 0; i < STRESS_MAX_TASKS; i++)
		pthread_join(st.slot[i].pthread, NULL);
	for (i = 0; i < st.opt.cpus; i++)
		pthread_join(st.cpu[i].pthread, NULL);
	pthread_join(st.balancer_pthread, NULL);
	pthread_join(st.kworker_pthread, NULL);
	pthread_join(st.watchdog_pthread, NULL);
}

static const char *variant_name(unsigned int bugs)
{
	if (!bugs)
		return "current";
	for (unsigned int b = 0; b < NR_CID_BUGS; b++)
		if (bugs == 1u << b)
			return cid_bug_slug(b);
	return "several bugs";
}

/* One run of the emulator; the statistics are in thr_stats */
static bool run(void)
{
	struct stress_options *o = &st.opt;
	unsigned long max_relax = 0;
	bool ok;

	thr_opt.delay = o->delay;
	thr_violation_hook = stress_violation;
	thr_transit_done_hook = check_transit_done;
	world_init();
	printf("cidfuzz-stress: %u cpus, %u pool(s) of %u..%u threads, %.1f s, %s, delay 1/%u, "
	       "seed %llu%s%s\n",
	       o->cpus, o->pools, o->min_threads, o->max_threads, o->seconds, variant_name(o->bugs),
	       o->delay, (unsigned long long)o->seed,
	       thr_opt.plain_mode_read ? ", plain mode read (test)" : "",
	       thr_opt.transit_bit_nr ? ", TRANSIT in a bit number (test)" : "");
	st.start_ns = thr_now_ns();
	start_threads();
	usleep((useconds_t)(o->seconds * 1e6));
	__atomic_store_n(&st.stop, 1, __ATOMIC_RELEASE);
	/* kernel paths in flight finish; a livelock is the watchdog's */
	while (__atomic_load_n(&st.parked, __ATOMIC_ACQUIRE) < st.nr_threads)
		usleep(1000);
	ok = !__atomic_load_n(&st.violations, __ATOMIC_ACQUIRE) && final_checks();
	__atomic_store_n(&st.quit, 1, __ATOMIC_RELEASE);
	join_threads();
	for (unsigned int i = 0; i < STRESS_MAX_TASKS; i++)
		if (st.slot[i].thr.max_relax > max_relax)
			max_relax = st.slot[i].thr.max_relax;
	if (!o->quiet) {
		cid_stats_print_header(stdout);
		cid_stats_print_row(stdout, "threads", variant_name(o->bugs), &thr_stats);
		printf("checked: %lu entries into user space (I1, I7), %lu ends of fixup walks "
		       "(I3); longest retry loop: %lu iterations\n",
		       st.user_checks, st.walk_checks, max_relax);
	}
	printf("verdict: %s\n", ok ? "clean" : "violation");
	return ok;
}

/*
 * --compare: the current code and schedout-drop, one run each, same seed
 * and workload, each in a child process (forked before any thread), and
 * the table of both with the change between them.
 */
static int compare(void)
{
	struct cid_stats st_of[2];
	int rc = 0;

	for (unsigned int v = 0; v < 2; v++) {
		int fd[2], status;
		pid_t pid;

		if (pipe(fd))
			return 2;
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return 2;
		if (!pid) {
			close(fd[0]);
			st.opt.bugs = v ? 1u << BUG_SCHEDOUT_DROP : 0;
			st.opt.quiet = true;
			status = run() ? 0 : 1;
			if (write(fd[1], &thr_stats, sizeof(thr_stats)) != sizeof(thr_stats))
				status = 2;
			_exit(status);
		}
		close(fd[1]);
		if (read(fd[0], &st_of[v], sizeof(st_of[v])) != sizeof(st_of[v]))
			memset(&st_of[v], 0, sizeof(st_of[v]));
		close(fd[0]);
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	}
	cid_stats_print_header(stdout);
	cid_stats_print_row(stdout, "threads", "current", &st_of[0]);
	cid_stats_print_row(stdout, "threads", "schedout-drop", &st_of[1]);
	cid_stats_print_change(stdout, "threads", &st_of[0], &st_of[1]);
	return rc;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	parse(argc, argv, &st.opt);
	if (st.opt.compare)
		return compare();
	return run() ? 0 : 1;
}
