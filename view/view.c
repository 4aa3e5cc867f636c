// SPDX-License-Identifier: GPL-2.0-only
/*
 * The view (view.h): translates the model's structures, and what the
 * machine publishes beside them (view_machine.h), into the contract's
 * plain words. Nothing here writes but view_take_hints(), which takes
 * the hints it hands out.
 */
#include <stddef.h>
#include <string.h>

#include "kernel.h"
#include "mm_layout.h"
#include "view_machine.h"

static inline const struct task_struct *vtask(const struct view *v,
					     unsigned int i)
{
	return &v->task[v->live[i]];
}

static inline const struct mm_struct *vmm_of(const struct view *v,
					     unsigned int m)
{
	return &v->mm[m];
}

static inline const struct mm_mm_cid *vmm(const struct view *v, unsigned int m)
{
	return &vmm_of(v, m)->mm_cid;
}

/* A kernel path of its own on @cpu, of the task T<slot> */
static inline bool cpu_path(const struct view *v, unsigned int cpu)
{
	return v->cpu_paths >> (cpu % 64) & 1;
}

static inline bool task_path(const struct view *v, unsigned int slot)
{
	return v->task_paths >> (slot % 64) & 1;
}

/*
 * The kernel's CID word and mode word as docs/contract.md §3 and §4
 * define them, written down here and not taken from impl/: an error in
 * the model's own helpers (cid_on_cpu(), cid_in_transit()) or flag
 * values must not be shared by the model and its judge.
 */
#define KWORD_UNSET	(1u << 31)	/* no CID */
#define KWORD_ONCPU	(1u << 30)	/* owned by the CPU (slot, mode) */
#define KWORD_TRANSIT	(1u << 29)	/* borrowed during a transition */

/*
 * The contract's view encoding was chosen equal to the kernel's word, so
 * a word translates by normalizing "unset" alone; this pins that choice.
 */
_Static_assert(KWORD_UNSET == VIEW_CID_UNSET && KWORD_ONCPU == VIEW_CID_ONCPU &&
	       KWORD_TRANSIT == VIEW_CID_TRANSIT, "translate the CID encoding");

static inline unsigned int view_word(unsigned int w)
{
	return w & KWORD_UNSET ? VIEW_CID_UNSET : w;
}

/* The mode as readers see it, where the layout keeps it (mm_layout.h) */
static inline unsigned int mode_word(const struct mm_struct *mm)
{
	unsigned int mode = mm_layout_mode(mm);

	return (mode & KWORD_ONCPU ? VIEW_CID_ONCPU : 0) |
	       (mode & KWORD_TRANSIT ? VIEW_CID_TRANSIT : 0);
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

/* rq->curr and no kernel path on its CPU, neither its own nor the CPU's */
static inline bool in_user(const struct view *v, unsigned int slot,
			   const struct task_struct *t)
{
	return !cpu_path(v, t->cpu) && !task_path(v, slot) &&
	       t->__state == TASK_RUNNING;
}

static inline void read_task(const struct view *restrict v, unsigned int i,
			     struct view_task *restrict out)
{
	unsigned int slot = v->live[i], cpu;
	const struct task_struct *t = &v->task[slot];
	uint8_t flags = 0;

	cpu = t->cpu;
	if (t->mm_cid.active)
		flags |= VT_ACTIVE;
	if (t->on_rq)
		flags |= VT_ON_RQ;
	if (cpu < nr_cpu_ids && cpu_rq(cpu)->curr == t) {
		flags |= VT_RUNNING;
		if (in_user(v, slot, t))
			flags |= VT_IN_USER;
	}
	store_task(out, view_word(t->mm_cid.cid),
		   t->mm ? (int16_t)t->mm->id : -1, (uint8_t)slot,
		   (uint8_t)cpu, flags);
}

void view_read_tasks(const struct view *restrict v,
		     struct view_task *restrict out)
{
	unsigned int i, n = v->nr_live;

	for (i = 0; i < n; i++)
		read_task(v, i, &out[i]);
}

void view_read_task(const struct view *v, unsigned int i, struct view_task *out)
{
	read_task(v, i, out);
}

bool view_rq_locked(const struct view *v, unsigned int cpu)
{
	(void)v;
	return cpu < nr_cpu_ids && cpu_rq(cpu)->__lock.owner;
}

void view_take_hints(struct view *v, struct view_hints *h)
{
	*h = v->hints;
	memset(&v->hints, 0, sizeof(v->hints));
}

void view_read_mm(const struct view *v, unsigned int m, struct view_mm *out)
{
	const struct mm_struct *mm = vmm_of(v, m);
	const struct mm_mm_cid *mc = &mm->mm_cid;
	unsigned int cpu;

	out->mode = mode_word(mm);
	out->users = mc->users;
	out->max_cids = mc->max_cids;
	out->thrs = mc->pcpu_thrs;
	out->nr_allowed = mc->nr_cpus_allowed;
	out->deferred = mc->update_deferred;
	out->mutex = mc->mutex.owner != 0;
	out->cidmask = mm_layout_cidmask(mm)[0];
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		out->pcpu[cpu] = view_word(mm_layout_pcpu(mm, cpu)->cid);
}

/* The model's num_possible_cpus(): the machine sets it at its reset */
unsigned int view_nr_cpus(const struct view *v)
{
	(void)v;
	return nr_cpu_ids;
}

unsigned int view_nr_mms(const struct view *v)
{
	return v->nr_mms;
}

unsigned int view_nr_tasks(const struct view *v)
{
	return v->nr_live;
}

unsigned int view_task_slot(const struct view *v, unsigned int i)
{
	return v->live[i];
}

int view_task_mm(const struct view *v, unsigned int i)
{
	const struct mm_struct *mm = vtask(v, i)->mm;

	return mm ? mm->id : -1;
}

unsigned int view_task_cid(const struct view *v, unsigned int i)
{
	return view_word(vtask(v, i)->mm_cid.cid);
}

bool view_task_active(const struct view *v, unsigned int i)
{
	return vtask(v, i)->mm_cid.active;
}

bool view_task_in_user(const struct view *v, unsigned int i)
{
	const struct task_struct *t = vtask(v, i);

	return t->cpu < nr_cpu_ids && cpu_rq(t->cpu)->curr == t &&
	       in_user(v, v->live[i], t);
}

int view_task_of_slot(const struct view *v, unsigned int slot)
{
	unsigned int i;

	for (i = 0; i < v->nr_live; i++)
		if (v->live[i] == slot)
			return (int)i;
	return -1;
}

unsigned int view_mm_mode(const struct view *v, unsigned int m)
{
	return mode_word(vmm_of(v, m));
}

unsigned int view_mm_users(const struct view *v, unsigned int m)
{
	return vmm(v, m)->users;
}

unsigned int view_mm_max_cids(const struct view *v, unsigned int m)
{
	return vmm(v, m)->max_cids;
}

unsigned int view_mm_pcpu_thrs(const struct view *v, unsigned int m)
{
	return vmm(v, m)->pcpu_thrs;
}

unsigned int view_mm_nr_cpus_allowed(const struct view *v, unsigned int m)
{
	return vmm(v, m)->nr_cpus_allowed;
}

bool view_mm_update_deferred(const struct view *v, unsigned int m)
{
	return vmm(v, m)->update_deferred;
}

uint64_t view_mm_cidmask(const struct view *v, unsigned int m)
{
	return mm_layout_cidmask(vmm_of(v, m))[0];
}

unsigned int view_mm_pcpu_cid(const struct view *v, unsigned int m,
			      unsigned int cpu)
{
	return view_word(mm_layout_pcpu(vmm_of(v, m), cpu)->cid);
}

unsigned int view_paths_in_flight(const struct view *v)
{
	return v->nr_in_flight;
}

/* A path in flight not even at a wait is no vfork parent: most steps */
bool view_quiescent(const struct view *v)
{
	if (v->nr_waiting < v->nr_in_flight)
		return false;
	return !v->nr_in_flight || v->ops->quiescent(v);
}

bool view_final(const struct view *v)
{
	return v->final;
}

bool view_halted(const struct view *v)
{
	return v->halted;
}

/* Does the last step's writer hold a lock owned by @owner? */
static bool step_holds(const struct view *v, int owner)
{
	/* A test fault's writes count as made with every lock held */
	if (unlikely(v->all_locks))
		return true;
	return v->step_owner && owner == v->step_owner;
}

bool view_step_holds_rq(const struct view *v, unsigned int cpu)
{
	return step_holds(v, cpu_rq(cpu)->__lock.owner);
}

bool view_step_holds_mm_lock(const struct view *v, unsigned int m)
{
	return step_holds(v, vmm(v, m)->lock.owner);
}

bool view_step_holds_mm_mutex(const struct view *v, unsigned int m)
{
	return step_holds(v, vmm(v, m)->mutex.owner);
}

bool view_step_local_irqs_off(const struct view *v, unsigned int cpu)
{
	if (unlikely(v->all_locks))
		return true;
	return v->ops->step_irqs_off(v, cpu);
}

int view_step_task(const struct view *v)
{
	int slot = v->ops->step_task(v);

	return slot < 0 ? -1 : view_task_of_slot(v, (unsigned int)slot);
}

const char *view_step_who(const struct view *v, char *buf, unsigned long size)
{
	return v->ops->step_who(v, buf, size);
}

void view_violation(struct view *v, const char *inv, const char *site,
		    const char *what)
{
	v->ops->violation(v, inv, site, what);
}

void view_unchecked(struct view *v, const char *inv, const char *why)
{
	v->ops->unchecked(v, inv, why);
}
