/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests: load a schedule file of the source tree (needs testlib.h) */
#ifndef CIDFUZZ_TEST_SCHED_FILE_H
#define CIDFUZZ_TEST_SCHED_FILE_H

#include <stdio.h>

#include "schedule.h"

static inline void load_sched_file(const char *rel, struct schedule *s,
				   int *failed)
{
	static char buf[1 << 16];
	struct sched_error err;
	char path[512];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", CIDFUZZ_SOURCE_DIR, rel);
	f = fopen(path, "rb");
	EXPECT(f != NULL);
	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	EXPECT_EQ_INT(sched_parse_text(rel, buf, n, s, &err), 0);
}

#endif
