/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracle: invariants of the CID contract, checked by brute force on
 * the simulator's read-only view (sim/view.h) after every step. It knows
 * what user space and the kernel may observe, not how impl/ gets there.
 *
 *  I1  user-visible CIDs of the tasks of one mm in user space are distinct
 *      (and such a task has one);
 *  I2  the CID bitmap equals the set of owned CIDs, each with one owner;
 *      tasks that are not CID users hold none;
 *  I3  TRANSIT only while a transition runs: in the mode word only under
 *      the mm's mutex, in a task's word after the transition only while
 *      that task still runs (it drops or converts it at schedule out);
 *  I4  is the simulator's (retry bounds, livelock and stall in the drain).
 */
#ifndef CIDFUZZ_ORACLE_H
#define CIDFUZZ_ORACLE_H

struct sim;

/* Check every invariant; reports the first violation through the view. */
void oracle_check_step(struct sim *s);
/* Checks that only hold once nothing is in flight (after the drain). */
void oracle_check_quiescent(struct sim *s);

#endif
