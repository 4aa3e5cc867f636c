// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz drift --kernel-tree DIR [--kernel P] [FOLDER]...: where the
 * model and a kernel tree's own code disagree (docs/kernel-tree.md).
 * Every .sched of the folders (default crashes/ and corpus/) is
 * replayed on the tree's code (cidfuzz-tree, built for DIR as
 * --kernel-tree does) and on impl/ with the profile of the tree's era
 * (--kernel P, default latest), each by its own process ("replay", the
 * same as a person would run). A schedule whose verdicts differ is
 * printed: one of the two is wrong. One with the same verdict but other
 * counts (events skipped, steps) is printed as such: a stop point or a
 * field the model has and the tree has not, or a path of another length.
 * Exit 0 when no verdict differs, 1 when one does, 2 on an error.
 */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "help.h"

/* The "verdict: ..." line of `EXE replay FILE [--kernel P]` into @line */
static int replay_verdict(const char *exe, const char *file, const char *kernel,
			  char *line, size_t size)
{
	char *argv[] = { (char *)0,  "replay",	(char *)0,
			 "--kernel", (char *)0, NULL };
	char buf[512];
	int fds[2], status;
	FILE *in;
	pid_t pid;

	argv[0] = strdup(exe);
	argv[2] = strdup(file);
	argv[4] = kernel ? strdup(kernel) : NULL;
	if (!kernel)
		argv[3] = NULL;
	snprintf(line, size, "no verdict");
	if (!argv[0] || !argv[2] || (kernel && !argv[4]) || pipe(fds)) {
		free(argv[0]), free(argv[2]), free(argv[4]);
		return -1;
	}
	pid = fork();
	if (!pid) {
		close(fds[0]);
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	while (in && fgets(buf, sizeof(buf), in))
		if (!strncmp(buf, "verdict: ", 9)) {
			buf[strcspn(buf, "\n")] = 0;
			snprintf(line, size, "%s", buf + 9);
		}
	if (in)
		fclose(in);
	else
		close(fds[0]);
	free(argv[0]), free(argv[2]), free(argv[4]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The verdict without its counts: "clean", "VIOLATION I9", ... */
static size_t verdict_len(const char *v)
{
	const char *p = strstr(v, " (");

	return p ? (size_t)(p - v) : strlen(v);
}

struct drift_counts {
	unsigned int files, differ, counts, errors;
};

static void drift_one(const char *self, const char *tree_exe,
		      const char *kernel, const char *file,
		      struct drift_counts *c)
{
	char model[256], tree[256];
	int rm = replay_verdict(self, file, kernel, model, sizeof(model));
	int rt = replay_verdict(tree_exe, file, NULL, tree, sizeof(tree));

	c->files++;
	if (rm < 0 || rm == 2 || rt < 0 || rt == 2) {
		c->errors++;
		printf("  error    %s: impl/ exit %d, the tree exit %d\n", file,
		       rm, rt);
	} else if (verdict_len(model) != verdict_len(tree) ||
		   strncmp(model, tree, verdict_len(model))) {
		c->differ++;
		printf("  differs  %s: impl/: %s; the tree: %s\n", file, model,
		       tree);
	} else if (strcmp(model, tree)) {
		c->counts++;
		printf("  counts   %s: impl/: %s; the tree: %s\n", file, model,
		       tree);
	}
}

int cmd_drift(int argc, char **argv)
{
	const char *dirs[64], *kernel = "latest", *dir_arg = NULL;
	char tree[PATH_MAX], exe[PATH_MAX + 32], self[PATH_MAX],
		pattern[PATH_MAX + 16];
	struct drift_counts c = { 0 };
	unsigned int nr_dirs = 0, d;
	ssize_t n;
	int i;

	if (sim_kernel_tree()) {
		fprintf(stderr,
			"cidfuzz-tree: drift: run cidfuzz drift --kernel-tree DIR\n");
		return 2;
	}
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--kernel-tree") && i + 1 < argc) {
			dir_arg = argv[++i];
		} else if (!strcmp(argv[i], "--kernel") && i + 1 < argc) {
			kernel = argv[++i];
			if (cid_profile_lookup(kernel) < 0) {
				fprintf(stderr,
					"cidfuzz drift: --kernel: unknown profile "
					"'%s' (see cidfuzz bugs)\n",
					kernel);
				return 2;
			}
		} else if (argv[i][0] == '-' || nr_dirs == 64) {
			return help_usage("drift");
		} else {
			dirs[nr_dirs++] = argv[i];
		}
	}
	if (!dir_arg)
		return help_usage("drift");
	if (!realpath(dir_arg, tree)) {
		fprintf(stderr,
			"cidfuzz drift: --kernel-tree %s: cannot read it (%s)\n",
			dir_arg, strerror(errno));
		return 2;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		fprintf(stderr, "cidfuzz drift: cannot find this binary: %s\n",
			strerror(errno));
		return 2;
	}
	self[n] = 0;
	if (kernel_tree_binary(tree, exe, sizeof(exe)))
		return 2;
	if (!nr_dirs) {
		dirs[nr_dirs++] = CIDFUZZ_SOURCE_DIR "/crashes";
		dirs[nr_dirs++] = CIDFUZZ_SOURCE_DIR "/corpus";
	}

	printf("drift: the kernel tree %s against impl/ --kernel %s\n", tree,
	       kernel);
	for (d = 0; d < nr_dirs; d++) {
		glob_t g;
		size_t k;
		int r;

		snprintf(pattern, sizeof(pattern), "%s/*.sched", dirs[d]);
		r = glob(pattern, 0, NULL, &g);
		if (r == GLOB_NOMATCH) {
			fprintf(stderr, "cidfuzz drift: %s: no .sched file\n",
				dirs[d]);
			return 2;
		}
		if (r) {
			fprintf(stderr, "cidfuzz drift: %s: cannot list it\n",
				dirs[d]);
			return 2;
		}
		for (k = 0; k < g.gl_pathc; k++)
			drift_one(self, exe, kernel, g.gl_pathv[k], &c);
		globfree(&g);
	}
	printf("drift: %u schedules: %u verdicts differ, %u the same verdict with "
	       "other counts, %u not run\n",
	       c.files, c.differ, c.counts, c.errors);
	if (c.errors)
		return 2;
	return c.differ ? 1 : 0;
}
