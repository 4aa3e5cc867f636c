// SPDX-License-Identifier: GPL-2.0-only
/*
 * Step-by-step control of a run for the explorer: the choices a state
 * offers, taking one, and the end of the run. See control.h.
 *
 * A step here is exactly what "step cpuN steps 1" does in a schedule
 * (sim_path_step() of the CPU's active path), and an event start is the
 * event with "steps 0", so that the explorer can print any run it makes
 * as a .sched file.
 */
#include <string.h>

#include "control.h"
#include "sim_internal.h"
#include "view.h"

/* The top of a path's stack that its frames use (the model is shallow) */
#define CTL_STACK_CLEAR (16 * 1024)

/* A flushable store no flush event can name (for the explorer's report) */
static void note_unnamed(struct sim_ctl *c, unsigned int cpu, const void *addr)
{
	unsigned int j;

	for (j = 0; j < c->nr_unnamed; j++)
		if (c->unnamed[j].cpu == cpu && c->unnamed[j].addr == addr)
			return;
	if (c->nr_unnamed == SIM_CTL_MAX_THREADS)
		return;
	c->unnamed[c->nr_unnamed].addr = addr;
	c->unnamed[c->nr_unnamed++].cpu = (uint8_t)cpu;
}

/*
 * Weak memory: a thread for every (CPU, address) pair with a store that
 * may leave its buffer now and has none yet. A pair keeps its number
 * for good, so that the choices of different runs compare.
 */
static void add_flush_threads(struct sim_ctl *c)
{
	struct sim *s = c->s;
	struct sim_ctl_flush *f;
	unsigned int cpu, i, j, field;
	int obj;

	if (!s->weak_pending)
		return;
	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		const struct weak_buf *b = &s->wbuf[cpu];

		for (i = 0; i < b->n; i++) {
			if (!sim_weak_flushable(b, i))
				continue;
			for (j = 0; j < c->nr_flush; j++)
				if (c->flush[j].cpu == cpu && c->flush[j].addr == b->e[i].addr)
					break;
			if (j < c->nr_flush)
				continue;
			if (!sim_weak_addr_field(s, b->e[i].addr, &field, &obj)) {
				note_unnamed(c, cpu, b->e[i].addr);
				continue;
			}
			if (c->nr_threads == SIM_CTL_MAX_THREADS) {
				c->no_room++;
				continue;
			}
			f = &c->flush[c->nr_flush++];
			f->addr = b->e[i].addr;
			f->cpu = (uint8_t)cpu;
			f->field = (uint8_t)field;
			f->obj = (int8_t)obj;
			c->nr_threads++;
		}
	}
}

int sim_ctl_begin(struct sim_ctl *c, struct sim *s, const struct schedule *sched,
		  unsigned int first, const struct sim_options *opts, struct sim_result *res,
		  struct strbuf *out)
{
	unsigned int i;

	c->s = s;
	c->sched = sched;
	c->res = res;
	c->next_event = first < sched->nr_events ? first : sched->nr_events;
	sim_begin(s, sched, opts, res, out);
	c->nr_threads = s->nr_cpus + 1 + c->nr_flush;
	for (i = 0; i < c->next_event && !s->stop; i++)
		sim_event(s, i, &sched->ev[i]);
	add_flush_threads(c);
	return s->stop ? 1 : 0;
}

bool sim_ctl_stopped(const struct sim_ctl *c)
{
	return c->s->stop;
}

static enum sim_access access_of(uint8_t op)
{
	switch (op) {
	case OP_LOAD:
		return ACC_READ;
	case OP_STORE:
	case OP_RMW:
		return ACC_WRITE;
	case OP_FENCE:
		return ACC_LOCAL;
	case OP_RELAX:
		return ACC_SPIN;
	case OP_START:
		/* a path's first step runs its plain entry code */
		return ACC_GLOBAL;
	default:
		return ACC_SYNC;
	}
}

/*
 * A flush writes its address for every other CPU, and wakes a spinner.
 * Dependencies beyond the address (another flush of its CPU, which may
 * let it go; a store of its CPU, behind a barrier or not) are the
 * explorer's to add (explore/dpor.c).
 */
static void flush_choice(struct sim_ctl *c, const struct sim_ctl_flush *f, struct sim_choice *ch)
{
	struct sim *s = c->s;

	ch->kind = CHOICE_FLUSH;
	ch->access = ACC_WRITE;
	ch->progress = true;
	ch->cpu = f->cpu;
	ch->obj = f->addr;
	ch->fn = "flush";
	ch->enabled = !s->stop && sim_weak_flush_index(s, f->cpu, f->addr) >= 0;
}

void sim_ctl_choice(struct sim_ctl *c, unsigned int thread, struct sim_choice *ch)
{
	struct sim *s = c->s;
	struct sim_path *p;

	memset(ch, 0, sizeof(*ch));
	ch->event = -1;
	ch->cpu = -1;
	if (thread > s->nr_cpus) {
		flush_choice(c, &c->flush[thread - s->nr_cpus - 1], ch);
		return;
	}
	/* after a violation nothing is enabled, but what was next still is */
	if (thread == s->nr_cpus) {
		ch->kind = CHOICE_START;
		ch->access = ACC_GLOBAL;
		ch->progress = true;
		if (c->next_event < c->sched->nr_events) {
			ch->event = (int)c->next_event;
			ch->enabled = !s->stop && sim_event_ready(s, &c->sched->ev[c->next_event]);
		}
		return;
	}
	ch->kind = CHOICE_STEP;
	ch->cpu = (int)thread;
	p = sim_cpu_active_path(s, thread);
	if (!p)
		return;
	ch->path = p->id;
	ch->obj = p->obj;
	ch->fn = p->fn;
	ch->access = (uint8_t)access_of(p->op);
	/* a drain writes every address in the buffer: all of them */
	if (unlikely(s->weak_on) && sim_weak_step_may_commit(s, p, p->op))
		ch->access = ACC_GLOBAL;
	ch->progress = ch->access == ACC_WRITE || ch->access == ACC_SYNC;
	ch->enabled = !s->stop && sim_path_runnable(s, p);
}

/* Below its first frame (sim_coro_init() put it at the top): not the frame */
static void clear_stack(struct sim_path *p)
{
	char *sp = p->co.sp, *top = (char *)p->co.stack + p->co.stack_size;
	char *from = top - CTL_STACK_CLEAR;

	if (sp && sp > from && sp <= top)
		memset(from, 0, (size_t)(sp - from));
}

/* A flush thread's choice: the flush event a schedule would have */
static int take_flush(struct sim_ctl *c, const struct sim_ctl_flush *f, struct sim_choice *done)
{
	struct sim *s = c->s;
	struct sched_event ev = sched_event_blank;

	ev.kind = EV_FLUSH;
	ev.cpu = (int8_t)f->cpu;
	ev.field = f->field;
	ev.obj = f->obj;
	sim_event(s, c->next_event, &ev);
	s->event_index = -1;
	if (s->stop)
		done->access = ACC_GLOBAL;
	add_flush_threads(c);
	return s->stop ? 1 : 0;
}

/*
 * Weak memory: did the step change the buffers other than announced (a
 * store adds one entry)? A drain, a commit, a plain store that joined a
 * buffer: it touched addresses it did not announce.
 */
static bool weak_unannounced(const struct sim *s, uint8_t op, unsigned int pending,
			     unsigned long commits)
{
	return s->weak_commits != commits || s->weak_pending != pending + (op == OP_STORE);
}

int sim_ctl_take(struct sim_ctl *c, unsigned int thread, struct sim_choice *done)
{
	struct sim *s = c->s;
	unsigned long progress = s->progress, commits = s->weak_commits;
	unsigned int pending = s->weak_pending;
	struct sched_event ev;
	struct sim_path *p;
	uint8_t op;

	sim_ctl_choice(c, thread, done);
	if (done->kind == CHOICE_FLUSH)
		return take_flush(c, &c->flush[thread - s->nr_cpus - 1], done);
	if (done->kind == CHOICE_START) {
		ev = c->sched->ev[c->next_event];
		ev.run = (struct sched_run){.kind = RUN_STEPS, .steps = 0, .task = SCHED_TASK_NONE};
		sim_event(s, c->next_event++, &ev);
		s->event_index = -1;
		add_flush_threads(c);
		return s->stop ? 1 : 0;
	}
	p = sim_cpu_active_path(s, thread);
	op = p->op;
	/*
	 * A new path's stack holds what earlier runs left there: clear the
	 * part it will use, so that its live stack (state hash) is its own
	 * (the x86-64 switch; with the fallback, sp is NULL: nothing to do)
	 */
	if (p->op == OP_START)
		clear_stack(p);
	sim_path_step(s, p);
	/*
	 * The path ended: its CPU, its task, a follow-on path all changed.
	 * A violation ends the run: the checker saw the whole state, so
	 * this step commutes with nothing (the other order must be run)
	 */
	if (!p->in_use || p->done || s->stop)
		done->access = ACC_GLOBAL;
	if (s->weak_on && weak_unannounced(s, op, pending, commits))
		done->access = ACC_GLOBAL;
	done->progress = s->progress != progress;
	add_flush_threads(c);
	return s->stop ? 1 : 0;
}

int sim_ctl_finish(struct sim_ctl *c)
{
	struct sim *s = c->s;
	struct sched_event ev;

	while (c->next_event < c->sched->nr_events && !s->stop) {
		ev = c->sched->ev[c->next_event];
		ev.run = (struct sched_run){.kind = RUN_STEPS, .steps = 0, .task = SCHED_TASK_NONE};
		sim_event(s, c->next_event++, &ev);
	}
	return sim_end(s);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

uint64_t sim_ctl_final_hash(const struct sim_ctl *c)
{
	struct sim *s = c->s;
	struct view_task vt[SCHED_MAX_TASKS];
	struct view_mm vm;
	unsigned int i, cpu, n = view_nr_tasks(&s->view);
	uint64_t h = mix(0, s->stop);

	if (s->stop)
		h = mix(h, (uint64_t)c->res->invariant[0] << 8 | c->res->invariant[1]);
	view_read_tasks(&s->view, vt);
	for (i = 0; i < n; i++) {
		h = mix(h, vt[i].cid);
		h = mix(h, (uint64_t)vt[i].slot << 24 | (uint64_t)vt[i].cpu << 16 |
			       (uint64_t)vt[i].flags << 8 | (uint8_t)vt[i].mm);
		h = mix(h, s->task[vt[i].slot].__state);
	}
	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		h = mix(h, (uint64_t)(sim_task_slot(s, cpu_rq(cpu)->curr) + 2));
	for (i = 0; i < view_nr_mms(&s->view); i++) {
		view_read_mm(&s->view, i, &vm);
		h = mix(h, vm.mode);
		h = mix(h, (uint64_t)vm.users << 32 | vm.max_cids);
		h = mix(h, (uint64_t)vm.thrs << 32 | vm.nr_allowed);
		h = mix(h, vm.deferred);
		h = mix(h, vm.cidmask);
		for (cpu = 0; cpu < s->nr_cpus; cpu++)
			h = mix(h, vm.pcpu[cpu]);
	}
	return h;
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t w;

	for (; len >= 8; len -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0x9fb21c651e98df25ULL;
		h ^= h >> 28;
	}
	w = 0;
	memcpy(&w, b, len);
	return mix(h, w);
}

/*
 * A suspended path's live stack. Under AddressSanitizer its frames hold
 * poisoned redzones: read it word by word, uninstrumented. A word that
 * points into the stack itself (a saved frame pointer, the address of a
 * local passed down) counts as its offset from the top: the same path on
 * another coroutine's stack is the same state.
 */
__attribute__((no_sanitize_address)) static uint64_t hash_stack(uint64_t h, const char *from,
								const char *base, const char *to)
{
	const volatile uint64_t *w = (const volatile uint64_t *)from;

	for (; (uintptr_t)(w + 1) <= (uintptr_t)to; w++) {
		uint64_t v = *w;

		if (v >= (uintptr_t)base && v < (uintptr_t)to)
			v = ((uintptr_t)to - v) | 1ULL << 63;
		h = (h ^ v) * 0x9fb21c651e98df25ULL;
		h ^= h >> 28;
	}
	return h;
}

/*
 * A path's position: its pending primitive, its counters, its job, and
 * its live stack (locals and saved registers: what it computed so far).
 * Whether its retry loop may go on is relative: relax_mark == progress.
 */
static uint64_t hash_path(const struct sim *s, const struct sim_path *p, uint64_t h)
{
	const char *sp = p->co.sp, *top = (const char *)p->co.stack + p->co.stack_size;

	h = mix(h, (uint64_t)p->id << 32 | (uint64_t)p->kind << 24 | (uint64_t)p->job << 16 |
		       (uint64_t)p->op << 8 | p->done);
	h = mix(h, (uintptr_t)p->obj ^ (uint64_t)p->val << 1);
	h = mix(h, (uintptr_t)p->fn ^ (uintptr_t)p->what << 1);
	h = mix(h, (uintptr_t)p->task ^ (uintptr_t)p->arg_task << 1 ^ (uintptr_t)p->followon << 2 ^
		       (uintptr_t)p->arg_mm << 3);
	h = mix(h, (uint64_t)(uint32_t)p->cpu << 32 | p->arg_cpu);
	h = mix(h, p->arg_flags ^ (uint64_t)(uint32_t)p->arg_child << 40);
	h = hash_bytes(h, &p->arg_mask, sizeof(p->arg_mask));
	h = mix(h, (uint64_t)(uint32_t)p->spin_held << 40 | (uint64_t)(uint32_t)p->preempt << 20 |
		       (uint32_t)p->irq_off);
	h = mix(h, (uint32_t)p->rcu);
	h = mix(h, (uint64_t)p->relax_iters << 1 | (p->relax_mark == s->progress));
	if (s->weak_on) /* a path that moves drains the buffer it left */
		h = mix(h, (uint64_t)(uint32_t)p->weak_cpu);
	if (sp && sp >= (const char *)p->co.stack && sp < top)
		h = hash_stack(h, sp, (const char *)p->co.stack, top);
	return h;
}

/*
 * Weak memory: each buffer in order, its barrier marks relative to its
 * oldest entry (the next store's mark too: what flushes may overtake),
 * and what other CPUs load meanwhile. The shadow table's order is
 * history (removal swaps): its entries are summed, an order-free hash.
 */
static uint64_t hash_weak(const struct sim *s, uint64_t h)
{
	uint64_t shadows = 0;
	unsigned int cpu, i;

	h = mix(h, (uint64_t)s->weak_on << 32 | s->weak_pending);
	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		const struct weak_buf *b = &s->wbuf[cpu];

		h = mix(h, (uint64_t)b->n << 32 | (b->n ? b->epoch - b->e[0].epoch : 0));
		for (i = 0; i < b->n; i++) {
			h = mix(h, (uintptr_t)b->e[i].addr);
			h = mix(h, b->e[i].val);
			h = mix(h, (uint64_t)b->e[i].size << 32 | (b->e[i].epoch - b->e[0].epoch));
		}
	}
	for (i = 0; i < s->nr_shadows; i++) {
		const struct weak_shadow *sh = &s->shadow[i];
		uint64_t e = mix((uintptr_t)sh->addr, (uint64_t)sh->size << 32 | sh->pending);

		e = mix(mix(e, sh->committed), sh->latest);
		shadows += e;
	}
	return mix(mix(h, s->nr_shadows), shadows);
}

uint64_t sim_ctl_state_hash(const struct sim_ctl *c)
{
	struct sim *s = c->s;
	uint64_t h = mix(c->next_event, s->stop);
	unsigned int i;

	/* a violation: the end state and what was seen where */
	if (s->stop)
		return hash_bytes(
		    hash_bytes(sim_ctl_final_hash(c), c->res->site, strlen(c->res->site)),
		    c->res->what, strlen(c->res->what));
	h = mix(h, s->view.nr_live | s->view.nr_mms << 8 | s->nr_signals << 16 |
		       (uint64_t)s->view.nr_in_flight << 24);
	h = hash_bytes(h, s->view.live, s->view.nr_live);
	for (i = 0; i < s->view.nr_live; i++)
		h = hash_bytes(h, &s->task[s->view.live[i]], sizeof(s->task[0]));
	h = hash_bytes(h, s->idle, s->nr_cpus * sizeof(s->idle[0]));
	h = hash_bytes(h, s->kworker, s->nr_cpus * sizeof(s->kworker[0]));
	h = hash_bytes(h, s->mm, s->view.nr_mms * sizeof(s->mm[0]));
	h = hash_bytes(h, s->signal, s->nr_signals * sizeof(s->signal[0]));
	h = hash_bytes(h, runqueues, s->nr_cpus * sizeof(runqueues[0]));
	h = hash_bytes(h, &init_task_list, sizeof(init_task_list));
	h = hash_bytes(h, &tasklist_lock, sizeof(tasklist_lock));
	h = hash_bytes(h, s->cpu_path, s->nr_cpus * sizeof(s->cpu_path[0]));
	h = hash_bytes(h, s->kworker_path, s->nr_cpus * sizeof(s->kworker_path[0]));
	h = hash_bytes(h, s->task_path, sizeof(s->task_path));
	for (i = 0; i < SIM_MAX_PATHS; i++)
		if (s->path[i].in_use)
			h = hash_path(s, &s->path[i], h);
	if (s->weak_on)
		h = hash_weak(s, h);
	return mix(h, s->checker.state_hash(s->checker.ctx));
}
