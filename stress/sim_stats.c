// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz-simstats: the ownership-transition statistics (cid_stats.h) from
 * deterministic simulator runs, to set beside the stress emulator's. The
 * workload is the emulator's, as schedules: a thread pool on 4 CPUs that
 * grows and shrinks in turn (forks, then exits), with yields, sleeps,
 * wakeups and migrations in between, and paths stopped part-way now and
 * then so that switches interleave with the fixup walks. Each schedule runs
 * with the current schedout and with schedout-drop; same schedules, so the
 * difference is the variant's alone.
 *
 *   cidfuzz-simstats [SCHEDULES] [SEED] [PHASE_EVENTS] [print]
 *
 * The counts come from the steps (sim_options.step_hook and the view):
 * a bitmap operation is a step that performs one; a schedin is classified
 * with the words it read and the max_cids its fast path loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cid_stats.h"
#include "oracle.h"
#include "sim.h"
#include "view.h"

#define NR_CPUS_SIM 4

struct pending_schedin {
	bool set, from_cpu;
	int mm;
	unsigned int tcid, cpu_cid;
};

struct counter {
	struct sim *s;
	const struct view *v;	/* the machine as the oracle sees it */
	struct cid_stats st;
	struct pending_schedin pend[SCHED_MAX_CPUS];
	/* the state after the step before: what this step's loads read */
	int curr[SCHED_MAX_CPUS]; /* view task running there, or -1 */
	unsigned int max_cids[64], mode[64];
	struct view_task tasks[SCHED_MAX_TASKS];
	unsigned int nr_tasks;
};

static void count_entry(struct counter *c, const struct sim_step_info *info, const char *fn,
			int task)
{
	if (strncmp(fn, "mm_cid_", 7))
		return;
	fn += 7;
	if (!strcmp(fn, "schedin")) {
		c->st.schedin++;
	} else if ((!strcmp(fn, "from_task") || !strcmp(fn, "from_cpu")) && task >= 0) {
		struct pending_schedin *p = &c->pend[info->cpu];
		int mm = view_task_mm(c->v, (unsigned int)task);

		/* this switch holds the rq lock: the words stay until the load */
		*p = (struct pending_schedin){
		    .set = mm >= 0,
		    .from_cpu = !strcmp(fn, "from_cpu"),
		    .mm = mm,
		    .tcid = view_task_cid(c->v, (unsigned int)task),
		    .cpu_cid = mm >= 0 ? view_mm_pcpu_cid(c->v, (unsigned int)mm, info->cpu) : 0,
		};
	} else if (!strcmp(fn, "switch_to")) {
		int prev = c->curr[info->cpu];

		if (prev >= 0 && (unsigned int)prev < c->nr_tasks &&
		    (c->tasks[prev].flags & VT_ACTIVE))
			c->st.schedout++;
	} else if (!strcmp(fn, "schedout")) {
		c->st.schedout_slow++;
	}
}

/* Remember what the next step will see */
static void snapshot(struct counter *c)
{
	unsigned int i, m, nr_mms = view_nr_mms(c->v);

	c->nr_tasks = view_nr_tasks(c->v);
	view_read_tasks(c->v, c->tasks);
	for (i = 0; i < SCHED_MAX_CPUS; i++)
		c->curr[i] = -1;
	for (i = 0; i < c->nr_tasks; i++)
		if (c->tasks[i].flags & VT_RUNNING)
			c->curr[c->tasks[i].cpu] = (int)i;
	for (m = 0; m < nr_mms && m < 64; m++) {
		unsigned int mode = view_mm_mode(c->v, m);

		if ((mode & VIEW_CID_ONCPU) != (c->mode[m] & VIEW_CID_ONCPU))
			c->st.transitions++;
		c->mode[m] = mode;
		c->max_cids[m] = view_mm_max_cids(c->v, m);
	}
}

static void step_hook(void *ctx, const struct sim_step_info *info)
{
	struct counter *c = ctx;
	struct pending_schedin *p = &c->pend[info->cpu];
	bool bitop = !strncmp(info->op, "bitop", 5);
	const char *fn;
	int slot;

	if (bitop && !strcmp(info->fn, "__mm_get_cid"))
		c->st.bit_set++;
	else if (bitop && !strcmp(info->fn, "mm_drop_cid"))
		c->st.bit_clear++;
	else if (!strcmp(info->op, "load") && !strcmp(info->fn, "__mm_get_cid"))
		c->st.bit_find++;
	if (bitop && sim_step_is_switch(c->s))
		c->st.bit_switch++;
	/* the fast path's READ_ONCE(max_cids): the value before this step */
	if (p->set && !strcmp(info->op, "load") && !strncmp(info->fn, "mm_cid_from_", 12)) {
		p->set = false;
		if (cid_schedin_fast(p->from_cpu, p->tcid, p->cpu_cid, c->max_cids[p->mm]))
			c->st.schedin_fast++;
	}
	for (unsigned int i = 0; sim_step_entry(c->s, i, &fn, &slot); i++)
		count_entry(c, info, fn,
			    slot < 0 ? -1 : view_task_of_slot(c->v, (unsigned int)slot));
	snapshot(c);
}

/* ---- the workload: the emulator's thread pool, as a schedule ---- */

static uint64_t next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static unsigned int pick(uint64_t *x, unsigned int n)
{
	return (unsigned int)(next_rand(x) % n);
}

static struct sched_event *add(struct schedule *s, unsigned int kind, uint64_t *x)
{
	struct sched_event *ev = &s->ev[s->nr_events++];

	*ev = sched_event_blank;
	ev->kind = (uint8_t)kind;
	/* now and then stop a path part-way, so that others run in between */
	if (pick(x, 10) < 3) {
		ev->run.kind = RUN_STEPS;
		ev->run.steps = (uint16_t)pick(x, 12);
	}
	return ev;
}

/*
 * The generator tracks names only (the simulator skips what is not
 * possible, and a fork or exit may be among it), so the pool follows
 * phases: forks for a while, then exits, and so on; the phases are long
 * enough to cross the per-task <-> per-CPU thresholds each time.
 */
static void thread_pool(struct schedule *s, uint64_t seed, unsigned int phase)
{
	uint64_t x = seed * 2654435761ULL + 0x9e3779b97f4a7c15ULL;
	bool live[SCHED_MAX_TASKS] = {true};
	unsigned int next_name = 1;
	struct sched_event *ev;

	memset(s, 0, sizeof(*s));
	s->nr_cpus = NR_CPUS_SIM;
	ev = add(s, EV_THREADS, &x);
	ev->run = sched_event_blank.run;
	ev->tasks[0] = 0;
	ev->nr_tasks = 1;
	while (s->nr_events < SCHED_MAX_EVENTS - 1) {
		unsigned int r = pick(&x, 100), t = pick(&x, SCHED_MAX_TASKS);
		bool growing = s->nr_events / phase % 2 == 0;

		while (!live[t])
			t = (t + 1) % SCHED_MAX_TASKS;
		if (r < 30) {
			ev = add(s, EV_SCHEDULE, &x);
			ev->cpu = (int8_t)pick(&x, NR_CPUS_SIM);
			ev->task2 = SCHED_TASK_NONE;
		} else if (r < 45) {
			/* a path stopped part-way goes on */
			ev = add(s, EV_STEP, &x);
			ev->cpu = (int8_t)pick(&x, NR_CPUS_SIM);
		} else if (r < 52) {
			ev = add(s, EV_BLOCK, &x);
			ev->task = (int8_t)t;
		} else if (r < 60) {
			ev = add(s, EV_WAKE, &x);
			ev->task = (int8_t)t;
			ev->cpu = (int8_t)pick(&x, NR_CPUS_SIM);
		} else if (r < 70) {
			ev = add(s, EV_MIGRATE, &x);
			ev->task = (int8_t)t;
			ev->cpu = (int8_t)pick(&x, NR_CPUS_SIM);
		} else if (growing) {
			for (unsigned int n = 0; live[next_name] && n < SCHED_MAX_TASKS; n++)
				next_name = (next_name + 1) % SCHED_MAX_TASKS;
			if (live[next_name])
				continue;
			ev = add(s, EV_FORK, &x);
			ev->task = (int8_t)(pick(&x, 2) ? t : 0); /* T0 is sure to exist */
			ev->task2 = (int8_t)next_name;
			ev->fork_kind = FORK_THREAD;
			live[next_name] = true;
		} else if (t) { /* T0 stays: the pool never empties */
			ev = add(s, EV_EXIT, &x);
			ev->task = (int8_t)t;
			live[t] = false;
		}
	}
}

int main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 200;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	unsigned int phase = argc > 3 ? (unsigned int)atoi(argv[3]) : 40;
	static const char *const variant[2] = {"current", "schedout-drop"};
	static struct schedule sched;
	struct counter c[2];
	struct sim_options opts;
	struct sim_result res;
	unsigned long violations = 0, skipped = 0, run = 0;

	if (argc > 4 && !strcmp(argv[4], "print")) { /* the first schedule, as text */
		static char text[1 << 16];

		thread_pool(&sched, seed, phase);
		sched_print_text(&sched, text, sizeof(text));
		fputs(text, stdout);
		return 0;
	}
	if (!n || !phase) {
		fprintf(stderr,
			"usage: cidfuzz-simstats [SCHEDULES] [SEED] [PHASE_EVENTS] [print]\n");
		return 2;
	}
	memset(c, 0, sizeof(c));
	for (unsigned int v = 0; v < 2; v++) {
		c[v].s = sim_new(oracle_checker());
		if (!c[v].s)
			return 2;
		c[v].v = sim_view(c[v].s);
	}
	for (unsigned int i = 0; i < n; i++) {
		thread_pool(&sched, seed + i, phase);
		for (unsigned int v = 0; v < 2; v++) {
			sim_default_options(&opts);
			opts.bugs = v ? 1u << BUG_SCHEDOUT_DROP : 0;
			opts.step_hook = step_hook;
			opts.step_ctx = &c[v];
			memset(c[v].mode, 0, sizeof(c[v].mode));
			memset(c[v].pend, 0, sizeof(c[v].pend));
			sim_run(c[v].s, &sched, &opts, &res, NULL);
			violations += res.violation;
			skipped += res.events_skipped;
			run += res.events_run;
		}
	}
	printf("cidfuzz-simstats: %u schedules of %u events, %u cpus, forks and exits in phases "
	       "of %u events, seed %llu; %lu of %lu events skipped as impossible, %lu violations\n",
	       n, SCHED_MAX_EVENTS - 1, NR_CPUS_SIM, phase, (unsigned long long)seed, skipped, run,
	       violations);
	cid_stats_print_header(stdout);
	for (unsigned int v = 0; v < 2; v++)
		cid_stats_print_row(stdout, "sim", variant[v], &c[v].st);
	cid_stats_print_change(stdout, "sim", &c[0].st, &c[1].st);
	for (unsigned int v = 0; v < 2; v++)
		sim_free(c[v].s);
	return violations ? 1 : 0;
}
