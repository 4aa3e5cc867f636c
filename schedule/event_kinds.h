/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event kinds of a schedule: one table, written once, from which
 * every part that handles events is driven (the idea of SQLite's
 * tool/mkpragmatab.tcl, in the kernel's X-macro form):
 *
 *   enum sched_event_kind		schedule.h
 *   text parser and printer		schedule/text.c
 *   binary decoder and encoder		schedule/binary.c
 *   generator				schedule/gen.c
 *   mutator				fuzzers/mutator.c
 *   minimizer				minimize/minimize.c
 *   explorer (what may interleave)	explore/scenario.c
 *   readiness and effect		sim/events.c (and sim/control.c)
 *
 * A new event kind is a row here plus its effect (and, if none of the
 * existing ones fits, its readiness predicate) in sim/events.c; the
 * generator and the mutator make it once its row gives it a band of
 * their draws. A new operand kind is a row of SCHED_OPERANDS and its
 * functions in the text, binary, generator and mutator tables built
 * from it (the compiler names the ones missing); the minimizer and the
 * mutator's retargeting have a function only for the operands they
 * change.
 *
 * The order of the rows is the enum's, and so the binary format's
 * (opcode = b % NR_SCHED_EVENT_KINDS): append only.
 *
 * Columns of SCHED_EVENT_KINDS(X), X(KIND, keyword, operands, flags,
 * ready, effect, gen, mut):
 *   KIND	EV_KIND
 *   keyword	the text form's first word
 *   operands	what follows the keyword, in text and binary alike, in
 *		this order (enum sched_operand, below); then the run part
 *		if flags has KF_RUN
 *   flags	KF_RUN: takes a run part (steps N, until enters FUNC)
 *		KF_CONCURRENT: starts a kernel path of its own that the
 *		explorer may interleave (not set-up, not a step)
 *   ready	the simulator's readiness predicate, sim/events.c
 *		ready_<ready>(): can the event start now, or does something
 *		that another step may remove stand in its way (a busy CPU,
 *		a task still in the kernel)? The explorer waits for it.
 *   effect	what it does: sim/events.c run_<effect>()
 *   gen, mut	the kind's band (FROM, TO) of the random draw of 0..99 that
 *		picks the kind of an event the generator (gen) or the
 *		mutator (mut) makes: it comes in TO - FROM percent of
 *		them. Each one's bands tile 0..99; where a band lies fixes
 *		every generated schedule and mutant, which tests and
 *		benchmarks use, so a new kind takes its band from the end
 *		of another's. (0, 0): never drawn (the set-up; flushes,
 *		which both make apart, on weak memory only).
 */
#ifndef CIDFUZZ_EVENT_KINDS_H
#define CIDFUZZ_EVENT_KINDS_H

#include <stdbool.h>

#define KF_RUN		0x1
#define KF_CONCURRENT	0x2

/* clang-format off */
#define SCHED_EVENT_KINDS(X)							\
	/* process T [cpuN]: a new process, own mm, runs on cpuN (cpu0)	*/	\
	X(PROCESS,  process,  (OPD_NEW_TASK, OPD_OPT_CPU),			\
	  0,                      always,      process,  (0, 0),    (0, 0))	\
	/* threads T0 T1 ..: T0 a process on cpu0, the others its	*/	\
	/* threads, placed round-robin on the CPUs			*/	\
	X(THREADS,  threads,  (OPD_TASKS),					\
	  0,                      always,      threads,  (0, 0),    (0, 0))	\
	/* fork P C [thread|vfork|clone_vm|process] [fail] [RUN]	*/	\
	X(FORK,     fork,     (OPD_TASK, OPD_CHILD, OPD_FORK_KIND, OPD_FAIL),	\
	  KF_RUN | KF_CONCURRENT, user_task,   fork,     (0, 12),   (59, 69))	\
	/* exit T [RUN]							*/	\
	X(EXIT,     exit,     (OPD_TASK),					\
	  KF_RUN | KF_CONCURRENT, user_task,   exit,     (12, 20),  (69, 77))	\
	/* exec T [fail] [RUN]						*/	\
	X(EXEC,     exec,     (OPD_TASK, OPD_FAIL),				\
	  KF_RUN | KF_CONCURRENT, user_task,   exec,     (98, 100), (94, 100))	\
	/* block T [RUN]: T, running in user space, sleeps		*/	\
	X(BLOCK,    block,    (OPD_TASK),					\
	  KF_RUN | KF_CONCURRENT, user_task,   block,    (84, 88),  (77, 82))	\
	/* wake T [cpuN] [RUN]						*/	\
	X(WAKE,     wake,     (OPD_TASK, OPD_OPT_CPU),				\
	  KF_RUN | KF_CONCURRENT, wake_cpu,    wake,     (88, 92),  (82, 87))	\
	/* schedule cpuN [T|idle] [RUN]					*/	\
	X(SCHEDULE, schedule, (OPD_CPU, OPD_NEXT),				\
	  KF_RUN | KF_CONCURRENT, next_on_cpu, schedule, (20, 50),  (0, 20))	\
	/* migrate T cpuN [RUN]						*/	\
	X(MIGRATE,  migrate,  (OPD_TASK, OPD_CPU),				\
	  KF_RUN | KF_CONCURRENT, queued_task, migrate,  (50, 60),  (34, 46))	\
	/* affinity T LIST [RUN]   (LIST: 0-3,5)			*/	\
	X(AFFINITY, affinity, (OPD_TASK, OPD_MASK),				\
	  KF_RUN | KF_CONCURRENT, user_task,   affinity, (92, 96),  (87, 91))	\
	/* work cpuN [RUN]: the deferred mm_cid work on cpuN		*/	\
	X(WORK,     work,     (OPD_CPU),					\
	  KF_RUN | KF_CONCURRENT, cpu,         work,     (96, 98),  (91, 94))	\
	/* step cpuN [RUN]: cpuN's kernel path goes on			*/	\
	X(STEP,     step,     (OPD_CPU),					\
	  KF_RUN,                 always,      step,     (60, 78),  (46, 59))	\
	/* preempt cpuN [RUN] = schedule cpuN (the next runnable)	*/	\
	X(PREEMPT,  preempt,  (OPD_CPU),					\
	  KF_RUN | KF_CONCURRENT, cpu,         preempt,  (0, 0),    (30, 34))	\
	/* idle cpuN [RUN] = schedule cpuN idle				*/	\
	X(IDLE,     idle,     (OPD_CPU),					\
	  KF_RUN | KF_CONCURRENT, cpu,         idle,     (78, 84),  (20, 30))	\
	/* flush cpuN [FIELD]: weak memory, cpuN's buffered stores (of	*/	\
	/* FIELD: the oldest) become visible				*/	\
	X(FLUSH,    flush,    (OPD_CPU, OPD_FIELD),				\
	  KF_CONCURRENT,          always,      flush,    (0, 0),    (0, 0))
/* clang-format on */

/*
 * Operand kinds: a field of struct sched_event, its text and its binary
 * form (the latter in full in schedule/binary.c). X(OPERAND, name)
 *   TASK	task: "Tn"; REF (a task met before, mostly)
 *   NEW_TASK	task: "Tn", a task the event makes; NEW
 *   CHILD	task2: "Tn", a fork's child; NEW
 *   TASKS	tasks[], nr_tasks: "T0 T1 .." to the end of the line;
 *		COUNT, then NEW for each
 *   CPU	cpu: "cpuN"; CPU
 *   OPT_CPU	cpu: an optional "cpuN", else -1; OPTCPU
 *   NEXT	task2: an optional "Tn" or "idle", else SCHED_TASK_NONE; NEXT
 *   MASK	mask: a CPU list "0-2,5"; MASK
 *   FORK_KIND	fork_kind: an optional thread|vfork|clone_vm|process
 *		(thread); b % NR_SCHED_FORK_KINDS
 *   FAIL	fails: an optional "fail"; FAIL
 *   FIELD	field, obj: an optional "mmK.FIELD" or "Tn.FIELD" (all of
 *		the CPU's buffer); FIELD, then the mm or a REF
 */
#define SCHED_OPERANDS(X)	\
	X(TASK, task)		\
	X(NEW_TASK, new_task)	\
	X(CHILD, child)		\
	X(TASKS, tasks)		\
	X(CPU, cpu)		\
	X(OPT_CPU, opt_cpu)	\
	X(NEXT, next)		\
	X(MASK, mask)		\
	X(FORK_KIND, fork_kind)	\
	X(FAIL, fail)		\
	X(FIELD, field)

enum sched_operand {
	OPD_END,		/* ends a kind's list of operands */
#define X(OPERAND, name) OPD_##OPERAND,
	SCHED_OPERANDS(X)
#undef X
	NR_SCHED_OPERANDS
};

#define SCHED_MAX_OPERANDS	4

/* The random draws that pick a kind, the gen and mut columns */
enum sched_draw {
	DRAW_GEN, /* the generator, schedule/gen.c */
	DRAW_MUT, /* the mutator, fuzzers/mutator.c */
	NR_SCHED_DRAWS
};

#define SCHED_DRAW_RANGE 100 /* a draw is of 0..99 */

/* A kind's part of a draw: FROM <= r < TO */
struct sched_band {
	unsigned char from, to;
};

/* What a kind is, for the parts that handle any event (schedule/kinds.c) */
struct sched_kind {
	const char *name;			/* the keyword */
	unsigned char flags;			/* KF_* */
	unsigned char operands[SCHED_MAX_OPERANDS + 1];	/* OPD_END ends it */
	struct sched_band band[NR_SCHED_DRAWS];
};

/* Indexed by enum sched_event_kind */
extern const struct sched_kind sched_kinds[];

/*
 * The kind whose band of @draw holds @r (< SCHED_DRAW_RANGE); the bands
 * tile the range, so there is one.
 */
unsigned int sched_kind_drawn(enum sched_draw draw, unsigned int r);

/* Does event kind @kind take operand @opd? */
static inline bool sched_kind_has(unsigned int kind, unsigned int opd)
{
	const unsigned char *o;

	for (o = sched_kinds[kind].operands; *o != OPD_END; o++)
		if (*o == opd)
			return true;
	return false;
}

#endif
