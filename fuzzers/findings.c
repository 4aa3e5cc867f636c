// SPDX-License-Identifier: GPL-2.0-only
/* Violations found by a harness, and the shared counters (findings.h). */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "findings.h"

#define MAX_SEEN	64

static const char *findings_dir;
static struct fuzz_stats local_stats, *stats = &local_stats;
static char seen[MAX_SEEN][112];	/* a prefix and a key */
static unsigned int nr_seen;

uint64_t findings_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void findings_init(void)
{
	const char *path = getenv("CIDFUZZ_STATS");
	void *map;
	int fd;

	findings_dir = getenv("CIDFUZZ_FINDINGS");
	if (!path)
		return;
	fd = open(path, O_RDWR);
	if (fd < 0)
		return;
	map = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (map != MAP_FAILED)
		stats = map;
}

struct fuzz_stats *findings_stats(void)
{
	return stats;
}

/* "I4-mm_get_cid": file-name safe */
void findings_key(const struct sim_result *res, char *buf, size_t size)
{
	size_t i;

	snprintf(buf, size, "%s-%s", res->invariant, res->site);
	for (i = 0; buf[i]; i++)
		if (!(buf[i] == '-' || buf[i] == '_' || (buf[i] >= '0' && buf[i] <= '9') ||
		      (buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= 'A' && buf[i] <= 'Z')))
			buf[i] = '_';
}

/* Seen in this process already? (then remembered) */
static bool seen_before(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_seen; i++)
		if (!strcmp(seen[i], name))
			return true;
	if (nr_seen < MAX_SEEN)
		snprintf(seen[nr_seen++], sizeof(seen[0]), "%s", name);
	return false;
}

/* <findings>/<name>.bin: the first input stays, an earlier run's too */
static int keep(const char *name, const uint8_t *data, size_t size)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.bin", findings_dir, name);
	return write_file_atomic(path, data, size, true);
}

void findings_violation(const struct sim_result *res, enum finding_class class,
			const uint8_t *data, size_t size)
{
	static const char *const prefix[] = {
		[FINDING_TARGET] = "", [FINDING_KNOWN] = "known-",
		[FINDING_NEWEST] = "newest-",
	};
	char key[96], name[112];

	findings_key(res, key, sizeof(key));
	snprintf(name, sizeof(name), "%s%s", prefix[class], key);
	if (seen_before(name))
		return;
	if (!findings_dir) {
		fprintf(stderr, "cidfuzz: %sVIOLATION %s at %s: %s\n",
			class == FINDING_KNOWN ? "known (docs/findings.md) " :
			class == FINDING_NEWEST ? "the newest code's, not the target's: " : "",
			res->invariant, res->site, res->what);
		if (class == FINDING_KNOWN)
			return;
		abort();
	}
	if (keep(name, data, size) < 0 || class != FINDING_TARGET)
		return;
	if (!stats->first_ns) {
		snprintf(stats->first_key, sizeof(stats->first_key), "%s", key);
		stats->first_execs = stats->execs;
		stats->first_ns = findings_now_ns();
	}
	stats->found++;
}

void findings_unchecked(const struct sim_result *res, const uint8_t *data,
			size_t size)
{
	char name[112];

	stats->unchecked++;
	snprintf(name, sizeof(name), "unchecked-%s", res->unchecked_inv);
	if (seen_before(name))
		return;
	if (!findings_dir) {
		fprintf(stderr, "cidfuzz: UNCHECKED %s from step %lu: %s\n",
			res->unchecked_inv, res->unchecked_step, res->unchecked_why);
		abort();
	}
	keep(name, data, size);
}
