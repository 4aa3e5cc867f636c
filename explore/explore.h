/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The systematic explorer: every interleaving of a scenario's kernel
 * paths, one primitive at a time, up to bounds, with partial-order
 * reduction (explore/dpor.c); randomized priority schedules (PCT,
 * explore/pct.c) as the middle ground between that and the fuzzer.
 *
 * A scenario (explore/scenario.c) is a .sched file in two parts: set-up
 * events that run as in replay, then, after a "# concurrent" line, the
 * events whose kernel paths are interleaved. These start in file order,
 * each at a point the explorer chooses (once it is possible: its CPU is
 * free, its task in user space); between starts, any CPU with a runnable
 * kernel path may take one step. A run ends when nothing can move (then
 * the usual drain, settle and final checks give the verdict) or at the
 * step bound (then the drain finishes it deterministically).
 *
 * With weak memory (the scenario's "memory weak") a buffered store
 * leaving its CPU's store buffer early is one more choice, and so every
 * store-visibility order is run too (control.h: flush threads).
 *
 * Every run is a schedule (control.h): a violation comes back as a
 * .sched that `cidfuzz replay` reproduces (flushes as "flush cpuN FIELD").
 */
#ifndef CIDFUZZ_EXPLORE_H
#define CIDFUZZ_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>

#include "schedule.h"
#include "sim.h"

#define EXPLORE_MAX_CPUS 16

struct scenario {
	struct schedule sched;
	unsigned int first; /* first concurrent event */
};

/*
 * Load a scenario file: a .sched with a line "# concurrent" before the
 * concurrent events. 0, or -1 with a message "FILE:LINE: ..." in @err
 * (empty if the file could not be read: read_whole() said why).
 */
int scenario_load(const char *path, struct scenario *sc, char *err, size_t size);
int scenario_parse(const char *name, const char *text, size_t len, struct scenario *sc, char *err,
		   size_t size);
/*
 * Build one from the command line: "cpus N", "threads T0..T<M-1>", then
 * the events of @list (separated by ';') as the concurrent part.
 */
int scenario_build(unsigned int cpus, unsigned int tasks, const char *list, struct scenario *sc,
		   char *err, size_t size);

enum explore_mode {
	EXPLORE_CACHED, /* sleep sets + exact state caching */
	EXPLORE_DPOR,	/* stateless: races + sleep sets */
	EXPLORE_NAIVE,	/* every enabled choice at every state */
};

/* What a finished run looked like (for the reduced-vs-naive test) */
struct explore_outcome {
	bool violation;
	const char *invariant;
	const char *site;
	uint64_t final_state; /* sim_ctl_state_hash() at the end */
	unsigned int depth;   /* choices taken */
};

/*
 * A subtree of the cached search (cidfuzz verify spreads a large
 * scenario's subtrees over its workers): the threads chosen from the
 * start to its root. Its root's sleep set is the one the search carries
 * there; explore_run() computes it again along the path.
 */
#define EXPLORE_MAX_PREFIX 48

struct explore_prefix {
	uint8_t len; /* 0: the whole search */
	uint8_t thread[EXPLORE_MAX_PREFIX];
};

struct explore_config {
	const struct scenario *sc;
	struct sim_options opts;
	enum explore_mode mode;
	unsigned int max_steps; /* choices per run; the drain does the rest */
	int preemptions;	/* bound, -1: none */
	int max_flushes;	/* weak memory: flush choices a run, -1: no bound */
	bool keep_going;	/* do not stop at the first violation */
	unsigned long max_runs; /* 0: no limit */
	bool progress;		/* a progress line on stderr */
	bool count_states;	/* hash every state (distinct states) */
	bool no_sleep_sets;	/* tests: state caching alone */
	/* cached mode: only the subtree below this prefix, if set */
	const struct explore_prefix *prefix;
	/* called after every finished run when set */
	void (*outcome)(void *ctx, const struct explore_outcome *o);
	void *outcome_ctx;
};

void explore_default_config(struct explore_config *cfg, const struct scenario *sc);

struct explore_stats {
	unsigned long runs;    /* interleavings run to a verdict */
	unsigned long blocked; /* runs cut short by the sleep set */
	unsigned long cached;  /* runs cut at a state seen before */
	unsigned long cut;     /* runs that hit max_steps */
	unsigned long states;  /* distinct states (if counted) */
	unsigned long steps;   /* choices taken, replays included */
	unsigned int max_depth;
	unsigned int flush_threads; /* weak memory: (CPU, field) pairs met */
	unsigned int unnamed;	    /* (CPU, address) pairs no flush names */
	unsigned long no_room;	    /* flushes not offered: threads used up */
	double seconds;
	bool complete; /* the whole bounded space was covered */
	bool violation;
	unsigned long violation_run; /* 1-based run that found it */
	struct sim_result res;	     /* the violation */
	struct schedule witness;     /* its schedule (explore_witness) */
};

/* Explore. Returns 1 if a violation was found, 0 if none, -1 on error. */
int explore_run(const struct explore_config *cfg, struct explore_stats *st);

/*
 * The subtrees of the cached search at @depth choices: the tree above
 * them searched with sleep sets but no state caching, in the search's
 * order; a leaf is a state at @depth that has a choice awake, or a run
 * that ends above it (nothing may move, a violation). The subtrees'
 * searches with explore_run() (cfg->prefix, each with a state cache of
 * its own) cover together every run the unsplit search covers. @fn (if
 * not NULL) gets each in order; *@deep: how many are at @depth (0: the
 * whole tree is shallower). Returns their number, or -1 (out of memory,
 * not the cached mode, @depth above EXPLORE_MAX_PREFIX).
 */
long explore_split(const struct explore_config *cfg, unsigned int depth,
		   void (*fn)(void *ctx, const struct explore_prefix *p),
		   void *ctx, unsigned long *deep);

/*
 * Size of the naive space (every enabled choice at every state, same
 * bounds), estimated from @probes random walks (Knuth's estimator),
 * deterministic for a @seed.
 */
double explore_estimate_naive(const struct explore_config *cfg, unsigned int probes, uint64_t seed);

/*
 * PCT: @runs runs under random thread priorities with @changes
 * priority change points (Burckhardt et al., ASPLOS 2010: a bug of depth
 * d is found with probability >= 1/(n k^(d-1)) per run, n threads, k
 * steps, when @changes >= d - 1). Deterministic for @seed. Returns 1 if
 * a violation was found (st->violation_run says when).
 */
int explore_pct(const struct explore_config *cfg, unsigned int changes, unsigned long runs,
		uint64_t seed, struct explore_stats *st);

/*
 * Shrink st->witness with the minimizer (same invariant and site) after
 * checking that it replays to the violation. 0, or -1 if it does not.
 */
int explore_minimize_witness(const struct explore_config *cfg, struct explore_stats *st);

#endif
