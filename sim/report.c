// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the simulator prints: the per-step trace (which CPU ran which path,
 * the primitive it performed, the CID ownership changes it caused), the
 * verdict line, and the state of every CPU, task and mm at a violation.
 * Nothing here prints an address or anything else that differs between
 * two runs of one schedule.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

static const char *cid_word_str(unsigned int w, char *buf, size_t size)
{
	if (w == MM_CID_UNSET) {
		snprintf(buf, size, "UNSET");
		return buf;
	}
	/* (the flags are unsigned long where a tree makes them with BIT()) */
	snprintf(buf, size, "%u%s%s%s",
		 (unsigned int)(task_cid_value(w) & ~MM_CID_UNSET),
		 w & MM_CID_ONCPU ? "|ONCPU" : "",
		 w & MM_CID_TRANSIT ? "|TRANSIT" : "",
		 w & MM_CID_UNSET ? "|UNSET" : "");
	return buf;
}

static const char *mode_str(unsigned int mode)
{
	switch (mode) {
	case 0:
		return "per-task";
	case MM_CID_TRANSIT:
		return "per-task|TRANSIT";
	case MM_CID_ONCPU:
		return "per-cpu";
	case MM_CID_ONCPU | MM_CID_TRANSIT:
		return "per-cpu|TRANSIT";
	default:
		return "?";
	}
}

const char *sim_path_who(const struct sim *s, const struct sim_path *p, char *buf,
			 size_t size)
{
	static const char *const cpu_jobs[] = {
	    [JOB_SCHEDULE] = "__schedule->",
	    [JOB_WAKE] = "wake ",
	    [JOB_MIGRATE] = "migrate ",
	    [JOB_CALL] = "program ",
	};
	char name[24];

	if (!p) {
		snprintf(buf, size, "nobody");
	} else if (p->kind == PATH_CPU) {
		snprintf(buf, size, "cpu%d %s%s", p->cpu, cpu_jobs[p->job],
			 sim_task_name(s, p->arg_task, name, sizeof(name)));
	} else if (p->job == JOB_WORK) {
		snprintf(buf, size, "%s mm%d work (on cpu%u)",
			 sim_task_name(s, p->task, name, sizeof(name)),
			 p->arg_mm->id, p->task->cpu);
	} else {
		snprintf(buf, size, "%s %s (on cpu%u)",
			 sim_task_name(s, p->task, name, sizeof(name)), p->what,
			 p->task->cpu);
	}
	return buf;
}

void sim_trace_note(struct sim *s, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (!s->out)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sb_printf(s->out, "%s\n", buf);
}

static void bitmap_str(unsigned long mask, char *buf, size_t size)
{
	size_t len = 0;
	int i, start = -1;

	buf[0] = '\0';
	for (i = 0; i <= 64; i++) {
		bool set = i < 64 && (mask >> i & 1);

		if (set && start < 0)
			start = i;
		if (!set && start >= 0) {
			len += (size_t)snprintf(buf + len, size - len, "%s%d",
						len ? "," : "", start);
			if (i - 1 > start)
				len += (size_t)snprintf(buf + len, size - len,
							"-%d", i - 1);
			start = -1;
		}
		if (len >= size)
			break;
	}
	if (!len)
		snprintf(buf, size, "none");
}

void sim_trace_snapshot(struct sim *s)
{
	unsigned int i, cpu;

	s->snap_tasks = 0;
	for (i = 0; i < SCHED_MAX_TASKS; i++) {
		s->snap_task_cid[i] = MM_CID_UNSET;
		if (!s->task_exists[i])
			continue;
		s->snap_tasks |= 1ULL << i;
		s->snap_task_cid[i] = s->task[i].mm_cid.cid;
	}
	s->snap_nr_mms = s->view.nr_mms;
	for (i = 0; i < s->view.nr_mms; i++) {
		s->snap_mode[i] = s->mm[i].mm_cid.mode;
		s->snap_mask[i] = mm_layout_cidmask(&s->mm[i])[0];
		for (cpu = 0; cpu < s->nr_cpus; cpu++)
			s->snap_pcpu[i][cpu] =
				mm_layout_pcpu(&s->mm[i], cpu)->cid;
	}
}

static const char *op_str(uint8_t op, const void *obj, unsigned long val,
			  char *buf, size_t size)
{
	switch (op) {
	case OP_START:
		snprintf(buf, size, "start");
		break;
	case OP_LOAD:
		snprintf(buf, size, "load");
		break;
	case OP_STORE:
		if (val == ~0UL)
			snprintf(buf, size, "store (pointer)");
		else
			snprintf(buf, size, "store %lu", val);
		break;
	case OP_RMW:
		/* a bit number with a flag in it (I9) reads as the flag in hex */
		if (val < MM_CID_TRANSIT)
			snprintf(buf, size, "bitop %lu", val);
		else
			snprintf(buf, size, "bitop 0x%lx", val);
		break;
	case OP_FENCE:
		snprintf(buf, size, "%s", val == PF_MB ? "smp_mb" :
			 val == PF_WMB ? "smp_wmb" : "smp_rmb");
		break;
	case OP_SPIN_LOCK:
		snprintf(buf, size, "lock %s", ((const raw_spinlock_t *)obj)->name);
		break;
	case OP_SPIN_UNLOCK:
		snprintf(buf, size, "unlock %s", ((const raw_spinlock_t *)obj)->name);
		break;
	case OP_MUTEX_LOCK:
		snprintf(buf, size, "lock %s", ((const struct mutex *)obj)->name);
		break;
	case OP_MUTEX_UNLOCK:
		snprintf(buf, size, "unlock %s", ((const struct mutex *)obj)->name);
		break;
	case OP_RELAX:
		snprintf(buf, size, "cpu_relax");
		break;
	case OP_WAIT:
		snprintf(buf, size, "wait_for_completion");
		break;
	case OP_COMPLETE:
		snprintf(buf, size, "complete");
		break;
	default:
		snprintf(buf, size, "?");
	}
	return buf;
}

/* The CID ownership changes of the last step, into @sb */
static void trace_diff(struct sim *s, struct strbuf *sb)
{
	char a[40], b[40];
	unsigned int i, cpu;

	for (i = 0; i < SCHED_MAX_TASKS; i++) {
		unsigned int now = s->task[i].mm_cid.cid;

		if (!s->task_exists[i] || now == s->snap_task_cid[i])
			continue;
		sb_printf(sb, "            T%u.cid %s -> %s\n", i,
			  cid_word_str(s->snap_task_cid[i], a, sizeof(a)),
			  cid_word_str(now, b, sizeof(b)));
	}
	for (i = 0; i < s->view.nr_mms; i++) {
		struct mm_struct *mm = &s->mm[i];
		struct mm_mm_cid *mc = &mm->mm_cid;

		if (i >= s->snap_nr_mms) {	/* new: from an empty mm */
			s->snap_mode[i] = 0;
			s->snap_mask[i] = 0;
			for (cpu = 0; cpu < s->nr_cpus; cpu++)
				s->snap_pcpu[i][cpu] = MM_CID_UNSET;
		}
		if (mc->mode != s->snap_mode[i])
			sb_printf(sb, "            mm%u.mode %s -> %s\n", i,
				  mode_str(s->snap_mode[i]), mode_str(mc->mode));
		if (mm_layout_cidmask(mm)[0] != s->snap_mask[i]) {
			bitmap_str(s->snap_mask[i], a, sizeof(a));
			bitmap_str(mm_layout_cidmask(mm)[0], b, sizeof(b));
			sb_printf(sb, "            mm%u.cidmask {%s} -> {%s}\n",
				  i, a, b);
		}
		for (cpu = 0; cpu < s->nr_cpus; cpu++) {
			unsigned int w = mm_layout_pcpu(mm, cpu)->cid;

			if (w == s->snap_pcpu[i][cpu])
				continue;
			sb_printf(sb, "            mm%u.pcpu[%u] %s -> %s\n", i,
				  cpu,
				  cid_word_str(s->snap_pcpu[i][cpu], a,
					       sizeof(a)),
				  cid_word_str(w, b, sizeof(b)));
		}
	}
}

void sim_trace_step(struct sim *s, struct sim_path *p, uint8_t op,
		    const void *obj, const char *fn, unsigned long val)
{
	char opbuf[48], who[64];
	unsigned int lane = p->kind == PATH_CPU ? (unsigned int)p->cpu : p->task->cpu;
	struct sim_step_info info;
	struct strbuf changes, locks;

	sim_path_who(s, p, who, sizeof(who));
	op_str(op, obj, val, opbuf, sizeof(opbuf));
	if (s->opt.trace && s->out) {
		sb_printf(s->out, "%6lu %*scpu%u %-34s %-28s %s%s\n", s->steps,
			  (int)(2 * (lane % 8)), "", lane, who, fn ? fn : "-",
			  opbuf, p->done ? " [done]" : "");
		trace_diff(s, s->out);
	}
	if (!s->opt.step_hook)
		return;
	sb_init(&changes);
	sb_init(&locks);
	trace_diff(s, &changes);
	sim_report_held_locks(s, p, &locks);
	info = (struct sim_step_info){
		.step = s->steps, .cpu = lane, .who = who, .fn = fn ? fn : "-",
		.op = opbuf, .locks = locks.buf ? locks.buf : "",
		.changes = changes.buf ? changes.buf : "", .done = p->done,
		.sim = s,
	};
	s->opt.step_hook(s->opt.step_ctx, &info);
	sb_free(&changes);
	sb_free(&locks);
}

bool sim_step_entry(const struct sim *s, unsigned int i, const char **fn,
		    int *slot)
{
	const struct sim_path *p = s->step_path;

	if (!p || i >= p->nr_entries)
		return false;
	*fn = p->entries[i].fn;
	*slot = p->entries[i].task ? sim_task_slot(s, p->entries[i].task) : -1;
	return true;
}

bool sim_step_is_switch(const struct sim *s)
{
	const struct sim_path *p = s->step_path;

	return p && p->kind == PATH_CPU && p->job == JOB_SCHEDULE;
}

void sim_report_held_locks(struct sim *s, const struct sim_path *p,
			   struct strbuf *sb)
{
	unsigned int cpu, i;
	bool any = false;

	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		if (cpu_rq(cpu)->__lock.owner == p->id) {
			sb_printf(sb, "%s%s", any ? "," : " holding ",
				  cpu_rq(cpu)->__lock.name);
			any = true;
		}
	}
	for (i = 0; i < s->view.nr_mms; i++) {
		struct mm_mm_cid *mc = &s->mm[i].mm_cid;

		if (mc->mutex.owner == p->id) {
			sb_printf(sb, "%s%s", any ? "," : " holding ", mc->mutex.name);
			any = true;
		}
		if (mc->lock.owner == p->id) {
			sb_printf(sb, "%s%s", any ? "," : " holding ", mc->lock.name);
			any = true;
		}
	}
}

/* A path in flight: who, where it stopped, what it holds */
static void report_path(struct sim *s, const struct sim_path *p,
			struct strbuf *sb)
{
	char who[64];

	sb_printf(sb, ", kernel path %s at %s", sim_path_who(s, p, who, sizeof(who)),
		  p->fn ? p->fn : "its start");
	sim_report_held_locks(s, p, sb);
}

static void report_cpus(struct sim *s, struct strbuf *sb)
{
	unsigned int cpu;
	char name[24], who[64];

	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		struct rq *rq = cpu_rq(cpu);
		struct sim_path *p = sim_cpu_active_path(s, cpu);

		sb_printf(sb, "  cpu%u: curr %s", cpu,
			  sim_task_name(s, rq->curr, name, sizeof(name)));
		if (p)
			report_path(s, p, sb);
		else if (sim_task_is_user(s, rq->curr))
			sb_puts(sb, ", in user space");
		if (rq->__lock.owner)
			sb_printf(sb, ", %s held by %s", rq->__lock.name,
				  rq->__lock.owner <= SIM_MAX_PATHS ?
				  sim_path_who(s, &s->path[rq->__lock.owner - 1], who,
					       sizeof(who)) : "nobody (leaked)");
		sb_puts(sb, "\n");
	}
}

static const char *state_str(const struct task_struct *t)
{
	if (t->__state == TASK_DEAD)
		return "dead";
	if (t->__state == TASK_NEW)
		return "new";
	if (t->__state != TASK_RUNNING)
		return "blocked";
	return t->on_rq == TASK_ON_RQ_MIGRATING ? "migrating" :
	       t->on_rq ? "runnable" : "off-rq";
}

static void report_tasks(struct sim *s, struct strbuf *sb)
{
	char cid[40];
	unsigned int i;

	for (i = 0; i < SCHED_MAX_TASKS; i++) {
		struct task_struct *t = &s->task[i];

		if (!s->task_exists[i])
			continue;
		sb_printf(sb, "  T%u: mm%d cpu%u %s%s %s cid %s", i,
			  t->mm ? t->mm->id : -1, t->cpu, state_str(t),
			  cpu_rq(t->cpu)->curr == t ? " (curr)" : "",
			  t->mm_cid.active ? "active" : "inactive",
			  cid_word_str(t->mm_cid.cid, cid, sizeof(cid)));
		if (s->task_path[i])
			report_path(s, s->task_path[i], sb);
		sb_puts(sb, "\n");
	}
}

/* Who owns each CID of @mm: a task (plain or TRANSIT) or a CPU (ONCPU) */
static void report_owners(struct sim *s, struct mm_struct *mm,
			  struct strbuf *sb)
{
	unsigned long owned = 0;
	unsigned int i, cpu;

	sb_puts(sb, "       owners:");
	for (i = 0; i < s->view.nr_live; i++) {
		struct task_struct *t = &s->task[s->view.live[i]];
		unsigned int w = t->mm_cid.cid;

		/* a word with UNSET owns nothing, TRANSIT or not (view/view.c) */
		if (t->mm != mm || (w & MM_CID_UNSET) || cid_on_cpu(w))
			continue;
		sb_printf(sb, " %u=T%u%s", task_cid_value(w), s->view.live[i],
			  cid_in_transit(w) ? "(transit)" : "");
		if (task_cid_value(w) < BITS_PER_LONG)
			owned |= 1UL << task_cid_value(w);
	}
	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		unsigned int w = mm_layout_pcpu(mm, cpu)->cid;

		if ((w & MM_CID_UNSET) || !cid_on_cpu(w))
			continue;
		sb_printf(sb, " %u=cpu%u", task_cid_value(w), cpu);
		if (task_cid_value(w) < BITS_PER_LONG)
			owned |= 1UL << task_cid_value(w);
	}
	for (i = 0; i < BITS_PER_LONG; i++)
		if ((mm_layout_cidmask(mm)[0] & ~owned) >> i & 1)
			sb_printf(sb, " %u=nobody", i);
	sb_puts(sb, "\n");
}

static void report_mms(struct sim *s, struct strbuf *sb)
{
	char bits[64], cid[40];
	unsigned int i, cpu;

	for (i = 0; i < s->view.nr_mms; i++) {
		struct mm_struct *mm = &s->mm[i];
		struct mm_mm_cid *mc = &mm->mm_cid;

		bitmap_str(mm_layout_cidmask(mm)[0], bits, sizeof(bits));
		sb_printf(sb, "  mm%u: mode %s users %u max_cids %u pcpu_thrs %u "
			  "nr_cpus_allowed %u cidmask {%s}%s%s\n", i,
			  mode_str(mc->mode), mc->users, mc->max_cids,
			  mc->pcpu_thrs, mc->nr_cpus_allowed, bits,
			  mc->mutex.owner ? " mutex held" : "",
			  mc->update_deferred ? " update_deferred" : "");
		sb_printf(sb, "       pcpu:");
		for (cpu = 0; cpu < s->nr_cpus; cpu++)
			sb_printf(sb, " %s",
				  cid_word_str(mm_layout_pcpu(mm, cpu)->cid,
					       cid, sizeof(cid)));
		sb_puts(sb, "\n");
		report_owners(s, &s->mm[i], sb);
	}
}

static void report_state(struct sim *s, unsigned long step, struct strbuf *sb)
{
	sb_printf(sb, "state at step %lu:\n", step);
	report_cpus(s, sb);
	report_tasks(s, sb);
	report_mms(s, sb);
	sim_weak_report(s, sb);
}

/* The events that led here, oldest first */
static void report_recent(struct sim *s, struct strbuf *sb)
{
	unsigned int n = s->nr_recent < SIM_RECENT_EVENTS ? s->nr_recent :
			 SIM_RECENT_EVENTS, k;
	char buf[256];

	if (!n)
		return;
	sb_puts(sb, "last events:\n");
	for (k = s->nr_recent - n; k < s->nr_recent; k++) {
		int idx = s->recent[k % SIM_RECENT_EVENTS];
		const struct sched_event *ev = &s->sched->ev[idx];

		sched_print_event(ev, buf, sizeof(buf));
		sb_printf(sb, "  %d (line %d): %s%s\n", idx + 1, ev->line, buf,
			  idx == s->event_index ? "   <- running" :
			  s->recent_skipped[k % SIM_RECENT_EVENTS] ?
			  "   [skipped]" : "");
	}
}

/*
 * The checker stopped checking @inv: the first such note is the run's,
 * at the step just run. Never a verdict: the run goes on.
 */
void sim_unchecked(struct sim *s, const char *inv, const char *why)
{
	struct sim_result *res = s->res;

	if (res->unchecked)
		return;
	res->unchecked = true;
	res->unchecked_step = s->steps;
	snprintf(res->unchecked_inv, sizeof(res->unchecked_inv), "%s", inv);
	snprintf(res->unchecked_why, sizeof(res->unchecked_why), "%s", why);
}

/*
 * Invariant I@n, not selected, fired at @site: the first time, note it
 * for the verdict, with what it saw up to its first colon (the kind:
 * "livelock", "stall")
 */
static void note_deselected(struct sim *s, unsigned int n, const char *site,
			    const char *what)
{
	struct sim_result *res = s->res;
	struct sim_firing *f = &res->fired[n - 1];

	if (res->deselected & CHECK_INV(n))
		return;
	res->deselected |= CHECK_INV(n);
	f->step = s->steps + (s->cur != NULL);	/* as for a verdict, below */
	snprintf(f->what, sizeof(f->what), "%s: %.*s", site ? site : "-",
		 (int)strcspn(what, ":"), what);
}

/*
 * The first violation of a run wins; it stops the run. One of an
 * invariant not selected (--check) is no verdict: noted, and the run
 * goes on (--check narrows what is reported, not what runs).
 */
void sim_violation(struct sim *s, const char *inv, const char *site,
		   const char *fmt, ...)
{
	struct sim_result *res = s->res;
	const struct sched_event *ev;
	char what[sizeof(res->what)];
	va_list ap;

	if (res->violation)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (inv[0] == 'I' && inv[1] >= '1' && inv[1] <= '0' + CHECK_NR_INV &&
	    !(s->opt.checks & CHECK_INV(inv[1] - '0'))) {
		note_deselected(s, (unsigned int)(inv[1] - '0'), site, what);
		return;
	}
	s->stop = true;
	res->violation = true;
	snprintf(res->invariant, sizeof(res->invariant), "%s", inv);
	snprintf(res->site, sizeof(res->site), "%s", site ? site : "-");
	memcpy(res->what, what, sizeof(res->what));
	/*
	 * A primitive's own verdict (I4's retry bound, I9, WARN) comes in
	 * the step that runs it, which is not counted yet: name that one
	 * (the trace's line for it follows the report).
	 */
	res->step = s->steps + (s->cur != NULL);
	res->event_index = s->event_index;
	ev = s->event_index >= 0 ? &s->sched->ev[s->event_index] : NULL;
	res->event_line = ev ? ev->line : 0;
	if (!s->out)
		return;
	sb_printf(s->out, "VIOLATION %s: %s\n", inv, res->what);
	if (ev) {
		char buf[256];

		sched_print_event(ev, buf, sizeof(buf));
		sb_printf(s->out, "at step %lu, event %d (line %d): %s\n",
			  res->step, s->event_index + 1, ev->line, buf);
	} else {
		sb_printf(s->out, "at step %lu, in the drain phase\n", res->step);
	}
	report_recent(s, s->out);
	report_state(s, res->step, s->out);
}
