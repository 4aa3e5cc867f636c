/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A growable string buffer for traces and reports: output is built in
 * memory so that it is deterministic and testable, and printed at the end.
 */
#ifndef CIDFUZZ_STRBUF_H
#define CIDFUZZ_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_puts(struct strbuf *sb, const char *s);

#endif
