// SPDX-License-Identifier: GPL-2.0-only
/* Whole-file reads, atomic writes (fileio.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

int write_file_atomic(const char *path, const void *data, size_t len,
		      bool no_replace)
{
	char tmp[4096];
	int fd, ret = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || fsync(fd)) {
		fprintf(stderr, "%s: cannot write: %s\n", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (no_replace) {
		if (link(tmp, path)) {
			ret = errno == EEXIST ? 1 : -1;
			if (ret < 0)
				fprintf(stderr, "%s: cannot create: %s\n", path,
					strerror(errno));
		}
		unlink(tmp);
	} else if (rename(tmp, path)) {
		fprintf(stderr, "%s: cannot create: %s\n", path, strerror(errno));
		unlink(tmp);
		ret = -1;
	}
	return ret;
}


char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = malloc(READ_WHOLE_MAX + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, READ_WHOLE_MAX + 1, f);
	if (ferror(f) || n > READ_WHOLE_MAX) {
		fprintf(stderr, "%s: %s\n", path, n > READ_WHOLE_MAX ?
			"file too large (max 4 MiB)" : "read error");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

int make_dirs(const char *path)
{
	char buf[4096], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}
