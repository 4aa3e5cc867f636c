// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of event kinds (event_kinds.h) as data: keyword, flags and
 * operand list of every kind, for the parts that handle any event
 * without a case per kind.
 */
#include "schedule.h"

#define UNPAREN(...) __VA_ARGS__

const struct sched_kind sched_kinds[NR_SCHED_EVENT_KINDS] = {
#define X(KIND, keyword, opds, kflags, ready, effect, gen, mut) \
	[EV_##KIND] = {                                         \
		.name = #keyword,                               \
		.flags = (kflags),                              \
		.operands = { UNPAREN opds },                   \
		.band = { [DRAW_GEN] = { UNPAREN gen },         \
			  [DRAW_MUT] = { UNPAREN mut } },       \
	},
	SCHED_EVENT_KINDS(X)
#undef X
};

unsigned int sched_kind_drawn(enum sched_draw draw, unsigned int r)
{
	unsigned int k;

	for (k = 0; k < NR_SCHED_EVENT_KINDS; k++) {
		const struct sched_band *b = &sched_kinds[k].band[draw];

		if (b->from <= r && r < b->to)
			return k;
	}
	return NR_SCHED_EVENT_KINDS; /* not reached: the bands tile 0..99 */
}

/* Out-of-range kinds give "?" so that callers can log any event safely. */
const char *sched_event_kind_name(unsigned int kind)
{
	return kind < NR_SCHED_EVENT_KINDS ? sched_kinds[kind].name : "?";
}
