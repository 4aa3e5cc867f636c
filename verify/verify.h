/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small-scope verification: every scenario up to a bound, each explored
 * exhaustively (explore/explore.h), spread over worker processes.
 *
 * A scope is N CPUs, M threads and K concurrent events. Its scenarios
 * (verify/scope.c) are a set-up from a fixed list (struct verify_setup:
 * the states the mm_cid code switches between, as the reproducers in
 * crashes/ reach them: per-task mode, a thread off its CPU, per-CPU mode
 * with the forks that made it parked on cpu0, per-CPU mode shrunk to two
 * or three users, a second thread group on the mm, the switch to per-CPU
 * mode in flight) followed
 * by every sequence of 0..K events over the alphabet (enum verify_kind:
 * each kind for each task and CPU). Sequences that one renaming of the
 * set-up's interchangeable tasks and CPUs maps onto each other are one
 * scenario: only the least of them (the canonical form) is kept.
 *
 * verify_run() (verify/run.c) explores every scenario in worker processes
 * (in a scope of few scenarios, each scenario's subtrees: struct
 * verify_config.split) and collects the verdicts in scenario order, so
 * that the result does not depend on the number of workers; a state file
 * lets a killed run go on where it stopped.
 */
#ifndef CIDFUZZ_VERIFY_H
#define CIDFUZZ_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VERIFY_MAX_CPUS 6 /* the renamings are enumerated: 5! at most */
#define VERIFY_MAX_TASKS 16
#define VERIFY_MAX_K 6

/* The alphabet of concurrent events */
#define VERIFY_KINDS(X)                                                                            \
	X(FORK, "fork", "fork T%d T%d")                                                            \
	X(CLONE_VM, "clone_vm", "fork T%d T%d clone_vm")                                           \
	X(FORK_FAIL, "fork_fail", "fork T%d T%d fail")                                             \
	X(EXIT, "exit", "exit T%d")                                                                \
	X(EXEC_FAIL, "exec_fail", "exec T%d fail")                                                 \
	X(BLOCK, "block", "block T%d")                                                             \
	X(WAKE, "wake", "wake T%d")                                                                \
	X(MIGRATE, "migrate", "migrate T%d cpu%d")                                                 \
	X(SCHEDULE, "schedule", "schedule cpu%d")                                                  \
	X(IDLE, "idle", "idle cpu%d")                                                              \
	X(WORK, "work", "work cpu%d")

enum verify_kind {
#define VERIFY_KIND_ENUM(k, name, fmt) VK_##k,
	VERIFY_KINDS(VERIFY_KIND_ENUM)
#undef VERIFY_KIND_ENUM
	    NR_VERIFY_KINDS
};

#define VERIFY_ALL_KINDS ((1U << NR_VERIFY_KINDS) - 1)
#define VERIFY_ALL_SETUPS (~0U)

struct verify_scope {
	unsigned int cpus;	 /* N: 2..VERIFY_MAX_CPUS */
	unsigned int tasks;	 /* M: the threads of the set-up, 1..N+1 */
	unsigned int concurrent; /* K: up to K events after the set-up */
	unsigned int kinds;	 /* bit set of enum verify_kind */
	unsigned int setups;	 /* bit set of the set-ups (scope.c) */
};

/* One event of the alphabet: a kind, its task (or parent), child, CPU */
struct verify_event {
	uint8_t kind;
	int8_t task;  /* -1: none */
	int8_t child; /* forks: the new task's name */
	int8_t cpu;   /* -1: none */
};

/* A scenario: set-up number, then @n concurrent events */
struct verify_item {
	uint8_t setup;
	uint8_t n;
	struct verify_event ev[VERIFY_MAX_K];
};

struct verify_list {
	struct verify_item *item;
	size_t n, size;
	unsigned long raw;	     /* sequences before removing renamings */
	unsigned int nr_setups;	     /* set-ups that exist in this scope */
	unsigned int setup_used[16]; /* their numbers */
};

/*
 * Every canonical scenario of @scope, in a fixed order (set-up, length,
 * then the alphabet's order). 0, or -1 with a message in @err (a scope
 * out of range, or too many scenarios).
 */
int verify_enumerate(const struct verify_scope *scope, struct verify_list *l, char *err,
		     size_t size);
void verify_list_free(struct verify_list *l);

/* The scenario as text (a .sched with "# concurrent"), as snprintf */
size_t verify_item_text(const struct verify_scope *scope, const struct verify_item *it, char *buf,
			size_t size);
/* "per-task: fork T0 T3 | exit T1", as snprintf */
size_t verify_item_name(const struct verify_item *it, char *buf, size_t size);

/* A set-up's name; NULL past the last */
const char *verify_setup_name(unsigned int setup);
const char *verify_kind_name(unsigned int kind);
/* "fork,exit": a bit set of kinds; -1 if a name is unknown */
int verify_parse_kinds(const char *list, unsigned int *kinds);
/* "per-task,per-cpu": a bit set of set-ups; -1 if a name is unknown */
int verify_parse_setups(const char *list, unsigned int *setups);

#define VERIFY_MAX_STEPS 2000 /* the explorer's default, per run */

/*
 * The split of large scenarios into subtrees (verify/run.c): a scope of
 * fewer than VERIFY_SPLIT_SCENARIOS scenarios (--split auto) has each
 * scenario's search cut at the first depth (in choices) with at least
 * VERIFY_SPLIT_SUBTREES subtrees (explore_split()), or at the depth
 * above if that one has more than VERIFY_SPLIT_MAX_SUBTREES; each
 * subtree is a work item of its own. It depends on the scope and the
 * options only, never on --jobs. Few subtrees: each loses the states the
 * others cached (docs/verify.md).
 */
#define VERIFY_SPLIT_SCENARIOS 64
#define VERIFY_SPLIT_SUBTREES 16
#define VERIFY_SPLIT_MAX_SUBTREES 1024

enum verify_split {
	VERIFY_SPLIT_AUTO, /* small scopes */
	VERIFY_SPLIT_NEVER, /* one work item a scenario (the default) */
	VERIFY_SPLIT_ALWAYS, /* every scenario (a check of the split) */
};

struct verify_config {
	struct verify_scope scope;
	unsigned int bugs;	/* bit set of enum cid_bug */
	bool weak;		/* weak memory */
	unsigned int jobs;	/* worker processes */
	unsigned int max_steps; /* the explorer's, per run */
	int preemptions;	/* the explorer's bound, -1: none */
	enum verify_split split;
	const char *resume;	/* state file, or NULL */
	const char *out;	/* folder of the violations' .sched */
	bool progress;		/* a line a second on stderr */
};

/* The verdict of one work item (a scenario, or a subtree of one) */
struct verify_verdict {
	uint8_t done;
	uint8_t violation;
	uint8_t complete; /* the explorer covered its space */
	char invariant[8];
	char site[64];
	unsigned long states;
	unsigned long cut; /* runs that hit max-steps */
};

struct verify_summary {
	unsigned long scenarios, states, cut, incomplete;
	unsigned long resumed;	 /* verdicts taken from the state file */
	unsigned long split; /* scenarios split into subtrees */
	unsigned long items; /* work items: subtrees and whole scenarios */
	unsigned int min_cut, max_cut; /* the depths of the cuts */
	unsigned int violations; /* distinct (invariant, site), not known */
	unsigned int known;	 /* ... the findings of docs/findings.md */
	double seconds;
};

/*
 * Explore every scenario of @l; print the violations (each distinct
 * invariant and site: the first scenario with it, its minimized
 * schedule written into cfg->out) on stdout in scenario order. 1 if
 * there were violations but the known findings of the newest code
 * (docs/findings.md, fuzzers/known.h), 0 if none, -1 on an error (with a
 * message).
 */
int verify_run(const struct verify_config *cfg, const struct verify_list *l,
	       struct verify_summary *sum);

#endif
