// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz: the command line for people. main() finds the subcommand in
 * commands[] and runs its cmd_*() (one file each, declared in cli.h);
 * the synopsis and what each command does are in help.c, the one place
 * they are written ("cidfuzz help", README.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "help.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "replay", cmd_replay },
	{ "regress", cmd_regress },
	{ "decode", cmd_decode },
	{ "encode", cmd_encode },
	{ "minimize", cmd_minimize },
	{ "campaign", cmd_campaign },
	{ "explore", cmd_explore },
	{ "verify", cmd_verify },
	{ "bugs", cmd_bugs },
	{ "help", help_command },
};

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc < 2)
		return help_usage(NULL);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return help_command(argc - 2, argv + 2);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		/* cidfuzz CMD --help: the same as cidfuzz help CMD */
		if (argc == 3 && !strcmp(argv[2], "--help"))
			return help_command(1, argv + 1);
		return commands[i].run(argc - 2, argv + 2);
	}
	return help_usage(NULL);
}
