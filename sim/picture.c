// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine for pictures (sim_picture.h): what each CPU runs, the
 * locks and waits of the kernel paths in flight, the store buffers, the
 * TRANSIT bit of a CID word without a CID.
 * Only a step or event hook calls this; names are those of the trace
 * and the report (report.c), without the CPU a lane already shows.
 */
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"
#include "sim_picture.h"

static const char *const job_kind[] = {
    [JOB_SCHEDULE] = "schedule", [JOB_WAKE] = "wake", [JOB_MIGRATE] = "migrate",
    [JOB_FORK] = "fork",	 [JOB_EXIT] = "exit", [JOB_EXEC] = "exec",
    [JOB_AFFINITY] = "affinity", [JOB_WORK] = "work", [JOB_CALL] = "program",
};

/* The kind of a path: its job, or what a task path says it does */
static const char *path_kind(const struct sim_path *p)
{
	if (p->kind == PATH_TASK && p->what)
		return p->what;
	return job_kind[p->job];
}

static unsigned int path_cpu(const struct sim_path *p)
{
	return p->kind == PATH_CPU ? (unsigned int)p->cpu : p->task->cpu;
}

/* "__schedule->T1", "migrate T1", "T0 fork", "T0 mm0 work" */
static void path_name(struct sim *s, const struct sim_path *p, char *buf, size_t size)
{
	char who[64], *on;

	sim_path_who(s, p, who, sizeof(who));
	on = strstr(who, " (on cpu");
	if (on)
		*on = '\0';
	if (p->kind == PATH_CPU && strchr(who, ' '))
		snprintf(buf, size, "%s", strchr(who, ' ') + 1);
	else
		snprintf(buf, size, "%s", who);
}

static void add_held(char *buf, size_t size, const raw_spinlock_t *lock,
		     const struct sim_path *p)
{
	size_t n = strlen(buf);

	if (lock->owner == p->id && n < size)
		snprintf(buf + n, size - n, "%s%s", n ? "," : "", lock->name);
}

/*
 * The report's locks (rq and mm locks), and those a picture's lock
 * waits can name besides: tasklist_lock and the pi_locks, so that an
 * arrow to a lock's holder points at a bar that names it
 */
static void held_locks(struct sim *s, const struct sim_path *p, char *buf, size_t size)
{
	struct strbuf sb;
	unsigned int i;

	sb_init(&sb);
	sim_report_held_locks(s, p, &sb);
	/* " holding rq2,mm0.lock" */
	snprintf(buf, size, "%s", sb.buf ? sb.buf + strlen(" holding ") : "");
	sb_free(&sb);
	add_held(buf, size, &tasklist_lock, p);
	for (i = 0; i < SCHED_MAX_TASKS; i++)
		if (s->task_exists[i])
			add_held(buf, size, &s->task[i].pi_lock, p);
	for (i = 0; i < s->nr_cpus; i++) {
		add_held(buf, size, &s->idle[i].pi_lock, p);
		add_held(buf, size, &s->kworker[i].pi_lock, p);
	}
}

static int lock_owner_of(const struct sim_path *p, const char **name)
{
	if (p->op == OP_SPIN_LOCK) {
		*name = ((const raw_spinlock_t *)p->obj)->name;
		return ((const raw_spinlock_t *)p->obj)->owner;
	}
	if (p->op == OP_MUTEX_LOCK) {
		*name = ((const struct mutex *)p->obj)->name;
		return ((const struct mutex *)p->obj)->owner;
	}
	return 0;
}

static void read_waits(struct sim *s, struct sim_picture *out)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_PATHS && out->nr_waits < SIM_PIC_MAX_WAITS; i++) {
		const struct sim_path *p = &s->path[i];
		struct sim_picture_wait *w = &out->waits[out->nr_waits];
		const char *lock = NULL;
		int owner = lock_owner_of(p, &lock);

		if (!p->in_use || p->done)
			continue;
		if (owner > 0 && owner != p->id && owner <= SIM_MAX_PATHS) {
			const struct sim_path *h = &s->path[owner - 1];

			w->kind = SIM_WAIT_LOCK;
			snprintf(w->lock, sizeof(w->lock), "%s", lock);
			w->holder_cpu = (int)path_cpu(h);
			path_name(s, h, w->holder, sizeof(w->holder));
		} else if (p->op == OP_RELAX) {
			w->kind = SIM_WAIT_SPIN;
		} else if (p->op == OP_WAIT && !((const struct completion *)p->obj)->done) {
			w->kind = SIM_WAIT_COMPLETION;
		} else {
			continue;
		}
		if (w->kind != SIM_WAIT_LOCK) {
			w->lock[0] = w->holder[0] = '\0';
			w->holder_cpu = -1;
		}
		w->cpu = path_cpu(p);
		path_name(s, p, w->who, sizeof(w->who));
		snprintf(w->fn, sizeof(w->fn), "%s", p->fn ? p->fn : "-");
		out->nr_waits++;
	}
}

static void read_buffer(struct sim *s, unsigned int cpu, struct sim_picture_cpu *c)
{
	const struct weak_buf *b = &s->wbuf[cpu];
	size_t len = 0;
	unsigned int i;
	char name[48];

	c->nr_buffered = s->weak_on ? b->n : 0;
	c->buffered[0] = '\0';
	for (i = 0; i < c->nr_buffered && len < sizeof(c->buffered); i++) {
		sim_weak_addr_name(s, b->e[i].addr, name, sizeof(name));
		if (b->e[i].size <= 4)
			len += (size_t)snprintf(c->buffered + len, sizeof(c->buffered) - len,
						"%s%s=%#lx", i ? " " : "", name, b->e[i].val);
		else
			len += (size_t)snprintf(c->buffered + len, sizeof(c->buffered) - len,
						"%s%s=(pointer)", i ? " " : "", name);
	}
}

static bool unset_transit(unsigned int w)
{
	return (w & (MM_CID_UNSET | MM_CID_TRANSIT)) ==
	       (MM_CID_UNSET | MM_CID_TRANSIT);
}

static void read_unset_transit(struct sim *s, struct sim_picture *out)
{
	unsigned int i, cpu;

	out->unset_transit_tasks = 0;
	for (i = 0; i < SCHED_MAX_TASKS; i++)
		if (s->task_exists[i] && unset_transit(s->task[i].mm_cid.cid))
			out->unset_transit_tasks |= 1ULL << i;
	for (i = 0; i < SIM_PIC_MAX_MMS; i++) {
		out->unset_transit_slots[i] = 0;
		if (i >= s->view.nr_mms)
			continue;
		for (cpu = 0; cpu < s->nr_cpus && cpu < 64; cpu++)
			if (unset_transit(mm_layout_pcpu(&s->mm[i], cpu)->cid))
				out->unset_transit_slots[i] |= 1ULL << cpu;
	}
}

void sim_picture_read(struct sim *s, struct sim_picture *out)
{
	unsigned int cpu;

	out->nr_cpus = s->nr_cpus;
	out->event_index = s->event_index;
	out->weak = s->weak_on;
	out->weak_flushed = s->weak_commits;
	out->nr_waits = 0;
	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		struct sim_picture_cpu *c = &out->cpu[cpu];
		const struct task_struct *curr = cpu_rq(cpu)->curr;
		const struct sim_path *p = sim_cpu_active_path(s, cpu);

		c->curr = sim_task_slot(s, curr);
		c->in_user = !p && sim_task_is_user(s, curr);
		sim_task_name(s, curr, c->curr_name, sizeof(c->curr_name));
		c->path[0] = c->locks[0] = '\0';
		c->kind = "";
		if (p && !p->done) {
			path_name(s, p, c->path, sizeof(c->path));
			c->kind = path_kind(p);
			held_locks(s, p, c->locks, sizeof(c->locks));
		}
		read_buffer(s, cpu, c);
	}
	read_waits(s, out);
	read_unset_transit(s, out);
}
