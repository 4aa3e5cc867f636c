// SPDX-License-Identifier: GPL-2.0-only
/*
 * The read-only view for the oracle (view.h): translates the model's
 * structures into the contract's plain words. Nothing here writes.
 */
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "sim_internal.h"
#include "view.h"

static inline struct task_struct *vtask(const struct sim *s, unsigned int i)
{
	return (struct task_struct *)&s->task[s->live[i]];
}

static inline const struct mm_mm_cid *vmm(const struct sim *s, unsigned int m)
{
	return &s->mm[m].mm_cid;
}

/*
 * The model's CID word in the contract's encoding. The model happens to
 * use the same bits (checked at compile time), so this only normalizes
 * an unset word; a model with other bits would translate here.
 */
_Static_assert(MM_CID_UNSET == VIEW_CID_UNSET && MM_CID_ONCPU == VIEW_CID_ONCPU &&
	       MM_CID_TRANSIT == VIEW_CID_TRANSIT, "translate the CID encoding");

static inline unsigned int view_word(unsigned int w)
{
	return w & MM_CID_UNSET ? VIEW_CID_UNSET : w;
}

static inline unsigned int mode_word(const struct mm_mm_cid *mc)
{
	unsigned int mode;

	/* split-mode-fields: what readers see is the two published fields */
	if (cid_bug(BUG_SPLIT_MODE_FIELDS))
		mode = (mc->percpu ? MM_CID_ONCPU : 0) | mc->transit;
	else
		mode = mc->mode;
	return (cid_on_cpu(mode) ? VIEW_CID_ONCPU : 0) |
	       (cid_in_transit(mode) ? VIEW_CID_TRANSIT : 0);
}

/*
 * Fill @v with two full-width stores where the layout allows: the oracle
 * compares the task it reads with wide loads (watch.c), and a wide load
 * of fields just stored one byte at a time waits for them to retire.
 */
static inline void store_task(struct view_task *v, unsigned int cid,
			      int16_t mm, uint8_t slot, uint8_t cpu,
			      uint8_t flags)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t lo = (uint64_t)cid | (uint64_t)(uint16_t)mm << 32 |
		      (uint64_t)slot << 48 | (uint64_t)cpu << 56;
	uint32_t hi = flags;

	_Static_assert(offsetof(struct view_task, mm) == 4 &&
		       offsetof(struct view_task, slot) == 6 &&
		       offsetof(struct view_task, cpu) == 7 &&
		       offsetof(struct view_task, flags) == 8 &&
		       sizeof(struct view_task) == 12, "view_task layout");
	memcpy(v, &lo, sizeof(lo));
	memcpy((char *)v + sizeof(lo), &hi, sizeof(hi));
#else
	v->cid = cid;
	v->mm = mm;
	v->slot = slot;
	v->cpu = cpu;
	v->flags = flags;
	v->zero[0] = v->zero[1] = v->zero[2] = 0;
#endif
}

static inline void read_task(const struct sim *restrict s, unsigned int i,
			     struct view_task *restrict v)
{
	unsigned int slot = s->live[i], cpu;
	const struct task_struct *t = &s->task[slot];
	uint8_t flags = 0;

	cpu = t->cpu;
	if (t->mm_cid.active)
		flags |= VT_ACTIVE;
	if (t->on_rq)
		flags |= VT_ON_RQ;
	if (cpu < s->nr_cpus) {
		const struct rq *rq = cpu_rq(cpu);

		if (rq->curr == t) {
			flags |= VT_RUNNING;
			if (!s->cpu_path[cpu] && !s->task_path[slot] &&
			    t->__state == TASK_RUNNING)
				flags |= VT_IN_USER;
		}
	}
	store_task(v, view_word(t->mm_cid.cid),
		   t->mm ? (int16_t)t->mm->id : -1, (uint8_t)slot,
		   (uint8_t)cpu, flags);
}

void view_read_tasks(const struct sim *restrict s,
		     struct view_task *restrict out)
{
	unsigned int i, n = s->nr_live;

	for (i = 0; i < n; i++)
		read_task(s, i, &out[i]);
}

void view_read_task(const struct sim *s, unsigned int i, struct view_task *out)
{
	read_task(s, i, out);
}

_Static_assert(sizeof(((struct view_hints *)0)->mms) ==
	       sizeof(((struct sim_hints *)0)->mms), "one size of mm hints");

bool view_rq_locked(const struct sim *s, unsigned int cpu)
{
	return cpu < s->nr_cpus && cpu_rq(cpu)->__lock.owner;
}

void view_take_hints(struct sim *s, struct view_hints *h)
{
#ifdef CIDFUZZ_WRITE_HINTS
	h->all = s->hints.all;
#else
	h->all = true;		/* no instrumentation: nothing is known */
#endif
	h->tasks = s->hints.tasks;
	h->cpus = s->hints.cpus;
	h->rq_locks = s->hints.rq_locks;
	memcpy(h->mms, s->hints.mms, sizeof(h->mms));
	memset(&s->hints, 0, sizeof(s->hints));
}

void view_read_mm(const struct sim *s, unsigned int m, struct view_mm *out)
{
	const struct mm_mm_cid *mc = vmm(s, m);
	unsigned int cpu;

	out->mode = mode_word(mc);
	out->users = mc->users;
	out->max_cids = mc->max_cids;
	out->thrs = mc->pcpu_thrs;
	out->nr_allowed = mc->nr_cpus_allowed;
	out->deferred = mc->update_deferred;
	out->mutex = mc->mutex.owner != 0;
	out->cidmask = mc->cidmask[0];
	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		out->pcpu[cpu] = view_word(mc->pcpu[cpu].cid);
}

unsigned int view_nr_cpus(const struct sim *s)
{
	return s->nr_cpus;
}

unsigned int view_nr_mms(const struct sim *s)
{
	return s->nr_mms;
}

unsigned int view_nr_tasks(const struct sim *s)
{
	return s->nr_live;
}

unsigned int view_task_slot(const struct sim *s, unsigned int i)
{
	return s->live[i];
}

int view_task_mm(const struct sim *s, unsigned int i)
{
	const struct mm_struct *mm = vtask(s, i)->mm;

	return mm ? mm->id : -1;
}

unsigned int view_task_cid(const struct sim *s, unsigned int i)
{
	return view_word(vtask(s, i)->mm_cid.cid);
}

bool view_task_active(const struct sim *s, unsigned int i)
{
	return vtask(s, i)->mm_cid.active;
}

bool view_task_in_user(const struct sim *s, unsigned int i)
{
	return task_in_user_space((struct sim *)s, vtask(s, i));
}

int view_task_of_slot(const struct sim *s, unsigned int slot)
{
	unsigned int i;

	for (i = 0; i < s->nr_live; i++)
		if (s->live[i] == slot)
			return (int)i;
	return -1;
}

unsigned int view_mm_mode(const struct sim *s, unsigned int m)
{
	return mode_word(vmm(s, m));
}

unsigned int view_mm_users(const struct sim *s, unsigned int m)
{
	return vmm(s, m)->users;
}

unsigned int view_mm_max_cids(const struct sim *s, unsigned int m)
{
	return vmm(s, m)->max_cids;
}

unsigned int view_mm_pcpu_thrs(const struct sim *s, unsigned int m)
{
	return vmm(s, m)->pcpu_thrs;
}

unsigned int view_mm_nr_cpus_allowed(const struct sim *s, unsigned int m)
{
	return vmm(s, m)->nr_cpus_allowed;
}

bool view_mm_update_deferred(const struct sim *s, unsigned int m)
{
	return vmm(s, m)->update_deferred;
}

uint64_t view_mm_cidmask(const struct sim *s, unsigned int m)
{
	return vmm(s, m)->cidmask[0];
}

unsigned int view_mm_pcpu_cid(const struct sim *s, unsigned int m,
			      unsigned int cpu)
{
	return view_word(vmm(s, m)->pcpu[cpu].cid);
}

unsigned int view_paths_in_flight(const struct sim *s)
{
	return s->nr_in_flight;
}

/* Usually decided by the first path in use: most runs have one at a time */
bool view_quiescent(const struct sim *s)
{
	unsigned int i, seen = 0;

	for (i = 0; i < SIM_MAX_PATHS && seen < s->nr_in_flight; i++) {
		const struct sim_path *p = &s->path[i];

		if (!p->in_use)
			continue;
		if (!path_waits_for_user(s, p))
			return false;
		seen++;
	}
	return true;
}

bool view_final(const struct sim *s)
{
	return s->final;
}

/* Does the last step's writer hold a lock owned by @owner? */
static bool step_holds(const struct sim *s, int owner)
{
	/* A test fault's writes count as made with every lock held */
	if (unlikely(s->fault_now))
		return true;
	return s->step_path && owner == s->step_path->id;
}

bool view_step_holds_rq(const struct sim *s, unsigned int cpu)
{
	return step_holds(s, cpu_rq(cpu)->__lock.owner);
}

bool view_step_holds_mm_lock(const struct sim *s, unsigned int m)
{
	return step_holds(s, vmm(s, m)->lock.owner);
}

bool view_step_holds_mm_mutex(const struct sim *s, unsigned int m)
{
	return step_holds(s, vmm(s, m)->mutex.owner);
}

bool view_step_local_irqs_off(const struct sim *s, unsigned int cpu)
{
	const struct sim_path *p = s->step_path;
	unsigned int on;

	if (unlikely(s->fault_now))
		return true;
	if (!p || p->irq_off <= 0)
		return false;
	on = p->kind == PATH_TASK ? p->task->cpu : (unsigned int)p->cpu;
	return on == cpu;
}

int view_step_task(const struct sim *s)
{
	const struct sim_path *p = s->step_path;
	int slot;

	if (!p || p->kind != PATH_TASK)
		return -1;
	slot = task_slot(s, p->task);
	return slot < 0 ? -1 : view_task_of_slot(s, (unsigned int)slot);
}

bool view_step_entry(const struct sim *s, unsigned int i, const char **fn,
		     int *task)
{
	const struct sim_path *p = s->step_path;
	int slot;

	if (!p || i >= p->nr_entries)
		return false;
	*fn = p->entries[i].fn;
	slot = p->entries[i].task ? task_slot(s, p->entries[i].task) : -1;
	*task = slot < 0 ? -1 : view_task_of_slot(s, (unsigned int)slot);
	return true;
}

bool view_step_is_switch(const struct sim *s)
{
	const struct sim_path *p = s->step_path;

	return p && p->kind == PATH_CPU && p->job == JOB_SCHEDULE;
}

const char *view_step_who(struct sim *s, char *buf, unsigned long size)
{
	return path_who(s, s->step_path, buf, size);
}

void view_violation(struct sim *s, const char *inv, const char *site,
		    const char *what)
{
	violation(s, inv, site, "%s", what);
}
