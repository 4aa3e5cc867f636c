/* SPDX-License-Identifier: GPL-2.0-only */
/* Interleaving feedback for the engines (feedback.c). */
#ifndef CIDFUZZ_FEEDBACK_H
#define CIDFUZZ_FEEDBACK_H

void feedback_init(void);

#endif
