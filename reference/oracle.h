/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracle: an executable specification of what user space and the
 * kernel may observe of mm_cid, written from the contract
 * (docs/contract.md; its §13 maps each invariant below to the sections
 * it comes from) and never from impl/. It sees the machine only through
 * the read-only view (view/view.h) and the events the simulator accepted;
 * after every step it checks
 *
 *  I1  user-visible CIDs of the tasks of one mm in user space are distinct,
 *      and such a task has one;
 *  I2  the CID bitmap equals the set of owned CIDs, each with one owner;
 *      tasks that are not CID users hold none;
 *  I3  TRANSIT only while a transition runs: in the mode word only under
 *      the mm's mutex, in a task's word after the transition only while
 *      that task still runs (it drops or converts it at schedule out);
 *  I4  bounded retries, no livelock or stall (the simulator's liveness
 *      verdict, sim/run.c, reported under this name);
 *  I5  every CID is below num_possible_cpus(); once settled, the CIDs of
 *      tasks in user space are below max_cids;
 *  I6  users, max_cids, pcpu_thrs, nr_cpus_allowed and the mode equal the
 *      spec's own account (reference/spec.h) at every quiescent point,
 *      and the ownership matches the mode (per task: no CPU owns a CID;
 *      per CPU: no task owns a plain one);
 *  I7  a task's user-visible CID does not change while it stays in user
 *      space on one CPU;
 *  I8  state that the kernel protects with a lock is only written with it
 *      held: CPU slots and task words under the rq lock, users/max_cids/
 *      thresholds/allowed CPUs under mm_cid.lock, the mode under
 *      mm_cid.mutex;
 *  I9  memory safety, what KASAN would see: every bit operation on the
 *      CID bitmap uses a bit number below its num_possible_cpus() bits
 *      that carries no flag (ONCPU, TRANSIT, UNSET), and find_first_zero_bit
 *      searches no further. Checked by the back ends of prims.h before
 *      the access (kasan/kasan.h), which they then skip; reported under
 *      this name and selected like the others.
 */
#ifndef CIDFUZZ_ORACLE_H
#define CIDFUZZ_ORACLE_H

#include "checker.h"

/*
 * A new oracle, as the checker a machine calls after every step
 * (view/checker.h): sim_new(oracle_checker()). The machine releases it
 * (sim_free()). NULL: out of memory.
 *
 * Of the check options (struct check_options), full checks every mm
 * after every step and recomputes the spec from the whole history
 * instead of from the last quiescent point; audit (test only) also
 * reads, after every step, what the machine's write hints (view.h) say
 * is unchanged, and reports any difference as "HINT hint-missed": proof
 * that the hints the incremental oracle trusts are right.
 */
const struct checker *oracle_checker(void);

/* "I1,I3" -> CHECK_INV() bits; 0 on a bad list */
unsigned int oracle_parse_checks(const char *list);

#endif
