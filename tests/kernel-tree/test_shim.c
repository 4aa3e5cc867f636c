// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim of --kernel-tree (kerneltree/shim) on the test tree
 * (tests/kernel-tree/tree: our own per-task CID code, laid out like a
 * kernel tree), extracted and compiled by the build as a real tree is,
 * linked with our scheduler core and a logging back end of prims.h
 * (test_prims_log.c). Each test drives the tree's hooks as the core
 * does and checks what the shim made of the kernel APIs: the locks the
 * guards take and release and in which order, the per-CPU slot each
 * CPU writes, the user list walk, the deferred work, the named function
 * entries, a WARN.
 */
#include <stdint.h>

#include "kt_shim.h"
#include "test_prims_log.h"
#include "testlib.h"

static struct task_struct idle[2], t1, t2;
static struct mm_struct mm;

/* Where @what first occurs in the log from @from on, or -1 */
static long log_pos(const char *what, long from)
{
	const char *p = strstr(prims_log.text + from, what);

	return p ? p - prims_log.text : -1;
}

/* @a, then @b after it, in the log */
#define EXPECT_LOG_ORDER(a, b)                             \
	do {                                               \
		long _pa = log_pos(a, 0);                  \
		EXPECT(_pa >= 0 && log_pos(b, _pa) > _pa); \
	} while (0)

static void name_task(struct task_struct *p, const char *name, unsigned int cpu)
{
	init_task_struct(p);
	snprintf(p->pi_lock.name, sizeof(p->pi_lock.name), "%s.pi", name);
	p->__state = TASK_RUNNING;
	p->cpu = cpu;
	p->cpus_mask.bits[0] = 1UL << cpu;
	p->nr_cpus_allowed = 1;
}

/* Two CPUs running their idle tasks, an mm, two tasks of it not forked */
static void setup(void)
{
	unsigned int cpu;

	prims_log_reset();
	kernel_reset(2);
	for (cpu = 0; cpu < 2; cpu++) {
		snprintf(cpu_rq(cpu)->__lock.name,
			 sizeof(cpu_rq(cpu)->__lock.name), "rq%u", cpu);
		init_idle(&idle[cpu], cpu);
	}
	name_task(&t1, "T1", 0);
	name_task(&t2, "T2", 1);
	memset(&mm, 0, sizeof(mm));
	strcpy(mm.mm_cid.lock.name, "mm.lock");
	strcpy(mm.mm_cid.mutex.name, "mm.mutex");
	t1.mm = &mm;
	t2.mm = &mm;
	mm_alloc_cid(&mm, &t1);
	prims_log.cur_task = &t1;
	prims_log.cpu = 0;
}

/* Both tasks forked by t1 on CPU 0; the log starts after it */
static void fork_both(void)
{
	setup();
	sched_mm_cid_fork(&t1);
	sched_mm_cid_fork(&t2);
	prims_log.text[0] = '\0';
}

static bool on_user_list(struct task_struct *t)
{
	struct hlist_node *n;

	for (n = mm.mm_cid.user_list.first; n; n = n->next)
		if (n == &t->mm_cid.node)
			return true;
	return false;
}

TEST(fork_takes_the_lowest_free_cids_under_the_mutex_then_the_mm_lock)
{
	setup();
	sched_mm_cid_fork(&t1);
	sched_mm_cid_fork(&t2);
	EXPECT_EQ_INT(t1.mm_cid.cid, 0);
	EXPECT_EQ_INT(t2.mm_cid.cid, 1);
	EXPECT_EQ_INT(mm.mm_cid.users, 2);
	EXPECT_EQ_INT(mm.cidmask[0], 3);
	EXPECT(on_user_list(&t1) && on_user_list(&t2));
	/* guard(mutex) held to the end, scoped_guard(lock) only around */
	EXPECT_LOG_ORDER("L:mm.mutex", "L:mm.lock");
	EXPECT_LOG_ORDER("L:mm.lock", "E:mm_cid_add_user");
	EXPECT_LOG_ORDER("E:mm_cid_add_user", "U:mm.lock");
	EXPECT_LOG_ORDER("U:mm.lock", "E:mm_get_cid");
	EXPECT_LOG_ORDER("E:mm_get_cid", "F:mb");
	EXPECT_LOG_ORDER("F:mb", "U:mm.mutex");
	EXPECT_EQ_INT(mm.mm_cid.mutex.owner, 0);
	EXPECT_EQ_INT(mm.mm_cid.lock.owner, 0);
	EXPECT_EQ_INT(prims_log.irqs_off, 0);
	EXPECT_EQ_INT(prims_log.warnings, 0);
}

TEST(switch_to_writes_only_this_cpus_per_cpu_slot)
{
	struct mm_cid_pcpu *slot0, *slot1;

	fork_both();
	slot0 = per_cpu_ptr(mm.mm_cid.pcpu, 0);
	slot1 = per_cpu_ptr(mm.mm_cid.pcpu, 1);
	EXPECT((uintptr_t)slot0 == (uintptr_t)mm.pcpu_area[0]);
	EXPECT((uintptr_t)slot1 == (uintptr_t)mm.pcpu_area[1]);
	slot0->cid = 7;
	prims_log.cpu = 1;
	mm_cid_switch_to(&idle[1], &t2);
	EXPECT_EQ_INT(slot1->cid, 1);
	EXPECT_EQ_INT(slot0->cid, 7);
	EXPECT(t2.rseq_ids_changed);
	EXPECT_STR_CONTAINS(prims_log.text, "E:mm_cid_switch_to");
	/* an inactive next task leaves the slot alone */
	mm_cid_switch_to(&t2, &idle[1]);
	EXPECT_EQ_INT(slot1->cid, 1);
}

TEST(exit_gives_the_cid_back_and_leaves_the_user_list)
{
	fork_both();
	sched_mm_cid_exit(&t1);
	EXPECT_EQ_INT(t1.mm_cid.cid, MM_CID_UNSET);
	EXPECT_EQ_INT(t1.mm_cid.active, 0);
	EXPECT_EQ_INT(mm.cidmask[0], 2);
	EXPECT_EQ_INT(mm.mm_cid.users, 1);
	EXPECT(!on_user_list(&t1) && on_user_list(&t2));
	/* nested scoped_guard()s: the inner lock released first */
	EXPECT_LOG_ORDER("L:mm.mutex", "L:mm.lock");
	EXPECT_LOG_ORDER("U:mm.lock", "U:mm.mutex");
	EXPECT_EQ_INT(mm.mm_cid.mutex.owner, 0);
	/* the next fork reuses the freed CID */
	t1.mm_cid.cid = MM_CID_UNSET;
	sched_mm_cid_fork(&t1);
	EXPECT_EQ_INT(t1.mm_cid.cid, 0);
}

TEST(a_return_inside_scoped_guard_releases_both_locks)
{
	fork_both();
	sched_mm_cid_exit(&t1);
	prims_log.text[0] = '\0';
	/* the last user: the early return inside scoped_guard(mutex) is
	 * not taken, the function goes on to the two waits */
	sched_mm_cid_exit(&t2);
	EXPECT_EQ_INT(mm.mm_cid.users, 0);
	EXPECT_LOG_ORDER("U:mm.lock", "U:mm.mutex");
	EXPECT_EQ_INT(mm.mm_cid.mutex.owner, 0);
	EXPECT_EQ_INT(mm.mm_cid.lock.owner, 0);
	EXPECT_EQ_INT(prims_log.irqs_off, 0);
}

TEST(a_wider_affinity_runs_the_deferred_recount_under_each_rq_lock)
{
	struct cpumask both = { { 3 } };

	fork_both();
	cpu_rq(1)->curr = &t2;
	per_cpu_ptr(mm.mm_cid.pcpu, 0)->cid = 5;
	per_cpu_ptr(mm.mm_cid.pcpu, 1)->cid = 1;
	mm_update_cpus_allowed(&mm, &both);
	EXPECT_EQ_INT(mm.mm_cid.nr_cpus_allowed, 2);
	EXPECT(mm.mm_cid.irq_work.pending);
	EXPECT(!mm.mm_cid.work.pending);
	/* irq_work_run() calls mm_cid_irq_work(), which schedules the work */
	irq_work_run(&mm.mm_cid.irq_work);
	EXPECT(!mm.mm_cid.irq_work.pending);
	EXPECT(mm.mm_cid.work.pending);
	process_one_work(&mm.mm_cid.work);
	EXPECT_EQ_INT(mm.mm_cid.recounts, 2);
	/* CPU 0 runs its idle task: its slot is reset; CPU 1 runs t2 */
	EXPECT_EQ_INT(per_cpu_ptr(mm.mm_cid.pcpu, 0)->cid, MM_CID_UNSET);
	EXPECT_EQ_INT(per_cpu_ptr(mm.mm_cid.pcpu, 1)->cid, 1);
	/* hlist walk (newest first) under task_rq_lock, then each rq */
	EXPECT_LOG_ORDER("E:mm_cid_work_fn", "E:task_rq_lock L:T2.pi L:rq1");
	EXPECT_LOG_ORDER("L:T2.pi L:rq1",
			 "U:rq1 U:T2.pi E:task_rq_lock L:T1.pi L:rq0");
	EXPECT_LOG_ORDER("U:rq0 U:T1.pi", "L:rq0 U:rq0 L:rq1 U:rq1");
	EXPECT_EQ_INT(mm.mm_cid.mutex.owner, 0);
	EXPECT_EQ_INT(prims_log.irqs_off, 0);
	/* the same mask again: nothing to do */
	mm_update_cpus_allowed(&mm, &both);
	EXPECT(!mm.mm_cid.irq_work.pending);
}

TEST(function_entries_are_named_stop_points_and_the_shims_are_not)
{
	setup();
	sched_mm_cid_fork(&t1);
	/* a static hook, renamed and wrapped, keeps its kernel name */
	EXPECT_STR_CONTAINS(prims_log.text, "E:sched_mm_cid_fork");
	EXPECT_STR_CONTAINS(prims_log.text, "E:mm_cid_add_user");
	EXPECT(!strstr(prims_log.text, "__kt_tree_"));
	EXPECT(!strstr(prims_log.text, "E:class_"));
	EXPECT(!strstr(prims_log.text, "E:irq_work_queue"));
	EXPECT(kt_tree_nr_funcs >= 10);
}

TEST(a_warn_of_the_tree_is_reported_not_a_crash)
{
	setup();
	sched_mm_cid_fork(&t1);
	sched_mm_cid_exit(&t1);
	/* a fork of a task that still has a CID: WARN_ON_ONCE() */
	t2.mm_cid.cid = 3;
	sched_mm_cid_fork(&t2);
	EXPECT_EQ_INT(prims_log.warnings, 1);
	/* under the kernel's name, though the static hook was renamed */
	EXPECT_STR_CONTAINS(prims_log.text, "W:sched_mm_cid_fork");
}

TEST_MAIN()
