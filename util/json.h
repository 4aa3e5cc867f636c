/* SPDX-License-Identifier: GPL-2.0-only */
/* Machine-readable output (--json): strings escaped for JSON. */
#ifndef CIDFUZZ_JSON_H
#define CIDFUZZ_JSON_H

#include <stdio.h>

/* Print @s as a JSON string literal (quotes included) */
void json_string(FILE *f, const char *s);

#endif
