// SPDX-License-Identifier: GPL-2.0-only
/*
 * The words of an I9 report (kasan.h), the same in both back ends, so
 * that a finding reads alike in the simulator and on real threads.
 */
#include <stdio.h>

#include "kasan.h"
#include "kernel.h"

/* The flags of a CID word, highest first, as "MM_CID_ONCPU|MM_CID_TRANSIT" */
static const char *flags_str(unsigned int nr, char *buf, size_t size)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} flags[] = {
		{ MM_CID_UNSET, "MM_CID_UNSET" },
		{ MM_CID_ONCPU, "MM_CID_ONCPU" },
		{ MM_CID_TRANSIT, "MM_CID_TRANSIT" },
	};
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]) && len < size; i++)
		if (nr & flags[i].bit)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "|" : "", flags[i].name);
	return buf;
}

const char *kasan_bitop_what(char *buf, size_t size, enum kasan_bitop op,
			     unsigned int nr, unsigned int nbits,
			     const char *fn)
{
	static const char *const names[] = {
		[KASAN_TEST_AND_SET_BIT] = "test_and_set_bit",
		[KASAN_CLEAR_BIT] = "clear_bit",
		[KASAN_FIND_FIRST_ZERO_BIT] = "find_first_zero_bit",
	};
	bool is_size = op == KASAN_FIND_FIRST_ZERO_BIT;
	char flags[64];

	flags_str(nr, flags, sizeof(flags));
	snprintf(buf, size, "%s(%s0x%x) in %s: %s%s%s%s beyond the %u-bit CID "
		 "bitmap (KASAN: out-of-bounds)", names[op],
		 is_size ? "size " : "", nr, fn,
		 is_size ? "size" : "bit number", flags[0] ? " carries " : "",
		 flags, flags[0] ? "," : "", nbits);
	return buf;
}
