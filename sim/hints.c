// SPDX-License-Identifier: GPL-2.0-only
/*
 * Write hints for the oracle: after a step, which tasks, runqueues and mms
 * the model may have written (struct view_hints, view/view.h), so that
 * the oracle reads those again and trusts its copy of the rest.
 *
 * The model's plain C stores are the hard part: impl/ writes fields under
 * its locks without any primitive, exactly as the kernel does, and must
 * stay that way. So impl/ is compiled with the compilers' kernel address
 * sanitizer instrumentation in its outline form, stores only
 * (CIDFUZZ_WRITE_HINTS; see CMakeLists.txt): every store in impl/ calls
 * __asan_storeN_noabort(addr) below, which does no checking at all and
 * only notes which object the address falls in. The primitives' own
 * accesses (sim/prims.c) and the simulator's bookkeeping (which paths
 * run where) are hinted by the simulator itself (paths.c, world.c,
 * run.c, events.c). Builds without the instrumentation (sanitizer builds,
 * other compilers) hint "all" after every step: slower, same verdicts.
 *
 * The hints are checked: tests/test_oracle.c runs thousands of schedules
 * with the oracle's audit on, which reads everything anyway and fails on
 * any object that changed without a hint.
 */
#include "sim_internal.h"

#ifdef CIDFUZZ_WRITE_HINTS
const bool sim_write_hints = true;
#else
const bool sim_write_hints = false;
#endif

static inline void note_write(struct sim *s, uintptr_t a)
{
	uintptr_t off;

	off = a - (uintptr_t)s->task;
	if (off < sizeof(s->task)) {
		hint_task(s, (int)(off / sizeof(s->task[0])));
		return;
	}
	off = a - (uintptr_t)s->mm;
	if (off < sizeof(s->mm)) {
		unsigned int m = (unsigned int)(off / sizeof(s->mm[0]));

		s->view.hints.mms[m / 64] |= 1ULL << (m % 64);
		return;
	}
	off = a - (uintptr_t)runqueues;
	if (off < sizeof(runqueues))
		hint_cpu(s, (int)(off / sizeof(runqueues[0])));
}

void sim_hint_write(struct sim *s, const void *addr)
{
	note_write(s, (uintptr_t)addr);
}

#ifdef CIDFUZZ_WRITE_HINTS
/*
 * The instrumentation's entry points (outline kernel-address mode, reads
 * not instrumented), by the names the compilers call: not sim_. Called
 * for every store impl/ makes, including those to its own stack frames,
 * which fall in no object and cost a compare.
 */
static inline void store_hook(unsigned long addr)
{
	struct sim *s = sim_cur;

	if (s)
		note_write(s, addr);
}

void __asan_store1_noabort(unsigned long addr);
void __asan_store2_noabort(unsigned long addr);
void __asan_store4_noabort(unsigned long addr);
void __asan_store8_noabort(unsigned long addr);
void __asan_store16_noabort(unsigned long addr);
void __asan_storeN_noabort(unsigned long addr, size_t size);

void __asan_store1_noabort(unsigned long addr)
{
	store_hook(addr);
}

void __asan_store2_noabort(unsigned long addr)
{
	store_hook(addr);
}

void __asan_store4_noabort(unsigned long addr)
{
	store_hook(addr);
}

void __asan_store8_noabort(unsigned long addr)
{
	store_hook(addr);
}

void __asan_store16_noabort(unsigned long addr)
{
	store_hook(addr);
}

/* A long store may span objects: all, unless it is a small one */
void __asan_storeN_noabort(unsigned long addr, size_t size)
{
	struct sim *s = sim_cur;

	if (!s)
		return;
	if (size > 16)
		hint_all(s);
	else
		note_write(s, addr);
}
#endif
