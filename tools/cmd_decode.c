// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz decode / encode: between the text form of a schedule and the
 * binary form the fuzzers use.
 */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "help.h"

int cmd_decode(int argc, char **argv)
{
	static struct schedule sched;
	static char text[1 << 20];

	if (argc != 1)
		return help_usage("decode");
	if (load_schedule(argv[0], true, &sched))
		return 2;
	sched_print_text(&sched, text, sizeof(text));
	fputs(text, stdout);
	return 0;
}

/* cidfuzz encode FILE.sched OUT: the binary (fuzz input) form */
int cmd_encode(int argc, char **argv)
{
	static struct schedule sched;
	static uint8_t bin[1 << 20];
	size_t len;

	if (argc != 2)
		return help_usage("encode");
	if (load_schedule(argv[0], false, &sched))
		return 2;
	len = sched_encode_binary(&sched, bin, sizeof(bin));
	if (len > sizeof(bin)) {
		fprintf(stderr, "%s: too large to encode\n", argv[0]);
		return 2;
	}
	return write_file_atomic(argv[1], bin, len, false) ? 2 : 0;
}
