/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * If cidfuzz itself dies of a signal while it replays (a wild access of
 * the model or the simulator: a defect of cidfuzz, or a kernel oops the
 * model cannot survive), the trace so far is still printed, with a line
 * that says so, and the signal then ends the process as it would have.
 * Not under the sanitizers: their reports say more.
 */
#ifndef CIDFUZZ_CRASH_NOTE_H
#define CIDFUZZ_CRASH_NOTE_H

#include "strbuf.h"

/* From now on a fatal signal prints @trace first (NULL: nothing) */
void crash_note_arm(const struct strbuf *trace);

#endif
