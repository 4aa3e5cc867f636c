/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The functions of the model that a schedule can name as stop points
 * ("until cpu0 enters mm_cid_fixup_tasks_to_cpus"). Each of them starts
 * with trace_enter() / trace_enter_task(), which records the entry in the
 * running path; it is not a scheduling point itself, the run stops at the
 * first primitive after the entry.
 *
 * This list is the contract between impl/ and the schedule format: a name
 * removed here breaks the .sched files that use it, loudly, at parse time.
 * Append only; the binary encoding uses the index.
 */
#ifndef CIDFUZZ_TRACE_FUNCS_H
#define CIDFUZZ_TRACE_FUNCS_H

#define TRACE_FUNCS(X)				\
	X(__schedule)				\
	X(mm_cid_switch_to)			\
	X(mm_cid_schedout)			\
	X(mm_cid_schedin)			\
	X(mm_cid_from_cpu)			\
	X(mm_cid_from_task)			\
	X(mm_cid_converge)			\
	X(mm_get_cid)				\
	X(sched_mm_cid_fork)			\
	X(sched_mm_cid_exit)			\
	X(mm_update_max_cids)			\
	X(mm_cid_fixup_tasks_to_cpus)		\
	X(mm_cid_fixup_task_to_cpu)		\
	X(mm_cid_fixup_cpus_to_tasks)		\
	X(mm_cid_complete_transit)		\
	X(mm_update_cpus_allowed)		\
	X(mm_cid_irq_work)			\
	X(mm_cid_work_fn)			\
	X(copy_process)				\
	X(sched_post_fork)			\
	X(wake_up_new_task)			\
	X(do_exit)				\
	X(exit_notify)				\
	X(sched_mm_cid_before_execve)		\
	X(sched_mm_cid_after_execve)		\
	X(try_to_wake_up)			\
	X(move_queued_task)			\
	X(__set_cpus_allowed_ptr)		\
	X(task_rq_lock)				\
	X(mm_cid_write_mode)

enum trace_func {
#define TRACE_FUNC_ENUM(name) TF_##name,
	TRACE_FUNCS(TRACE_FUNC_ENUM)
#undef TRACE_FUNC_ENUM
	NR_TRACE_FUNCS
};

/* Name of a traced function, or NULL for an index out of range. */
const char *trace_func_name(unsigned int idx);
/* Index of a traced function by name, or -1. */
int trace_func_lookup(const char *name);

#endif
