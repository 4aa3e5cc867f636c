// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzing our own front door: the .sched text parser. Any bytes must give
 * a schedule or a clear error (FILE:LINE: ...), never a crash; a schedule
 * that parses prints back to text that parses to the same schedule.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedule.h"

static struct schedule a, b;
static char text[1 << 20];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sched_error err;
	size_t len;

	if (sched_parse_text("fuzz.sched", (const char *)data, size, &a, &err)) {
		if (strncmp(err.msg, "fuzz.sched:", 11)) {
			fprintf(stderr, "error without its place: %s\n", err.msg);
			abort();
		}
		return 0;
	}
	len = sched_print_text(&a, text, sizeof(text));
	if (len >= sizeof(text))
		return 0;
	if (sched_parse_text("printed", text, len, &b, &err) || !sched_equal(&a, &b)) {
		fprintf(stderr, "print/parse round trip broken:\n%s\n", text);
		abort();
	}
	return 0;
}
