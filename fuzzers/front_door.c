// SPDX-License-Identifier: GPL-2.0-only
/* The front-door harnesses' shared part (front_door.h). */
#include <stdio.h>
#include <string.h>

#include "front_door.h"
#include "libfuzzer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	findings_init();
	return 0;
}

void front_door_broken(const char *site, const char *what, const uint8_t *data,
		       size_t size)
{
	struct sim_result res;

	memset(&res, 0, sizeof(res));
	snprintf(res.invariant, sizeof(res.invariant), "INPUT");
	snprintf(res.site, sizeof(res.site), "%s", site);
	snprintf(res.what, sizeof(res.what), "%s", what);
	findings_violation(&res, FINDING_TARGET, data, size);
}
