/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the front-door harnesses (parse_text.c, binary_roundtrip.c) share
 * (front_door.c): their LLVMFuzzerInitialize(), which sets up the
 * findings code, and what they do with a broken promise of our own input
 * code: report it like a violation of the model (findings.h), so that a
 * campaign keeps the input and goes on, and a bare engine gets abort().
 */
#ifndef CIDFUZZ_FRONT_DOOR_H
#define CIDFUZZ_FRONT_DOOR_H

#include <stddef.h>
#include <stdint.h>

#include "findings.h"

/* @site: the promise broken ("roundtrip"); @what: one line about it */
void front_door_broken(const char *site, const char *what, const uint8_t *data,
		       size_t size);

#endif
