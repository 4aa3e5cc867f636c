/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a whole file, and writing files that are never seen
 * half-written: crash and corpus files, the minimized reproducers.
 * Nothing a campaign found is ever lost.
 */
#ifndef CIDFUZZ_FILEIO_H
#define CIDFUZZ_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write @len bytes to @path atomically: a temporary file in the same
 * folder, then a rename (or, with @no_replace, a link that fails when
 * @path exists: nothing is ever overwritten). 0, 1 when @path existed
 * (no_replace), -1 on error (with a message).
 */
int write_file_atomic(const char *path, const void *data, size_t len,
		      bool no_replace);

#define READ_WHOLE_MAX		(4 << 20)

/*
 * The contents of @path, NUL terminated, malloc'ed; NULL (and a message)
 * when it cannot be read or is larger than READ_WHOLE_MAX.
 */
char *read_whole(const char *path, size_t *len);

/* mkdir -p @path: 0, or -1 with errno set (no message) */
int make_dirs(const char *path);

#endif
