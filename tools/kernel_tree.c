// SPDX-License-Identifier: GPL-2.0-only
/*
 * --kernel-tree DIR (docs/kernel-tree.md): run the command on a kernel
 * tree's own mm_cid code. That code is linked into a binary of its own,
 * cidfuzz-tree, built for DIR in build/tree-<hash of DIR's real path> of
 * the source tree (CIDFUZZ_TREE_BUILDS names another folder for them):
 * configured when it has no binary yet, brought up to date every time (a
 * changed section is extracted again), then run with the other
 * arguments. A campaign with libFuzzer on a tree builds the harnesses of
 * the fixed code the same way, in build/tree-<hash>-fuzz. What cannot be extracted stops the configuration with the
 * extractor's lines, and cidfuzz with exit 2. A tree binary takes the
 * option naming its own tree, and refuses any other.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"

/* FNV-1a: a folder name per tree, the same on every run */
static uint64_t path_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Run @argv with stdout into @log (appended); its exit code, or -1 */
static int run_logged(char *const argv[], const char *log)
{
	pid_t pid = fork();
	int status, fd;

	if (pid < 0)
		return -1;
	if (!pid) {
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "cidfuzz: --kernel-tree: cannot run %s: %s\n",
			argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * A build of the source tree for a kernel tree: cidfuzz-tree (the
 * command line, the default compiler) in tree-<hash>, or the libFuzzer
 * harnesses of the fixed code (clang, -fsanitize=fuzzer) in
 * tree-<hash>-fuzz beside it
 */
struct tree_build {
	const char *what; /* for the messages */
	const char *suffix; /* of the folder's name */
	const char *const *defs; /* cmake -D..., besides the tree */
	const char *const *targets; /* to build, NULL-terminated */
};

static const char *const binary_defs[] = { "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
					   NULL };
static const char *const binary_targets[] = { "cidfuzz-tree", NULL };
static const struct tree_build binary_build = {
	"cidfuzz-tree",
	"",
	binary_defs,
	binary_targets,
};

/* As the fuzz preset of CMakePresets.json builds impl/'s */
static const char *const fuzz_defs[] = { "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
					 "-DCMAKE_C_COMPILER=clang",
					 "-DCIDFUZZ_FUZZERS=libfuzzer", NULL };

/* <builds>/tree-<hash of @tree><suffix>: the folder of a build */
static void build_dir(const char *tree, const char *suffix, char *dir,
		      size_t size)
{
	const char *builds = getenv("CIDFUZZ_TREE_BUILDS");

	snprintf(dir, size, "%s/tree-%016llx%s",
		 builds && *builds ? builds : CIDFUZZ_SOURCE_DIR "/build",
		 (unsigned long long)path_hash(tree), suffix);
}

/* Run @argv (at most 30 words) with stdout into @log; its exit code */
static int run_cmake(const char *const *head, const char *const *tail,
		     const char *log)
{
	char *argv[32];
	int n = 0;

	for (; *head && n < 30; head++)
		argv[n++] =
			(char *)(uintptr_t)*head; /* execvp() does not write */
	for (; tail && *tail && n < 31; tail++)
		argv[n++] = (char *)(uintptr_t)*tail;
	argv[n] = NULL;
	return run_logged(argv, log);
}

/*
 * Configure (when @exe is not there yet) and build @b for @tree in @dir;
 * 0 if built. Two cidfuzz at once on one tree take turns (a lock file
 * beside the folder), so that neither builds over the other.
 */
static int build_tree(const char *tree, const struct tree_build *b,
		      const char *dir, const char *exe)
{
	char def[PATH_MAX + 32], log[PATH_MAX + 32], lock[PATH_MAX + 32];
	char jobs[24];
	const char *configure[] = { "cmake", "-S", CIDFUZZ_SOURCE_DIR,
				    "-B",    dir,  def,
				    NULL };
	const char *build[] = { "cmake", "--build",  dir, "--parallel",
				jobs,	 "--target", NULL };
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	int fd, ret = -1;

	snprintf(def, sizeof(def), "-DCIDFUZZ_KERNEL_TREE=%s", tree);
	snprintf(log, sizeof(log), "%s.log", dir);
	snprintf(lock, sizeof(lock), "%s.lock", dir);
	snprintf(jobs, sizeof(jobs), "%ld", n > 0 ? n : 1);
	if (make_dirs(dir)) {
		fprintf(stderr,
			"cidfuzz: --kernel-tree %s: cannot make %s: %s\n", tree,
			dir, strerror(errno));
		return -1;
	}
	fd = open(lock, O_RDWR | O_CREAT, 0644);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	if (access(exe, X_OK)) {
		fprintf(stderr,
			"cidfuzz: --kernel-tree %s: configuring %s in %s "
			"(once; its output in %s)\n",
			tree, b->what, dir, log);
		if (run_cmake(configure, b->defs, log)) {
			fprintf(stderr,
				"cidfuzz: --kernel-tree %s: the mm_cid code of "
				"the tree is not built (the lines above)\n",
				tree);
			goto out;
		}
		fprintf(stderr, "cidfuzz: --kernel-tree %s: building %s\n",
			tree, b->what);
	}
	if (run_cmake(build, b->targets, log)) {
		fprintf(stderr,
			"cidfuzz: --kernel-tree %s: %s does not build (see %s)\n",
			tree, b->what, log);
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

/*
 * cidfuzz-tree for the tree @tree (a real path), built or brought up to
 * date: its path into @exe; 0, or -1 after a message
 */
int kernel_tree_binary(const char *tree, char *exe, size_t size)
{
	char dir[PATH_MAX];

	build_dir(tree, "", dir, sizeof(dir));
	snprintf(exe, size, "%s/cidfuzz-tree", dir);
	return build_tree(tree, &binary_build, dir, exe);
}

int kernel_tree_harnesses(const char *tree, const char *const *harnesses,
			  char *fuzzers, size_t size)
{
	struct tree_build b = {
		"the libFuzzer harnesses (clang)",
		"-fuzz",
		fuzz_defs,
		harnesses,
	};
	char real[PATH_MAX], dir[PATH_MAX], exe[PATH_MAX + 300];

	if (!realpath(tree, real)) {
		fprintf(stderr,
			"cidfuzz: --kernel-tree %s: cannot read it (%s)\n",
			tree, strerror(errno));
		return -1;
	}
	build_dir(real, "-fuzz", dir, sizeof(dir));
	snprintf(fuzzers, size, "%s/fuzzers", dir);
	snprintf(exe, sizeof(exe), "%s/%s", fuzzers, harnesses[0]);
	return build_tree(real, &b, dir, exe);
}

/* argv without argv[k] and argv[k + 1], NULL-terminated, after @first */
static char **without_option(char *first, int argc, char **argv, int k)
{
	char **out = calloc((size_t)argc + 2, sizeof(*out));
	int i, n = 0;

	if (!out)
		return NULL;
	out[n++] = first;
	for (i = 0; i < argc; i++)
		if (i != k && i != k + 1)
			out[n++] = argv[i];
	return out;
}

/*
 * The command argv[0] (its arguments after it) with --kernel-tree DIR:
 * exits with the tree binary's code, or 2 on an error. -1 if there is
 * no such option (or it names this tree binary's own tree: then it is
 * taken out of argv, *argc one pair shorter).
 */
int kernel_tree_run(int *argc, char **argv)
{
	char tree[PATH_MAX], own[PATH_MAX], exe[PATH_MAX + 32];
	char **args;
	int i, k = -1;

	for (i = 1; i < *argc; i++)
		if (!strcmp(argv[i], "--kernel-tree"))
			k = i;
	if (k < 0)
		return -1;
	if (k + 1 >= *argc) {
		fprintf(stderr, "cidfuzz: --kernel-tree: which tree? (a folder "
				"with kernel/sched/core.c)\n");
		return 2;
	}
	if (!realpath(argv[k + 1], tree)) {
		fprintf(stderr,
			"cidfuzz: --kernel-tree %s: cannot read it (%s)\n",
			argv[k + 1], strerror(errno));
		return 2;
	}
	if (sim_kernel_tree()) {
		if (!realpath(sim_kernel_tree(), own) || strcmp(own, tree)) {
			fprintf(stderr,
				"cidfuzz-tree: --kernel-tree %s: this binary "
				"runs the tree %s (run cidfuzz for another)\n",
				tree, sim_kernel_tree());
			return 2;
		}
		for (i = k; i + 2 < *argc; i++)
			argv[i] = argv[i + 2];
		*argc -= 2;
		argv[*argc] = NULL;
		return -1;
	}

	if (kernel_tree_binary(tree, exe, sizeof(exe)))
		return 2;
	args = without_option(exe, *argc, argv, k);
	if (!args) {
		fprintf(stderr, "cidfuzz: out of memory\n");
		return 2;
	}
	fflush(NULL);
	execv(exe, args);
	fprintf(stderr, "cidfuzz: --kernel-tree %s: cannot run %s: %s\n", tree,
		exe, strerror(errno));
	free(args);
	return 2;
}
