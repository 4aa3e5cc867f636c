// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzing our own front door: the binary decoder. Any bytes decode to a
 * schedule; it prints as text that parses back to the same schedule, and
 * encodes to bytes that decode to the same schedule again. Under a
 * campaign, a broken promise is a finding (front_door.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "front_door.h"
#include "libfuzzer.h"
#include "schedule.h"

static struct schedule a, b;
static char text[1 << 20];
static uint8_t bin[1 << 20];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sched_error err;
	size_t len;

	findings_exec();
	sched_decode_binary(data, size, &a);
	len = sched_print_text(&a, text, sizeof(text));
	if (len < sizeof(text) &&
	    (sched_parse_text("decoded", text, len, &b, &err) || !sched_equal(&a, &b))) {
		fprintf(stderr, "decode -> print -> parse broken (%s):\n%s\n",
			err.msg, text);
		front_door_broken("text", "decode -> print -> parse gives another schedule",
				  data, size);
		return 0;
	}
	len = sched_encode_binary(&a, bin, sizeof(bin));
	if (len > sizeof(bin))
		return 0;
	sched_decode_binary(bin, len, &b);
	if (!sched_equal(&a, &b)) {
		front_door_broken("binary", "decode -> encode -> decode gives another schedule",
				  data, size);
	}
	return 0;
}
