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

/* What a command does with a kernel tree's code (docs/kernel-tree.md) */
enum tree_use {
	TREE_ANY, /* runs on whatever this binary links */
	TREE_OPTION, /* takes --kernel-tree DIR (kernel_tree.c) */
	TREE_MODEL, /* impl/'s bug switches or harnesses: not on a tree */
};

/* One a line (clang-format would pack them) */
/* clang-format off */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	enum tree_use tree;
} commands[] = {
	{ "replay", cmd_replay, TREE_OPTION },
	{ "regress", cmd_regress, TREE_MODEL },
	{ "decode", cmd_decode, TREE_ANY },
	{ "encode", cmd_encode, TREE_ANY },
	{ "minimize", cmd_minimize, TREE_OPTION },
	{ "campaign", cmd_campaign, TREE_OPTION },
	{ "explore", cmd_explore, TREE_ANY },
	{ "verify", cmd_verify, TREE_ANY },
	{ "drift", cmd_drift, TREE_ANY },
	{ "bugs", cmd_bugs, TREE_ANY },
	{ "help", help_command, TREE_ANY },
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
		if (commands[i].tree == TREE_MODEL && sim_kernel_tree()) {
			/* regress runs reproducers with their bug switch on */
			fprintf(stderr,
				"cidfuzz-tree: %s: not on a kernel tree's code "
				"(impl/'s bug switches); cidfuzz drift --kernel-tree "
				"compares the tree with impl/\n",
				argv[1]);
			return 2;
		}
		if (commands[i].tree == TREE_OPTION) {
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
