// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swimlane pictures (svg.h). One lane per CPU, one column per step. A
 * cell is coloured by the kernel path that ran (the same path keeps its
 * colour), labelled where a new path starts on that lane; a dark bar
 * under it while the path holds locks (which ones: the tooltip); a red
 * dot where CID ownership changed (what changed: the tooltip). A red line
 * marks the violation, and the report with the wait-for graph is printed
 * under the lanes. Plain SVG, no script: any browser shows it, tooltips
 * on hover.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

#define LANE_H		50
#define CELL_H		26
#define TOP		66
#define LEFT		64

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

void svg_collect(void *ctx, const struct sim_step_info *info)
{
	struct svg_log *log = ctx;
	struct svg_step *st;
	char what[160];

	if (log->nr == log->cap) {
		unsigned int cap = log->cap ? 2 * log->cap : 1024;
		struct svg_step *n = realloc(log->steps, cap * sizeof(*n));

		if (!n)
			return;
		log->steps = n;
		log->cap = cap;
	}
	st = &log->steps[log->nr++];
	snprintf(what, sizeof(what), "%s %s", info->fn, info->op);
	st->step = info->step;
	st->cpu = info->cpu;
	st->who = dup_str(info->who);
	st->what = dup_str(what);
	st->locks = dup_str(info->locks);
	st->changes = dup_str(info->changes);
	st->done = info->done;
}

void svg_free(struct svg_log *log)
{
	for (unsigned int i = 0; i < log->nr; i++) {
		free(log->steps[i].who);
		free(log->steps[i].what);
		free(log->steps[i].locks);
		free(log->steps[i].changes);
	}
	free(log->steps);
	memset(log, 0, sizeof(*log));
}

/* Text for SVG: the XML specials escaped */
static void esc(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': sb_puts(sb, "&lt;"); break;
		case '>': sb_puts(sb, "&gt;"); break;
		case '&': sb_puts(sb, "&amp;"); break;
		case '"': sb_puts(sb, "&quot;"); break;
		default: sb_printf(sb, "%c", *s); break;
		}
	}
}

/* A path keeps its colour: a hue from its name */
static unsigned int hue(const char *who)
{
	unsigned int h = 2166136261u;

	for (; *who; who++)
		h = (h ^ (unsigned char)*who) * 16777619u;
	return h % 360;
}

/* @row: 0 or 1, so that neighbouring labels of a lane do not overlap */
static void cell(struct strbuf *sb, const struct svg_step *st, unsigned int x,
		 unsigned int w, bool label, unsigned int row)
{
	unsigned int y = TOP + st->cpu * LANE_H;

	sb_printf(sb, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
		  "fill=\"hsl(%u,60%%,70%%)\"><title>step %lu, cpu%u: ", x, y, w,
		  CELL_H, hue(st->who), st->step, st->cpu);
	esc(sb, st->who);
	sb_puts(sb, "\n");
	esc(sb, st->what);
	esc(sb, st->locks);
	if (st->changes[0]) {
		sb_puts(sb, "\n");
		esc(sb, st->changes);
	}
	sb_puts(sb, "</title></rect>\n");
	if (st->locks[0])
		sb_printf(sb, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"4\" "
			  "fill=\"#333\"/>\n", x, y + CELL_H + 1, w);
	if (st->changes[0])
		sb_printf(sb, "<circle cx=\"%u\" cy=\"%u\" r=\"2.5\" fill=\"#d00\"/>\n",
			  x + w / 2, y + CELL_H / 2);
	if (label) {
		sb_printf(sb, "<text x=\"%u\" y=\"%u\" class=\"l\">", x,
			  y - 3 - 9 * row);
		esc(sb, st->who);
		sb_puts(sb, "</text>\n");
	}
}

static void report_text(struct strbuf *sb, const char *report, unsigned int y)
{
	char line[512];

	while (report && *report) {
		size_t n = strcspn(report, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)(n < 511 ? n : 511), report);
		sb_printf(sb, "<text x=\"8\" y=\"%u\" class=\"r\">", y);
		esc(sb, line);
		sb_puts(sb, "</text>\n");
		y += 14;
		report += n + (report[n] == '\n');
	}
}

void svg_render(struct strbuf *sb, const struct svg_log *log, unsigned int nr_cpus,
		const char *title, const struct sim_result *res,
		const char *report)
{
	unsigned int w = log->nr > 1500 ? 1 : log->nr > 600 ? 3 : 6, cpu, i;
	unsigned int width = LEFT + log->nr * w + 40, lines = 0;
	const char *last[64] = { 0 };
	unsigned int free_x[64][2] = { { 0 } };	/* where each label row is free */
	const char *p;

	for (p = report; p && *p; p++)
		lines += *p == '\n';
	sb_printf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
		  "height=\"%u\" font-family=\"monospace\">\n", width < 900 ? 900 : width,
		  TOP + nr_cpus * LANE_H + 40 + 14 * (lines + 2));
	sb_puts(sb, "<style>.l{font-size:9px}.r{font-size:11px}"
		    ".t{font-size:13px;font-weight:bold}</style>\n"
		    "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
	sb_puts(sb, "<text x=\"8\" y=\"20\" class=\"t\">");
	esc(sb, title);
	sb_printf(sb, "</text>\n<text x=\"8\" y=\"36\" class=\"r\">%u steps; "
		  "colour: kernel path; dark bar: holds locks; red dot: CID "
		  "ownership changed (hover for details)</text>\n", log->nr);
	for (cpu = 0; cpu < nr_cpus && cpu < 64; cpu++)
		sb_printf(sb, "<text x=\"8\" y=\"%u\" class=\"r\">cpu%u</text>\n",
			  TOP + cpu * LANE_H + 17, cpu);
	for (i = 0; i < log->nr; i++) {
		const struct svg_step *st = &log->steps[i];
		bool label = st->cpu < 64 && (!last[st->cpu] ||
					      strcmp(last[st->cpu], st->who));

		unsigned int x = LEFT + i * w, r = 0;

		/* a label goes in the lower row if free, else the upper, else none */
		if (label) {
			r = free_x[st->cpu][0] <= x ? 0 : 1;
			label = free_x[st->cpu][r] <= x;
			if (label)
				free_x[st->cpu][r] = x + 6 * (unsigned int)strlen(st->who) + 4;
		}
		if (st->cpu < 64)
			last[st->cpu] = st->who;
		cell(sb, st, x, w, label, r);
	}
	if (res->violation) {
		unsigned int x = LEFT + log->nr * w + 2;

		sb_printf(sb, "<line x1=\"%u\" y1=\"%u\" x2=\"%u\" y2=\"%u\" "
			  "stroke=\"#d00\" stroke-width=\"2\"/>\n", x, TOP - 8, x,
			  TOP + nr_cpus * LANE_H);
	}
	report_text(sb, report, TOP + nr_cpus * LANE_H + 24);
	sb_puts(sb, "</svg>\n");
}
