/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the front-door harnesses (parse_text.c, binary_roundtrip.c) do
 * with a broken promise of our own input code: report it through the
 * findings code like a violation of the model (findings.h), so that a
 * campaign keeps the input and goes on, and a bare engine gets abort().
 */
#ifndef CIDFUZZ_FRONT_DOOR_H
#define CIDFUZZ_FRONT_DOOR_H

#include <stdio.h>
#include <string.h>

#include "findings.h"

/* @site: the promise broken ("roundtrip"); @what: one line about it */
static inline void front_door_broken(const char *site, const char *what,
				     const uint8_t *data, size_t size)
{
	struct sim_result res;

	memset(&res, 0, sizeof(res));
	snprintf(res.invariant, sizeof(res.invariant), "INPUT");
	snprintf(res.site, sizeof(res.site), "%s", site);
	snprintf(res.what, sizeof(res.what), "%s", what);
	findings_violation(&res, data, size);
}

#endif
