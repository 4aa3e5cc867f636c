/* SPDX-License-Identifier: GPL-2.0-only */
/* Machine-readable output (--json): strings escaped for JSON. */
#ifndef CIDFUZZ_JSON_H
#define CIDFUZZ_JSON_H

#include <stdio.h>

/* Print @s as a JSON string literal (quotes included) */
void json_string(FILE *f, const char *s);

struct strbuf;
/*
 * The same into @sb, with <, > and & as \u escapes too: safe inside an
 * HTML <script> element
 */
void json_sb_string(struct strbuf *sb, const char *s);

#endif
