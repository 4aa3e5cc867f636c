// SPDX-License-Identifier: GPL-2.0-only
/*
 * Names of the traced functions (see trace_funcs.h): the schedule format
 * refers to them by name in text and by index in binary.
 */
#include <string.h>

#include "trace_funcs.h"

static const char *const trace_func_names[NR_TRACE_FUNCS] = {
#define TRACE_FUNC_NAME(name) #name,
	TRACE_FUNCS(TRACE_FUNC_NAME)
#undef TRACE_FUNC_NAME
};

const char *trace_func_name(unsigned int idx)
{
	return idx < NR_TRACE_FUNCS ? trace_func_names[idx] : NULL;
}

int trace_func_lookup(const char *name)
{
	for (unsigned int i = 0; i < NR_TRACE_FUNCS; i++)
		if (!strcmp(trace_func_names[i], name))
			return (int)i;
	return -1;
}
