/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The cidfuzz command line: one file a subcommand (cmd_*.c), and what
 * they share (cli.c). Their usage text is help.c's (help.h).
 */
#ifndef CIDFUZZ_CLI_H
#define CIDFUZZ_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "cid_bugs.h"
#include "schedule.h"
#include "sim.h"
#include "fileio.h"

int load_schedule(const char *path, bool binary, struct schedule *s);
int run_one(const struct schedule *sched, const struct sim_options *opts,
	    struct sim_result *res, struct strbuf *out);
bool cli_number(const char *s, unsigned long max, unsigned long *v);
bool refuse_on_tree(const char *option);
int parse_bug_option(int argc, char **argv, int *i, unsigned int *bugs);
int parse_target_option(int argc, char **argv, int *i, unsigned int *bugs);
int kernel_tree_run(int *argc, char **argv);
int kernel_tree_binary(const char *tree, char *exe, size_t size);
/*
 * The libFuzzer harnesses @harnesses (fuzz_<target>, NULL-terminated) of
 * the kernel tree @tree, built or brought up to date in
 * build/tree-<hash>-fuzz; the folder that holds them into @fuzzers.
 * 0, or -1 after a message.
 */
int kernel_tree_harnesses(const char *tree, const char *const *harnesses,
			  char *fuzzers, size_t size);

int cmd_replay(int argc, char **argv);
int cmd_regress(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_bugs(int argc, char **argv);
int cmd_minimize(int argc, char **argv);
int cmd_campaign(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_drift(int argc, char **argv);

#endif
