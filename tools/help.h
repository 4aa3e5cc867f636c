/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command line's own words: the one synopsis of every cidfuzz
 * command and what each does, kept in one table (help.c). cidfuzz.c
 * calls help_command() for "cidfuzz help"; a subcommand (cmd_*.c) calls
 * help_usage() on a usage error. help.c calls nobody back.
 */
#ifndef CIDFUZZ_HELP_H
#define CIDFUZZ_HELP_H

/*
 * A usage error of @cmd: its synopsis (every command's if @cmd is NULL
 * or no command) on stderr. Returns 2, the exit code of a usage error.
 */
int help_usage(const char *cmd);

/*
 * cidfuzz help [COMMAND]: with no argument the whole synopsis, with a
 * command its synopsis and what it does, on stdout. 0, or 2 (and the
 * synopsis on stderr) for more than one argument or no such command.
 */
int help_command(int argc, char **argv);

#endif
