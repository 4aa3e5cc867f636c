// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz: the command line for people.
 *
 *   cidfuzz replay FILE [--bug SLUG]... [--trace] [--binary] [--json]
 *		       [--svg OUT]
 *		       [--check I1,I2,...] [--oracle full|incremental]
 *	run one schedule, print the trace (with --trace) and the verdict.
 *	--check selects the invariants (default: all); --oracle full checks
 *	every mm after every step and recomputes the spec's account from
 *	the whole history. Exit 0 clean, 1 violation, 2 usage or bad input.
 *   cidfuzz regress [DIR]...
 *	replay every schedule in the folders (default crashes/, corpus/,
 *	corpus/seeds/):
 *	a reproducer <slug>[.*].sched with its bug on (its "# expect:"
 *	invariant) and with every bug off (clean), any other schedule with
 *	no bug (clean); print a table; exit 1 if any file misbehaves.
 *   cidfuzz decode FILE
 *	print a binary (fuzz) schedule in text form.
 *   cidfuzz encode FILE.sched OUT
 *	write the binary (fuzz input) form of a text schedule.
 *   cidfuzz minimize FILE [--bug SLUG]... [--binary] [--check LIST] [-o OUT]
 *	shrink a violating schedule to a smallest one with the same
 *	violation (invariant and site); write it as .sched.
 *   cidfuzz campaign [--engine libfuzzer|afl|random|gen|libfuzzer-plain]
 *		    [--max-time S] [--jobs N] [--targets a,b|all | --kernel P]
 *		    [--findings DIR] [--keep-going] [--seed N] [--json]
 *	the main job: fuzz every target, keep and minimize what is found,
 *	print a table (see campaign/campaign.h).
 *   cidfuzz explore --scenario FILE | --cpus N --tasks M --events LIST
 *		   [--preemptions K] [--max-steps S] [--bug SLUG]...
 *		   [--mode cached|dpor|naive]
 *		   [--pct D --runs R] [--seed N] [--estimate P] [--max-runs N]
 *		   [-o OUT] [--no-minimize] [--quiet]
 *		   [--weak | --memory weak|sc] [--flushes F]
 *	every interleaving of the scenario's kernel paths up to the bounds,
 *	with partial-order reduction (or PCT runs); the first violation is
 *	minimized and written as a .sched (see explore/explore.h). With
 *	weak memory (--weak, or "memory weak" in the scenario; --memory sc
 *	turns it off) every store-visibility order too: a flush of a
 *	buffered store is a choice, no preemption, at most F a run
 *	(default unbounded; flushes count in --max-steps).
 *   cidfuzz bugs
 *	list the bug switches.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int usage(void)
{
	fprintf(stderr,
		"usage: cidfuzz replay FILE [--kernel P] [--bug SLUG]... [--no-bug SLUG]...\n"
		"                      [--trace] [--binary] [--json]\n"
		"                      [--svg OUT]\n"
		"                      [--check I1,I2,...] [--oracle full|incremental]\n"
		"       cidfuzz regress [DIR]...\n"
		"       cidfuzz decode FILE\n"
		"       cidfuzz encode FILE.sched OUT\n"
		"       cidfuzz minimize FILE [--kernel P] [--bug SLUG]... [--no-bug SLUG]...\n"
		"                        [--binary] [--check LIST]\n"
		"                        [-o OUT]\n"
		"       cidfuzz campaign [--engine libfuzzer|afl|random|gen|\n"
		"                                  libfuzzer-plain]\n"
		"                        [--max-time S] [--jobs N] [--targets a,b|all | --kernel P]\n"
		"                        [--findings DIR] [--keep-going] [--seed N] [--json]\n"
		"       cidfuzz explore --scenario FILE | --cpus N --tasks M --events LIST\n"
		"                       [--preemptions K] [--max-steps S]\n"
		"                       [--kernel P] [--bug SLUG]... [--no-bug SLUG]...\n"
		"                       [--mode cached|dpor|naive] [--pct D --runs R]\n"
		"                       [--seed N] [--estimate P] [--max-runs N] [-o OUT]\n"
		"                       [--no-minimize] [--quiet]\n"
		"                       [--weak | --memory weak|sc] [--flushes F]\n"
		"           (weak memory: every store-visibility order too; a flush\n"
		"            is no preemption, at most F a run, counted in --max-steps)\n"
		"       cidfuzz bugs\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc - 2, argv + 2);
	if (!strcmp(argv[1], "regress"))
		return cmd_regress(argc - 2, argv + 2);
	if (!strcmp(argv[1], "decode"))
		return cmd_decode(argc - 2, argv + 2);
	if (!strcmp(argv[1], "encode"))
		return cmd_encode(argc - 2, argv + 2);
	if (!strcmp(argv[1], "minimize"))
		return cmd_minimize(argc - 2, argv + 2);
	if (!strcmp(argv[1], "campaign"))
		return cmd_campaign(argc - 2, argv + 2);
	if (!strcmp(argv[1], "explore"))
		return cmd_explore(argc - 2, argv + 2);
	if (!strcmp(argv[1], "bugs") && argc == 2)
		return cmd_bugs();
	return usage();
}
