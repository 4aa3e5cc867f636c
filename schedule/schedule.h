/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Schedules: the event lists the simulator runs, in two encodings.
 *
 *  - text (.sched): one event per line, '#' comments, human-writable; the
 *    form of every file in corpus/ and crashes/. sched_parse_text() and
 *    sched_print_text() are inverse: print(parse(t)) parses back to the
 *    same schedule.
 *  - binary (fuzz input): every byte string decodes to a valid schedule
 *    (values are reduced modulo the legal choices); sched_encode_binary()
 *    produces bytes that decode to the same schedule.
 *
 * A schedule only says what happens; whether an event is possible in the
 * state the simulator is in when it gets there is the simulator's business
 * (an impossible event is skipped and counted, never an error).
 *
 * Tasks are named T0..T63; CPUs cpu0..cpu63.
 */
#ifndef CIDFUZZ_SCHEDULE_H
#define CIDFUZZ_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event_kinds.h"

#define SCHED_MAX_CPUS		64
#define SCHED_MAX_TASKS		64
#define SCHED_MAX_EVENTS	1024
#define SCHED_WEAK_BIT		0x40	/* binary: in the first byte */

/* Task slot values with a special meaning in sched_event.task2 */
#define SCHED_TASK_NONE		(-1)	/* schedule: pick the next runnable */
#define SCHED_TASK_IDLE		(-2)	/* schedule: switch to the idle task */

/*
 * The kinds of event, their syntax and operands: one row each in
 * event_kinds.h, in this order (the binary format's opcodes).
 */
enum sched_event_kind {
#define X(KIND, ...) EV_##KIND,
	SCHED_EVENT_KINDS(X) /* event_kinds.h, in its order */
#undef X
	NR_SCHED_EVENT_KINDS
};

enum sched_fork_kind {
	FORK_THREAD,	/* CLONE_VM | CLONE_THREAD: same thread group, mm     */
	FORK_VFORK,	/* CLONE_VM | CLONE_VFORK: shares mm, parent waits    */
	FORK_CLONE_VM,	/* CLONE_VM only: new thread group sharing the mm     */
	FORK_PROCESS,	/* plain fork: new thread group, new mm               */
	NR_SCHED_FORK_KINDS
};

/*
 * How far an event runs the path it starts (or, for step, continues).
 * Text: nothing (RUN_COMPLETE), "steps N", "until enters FUNC [for T]".
 */
enum sched_run_kind {
	RUN_COMPLETE,	/* until the path ends, blocks, or spins in vain      */
	RUN_STEPS,	/* at most N primitives (0 = start it only)           */
	RUN_UNTIL,	/* until the path enters FUNC (for task T, if given)  */
	NR_SCHED_RUN_KINDS
};

struct sched_run {
	uint8_t kind;		/* enum sched_run_kind                        */
	uint16_t steps;		/* RUN_STEPS: count, 0..SCHED_MAX_STEPS       */
	uint8_t func;		/* RUN_UNTIL: enum trace_func (trace_funcs.h) */
	int8_t task;		/* RUN_UNTIL: SCHED_TASK_NONE or a task       */
};

#define SCHED_MAX_STEPS		4096

/*
 * What a flush event names (weak memory): the whole store buffer of a
 * CPU, or the oldest buffered store to one field of an mm ("mm0.percpu")
 * or of a task ("T1.on_cpu"). Fields are named, not numbered, so that
 * reproducers survive edits of the model.
 */
enum sched_field {
	FIELD_ALL,		/* flush cpuN: every buffered store, in order */
	FIELD_MM_MODE,		/* mmK.mode                                   */
	FIELD_MM_PERCPU,	/* mmK.percpu     (split-mode-fields)         */
	FIELD_MM_TRANSIT,	/* mmK.transit    (split-mode-fields)         */
	FIELD_MM_MAX_CIDS,	/* mmK.max_cids                               */
	FIELD_MM_NR_CPUS_ALLOWED, /* mmK.nr_cpus_allowed                      */
	FIELD_MM_IRQ_WORK,	/* mmK.irq_work   (its pending flag)          */
	FIELD_MM_WORK,		/* mmK.work       (its pending flag)          */
	FIELD_TASK_STATE,	/* Tn.state                                   */
	FIELD_TASK_ON_RQ,	/* Tn.on_rq                                   */
	FIELD_TASK_ON_CPU,	/* Tn.on_cpu                                  */
	FIELD_TASK_CPU,		/* Tn.cpu                                     */
	FIELD_TASK_MM,		/* Tn.mm                                      */
	NR_SCHED_FIELDS
};

#define SCHED_FIELD_FIRST_TASK	FIELD_TASK_STATE
#define SCHED_MAX_MMS		128	/* mm0..mm127 in flush events */

static inline bool sched_field_is_mm(unsigned int f)
{
	return f > FIELD_ALL && f < SCHED_FIELD_FIRST_TASK;
}

/*
 * "fail" on a fork or an exec: the kernel path fails part-way, as real
 * ones do. A fork fails in copy_process() after copy_mm() (a fatal
 * signal noticed under the tasklist lock, cgroup_can_fork()): the child
 * is never linked nor woken, and its name is free again. An exec fails
 * to load its binary (before exec_mmap()): the task leaves its mm as a
 * CID user and joins the same mm again.
 */
struct sched_event {
	uint8_t kind;		/* enum sched_event_kind                      */
	uint8_t fork_kind;	/* EV_FORK                                    */
	bool fails;		/* EV_FORK, EV_EXEC: "fail" (above)           */
	int8_t cpu;		/* -1 when the event names none               */
	int8_t task;		/* subject task, -1 when none                 */
	int8_t task2;		/* fork child; schedule next (or NONE/IDLE)   */
	uint8_t nr_tasks;	/* EV_THREADS: tasks[0..nr_tasks)             */
	int8_t tasks[SCHED_MAX_TASKS];	/* EV_THREADS only                    */
	uint64_t mask;		/* EV_AFFINITY: CPU mask (bit n = cpu n)      */
	uint8_t field;		/* EV_FLUSH: enum sched_field                 */
	int8_t obj;		/* EV_FLUSH: mm index or task, -1 for ALL     */
	struct sched_run run;
	int line;		/* text: source line; binary: 0               */
};

struct schedule {
	unsigned int nr_cpus;	/* 1..SCHED_MAX_CPUS; text "cpus N"           */
	bool weak;		/* weak memory (store buffers); "memory weak" */
	unsigned int nr_events;
	struct sched_event ev[SCHED_MAX_EVENTS];
};

/* An event with every unused field at its canonical value */
extern const struct sched_event sched_event_blank;

/* Error of a parse: "FILE:LINE: expected ..." in msg. */
struct sched_error {
	int line;
	char msg[256];
};

/*
 * Parse the text form. @name is used in error messages (the file name).
 * Returns 0, or -1 with @err filled in; never aborts on bad input.
 */
int sched_parse_text(const char *name, const char *text, size_t len,
		     struct schedule *s, struct sched_error *err);

/* Print the text form into @buf (NUL terminated). Returns the length it
 * needed (like snprintf); a result >= @size means it was truncated. */
size_t sched_print_text(const struct schedule *s, char *buf, size_t size);

/* Print one event in text form, without newline (as snprintf). */
size_t sched_print_event(const struct sched_event *ev, char *buf, size_t size);

/* Decode fuzz bytes. Never fails: every byte string is a schedule. */
void sched_decode_binary(const uint8_t *data, size_t len, struct schedule *s);

/* Encode so that sched_decode_binary() gives back an equal schedule.
 * Returns the length needed (as snprintf). */
size_t sched_encode_binary(const struct schedule *s, uint8_t *buf, size_t size);

/* Equality of two schedules (ignores source lines). */
bool sched_equal(const struct schedule *a, const struct schedule *b);

const char *sched_event_kind_name(unsigned int kind);
const char *sched_fork_kind_name(unsigned int kind);
/* "mode", "on_cpu", ...; NULL for FIELD_ALL or out of range */
const char *sched_field_name(unsigned int field);

#endif
