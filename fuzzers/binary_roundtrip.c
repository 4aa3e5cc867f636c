// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzing our own front door: the binary decoder. Any bytes decode to a
 * schedule; it prints as text that parses back to the same schedule, and
 * encodes to bytes that decode to the same schedule again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "schedule.h"

static struct schedule a, b;
static char text[1 << 20];
static uint8_t bin[1 << 20];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sched_error err;
	size_t len;

	sched_decode_binary(data, size, &a);
	len = sched_print_text(&a, text, sizeof(text));
	if (len < sizeof(text) &&
	    (sched_parse_text("decoded", text, len, &b, &err) || !sched_equal(&a, &b))) {
		fprintf(stderr, "decode -> print -> parse broken (%s):\n%s\n",
			err.msg, text);
		abort();
	}
	len = sched_encode_binary(&a, bin, sizeof(bin));
	if (len > sizeof(bin))
		return 0;
	sched_decode_binary(bin, len, &b);
	if (!sched_equal(&a, &b)) {
		fprintf(stderr, "decode -> encode -> decode broken\n");
		abort();
	}
	return 0;
}
