// SPDX-License-Identifier: GPL-2.0-only
/*
 * The invariants the emulator checks while threads run, and at the end:
 *
 *  I1 online: a task claims its CID number in a per-mm table when it
 *     enters user space and gives it back when it leaves; two tasks that
 *     claim one number at once were in user space together with it.
 *  I7 online: the number a task shows does not change while it is in
 *     user space (read under its rq lock on entry and on leaving).
 *  I3 online: when a fixup walk is over, before TRANSIT is cleared, no
 *     user of the mm that is not running holds a TRANSIT CID (checked by
 *     the walker itself, under the mutex, one rq lock at a time).
 *  I4 online: the watchdog: a retry loop or a lock wait that lasts longer
 *     than --watchdog seconds is a livelock, reported with every thread's
 *     state and the wait-for chain; the process then exits, it does not
 *     hang.
 *  I2, I3, I5 at the end, with every thread parked: bitmap == the CIDs
 *     owned by tasks and CPUs, each owned once; no TRANSIT left in the
 *     mode or off the CPU; every CID below the number of CPUs.
 *
 * The checks only read what the lock they hold protects (or everything,
 * at the end, when nothing runs), so they add no data race of their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "stress.h"

/*
 * The reports read other threads' state while it changes, on purpose (a
 * snapshot of a stuck machine); under TSan those reads are not findings.
 */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
#define racy_reads_begin() AnnotateIgnoreReadsBegin(__FILE__, __LINE__)
#define racy_reads_end() AnnotateIgnoreReadsEnd(__FILE__, __LINE__)
#endif
#endif
#ifndef racy_reads_begin
#define racy_reads_begin()                                                                         \
	do {                                                                                       \
	} while (0)
#define racy_reads_end()                                                                           \
	do {                                                                                       \
	} while (0)
#endif

static double secs_since(uint64_t t0, uint64_t t1)
{
	return (double)(t1 - t0) / 1e9;
}

static const char *lock_name(const void *owner_word)
{
	/* raw_spinlock_t and struct mutex: owner word, then the name */
	return container_of(owner_word, raw_spinlock_t, owner)->name;
}

static const char *owner_of(const void *owner_word)
{
	int id = __atomic_load_n((const int *)owner_word, __ATOMIC_RELAXED);
	struct thr *t = thr_by_id(id);

	return t ? t->name : id ? "?" : "nobody";
}

static const char *task_name(const struct task_struct *t, char *buf, size_t size)
{
	const struct slot *sl = slot_of(t);

	if (sl)
		snprintf(buf, size, "T%d", (int)(sl - st.slot));
	else
		snprintf(buf, size, "%s", t ? "a kernel thread" : "-");
	return buf;
}

/* A task thread without a task has nothing to report */
static bool has_task(const struct thr *t)
{
	const struct slot *sl = t->cpu_of_task ? slot_of(t->task) : NULL;

	return !sl || __atomic_load_n(&sl->state, __ATOMIC_RELAXED) != SLOT_FREE;
}

static void report_thread(struct thr *t, uint64_t now)
{
	const char *prim = thr_get(t->prim), *fn = thr_get(t->fn);
	struct task_struct *subject = thr_get(t->subject);
	const void *wait = thr_get(t->wait_lock);
	unsigned long relax = thr_get(t->relax_iters);
	unsigned int cpu = t->cpu;
	const char *doing = thr_get(t->doing);
	char name[24];

	if (t->cpu_of_task)
		cpu = thr_get(t->at_cpu);
	printf("  %-9s cpu%-2u %-20s", t->name, cpu, doing ? doing : "-");
	if (fn)
		printf(" in %s", fn);
	if (subject)
		printf(" for %s", task_name(subject, name, sizeof(name)));
	if (prim)
		printf(", %s (%s)", prim, thr_get(t->prim_fn));
	if (wait)
		printf(", waits for %s held by %s for %.2f s", lock_name(wait), owner_of(wait),
		       secs_since(thr_get(t->wait_since), now));
	if (relax)
		printf(", retry loop: %lu iterations in %.2f s", relax,
		       secs_since(thr_get(t->relax_since), now));
	for (int i = 0; i < THR_MAX_HELD; i++) {
		const void *h = thr_get(t->held[i]);

		if (h)
			printf(", holds %s", lock_name(h));
	}
	printf("\n");
}

/* Every thread's state (racy snapshot, read with relaxed atomics) */
void report_threads(void)
{
	uint64_t now = thr_now_ns();

	racy_reads_begin();
	printf("threads (free task slots left out):\n");
	for (int id = 1; id <= THR_MAX_THREADS; id++) {
		struct thr *t = thr_by_id(id);

		if (t && thr_get(t->doing) && has_task(t))
			report_thread(t, now);
	}
	for (unsigned int p = 0; p < st.opt.pools; p++) {
		struct mm_mm_cid *mc = &st.pool[p].mm->mm_cid;

		printf("mm%u: mode %#x max_cids %u cidmask %#lx\n", p,
		       __atomic_load_n(&mc->mode, __ATOMIC_RELAXED),
		       __atomic_load_n(&mc->max_cids, __ATOMIC_RELAXED),
		       __atomic_load_n(&mc->cidmask[0], __ATOMIC_RELAXED));
	}
	racy_reads_end();
}

/* Who waits for whom, from @t: "T38 -> rq2 -> idle/2 (spins in mm_get_cid)" */
static void report_wait_for(struct thr *t)
{
	printf("wait-for: %s", t->name);
	for (int hops = 0; hops < THR_MAX_THREADS; hops++) {
		const void *wait = thr_get(t->wait_lock);
		struct thr *owner;

		if (!wait)
			break;
		owner = thr_by_id(__atomic_load_n((const int *)wait, __ATOMIC_RELAXED));
		printf(" -> %s -> %s", lock_name(wait), owner ? owner->name : "nobody");
		if (!owner || owner == t)
			break;
		t = owner;
	}
	if (thr_get(t->relax_iters))
		printf(" (spins in the retry loop of %s)", thr_get(t->prim_fn));
	printf("\n");
}

void stress_violation(const char *inv, const char *what)
{
	pthread_mutex_lock(&st.report_lock);
	if (!__atomic_fetch_add(&st.violations, 1, __ATOMIC_RELAXED)) {
		printf("VIOLATION %s: %s (after %.3f s)\n", inv, what,
		       secs_since(st.start_ns, thr_now_ns()));
		report_threads();
		fflush(stdout);
	}
	pthread_mutex_unlock(&st.report_lock);
	__atomic_store_n(&st.stop, 1, __ATOMIC_RELEASE);
}

static void fail(const char *inv, const char *fmt, int a, unsigned int b, int c)
{
	char what[200];

	snprintf(what, sizeof(what), fmt, a, b, c);
	stress_violation(inv, what);
}

/* The CID word of a running task, read under its rq lock */
static unsigned int running_cid(struct slot *sl)
{
	struct rq *rq = cpu_rq(__atomic_load_n(&sl->task.cpu, __ATOMIC_RELAXED));
	unsigned int w;

	thr_spin_lock(&rq->__lock);
	w = sl->task.mm_cid.cid;
	thr_spin_unlock(&rq->__lock);
	return w;
}

void user_enter(struct slot *sl)
{
	int me = (int)(sl - st.slot) + 1, other = 0;
	unsigned int w = running_cid(sl), nr = task_cid_value(w);

	sl->user_cid = MM_CID_UNSET;
	thr_set(sl->thr.at_cpu, __atomic_load_n(&sl->task.cpu, __ATOMIC_RELAXED));
	if (w & MM_CID_UNSET) {
		fail("I1", "T%d runs in user space without a CID%.0u%.0d", me - 1, 0, 0);
		return;
	}
	if (nr >= st.opt.cpus) {
		fail("I5", "T%d runs in user space with CID %u, not below the %d CPUs", me - 1, nr,
		     (int)st.opt.cpus);
		return;
	}
	if (!__atomic_compare_exchange_n(&st.user_owner[sl->pool][nr], &other, me, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		fail("I1", "T%d and T%d in user space at once, both with CID %u", me - 1, nr,
		     other - 1);
		return;
	}
	sl->user_cid = nr;
	__atomic_fetch_add(&st.user_checks, 1, __ATOMIC_RELAXED);
}

void user_leave(struct slot *sl)
{
	unsigned int nr = task_cid_value(running_cid(sl));

	if (sl->user_cid == MM_CID_UNSET)
		return;
	if (nr != sl->user_cid)
		fail("I7", "T%d's CID changed from %u to %d in user space", (int)(sl - st.slot),
		     sl->user_cid, (int)nr);
	__atomic_store_n(&st.user_owner[sl->pool][sl->user_cid], 0, __ATOMIC_RELEASE);
}

/*
 * I3 at the end of a walk (thr_transit_done_hook): the walker holds
 * mm_cid.mutex, so the user list is stable; each user is looked at under
 * its rq lock, as the walk itself does.
 */
void check_transit_done(struct mm_struct *mm)
{
	__atomic_fetch_add(&st.walk_checks, 1, __ATOMIC_RELAXED);
	for (struct hlist_node *n = mm->mm_cid.user_list.first; n; n = n->next) {
		struct task_struct *t = container_of(n, struct task_struct, mm_cid.node);
		struct rq *rq = task_rq_lock(t);
		unsigned int w = t->mm_cid.cid;
		bool running = rq->curr == t;

		task_rq_unlock(rq, t);
		if (!running && cid_in_transit(w)) {
			struct slot *sl = slot_of(t);

			fail("I3", "T%d holds transit CID %u after the fixup walk, off the CPU%.0d",
			     sl ? (int)(sl - st.slot) : -1, cid_from_transit_cid(w), 0);
		}
	}
}

/* ---- at the end, everything parked ---- */

static bool own(uint64_t *owned, unsigned int nr, const char *who, int id, int m)
{
	char what[160];

	if (nr >= st.opt.cpus) {
		snprintf(what, sizeof(what), "mm%d: %s%d owns CID %u, not below the CPUs", m, who,
			 id, nr);
		stress_violation("I5", what);
		return false;
	}
	if (*owned & (1ull << nr)) {
		snprintf(what, sizeof(what), "mm%d: CID %u has two owners (one is %s%d)", m, nr,
			 who, id);
		stress_violation("I2", what);
		return false;
	}
	*owned |= 1ull << nr;
	return true;
}

static bool check_mm(unsigned int m)
{
	struct mm_struct *mm = st.pool[m].mm;
	struct mm_mm_cid *mc = &mm->mm_cid;
	uint64_t owned = 0;
	char what[160];

	if (cid_in_transit(mc->mode)) {
		snprintf(what, sizeof(what), "mm%u: mode %#x has TRANSIT, no transition runs", m,
			 mc->mode);
		stress_violation("I3", what);
		return false;
	}
	for (struct hlist_node *n = mc->user_list.first; n; n = n->next) {
		struct task_struct *t = container_of(n, struct task_struct, mm_cid.node);
		int id = (int)(slot_of(t) - st.slot);
		unsigned int w = t->mm_cid.cid;

		if (cid_in_transit(w) && cpu_rq(t->cpu)->curr != t) {
			fail("I3", "T%d holds transit CID %u off the CPU at the end%.0d", id,
			     cid_from_transit_cid(w), 0);
			return false;
		}
		if (!(w & (MM_CID_UNSET | MM_CID_ONCPU)) &&
		    !own(&owned, cid_from_transit_cid(w), "T", id, (int)m))
			return false;
	}
	for (unsigned int cpu = 0; cpu < st.opt.cpus; cpu++) {
		unsigned int w = mc->pcpu[cpu].cid;

		if (cid_on_cpu(w) && !(w & MM_CID_UNSET) &&
		    !own(&owned, task_cid_value(w), "cpu", (int)cpu, (int)m))
			return false;
	}
	if (owned != mc->cidmask[0]) {
		snprintf(what, sizeof(what), "mm%u: bitmap %#lx, owned CIDs %#llx", m,
			 mc->cidmask[0], (unsigned long long)owned);
		stress_violation("I2", what);
		return false;
	}
	return true;
}

bool final_checks(void)
{
	for (unsigned int m = 0; m < st.opt.pools; m++)
		if (!check_mm(m))
			return false;
	return true;
}

/* ---- the watchdog (I4) ---- */

/* A retry loop that has run longer than @bound ns, or NULL */
static struct thr *spinning(uint64_t now, uint64_t bound, uint64_t *since)
{
	for (int id = 1; id <= THR_MAX_THREADS; id++) {
		struct thr *t = thr_by_id(id);
		unsigned long iters;

		if (!t)
			continue;
		/* a loop that ended and restarted in between shows fewer iterations */
		iters = thr_get(t->relax_iters);
		*since = thr_get(t->relax_since);
		if (iters >= 100 && thr_get(t->relax_iters) >= iters && *since < now &&
		    now - *since > bound)
			return t;
	}
	return NULL;
}

/* A lock wait that has lasted longer than @bound ns, or NULL */
static struct thr *stuck(uint64_t now, uint64_t bound, uint64_t *since)
{
	for (int id = 1; id <= THR_MAX_THREADS; id++) {
		struct thr *t = thr_by_id(id);
		const void *wait;

		if (!t)
			continue;
		wait = thr_get(t->wait_lock);
		*since = thr_get(t->wait_since);
		if (wait && thr_get(t->wait_lock) == wait && *since < now && now - *since > bound)
			return t;
	}
	return NULL;
}

static void livelock(struct thr *t, bool spins, uint64_t since, uint64_t now)
{
	const void *wait = thr_get(t->wait_lock);

	pthread_mutex_lock(&st.report_lock);
	racy_reads_begin();
	if (spins)
		printf("LIVELOCK: %s spins in the retry loop of %s (%lu iterations) for %.2f s",
		       t->name, thr_get(t->prim_fn), thr_get(t->relax_iters),
		       secs_since(since, now));
	else
		printf("LIVELOCK: %s waits for %s (held by %s) for %.2f s", t->name,
		       wait ? lock_name(wait) : "?", wait ? owner_of(wait) : "?",
		       secs_since(since, now));
	printf(", since %.3f s into the run\n", secs_since(st.start_ns, since));
	report_threads();
	for (int id = 1; id <= THR_MAX_THREADS; id++) {
		struct thr *w = thr_by_id(id);

		if (w && thr_get(w->wait_lock))
			report_wait_for(w);
	}
	/*
	 * After a violation the run waits for the paths in flight; one that
	 * never ends is that violation's consequence (e.g. a CID whose
	 * clear_bit() was skipped, a pool that stays full): say so.
	 */
	if (__atomic_load_n(&st.violations, __ATOMIC_ACQUIRE))
		printf("verdict: violation, then livelock (I4)\n");
	else
		printf("verdict: livelock (I4)\n");
	fflush(stdout);
	/* _exit() ends this thread too: ThreadSanitizer checks its ignores */
	racy_reads_end();
	_exit(1);
}

/* I4: no retry loop or lock wait lasts longer than --watchdog seconds */
void *watchdog_thread(void *arg)
{
	uint64_t bound = (uint64_t)(st.opt.watchdog * 1e9), since;

	(void)arg;
	while (!__atomic_load_n(&st.quit, __ATOMIC_ACQUIRE)) {
		uint64_t now = thr_now_ns();
		struct thr *t;

		if ((t = spinning(now, bound, &since)))
			livelock(t, true, since, now);
		if ((t = stuck(now, bound, &since)))
			livelock(t, false, since, now);
		usleep(20000);
	}
	return NULL;
}
