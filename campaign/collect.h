/* SPDX-License-Identifier: GPL-2.0-only */
/* After the engines: minimize the findings, fill the results (collect.c) */
#ifndef CIDFUZZ_COLLECT_H
#define CIDFUZZ_COLLECT_H

#include "campaign.h"
#include "engine.h"

void collect_results(const struct engine_run *run, struct campaign_result *res);

#endif
