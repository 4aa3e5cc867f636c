/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I9, memory safety: what KASAN would see of a bit operation on the CID
 * bitmap. The kernel allocates mm_cidmask with num_possible_cpus() bits
 * (nr_cpu_ids in the model), so a bit number must be below that and a
 * CID used as one must carry no flag: clear_bit(cid | MM_CID_TRANSIT)
 * writes 64 MiB past the bitmap (CVE-2026-23225), clear_bit(MM_CID_UNSET)
 * 256 MiB (a syzkaller report).
 *
 * Both back ends of prims.h compare the number (or find_first_zero_bit's
 * size) with nr_cpu_ids before the access, report I9 with these words
 * and skip the access: a memory error of the model is a verdict, never a
 * crash of the tool that runs it.
 */
#ifndef CIDFUZZ_KASAN_H
#define CIDFUZZ_KASAN_H

#include <stddef.h>

enum kasan_bitop {
	KASAN_TEST_AND_SET_BIT,
	KASAN_CLEAR_BIT,
	KASAN_FIND_FIRST_ZERO_BIT,	/* its number is the size searched */
};

/*
 * Into @buf: "clear_bit(0x20000001) in mm_drop_cid: bit number carries
 * MM_CID_TRANSIT, beyond the 4-bit CID bitmap (KASAN: out-of-bounds)",
 * for @op with @nr in @fn on a bitmap of @nbits bits. Returns @buf.
 */
const char *kasan_bitop_what(char *buf, size_t size, enum kasan_bitop op,
			     unsigned int nr, unsigned int nbits,
			     const char *fn);

#endif
