// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzing our own front door: the .sched text parser. Any bytes must give
 * a schedule or a clear error (FILE:LINE: ...), never a crash; a schedule
 * that parses prints back to text that parses to the same schedule.
 * Under a campaign, a broken promise is a finding (front_door.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front_door.h"
#include "libfuzzer.h"
#include "schedule.h"

static struct schedule a, b;
static char text[1 << 20];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sched_error err;
	char what[320];
	size_t len;

	findings_exec();
	if (sched_parse_text("fuzz.sched", (const char *)data, size, &a, &err)) {
		if (strncmp(err.msg, "fuzz.sched:", 11)) {
			snprintf(what, sizeof(what), "error without its place: %s",
				 err.msg);
			front_door_broken("error_place", what, data, size);
		}
		return 0;
	}
	len = sched_print_text(&a, text, sizeof(text));
	if (len >= sizeof(text))
		return 0;
	if (sched_parse_text("printed", text, len, &b, &err) || !sched_equal(&a, &b)) {
		fprintf(stderr, "print/parse round trip broken:\n%s\n", text);
		front_door_broken("roundtrip", "print -> parse gives another schedule",
				  data, size);
	}
	return 0;
}
