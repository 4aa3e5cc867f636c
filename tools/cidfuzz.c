// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz: the command line for people. main() finds the subcommand in
 * commands[] and runs its cmd_*() (one file each, declared in cli.h);
 * the synopsis and what each command does are in help.c, the one place
 * they are written ("cidfuzz help", README.md).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "help.h"

/* One a line (clang-format would pack them) */
/* clang-format off */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	bool tree;	/* takes --kernel-tree DIR (kernel_tree.c) */
} commands[] = {
	{ "replay", cmd_replay, true },
	{ "regress", cmd_regress, false },
	{ "decode", cmd_decode, false },
	{ "encode", cmd_encode, false },
	{ "minimize", cmd_minimize, true },
	{ "campaign", cmd_campaign, false },
	{ "explore", cmd_explore, false },
	{ "verify", cmd_verify, false },
	{ "drift", cmd_drift, false },
	{ "bugs", cmd_bugs, false },
	{ "help", help_command, false },
};
/* clang-format on */

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
		if (commands[i].tree) {
			/* --kernel-tree DIR: cidfuzz-tree runs it (or this is it) */
			int n = argc - 1, ret = kernel_tree_run(&n, argv + 1);

			if (ret >= 0)
				return ret;
			argc = n + 1;
		}
		return commands[i].run(argc - 2, argv + 2);
	}
	return help_usage(NULL);
}
