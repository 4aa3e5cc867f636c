// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenarios for the explorer: a .sched file whose "# concurrent" line
 * splits the set-up (run as in replay) from the events whose paths are
 * interleaved; or the same built from the command line. See explore.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"
#include "fileio.h"

/* The line number of the "# concurrent" marker, 0 if there is none */
static int marker_line(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int line = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;

		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (end - q >= 12 && !strncmp(q, "# concurrent", 12))
			return line;
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	return 0;
}

/* Events the explorer can start as a path of its own (event_kinds.h) */
static bool concurrent_kind(unsigned int kind)
{
	return sched_kinds[kind].flags & KF_CONCURRENT;
}

int scenario_parse(const char *name, const char *text, size_t len, struct scenario *sc, char *err,
		   size_t size)
{
	struct sched_error e;
	int marker = marker_line(text, len);
	unsigned int i;

	if (sched_parse_text(name, text, len, &sc->sched, &e)) {
		snprintf(err, size, "%s", e.msg);
		return -1;
	}
	if (!marker) {
		snprintf(err, size,
			 "%s: expected a line '# concurrent' before "
			 "the events to interleave",
			 name);
		return -1;
	}
	if (sc->sched.nr_cpus > EXPLORE_MAX_CPUS) {
		snprintf(err, size, "%s: the explorer handles at most %d CPUs", name,
			 EXPLORE_MAX_CPUS);
		return -1;
	}
	sc->first = sc->sched.nr_events;
	for (i = 0; i < sc->sched.nr_events; i++) {
		const struct sched_event *ev = &sc->sched.ev[i];

		if (ev->line < marker)
			continue;
		if (sc->first == sc->sched.nr_events)
			sc->first = i;
		if (!concurrent_kind(ev->kind)) {
			snprintf(err, size,
				 "%s:%d: expected an event that starts "
				 "a kernel path (not %s) after '# concurrent'",
				 name, ev->line, sched_event_kind_name(ev->kind));
			return -1;
		}
	}
	return 0;
}

int scenario_load(const char *path, struct scenario *sc, char *err, size_t size)
{
	size_t len;
	char *buf = read_whole(path, &len);
	int ret;

	/* read_whole() said why on stderr */
	if (!buf) {
		if (size)
			err[0] = 0;
		return -1;
	}
	ret = scenario_parse(path, buf, len, sc, err, size);
	free(buf);
	return ret;
}

int scenario_build(unsigned int cpus, unsigned int tasks, const char *list, struct scenario *sc,
		   char *err, size_t size)
{
	char text[4096];
	size_t n;
	unsigned int i;

	if (!cpus || cpus > EXPLORE_MAX_CPUS || !tasks || tasks > SCHED_MAX_TASKS) {
		snprintf(err, size, "--cpus 1..%d and --tasks 1..%d expected", EXPLORE_MAX_CPUS,
			 SCHED_MAX_TASKS);
		return -1;
	}
	n = (size_t)snprintf(text, sizeof(text), "cpus %u\nthreads", cpus);
	for (i = 0; i < tasks && n < sizeof(text); i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " T%u", i);
	if (n < sizeof(text))
		n += (size_t)snprintf(text + n, sizeof(text) - n, "\n# concurrent\n");
	for (; *list && n < sizeof(text) - 1; list++)
		text[n++] = *list == ';' ? '\n' : *list;
	if (n >= sizeof(text) - 1) {
		snprintf(err, size, "--events: too long");
		return -1;
	}
	text[n++] = '\n';
	return scenario_parse("--events", text, n, sc, err, size);
}
