/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Swimlane pictures of a run (cidfuzz replay --svg): one lane per CPU
 * over the steps (svg.c).
 */
#ifndef CIDFUZZ_SVG_H
#define CIDFUZZ_SVG_H

#include "sim.h"
#include "strbuf.h"

struct svg_step {
	unsigned long step;
	unsigned int cpu;
	char *who, *what, *locks, *changes;
	bool done;
};

struct svg_log {
	struct svg_step *steps;
	unsigned int nr, cap;
};

/* The step hook (sim_options.step_hook) that fills a struct svg_log */
void svg_collect(void *ctx, const struct sim_step_info *info);
/* The picture: the lanes, the violation and its report, into @sb */
void svg_render(struct strbuf *sb, const struct svg_log *log, unsigned int nr_cpus,
		const char *title, const struct sim_result *res,
		const char *report);
void svg_free(struct svg_log *log);

#endif
