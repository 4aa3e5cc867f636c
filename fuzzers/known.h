/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Whose finding is a violation? A harness (and the tests of no false
 * positives) asks before it keeps one:
 *
 * - a target with bug switches on owns a violation only if the newest
 *   code (no switch) runs the same schedule clean: the switch is needed;
 *   but switches that break nothing (invariant "-": changes, correct
 *   variants) change the timing only, so a violation they show on one
 *   of the known findings' paths (below) is that finding, even when the
 *   same schedule misses it without them;
 * - a violation of the newest code is known when it is one of the
 *   findings written up in docs/findings.md: an mm that got users back
 *   after it had lost them all (a failed exec of its last user: the
 *   "first user" path then meets the state the last user left), I6 at
 *   cpu-owns-in-per-task after a failed exec's window in per-CPU mode
 *   (a CPU keeps its CID through the switch back), or its key
 *   (invariant and site) is on the list (CIDFUZZ_KNOWN);
 * - any other violation of the newest code is new.
 */
#ifndef CIDFUZZ_KNOWN_H
#define CIDFUZZ_KNOWN_H

#include <stdbool.h>

#include "findings.h"
#include "schedule.h"
#include "sim.h"

/* Run @sched again (in @s, as @opts says): did an mm get users back? */
bool mm_came_back(struct sim *s, const struct schedule *sched,
		  const struct sim_options *opts);

/* Is "INV-site" on the list of known keys (CIDFUZZ_KNOWN)? */
bool known_key(const char *key);

/*
 * The class of @res, a violation of @sched run as @opts says; may run
 * @sched again in @s (once or twice). *newest gets the violation of the
 * newest code when it is not the target's.
 */
enum finding_class classify_finding(struct sim *s, const struct schedule *sched,
				    const struct sim_options *opts,
				    const struct sim_result *res,
				    struct sim_result *newest);

/*
 * What a harness does after a run of @sched in @s (as @opts says, @res
 * its result, @data and @size its input): a violation classified
 * (classify_finding(), which may run it again) and kept, a run not
 * fully checked kept as such. Nothing for a clean run.
 */
void findings_after_run(struct sim *s, const struct schedule *sched,
			const struct sim_options *opts,
			const struct sim_result *res, const uint8_t *data,
			size_t size);

#endif
