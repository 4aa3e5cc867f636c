/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU access (include/linux/percpu-defs.h): CPU n's copy of a
 * per-CPU object is KT_PERCPU_STRIDE * n bytes after its __percpu
 * address (kt_types.h), as per_cpu_offset(n) is in the kernel. The
 * accesses are plain: the mm_cid code makes them with the CPU's rq lock
 * held, as the model does (mm::mm_cid::pcpu is protected by it).
 */
#ifndef CIDFUZZ_KT_PERCPU_H
#define CIDFUZZ_KT_PERCPU_H

#include <stdint.h>

#define per_cpu_ptr(ptr, cpu)                 \
	((__typeof__(ptr))((uintptr_t)(ptr) + \
			   (uintptr_t)(cpu)*KT_PERCPU_STRIDE))
#define this_cpu_ptr(ptr) per_cpu_ptr(ptr, smp_processor_id())
#define __this_cpu_read(lv) (*this_cpu_ptr(&(lv)))
#define __this_cpu_write(lv, val) (*this_cpu_ptr(&(lv)) = (val))

#endif
