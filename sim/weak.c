// SPDX-License-Identifier: GPL-2.0-only
/*
 * Weak memory: per-CPU store buffers (on per schedule, "memory weak").
 *
 * The machine this builds is a partial-store-order machine (SPARC PSO):
 *
 *  - a store goes into its CPU's buffer; entries of different addresses
 *    leave it in any order the schedule picks (flush events, or the
 *    explorer's choice: sim_weak_pending() / sim_weak_flush()), entries
 *    of one address in program order (coherence);
 *  - a load reads its own CPU's newest buffered store to the address if
 *    there is one (store forwarding), else memory; loads are performed in
 *    program order, when their primitive runs;
 *  - memory is one copy: a store that leaves a buffer is visible to every
 *    other CPU at once (multi-copy atomic).
 *
 * The kernel's primitives map onto it conservatively (each at least as
 * strong as the Linux-kernel memory model, tools/memory-model, requires):
 *
 *	READ_ONCE / WRITE_ONCE	load / buffered store
 *	smp_load_acquire	load (loads are already in order)
 *	smp_rmb			nothing (loads are already in order)
 *	smp_wmb			a barrier mark: stores before it leave the
 *				buffer before any store after it
 *	smp_store_release	a mark, then the store: every earlier store is
 *				visible first (earlier loads are done already)
 *	smp_mb			drain the buffer
 *	test_and_set_bit	drain, then the RMW on memory (value-returning
 *				atomics are full barriers)
 *	clear_bit		drain, then the RMW (stronger than LKMM asks:
 *				a non-value-returning RMW is unordered)
 *	spin/mutex lock		nothing: an acquire orders later accesses,
 *				which are performed in order anyway
 *	spin/mutex unlock	drain, then release the lock: every store
 *				before it is visible first (a release)
 *	complete()		drain (it is an unlock in the kernel)
 *
 * Every behaviour of this machine is one LKMM allows: PSO relaxes only
 * store->store and store->load order, which LKMM relaxes too for unordered
 * accesses, its memory is multi-copy atomic (stronger than LKMM's), and
 * every fence above is at least as strong as LKMM's. So a weak-memory
 * verdict is never a false alarm. It is incomplete: it never reorders a
 * load with a later access (LB, load-load reordering) and is multi-copy
 * atomic (no WRC+poonceonces); tests/test_litmus.c pins both.
 *
 * Plain C accesses in impl/ are not primitives: they go straight to
 * memory. impl/ makes them only under the lock that protects the field,
 * and every unlock drains, so no other CPU can tell whether they were
 * buffered. Memory is kept "write-through": a buffered store is written to
 * memory at once (so its CPU's plain loads see it), and the value other
 * CPUs load until it leaves the buffer is kept beside it ("committed", in
 * a shadow of the address). A plain store to an address that has buffered
 * stores is noticed after the step and buffered behind them, which keeps
 * coherence. impl/ uses no smp_wmb(), so a plain store never has to wait
 * for a barrier mark.
 *
 * A path that runs on another CPU than at its previous step drains the
 * old CPU's buffer first (a flush is always allowed); in the kernel the
 * context switch and the migration take rq locks and __schedule() has a
 * full barrier, so a path never carries stores to another CPU.
 */
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

void sim_weak_reset(struct sim *s, bool on)
{
	unsigned int cpu;

	s->weak_on = on;
	s->weak_cpu = 0;
	if (!s->weak_pending && !s->nr_shadows)
		return;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		s->wbuf[cpu].n = 0;
	s->weak_pending = 0;
	s->nr_shadows = 0;
}

static struct weak_shadow *find_shadow(struct sim *s, const void *addr)
{
	unsigned int i;

	for (i = 0; i < s->nr_shadows; i++)
		if (s->shadow[i].addr == addr)
			return &s->shadow[i];
	return NULL;
}

/* The CPU a path runs on now */
static unsigned int path_cpu(const struct sim_path *p)
{
	return p->kind == PATH_CPU ? (unsigned int)p->cpu : p->task->cpu;
}

unsigned long sim_weak_load(struct sim *s, const void *addr, unsigned long memval, const char *fn)
{
	const struct weak_buf *b = &s->wbuf[s->weak_cpu];
	const struct weak_shadow *sh;
	unsigned int i;

	if (!s->nr_shadows)
		return memval;
	sh = find_shadow(s, addr);
	if (!sh)
		return memval;
	for (i = b->n; i--;)
		if (b->e[i].addr == addr)
			return b->e[i].val;
	/* Feedback: a load that saw a value another CPU has overwritten */
	if (unlikely(sim_feature_hook) && sh->committed != sh->latest)
		sim_feature_hook(sim_feature_of(fn, 0x57e));
	return sh->committed;
}

bool sim_weak_flushable(const struct weak_buf *b, unsigned int i)
{
	unsigned int j;

	if (b->e[i].epoch != b->e[0].epoch)
		return false;
	for (j = 0; j < i; j++)
		if (b->e[j].addr == b->e[i].addr)
			return false;
	return true;
}

/* Entry @i of @cpu's buffer leaves it: memory (for others) takes it */
void sim_weak_commit(struct sim *s, unsigned int cpu, unsigned int i)
{
	struct weak_buf *b = &s->wbuf[cpu];
	struct weak_entry e = b->e[i];
	struct weak_shadow *sh = find_shadow(s, e.addr);

	memmove(&b->e[i], &b->e[i + 1], (b->n - i - 1) * sizeof(b->e[0]));
	b->n--;
	s->weak_pending--;
	s->weak_commits++;
	s->progress++;
	if (!sh)
		return;
	sh->committed = e.val;
	if (--sh->pending)
		return;
	/*
	 * Last one out: memory is the committed value for everyone now. It
	 * held the newest store in program order, which another CPU's older
	 * entry may overtake here: a write the oracle must be told of.
	 */
	if (sim_mem_read(e.addr, e.size) != e.val)
		sim_hint_write(s, e.addr);
	sim_mem_write(e.addr, e.size, e.val);
	*sh = s->shadow[--s->nr_shadows];
}

void sim_weak_drain(struct sim *s, unsigned int cpu)
{
	while (s->wbuf[cpu].n)
		sim_weak_commit(s, cpu, 0);
}

void sim_weak_drain_all(struct sim *s)
{
	unsigned int cpu;

	for (cpu = 0; cpu < s->nr_cpus && s->weak_pending; cpu++)
		sim_weak_drain(s, cpu);
}

void sim_weak_store(struct sim *s, void *addr, unsigned int size, unsigned long val, bool release)
{
	unsigned int cpu = s->weak_cpu;
	struct weak_buf *b = &s->wbuf[cpu];
	struct weak_shadow *sh;

	/* A release: every earlier store leaves the buffer before this one */
	if (release && b->n)
		b->epoch++;
	if (b->n == WEAK_BUF_SIZE)
		sim_weak_commit(s, cpu, 0); /* the oldest can always go */
	sh = find_shadow(s, addr);
	if (!sh) {
		if (s->nr_shadows == WEAK_MAX_SHADOWS)
			sim_weak_drain_all(s);
		sh = &s->shadow[s->nr_shadows++];
		sh->addr = addr;
		sh->size = (uint8_t)size;
		sh->pending = 0;
		sh->committed = sim_mem_read(addr, size);
	}
	sh->pending++;
	sh->latest = val;
	b->e[b->n].addr = addr;
	b->e[b->n].val = val;
	b->e[b->n].size = (uint8_t)size;
	b->e[b->n].epoch = b->epoch;
	b->n++;
	s->weak_pending++;
	sim_mem_write(addr, size, val);
}

void sim_weak_fence(struct sim *s, unsigned int kind)
{
	struct weak_buf *b = &s->wbuf[s->weak_cpu];

	if (kind == PF_MB)
		sim_weak_drain(s, s->weak_cpu);
	else if (kind == PF_WMB && b->n)
		b->epoch++;
}

/* Before a step of @p: its CPU; a path that moved leaves nothing behind */
void sim_weak_before_step(struct sim *s, struct sim_path *p)
{
	unsigned int cpu = path_cpu(p);

	if (p->weak_cpu && p->weak_cpu - 1 != (int)cpu && s->wbuf[p->weak_cpu - 1].n)
		sim_weak_drain(s, (unsigned int)p->weak_cpu - 1);
	p->weak_cpu = (int)cpu + 1;
	s->weak_cpu = cpu;
}

/*
 * After a step: a plain store to an address with buffered stores (memory
 * differs from the last buffered value) joins the buffer of the CPU that
 * made it, behind the stores before it.
 */
void sim_weak_after_step(struct sim *s)
{
	unsigned int i;

again:
	for (i = 0; i < s->nr_shadows; i++) {
		struct weak_shadow *sh = &s->shadow[i];
		unsigned long v = sim_mem_read(sh->addr, sh->size);

		if (v == sh->latest)
			continue;
		sim_mem_write(sh->addr, sh->size, sh->latest);
		sim_weak_store(s, sh->addr, sh->size, v, false);
		goto again; /* the table may have changed */
	}
}

/* ---- names of buffered addresses, for flush events and reports ---- */

static void *field_of_mm(struct mm_struct *mm, unsigned int field)
{
	struct mm_mm_cid *mc = &mm->mm_cid;

	switch (field) {
	case FIELD_MM_MODE:
		return &mc->mode;
	case FIELD_MM_PERCPU:
		return mm_layout_split_mode(mm, false);
	case FIELD_MM_TRANSIT:
		return mm_layout_split_mode(mm, true);
	case FIELD_MM_MAX_CIDS:
		return &mc->max_cids;
	case FIELD_MM_NR_CPUS_ALLOWED:
		return &mc->nr_cpus_allowed;
	case FIELD_MM_IRQ_WORK:
		return &mc->irq_work.pending;
	case FIELD_MM_WORK:
		return &mc->work.pending;
	}
	return NULL;
}

static void *field_of_task(struct task_struct *t, unsigned int field)
{
	switch (field) {
	case FIELD_TASK_STATE:
		return &t->__state;
	case FIELD_TASK_ON_RQ:
		return &t->on_rq;
	case FIELD_TASK_ON_CPU:
		return &t->on_cpu;
	case FIELD_TASK_CPU:
		return &t->cpu;
	case FIELD_TASK_MM:
		return &t->mm;
	}
	return NULL;
}

/* The address a flush event names; NULL if that object does not exist */
void *sim_weak_field_addr(struct sim *s, unsigned int field, int obj)
{
	if (sched_field_is_mm(field))
		return obj >= 0 && (unsigned int)obj < s->view.nr_mms ?
		       field_of_mm(&s->mm[obj], field) : NULL;
	if (obj < 0 || obj >= SCHED_MAX_TASKS || !s->task_exists[obj])
		return NULL;
	return field_of_task(&s->task[obj], field);
}

/*
 * The field a flush event names for @addr: FIELD_* and its mm or task
 * in @obj; false if @addr is no such field (a list pointer, a lock word)
 */
bool sim_weak_addr_field(struct sim *s, const void *addr, unsigned int *field, int *obj)
{
	unsigned int i, f;

	for (i = 0; i < s->view.nr_mms; i++)
		for (f = FIELD_MM_MODE; f < SCHED_FIELD_FIRST_TASK; f++)
			if (field_of_mm(&s->mm[i], f) == addr)
				goto found;
	for (i = 0; i < SCHED_MAX_TASKS; i++)
		for (f = SCHED_FIELD_FIRST_TASK; f < NR_SCHED_FIELDS; f++)
			if (field_of_task(&s->task[i], f) == addr)
				goto found;
	return false;
found:
	*field = f;
	*obj = (int)i;
	return true;
}

/* "mm0.percpu", "T1.on_cpu", or the object and offset ("T1+104") */
const char *sim_weak_addr_name(struct sim *s, const void *addr, char *buf, size_t size)
{
	const char *a = addr;
	unsigned int i, f;
	int obj;

	if (sim_weak_addr_field(s, addr, &f, &obj)) {
		snprintf(buf, size, "%s%d.%s", sched_field_is_mm(f) ? "mm" : "T", obj,
			 sched_field_name(f));
		return buf;
	}
	for (i = 0; i < s->view.nr_mms; i++) {
		const char *o = (const char *)&s->mm[i];

		if (a >= o && a < o + sizeof(s->mm[i])) {
			snprintf(buf, size, "mm%u+%zu", i, (size_t)(a - o));
			return buf;
		}
	}
	for (i = 0; i < SCHED_MAX_TASKS; i++) {
		const char *o = (const char *)&s->task[i];

		if (a >= o && a < o + sizeof(s->task[i])) {
			snprintf(buf, size, "T%u+%zu", i, (size_t)(a - o));
			return buf;
		}
	}
	snprintf(buf, size, "(other)");
	return buf;
}

/* The pending stores of every CPU, a line each, for reports */
void sim_weak_report(struct sim *s, struct strbuf *sb)
{
	unsigned int cpu, i;
	char name[48];

	if (!s->weak_on)
		return;
	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		const struct weak_buf *b = &s->wbuf[cpu];

		if (!b->n)
			continue;
		sb_printf(sb, "  store buffer cpu%u (oldest first):", cpu);
		for (i = 0; i < b->n; i++) {
			if (i && b->e[i].epoch != b->e[i - 1].epoch)
				sb_puts(sb, " |");
			sb_printf(sb, " %s=",
				  sim_weak_addr_name(s, b->e[i].addr, name, sizeof(name)));
			if (b->e[i].size <= 4)
				sb_printf(sb, "%#lx", b->e[i].val);
			else
				sb_puts(sb, "(pointer)");
		}
		sb_puts(sb, "\n");
	}
}

/* ---- the explorer's view (sim.h) ---- */

unsigned int sim_weak_pending(struct sim *s, unsigned int cpu, struct sim_weak_entry *out,
			      unsigned int max)
{
	const struct weak_buf *b;
	unsigned int i;

	if (cpu >= NR_CPUS)
		return 0;
	b = &s->wbuf[cpu];
	for (i = 0; i < b->n && i < max; i++) {
		out[i].addr = b->e[i].addr;
		out[i].val = b->e[i].val;
		out[i].flushable = sim_weak_flushable(b, i);
	}
	return b->n;
}

bool sim_weak_flush(struct sim *s, unsigned int cpu, unsigned int index)
{
	if (cpu >= NR_CPUS || index >= s->wbuf[cpu].n || !sim_weak_flushable(&s->wbuf[cpu], index))
		return false;
	sim_weak_commit(s, cpu, index);
	return true;
}

/* The oldest buffered store of @cpu to @addr, if it may leave now; or -1 */
int sim_weak_flush_index(struct sim *s, unsigned int cpu, const void *addr)
{
	const struct weak_buf *b = &s->wbuf[cpu];
	unsigned int i;

	for (i = 0; i < b->n; i++)
		if (b->e[i].addr == addr)
			return sim_weak_flushable(b, i) ? (int)i : -1;
	return -1;
}

/*
 * Before a step of @p whose primitive is @op: may it make buffered stores
 * visible (drain, or commit one)? A barrier, an atomic, a lock operation
 * with stores in its CPU's buffer; a store into a full buffer; a path
 * that moved to another CPU with stores left in the old one's.
 */
bool sim_weak_step_may_commit(struct sim *s, const struct sim_path *p, uint8_t op)
{
	unsigned int cpu = path_cpu(p);
	unsigned int n = s->wbuf[cpu].n;

	if (!s->weak_on)
		return false;
	if (p->weak_cpu && p->weak_cpu - 1 != (int)cpu && s->wbuf[p->weak_cpu - 1].n)
		return true;
	switch (op) {
	case OP_LOAD:
	case OP_RELAX:
		return false;
	case OP_STORE:
		return n == WEAK_BUF_SIZE;
	default:
		return n > 0;
	}
}
