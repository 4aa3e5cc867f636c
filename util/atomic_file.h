/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Files that are never seen half-written: crash and corpus files, the
 * minimized reproducers. Nothing a campaign found is ever lost.
 */
#ifndef CIDFUZZ_ATOMIC_FILE_H
#define CIDFUZZ_ATOMIC_FILE_H

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

#endif
