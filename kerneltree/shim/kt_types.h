/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a kernel tree's include/linux/rseq_types.h section needs before it
 * can be compiled (--kernel-tree, docs/kernel-tree.md): the attributes,
 * BIT(), the per-CPU address space and the two deferred-work types.
 *
 * The per-CPU space is the kernel's own scheme: an object of CPU n lies
 * KT_PERCPU_STRIDE * n bytes after the __percpu pointer (per_cpu_offset()),
 * so per_cpu_ptr() and __this_cpu_read() work on any lvalue in it
 * (kt_percpu.h). The storage is an array in struct mm_struct
 * (kt_mmcid.h), the only owner of per-CPU data in the mm_cid code.
 */
#ifndef CIDFUZZ_KT_TYPES_H
#define CIDFUZZ_KT_TYPES_H

#include <stdbool.h>

#define BIT(nr) (1UL << (nr))

#ifndef __always_inline /* glibc's sys/cdefs.h has it too */
#define __always_inline inline __attribute__((always_inline))
#endif
#define KT_CACHELINE 64
#define ____cacheline_aligned __attribute__((aligned(KT_CACHELINE)))
#define ____cacheline_aligned_in_smp ____cacheline_aligned
#define __percpu
/* The shim's own functions are no function entries of the tree's code */
#define __kt_noinstr __attribute__((no_instrument_function))

/* One CPU's copy of a per-CPU object is this far from the next */
#define KT_PERCPU_STRIDE KT_CACHELINE

struct irq_work;
struct work_struct;

typedef void (*irq_work_func_t)(struct irq_work *work);
typedef void (*work_func_t)(struct work_struct *work);

/*
 * Reduced, as in the model (impl/include/mmcid.h), to what
 * irq_work_sync() and cancel_work_sync() wait for, plus the callback the
 * kernel's code installs (IRQ_WORK_INIT_HARD(), INIT_WORK()).
 */
struct irq_work {
	bool pending;
	bool running;
	irq_work_func_t func;
};

struct work_struct {
	bool pending;
	bool running;
	work_func_t func;
};

#endif
