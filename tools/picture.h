/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pictures of a run (cidfuzz replay --svg OUT, --html OUT). picture.c
 * collects, from the simulator's step and event hooks, what the machine
 * looked like after every step (sim_picture.h, view.h): what each CPU
 * runs and holds, every CID word and CPU slot, each mm's mode and
 * counts, the lock waits and store buffers; svg.c draws it as swimlanes,
 * html.c puts the drawing in a page with a step slider. Nothing is
 * collected unless a picture is asked for.
 */
#ifndef CIDFUZZ_PICTURE_H
#define CIDFUZZ_PICTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"
#include "sim_picture.h"
#include "strbuf.h"

#define PIC_MAX_MMS SIM_PIC_MAX_MMS /* mms drawn: the first ones made */
#define PIC_MAX_FRAMES 50000 /* frames kept; a longer run is cut */
#define PIC_STR_HASH (1u << 17)

/* A CPU at one moment; strings are ids into picture.str */
struct pic_cpu {
	int16_t curr; /* task slot, -1: idle or a kworker */
	uint8_t in_user;
	uint8_t wait;	/* enum sim_picture_wait_kind + 1, 0 none */
	int16_t holder; /* lock waits: the holder's CPU, -1 */
	uint16_t curr_name, path, kind, locks, wait_what, wait_lock, buffered;
	uint16_t nr_buffered;
};

struct pic_task {
	uint32_t cid; /* contract encoding, VIEW_CID_* */
	int16_t mm;
	uint8_t cpu, flags; /* flags: VT_RUNNING, VT_IN_USER */
};

struct pic_mm {
	uint32_t mode, users, max_cids, thrs;
	uint64_t cidmask;
};

/* What the machine looked like: equal consecutive states are shared */
struct pic_state {
	uint64_t tasks; /* slots that exist */
	unsigned int nr_mms;
	unsigned long flushed; /* stores out of a buffer so far */
	uint16_t waits;	       /* every wait, one line each (string id) */
	struct pic_task task[SCHED_MAX_TASKS];
	struct pic_mm mm[PIC_MAX_MMS];
};

/* A step (or an event that ran none), and the state after it */
struct pic_frame {
	unsigned long step; /* 0 for an event without steps */
	unsigned int state;
	int event;	  /* index of the event running, -1 drain */
	unsigned int cpu; /* the lane that stepped, ~0: none */
	uint16_t who, fn, op, locks, changes;
};

struct pic_event {
	unsigned int index;
	int line;
	bool skipped;
	bool setup; /* builds the machine (process, threads): no path of its own */
	uint16_t text;
	unsigned int first_frame, nr_frames;
};

struct picture {
	unsigned int nr_cpus;
	bool weak, truncated;
	/* frames and the states they point to */
	struct pic_frame *frames;
	unsigned int nr_frames, cap_frames;
	struct pic_state *states;
	struct pic_cpu *cpus; /* nr_cpus a state */
	uint32_t *pcpu;	      /* PIC_MAX_MMS * nr_cpus a state */
	unsigned int nr_states, cap_states;
	/* the last state's waits, as the report's wait-for graph */
	struct sim_picture_wait final_waits[SIM_PIC_MAX_WAITS];
	unsigned int nr_final_waits;
	struct pic_event *events;
	unsigned int nr_events, event_mark;
	/* interned strings, 0 is "" */
	char **str;
	unsigned int nr_str, cap_str;
	uint16_t *str_hash; /* open addressing, PIC_STR_HASH slots */
	struct sim_picture scratch;
};

/* Have @opts collect into @pic (zeroed) */
void picture_hooks(struct sim_options *opts, struct picture *pic);
void picture_free(struct picture *pic);

static inline const char *pic_str(const struct picture *pic, unsigned int id)
{
	return id && id < pic->nr_str ? pic->str[id] : "";
}

static inline const struct pic_cpu *pic_cpu_at(const struct picture *pic, unsigned int state,
					       unsigned int cpu)
{
	return &pic->cpus[state * pic->nr_cpus + cpu];
}

static inline uint32_t pic_pcpu_at(const struct picture *pic, unsigned int state, unsigned int mm,
				   unsigned int cpu)
{
	return pic->pcpu[(state * PIC_MAX_MMS + mm) * pic->nr_cpus + cpu];
}

/* What the run was: the file, its verdict, the report text */
struct pic_run {
	const char *file;
	const struct schedule *sched;
	const struct sim_result *res;
	const char *report;
};

/* @s as XML text: <, >, &, " escaped (svg.c) */
void pic_escape(struct strbuf *sb, const char *s);
/* The swimlanes, as one SVG document (svg.c) */
void svg_render(struct strbuf *sb, const struct picture *pic, const struct pic_run *run);
/* A page with the swimlanes, a step slider and the state at each step (html.c) */
void html_render(struct strbuf *sb, const struct picture *pic, const struct pic_run *run);
/* --svg and --html: each file written atomically when its path is set; 0 or 2 */
int picture_write(const char *svg, const char *html, const struct picture *pic,
		  const struct pic_run *run);

#endif
