// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz help: the one place the command line is written down. Each
 * row of help_cmds[] is a command, its arguments (the synopsis) and what
 * it does; "cidfuzz help" prints every synopsis, "cidfuzz help CMD" one
 * with its text, a usage error the synopsis of its command. README.md
 * shows the output of "cidfuzz help" verbatim, and tests/test_cli.sh
 * fails when the two differ: a new option goes into its row here, in
 * the command's parser (cmd_*.c), then into README.md.
 */
#include <stdio.h>
#include <string.h>

#include "campaign.h"
#include "help.h"

struct help_cmd {
	const char *name;
	const char *args;	/* after "cidfuzz NAME"; '\n' between lines */
	const char *what;	/* cidfuzz help NAME */
};

/* --engine's engines (campaign.h), a line each */
#define ENGINE_HELP(ENGINE, ops, name, what) \
	"                   " name ": " what "\n"

/* The options of every command that runs the model (cli.c) */
#define TARGET_OPTIONS \
	"  --kernel P       every bug switch of kernel profile P (cidfuzz bugs)\n" \
	"  --bug SLUG       put back the code one fix removed (repeatable);\n" \
	"                   --no-bug SLUG takes a switch away again (in order:\n" \
	"                   \"--kernel seed --no-bug vfork-budget\")\n"

/* The option of the commands that run a kernel tree's code (kernel_tree.c) */
#define TREE_OPTION                                                                  \
	"  --kernel-tree DIR\n"                                                      \
	"                   the mm_cid code of the kernel tree DIR, not impl/'s:\n"  \
	"                   cidfuzz-tree built for DIR (in build/tree-<hash>, the\n" \
	"                   first time), no --kernel or --bug (docs/kernel-tree.md)\n"

/* Laid out as printed (clang-format would join the lines) */
/* clang-format off */
static const struct help_cmd help_cmds[] = {
	{ "replay",
	  "FILE [--kernel P] [--bug SLUG]... [--no-bug SLUG]...\n[--kernel-tree DIR]\n"
	  "[--trace] [--binary] [--json] [--svg OUT] [--html OUT]\n"
	  "[--check I1,I2,...] [--oracle full|incremental]",
	  "Run one schedule with the oracle and print the verdict. Exit 0 clean,\n"
	  "1 on a violation (the report: step and event, every CPU, task and mm,\n"
	  "the locks held, a livelock's wait-for graph), 2 on a usage error or bad\n"
	  "input (FILE:LINE: expected ...), 3 when nothing was violated but the\n"
	  "oracle could not check an invariant to the end (the line \"unchecked:\n"
	  "I6 from step N (why)\"). The same file gives the same bytes.\n"
	  "\n" TARGET_OPTIONS TREE_OPTION
	  "  --trace          every step, before the verdict\n"
	  "  --binary         FILE is a raw fuzz input, not .sched text\n"
	  "  --json           the verdict as one JSON object (for CI dashboards)\n"
	  "  --svg OUT        the run as swimlanes: a lane per CPU (what runs, the\n"
	  "                   locks held and waited for, its CID slot), a CID band\n"
	  "                   per task, a lane per mm (mode, users, thresholds,\n"
	  "                   pool), the events by .sched line, the violation\n"
	  "  --html OUT       the same picture in one page, with a step slider\n"
	  "                   showing the whole state at each step (offline)\n"
	  "  --check LIST     the invariants to report (default: all); the run goes\n"
	  "                   on past the others, and names those that fired\n"
	  "                   (\"deselected: I4 fired at step N (...)\"; exit 0)\n"
	  "  --oracle full    check every mm after every step and recompute the\n"
	  "                   spec's account from the whole history (slower; for\n"
	  "                   doubt); incremental is the default\n"
	  "\n"
	  "More: docs/replay.md, docs/schedules.md, docs/invariants.md.\n" },
	{ "regress", "[DIR]...",
	  "Replay every schedule in the folders (default crashes/, corpus/,\n"
	  "corpus/seeds/): a reproducer <slug>[.*].sched with its bug on (its\n"
	  "\"# expect:\" invariant) and with every bug off (clean), any other\n"
	  "schedule with no bug and with each switch its \"# clean with:\" line\n"
	  "names (clean). Print a table; exit 1 if any file misbehaves.\n" },
	{ "decode", "FILE",
	  "Print a binary schedule (a fuzz input) as .sched text.\n" },
	{ "encode", "FILE.sched OUT",
	  "Write the binary form (a fuzz input) of a .sched file.\n" },
	{ "minimize",
	  "FILE [--kernel P] [--bug SLUG]... [--no-bug SLUG]...\n[--kernel-tree DIR]\n"
	  "[--binary] [--check I1,I2,...] [-o OUT]",
	  "Shrink a violating schedule (events, then each event's parts, to a\n"
	  "fixpoint) keeping the same violation (invariant and site), and write\n"
	  "it as a .sched whose header replay and regress understand.\n"
	  "\n" TARGET_OPTIONS TREE_OPTION
	  "  --binary         FILE is a raw fuzz input, not .sched text\n"
	  "  --check LIST     the invariants to check (default: all)\n"
	  "  -o OUT           where to write it (default: FILE.min.sched)\n" },
	{ "campaign",
	  "[--engine E]\n"
	  "[--max-time S] [--max-execs N] [--jobs N] [--seed N]\n"
	  "[--targets a,b|all | --kernel P] [--keep-going] [--kernel-tree DIR]\n"
	  "[--findings DIR] [--seeds DIR] [--fuzzers DIR]\n"
	  "[--json] [--quiet]",
	  "The main job (scripts/campaign.sh): fuzz every target, an engine each\n"
	  "in a child process, keep every distinct violation (invariant and\n"
	  "site) at once, minimize it, print a table. Exit 0 when every bug\n"
	  "target was found and nothing on the fixed code or the front doors\n"
	  "(the known findings of docs/findings.md do not count).\n"
	  "\n"
	  "  --engine E       the fuzz engine (default: the first):\n"
	  CAMPAIGN_ENGINES(ENGINE_HELP)
	  "  --max-time S     seconds per target (default 60)\n"
	  "  --max-execs N    also stop a target's run once it has made N\n"
	  "                   executions (checked ten times a second, so a\n"
	  "                   few more run): a budget the load does not change\n"
	  "  --jobs N         engines at once (default: the cores)\n"
	  "  --targets LIST   the targets (default: the campaign's; all: all)\n"
	  "  --kernel P       hunt in one kernel profile instead\n"
	  "  --kernel-tree DIR\n"
	  "                   the mm_cid code of the kernel tree DIR (cidfuzz-tree,\n"
	  "                   as for replay) on the targets fixed and fixed-weak;\n"
	  "                   libFuzzer's harnesses built for DIR with clang in\n"
	  "                   build/tree-<hash>-fuzz; not afl (docs/kernel-tree.md)\n"
	  "  --findings DIR   where findings go (default findings/)\n"
	  "  --seeds DIR      the .sched seeds (default corpus/seeds)\n"
	  "  --fuzzers DIR    the harnesses (default build/fuzz, build/afl)\n"
	  "  --keep-going     go on after a target's first violation\n"
	  "  --seed N         the engines' seed (default: their own choice)\n"
	  "  --json           the table as one JSON object, no progress\n"
	  "  --quiet          no progress lines\n"
	  "\n"
	  "More: docs/fuzzing.md.\n" },
	{ "explore",
	  "--scenario FILE | --cpus N --tasks M --events LIST\n"
	  "[--kernel P] [--bug SLUG]... [--no-bug SLUG]...\n"
	  "[--preemptions K] [--max-steps S] [--max-runs N]\n"
	  "[--mode cached|dpor|naive] [--pct D --runs R] [--seed N]\n"
	  "[--estimate P] [-o OUT] [--no-minimize] [--quiet]\n"
	  "[--weak | --memory weak|sc] [--flushes F]",
	  "Run every interleaving of a scenario's kernel paths, one primitive at\n"
	  "a time, up to the bounds, with partial-order reduction. Exit 0: no\n"
	  "violation within bounds; 1: the first violation, whose schedule is\n"
	  "minimized and printed (or written to OUT) as a .sched for replay.\n"
	  "A scenario is a .sched file: set-up events, a line \"# concurrent\",\n"
	  "the events to interleave; --events makes one of M threads on N CPUs\n"
	  "with those events (';' between them).\n"
	  "\n" TARGET_OPTIONS
	  "  --preemptions K  switches away from a CPU that could go on\n"
	  "                   (default unbounded)\n"
	  "  --max-steps S    choices a run (default 2000; the drain ends it)\n"
	  "  --max-runs N     stop after N runs (default: no limit)\n"
	  "  --mode M         cached (sleep sets and state caching, default),\n"
	  "                   dpor (stateless) or naive (no reduction)\n"
	  "  --pct D          PCT instead: random priorities, D change points,\n"
	  "                   --runs R runs (default 1000)\n"
	  "  --seed N         the seed of PCT and of the estimate\n"
	  "  --estimate P     estimate the naive enumeration from P random\n"
	  "                   walks (default 100; 0: none)\n"
	  "  -o OUT           write the violating schedule to OUT\n"
	  "  --no-minimize    keep the violating schedule as found\n"
	  "  --quiet          no progress line on stderr\n"
	  "  --weak           weak memory (--memory weak|sc: on or off; default:\n"
	  "                   the scenario's): every store-visibility order too\n"
	  "  --flushes F      at most F store-buffer flushes a run (default\n"
	  "                   unbounded); a flush is no preemption and counts in\n"
	  "                   --max-steps\n"
	  "\n"
	  "More: docs/exploration.md.\n" },
	{ "verify",
	  "--cpus N --tasks M --concurrent K [--kernel P] [--bug SLUG]...\n"
	  "[--no-bug SLUG]... [--kinds LIST] [--setups LIST] [--weak]\n"
	  "[--jobs J] [--resume FILE] [--split auto|never|always]\n"
	  "[--max-steps S] [--preemptions P] [-o DIR] [--quiet] [--list]",
	  "Explore every scenario of a small scope, each exhaustively as explore\n"
	  "does: a set-up (per-task mode, a thread off its CPU, per-CPU mode, per-CPU\n"
	  "mode with two or three users, a second thread group) of M threads on N\n"
	  "CPUs, then every sequence of up to K events of the kinds, tasks and\n"
	  "CPUs, one of each class of renamings of tasks and CPUs. Exit 0 and\n"
	  "\"verified: no violation in scope\"; 1: each distinct violation\n"
	  "(invariant and site) of the first scenario that shows it, minimized and\n"
	  "written to DIR as a .sched; 2 on a usage error. The output is the same\n"
	  "for every --jobs and after --resume (but the wall time).\n"
	  "\n" TARGET_OPTIONS
	  "  --cpus N         CPUs (2..6); --tasks M: threads (1..N+1);\n"
	  "                   --concurrent K: events after the set-up (0..6)\n"
	  "  --kinds LIST     the event kinds (default all): fork, clone_vm,\n"
	  "                   fork_fail, exit, exec_fail, block, wake, migrate,\n"
	  "                   schedule, idle, work\n"
	  "  --setups LIST    the set-ups (default all): per-task, task-off,\n"
	  "                   per-cpu, per-cpu-2, per-cpu-3, clone-vm, switching\n"
	  "  --weak           weak memory: every store-visibility order too\n"
	  "  --jobs J         worker processes (default: the cores)\n"
	  "  --resume FILE    keep the verdicts in FILE (written atomically every\n"
	  "                   2 s); a run killed goes on from there\n"
	  "  --split WHEN     cut scenarios into subtrees, each a work item\n"
	  "                   (auto: a scope of fewer than 64 scenarios; the\n"
	  "                   default never; always); the verdicts do not change\n"
	  "  --max-steps S    choices a run (default 2000; the drain ends it)\n"
	  "  --preemptions P  the explorer's preemption bound (default none):\n"
	  "                   then verified within that bound only\n"
	  "  -o DIR           where the violations go (default verify-findings)\n"
	  "  --quiet          no progress line on stderr\n"
	  "  --list           print the scenarios, explore none\n"
	  "\n"
	  "More: docs/verify.md.\n" },
	{ "drift", "--kernel-tree DIR [--kernel P] [FOLDER]...",
	  "Where the model and a kernel tree's own mm_cid code disagree: every\n"
	  ".sched of the folders (default crashes/ and corpus/) replayed on the\n"
	  "tree (cidfuzz-tree, built for DIR as --kernel-tree does) and on impl/\n"
	  "with the profile of the tree's era. Print each schedule whose verdicts\n"
	  "differ (one of the two is wrong), and each with the same verdict but\n"
	  "other counts (a stop point or field only the model has). Exit 0 when\n"
	  "no verdict differs, 1 when one does, 2 on an error.\n"
	  "\n"
	  "  --kernel-tree DIR\n"
	  "                   the kernel tree (docs/kernel-tree.md)\n"
	  "  --kernel P       impl/'s profile for the tree's era (default latest)\n" },
	{ "bugs", "",
	  "List the bug switches and the kernel profiles, with the fixing commit,\n"
	  "its date, the report and the invariant cidfuzz names.\n"
	  "More: docs/profiles.md, docs/kernel-history.md.\n" },
	{ "help", "[COMMAND]",
	  "This text; with COMMAND, what the command does.\n" },
};
/* clang-format on */
#define NR_HELP_CMDS (sizeof(help_cmds) / sizeof(help_cmds[0]))

static const struct help_cmd *help_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; name && i < NR_HELP_CMDS; i++)
		if (!strcmp(help_cmds[i].name, name))
			return &help_cmds[i];
	return NULL;
}

/*
 * "@lead cidfuzz NAME ARGS", the continuation lines of ARGS aligned
 * under its first one.
 */
static void print_synopsis(FILE *f, const char *lead, const struct help_cmd *c)
{
	int indent = (int)(strlen(lead) + strlen("cidfuzz ") + strlen(c->name));
	const char *line = c->args;
	const char *end;

	fprintf(f, "%scidfuzz %s", lead, c->name);
	while ((end = strchr(line, '\n'))) {
		fprintf(f, " %.*s\n%*s", (int)(end - line), line, indent, "");
		line = end + 1;
	}
	fprintf(f, *line ? " %s\n" : "%s\n", line);
}

static void print_all(FILE *f)
{
	unsigned int i;

	for (i = 0; i < NR_HELP_CMDS; i++)
		print_synopsis(f, i ? "       " : "usage: ", &help_cmds[i]);
}

int help_usage(const char *cmd)
{
	const struct help_cmd *c = help_lookup(cmd);

	if (!c) {
		print_all(stderr);
		return 2;
	}
	print_synopsis(stderr, "usage: ", c);
	fprintf(stderr, "(more: cidfuzz help %s)\n", c->name);
	return 2;
}

int help_command(int argc, char **argv)
{
	const struct help_cmd *c;

	if (!argc) {
		print_all(stdout);
		return 0;
	}
	c = help_lookup(argv[0]);
	if (argc > 1 || !c)
		return help_usage(NULL);
	print_synopsis(stdout, "usage: ", c);
	printf("\n%s", c->what);
	return 0;
}
