// SPDX-License-Identifier: GPL-2.0-only
/* Atomic file writes (atomic_file.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"

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

