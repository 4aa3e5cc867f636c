// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swimlanes (picture.h): a run drawn so that a maintainer can read it
 * without the report. Time runs left to right, one column a step;
 * stretches where nothing drawn changes are folded into one narrow
 * column (a zigzag, "+N"). From top to bottom:
 *
 *   the legend (id "legend");
 *   the schedule's events, a tag each with its .sched line number
 *   (class "event-marker", data-line), over the columns they ran;
 *   a lane per CPU (class "cpu-lane"): what runs there (user space, idle,
 *   or a kernel path coloured by its kind, with its name where it
 *   starts), a dark bar while that path holds locks (named), a red frame
 *   while it waits for a lock or spins, and the CPU's CID slot of each mm
 *   (class "cid-band"); on weak memory its store buffer and the flushes;
 *   a band per task for its CID word (class "cid-band");
 *   a lane per mm (class "mm-lane"): its mode, users / max_cids /
 *   pcpu_thrs as lines, and the CID pool (the bitmap);
 *   the violation (id "violation") where it happens, with its invariant;
 *   every lock wait, where it starts, as an arrow from the waiter to
 *   the lane of the lock's holder (class "wait-arrow"); for a livelock
 *   or stall, the wait-for graph as arrows (class "wait-for") right of
 *   the last step; the list of events and the report.
 *
 * A CID has a colour by its number wherever it is (a slot, a task word,
 * the pool); ONCPU adds dots, TRANSIT stripes; UNSET is an empty band.
 * Plain SVG, no script: any browser shows it, tooltips on hover; the same
 * run gives the same bytes.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"
#include "view.h"

#define LEFT 118  /* lane names */
#define RIGHT 330 /* the wait-for graph */
#define COL_W 9
#define FOLD_MIN 2  /* uneventful steps folded from this many */
#define FOLD_LONG 8 /* a fold this long is marked across the lanes */
#define CHAR_W 5.6  /* of the 9px monospace labels */
#define EV_ROWS 4
#define PATH_H 18
#define LOCK_H 9
#define BAND_H 13
#define CHART_H 40
#define POOL_ROW 7

struct col {
	unsigned int first, last; /* frames */
	unsigned int x, w;
	bool fold;
};

struct layout {
	const struct picture *pic;
	const struct pic_run *run;
	struct col *cols;
	unsigned int nr_cols, end_x, width;
	unsigned int *frame_col;
	unsigned int violation_col;	    /* nr_cols: after the last */
	uint64_t tasks;			    /* tasks that ever existed */
	unsigned int nr_mms;		    /* mms that ever existed (<= PIC_MAX_MMS) */
	unsigned int cpu_y[SCHED_MAX_CPUS]; /* top of each CPU's path bar */
	unsigned int task_y[SCHED_MAX_TASKS];
	unsigned int mm_y[PIC_MAX_MMS]; /* top of each mm's mode band */
	unsigned int pool_rows;
	unsigned int ev_top, lanes_top, lanes_bottom;
};

/* ---- text and colours ---- */

void pic_escape(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			sb_puts(sb, "&lt;");
			break;
		case '>':
			sb_puts(sb, "&gt;");
			break;
		case '&':
			sb_puts(sb, "&amp;");
			break;
		case '"':
			sb_puts(sb, "&quot;");
			break;
		default:
			sb_printf(sb, "%c", *s);
			break;
		}
	}
}

static unsigned int text_w(const char *s)
{
	return (unsigned int)(CHAR_W * (double)strlen(s)) + 4;
}

/* The kinds of kernel path, in the legend's order */
static const struct {
	const char *kind, *label, *colour;
} kinds[] = {
    {"schedule", "__schedule", "#7fb2e5"},
    {"wake", "wakeup", "#80cbc4"},
    {"migrate", "migrate", "#b39ddb"},
    {"fork", "fork", "#ffb74d"},
    {"exit", "exit", "#e57373"},
    {"exec", "exec", "#f48fb1"},
    {"register", "register (exec's new mm)", "#ffd54f"},
    {"affinity", "affinity", "#bcaaa4"},
    {"work", "mm_cid work", "#90a4ae"},
    {"program", "test program", "#c5c5c5"},
};

#define USER_COLOUR "#d7efcf"
#define IDLE_COLOUR "#eeeeee"

static const char *kind_colour(const char *kind)
{
	for (unsigned int i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].kind, kind))
			return kinds[i].colour;
	return "#c5c5c5";
}

/* A CID's colour, by its number: the same CID looks the same everywhere */
static const char *cid_colour(unsigned int nr)
{
	static const char *const pal[] = {
	    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f",
	};

	return pal[nr % 8];
}

static void cid_label(unsigned int w, bool brief, char *buf, size_t size)
{
	const char *on = brief ? "c" : " ONCPU", *tr = brief ? "t" : " TRANSIT";

	if (w & VIEW_CID_UNSET)
		snprintf(buf, size, "%s%s", brief ? "-" : "UNSET", w & VIEW_CID_TRANSIT ? tr : "");
	else
		snprintf(buf, size, "%u%s%s", VIEW_CID_NR(w), w & VIEW_CID_ONCPU ? on : "",
			 w & VIEW_CID_TRANSIT ? tr : "");
}

static const char *mode_label(unsigned int mode)
{
	switch (mode & (VIEW_CID_ONCPU | VIEW_CID_TRANSIT)) {
	case 0:
		return "per-task";
	case VIEW_CID_TRANSIT:
		return "TRANSIT per-CPU -> per-task";
	case VIEW_CID_ONCPU:
		return "per-CPU";
	default:
		return "TRANSIT per-task -> per-CPU";
	}
}

static const char *mode_colour(unsigned int mode)
{
	return mode & VIEW_CID_ONCPU ? "#fbd9b0" : "#cfe2f5";
}

/* A label centred in [x, x+w) if it fits, in long or brief form */
static void label_in(struct strbuf *sb, unsigned int x, unsigned int w, unsigned int y,
		     const char *cls, const char *text, const char *brief)
{
	const char *t = text_w(text) <= w ? text : brief && text_w(brief) <= w ? brief : NULL;

	if (!t)
		return;
	sb_printf(sb, "<text x=\"%u\" y=\"%u\" class=\"%s\">", x + 2, y, cls);
	pic_escape(sb, t);
	sb_puts(sb, "</text>\n");
}

/* ---- columns ---- */

static unsigned int col_state(const struct layout *l, unsigned int c)
{
	return l->pic->frames[l->cols[c].last].state;
}

/* The frame where the violation happened; nr_frames if after the last */
static unsigned int violation_frame(const struct picture *pic, const struct sim_result *res)
{
	unsigned int i;

	for (i = 0; i < pic->nr_frames; i++)
		if (pic->frames[i].step == res->step && pic->frames[i].cpu != ~0u)
			return i;
	return pic->nr_frames ? pic->nr_frames - 1 : 0;
}

/*
 * Do two states look different, but for the locks held (and, unless
 * @buffers, the store buffers)? A path taking and dropping locks is not
 * worth a column of its own, nor the set-up's stores passing through
 * the buffers: a fold's tooltip still says what happened.
 */
static bool states_differ(const struct picture *pic, unsigned int a,
			  unsigned int b, bool buffers)
{
	struct pic_state sa, sb;
	unsigned int cpu, mm;

	if (a == b)
		return false;
	memcpy(&sa, &pic->states[a], sizeof(sa));
	memcpy(&sb, &pic->states[b], sizeof(sb));
	if (!buffers)
		sa.flushed = sb.flushed = 0;
	if (memcmp(&sa, &sb, sizeof(sa)))
		return true;
	for (cpu = 0; cpu < pic->nr_cpus; cpu++) {
		struct pic_cpu x = *pic_cpu_at(pic, a, cpu), y = *pic_cpu_at(pic, b, cpu);

		x.locks = y.locks = 0;
		if (!buffers) {
			x.buffered = y.buffered = 0;
			x.nr_buffered = y.nr_buffered = 0;
		}
		if (memcmp(&x, &y, sizeof(x)))
			return true;
		for (mm = 0; mm < PIC_MAX_MMS; mm++)
			if (pic_pcpu_at(pic, a, mm, cpu) != pic_pcpu_at(pic, b, mm, cpu))
				return true;
	}
	return false;
}

/* Does frame @i belong to an event that only builds the machine? */
static bool in_setup(const struct picture *pic, unsigned int i)
{
	int e = pic->frames[i].event;

	return e >= 0 && (unsigned int)e < pic->nr_events &&
	       pic->events[e].index == (unsigned int)e && pic->events[e].setup;
}

/*
 * A frame where something drawn changes, an event starts or the run
 * ends; in the set-up, store buffer traffic alone does not count (it is
 * folded: weak memory's set-up is hundreds of stores in and out)
 */
static void mark_eventful(const struct picture *pic, const struct sim_result *res, bool *ev)
{
	unsigned int i;

	for (i = 0; i < pic->nr_frames; i++)
		ev[i] = !i || i + 1 == pic->nr_frames ||
			pic->frames[i].cpu == ~0u ||
			states_differ(pic, pic->frames[i].state,
				      pic->frames[i - 1].state,
				      !in_setup(pic, i)) ||
			pic->frames[i].event != pic->frames[i - 1].event;
	for (i = 0; i < pic->nr_events; i++)
		if (pic->events[i].nr_frames)
			ev[pic->events[i].first_frame] = true;
	if (res->violation && pic->nr_frames)
		ev[violation_frame(pic, res)] = true;
}

static void layout_columns(struct layout *l)
{
	const struct picture *pic = l->pic;
	bool *ev = calloc(pic->nr_frames + 1, sizeof(*ev));
	unsigned int i = 0, x = LEFT;

	l->cols = calloc(pic->nr_frames + 1, sizeof(*l->cols));
	l->frame_col = calloc(pic->nr_frames + 1, sizeof(*l->frame_col));
	if (!ev || !l->cols || !l->frame_col)
		exit(2);
	mark_eventful(pic, l->run->res, ev);
	while (i < pic->nr_frames) {
		struct col *c = &l->cols[l->nr_cols];
		unsigned int j = i;

		while (!ev[i] && j + 1 < pic->nr_frames && !ev[j + 1])
			j++;
		if (!ev[i] && j - i + 1 >= FOLD_MIN) {
			*c = (struct col){.first = i, .last = j, .fold = true};
		} else {
			j = i;
			*c = (struct col){.first = i, .last = i};
		}
		for (; i <= j; i++)
			l->frame_col[i] = l->nr_cols;
		l->nr_cols++;
	}
	/* a long run gets narrower columns: labels give way, the shapes stay */
	for (i = 0; i < l->nr_cols; i++) {
		unsigned int cw = l->nr_cols <= 600 ? COL_W : l->nr_cols <= 1500 ? 4 : 2;

		l->cols[i].x = x;
		l->cols[i].w = l->cols[i].fold ? cw + cw / 3 : cw;
		x += l->cols[i].w;
	}
	l->end_x = x;
	l->violation_col = l->run->res->violation && pic->nr_frames
			       ? l->frame_col[violation_frame(pic, l->run->res)]
			       : l->nr_cols;
	free(ev);
}

/*
 * Runs of columns with equal @key: [c0, c1) each, handed to @draw with
 * the state of its first column
 */
typedef uint64_t (*key_fn)(const struct layout *l, unsigned int state, unsigned int arg);
typedef void (*draw_fn)(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
			unsigned int state, unsigned int arg);

static void segments(struct strbuf *sb, const struct layout *l, key_fn key, draw_fn draw,
		     unsigned int arg)
{
	unsigned int c0 = 0, c;

	for (c = 1; c <= l->nr_cols; c++) {
		if (c < l->nr_cols && key(l, col_state(l, c), arg) == key(l, col_state(l, c0), arg))
			continue;
		draw(sb, l, c0, c, col_state(l, c0), arg);
		c0 = c;
	}
}

static unsigned int seg_x(const struct layout *l, unsigned int c)
{
	return c < l->nr_cols ? l->cols[c].x : l->end_x;
}

static void seg_title(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1)
{
	const struct pic_frame *a = &l->pic->frames[l->cols[c0].first];
	const struct pic_frame *b = &l->pic->frames[l->cols[c1 - 1].last];

	sb_printf(sb, " (steps %lu..%lu)", a->step, b->step);
}

/* ---- the CPU lanes ---- */

static uint64_t key_path(const struct layout *l, unsigned int st, unsigned int cpu)
{
	const struct pic_cpu *c = pic_cpu_at(l->pic, st, cpu);

	return (uint64_t)c->path << 40 | (uint64_t)(uint16_t)c->curr << 24 |
	       (uint64_t)c->in_user << 20 | (uint64_t)c->wait << 16 | c->wait_what;
}

static void draw_path(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
		      unsigned int st, unsigned int cpu)
{
	const struct pic_cpu *c = pic_cpu_at(l->pic, st, cpu);
	unsigned int x = seg_x(l, c0), w = seg_x(l, c1) - x, y = l->cpu_y[cpu];
	const char *path = pic_str(l->pic, c->path), *fill;
	char text[96];

	if (*path) {
		fill = kind_colour(pic_str(l->pic, c->kind));
		snprintf(text, sizeof(text), "%s", path);
	} else if (c->in_user) {
		fill = USER_COLOUR;
		snprintf(text, sizeof(text), "%s user", pic_str(l->pic, c->curr_name));
	} else {
		fill = IDLE_COLOUR;
		snprintf(text, sizeof(text), "%s", pic_str(l->pic, c->curr_name));
	}
	sb_printf(sb,
		  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\" "
		  "class=\"path\"><title>cpu%u: ",
		  x, y, w, PATH_H, fill, cpu);
	pic_escape(sb, *path ? path : text);
	if (*path)
		sb_printf(sb, " (curr %s)", pic_str(l->pic, c->curr_name));
	seg_title(sb, l, c0, c1);
	sb_puts(sb, "</title></rect>\n");
	if (c->wait) {
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			  "class=\"%s\"><title>",
			  x + 1, y + 1, w > 2 ? w - 2 : 1, PATH_H - 2,
			  c->wait == SIM_WAIT_SPIN + 1 ? "spin" : "lock-wait");
		pic_escape(sb, path);
		sb_puts(sb, " ");
		pic_escape(sb, pic_str(l->pic, c->wait_what));
		if (c->holder >= 0)
			sb_printf(sb, ", held on cpu%d", c->holder);
		sb_puts(sb, "</title></rect>\n");
		snprintf(text + strlen(text), sizeof(text) - strlen(text), ": %s",
			 pic_str(l->pic, c->wait_what));
	}
	label_in(sb, x, w, y + 12, "pl", text, path[0] ? NULL : "");
}

/* Where a path starts but its name does not fit: above the bar, if free */
static void path_labels(struct strbuf *sb, const struct layout *l, unsigned int cpu)
{
	unsigned int c, free_x = 0;
	uint16_t last = 0;

	for (c = 0; c < l->nr_cols; c++) {
		const struct pic_cpu *pc = pic_cpu_at(l->pic, col_state(l, c), cpu);
		unsigned int c1 = c + 1, x = l->cols[c].x;
		const char *path = pic_str(l->pic, pc->path);

		if (pc->path == last)
			continue;
		last = pc->path;
		if (!*path)
			continue;
		while (c1 < l->nr_cols &&
		       pic_cpu_at(l->pic, col_state(l, c1), cpu)->path == pc->path)
			c1++;
		if (text_w(path) <= seg_x(l, c1) - x || x < free_x)
			continue;
		sb_printf(sb, "<text x=\"%u\" y=\"%u\" class=\"pa\">", x, l->cpu_y[cpu] - 2);
		pic_escape(sb, path);
		sb_puts(sb, "</text>\n");
		free_x = x + text_w(path);
	}
}

static uint64_t key_locks(const struct layout *l, unsigned int st, unsigned int cpu)
{
	return pic_cpu_at(l->pic, st, cpu)->locks;
}

/* A band's segment of class @cls, labelled with @text (or @brief) if it fits */
static void band_rect(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
		      unsigned int y, unsigned int h, const char *cls, const char *what,
		      const char *text, const char *brief)
{
	unsigned int x = seg_x(l, c0), w = seg_x(l, c1) - x;

	sb_printf(sb,
		  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
		  "class=\"%s\"><title>",
		  x, y, w, h, cls);
	pic_escape(sb, what);
	pic_escape(sb, text);
	seg_title(sb, l, c0, c1);
	sb_puts(sb, "</title></rect>\n");
	label_in(sb, x, w, y + h - 2 - (h > 10), h > 10 ? "cl" : "lk", text, brief);
}

static void draw_locks(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
		       unsigned int st, unsigned int cpu)
{
	const char *locks = pic_str(l->pic, pic_cpu_at(l->pic, st, cpu)->locks);
	char what[48];

	if (!*locks)
		return;
	snprintf(what, sizeof(what), "cpu%u's path holds ", cpu);
	band_rect(sb, l, c0, c1, l->cpu_y[cpu] + PATH_H + 1, LOCK_H, "lock-hold", what, locks,
		  NULL);
}

/*
 * A CID word (@slot: a CPU's slot, else a task's word). Solid where it
 * owns the CID (a slot with ONCPU, a word without), pale where it only
 * names one owned elsewhere (a slot's last CID in per-task mode, a
 * task's word naming its CPU's CID), as the report's owners say.
 */
static void cid_rect(struct strbuf *sb, unsigned int x, unsigned int y, unsigned int w,
		     unsigned int word, bool slot, const char *title)
{
	bool owns = !(word & VIEW_CID_UNSET) && !(word & VIEW_CID_ONCPU) == !slot;
	char label[40], brief[16];

	if (word & VIEW_CID_UNSET) {
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			  "class=\"cid-unset\"><title>",
			  x, y, w, BAND_H);
	} else {
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			  "fill=\"%s\" class=\"cid %s\"><title>",
			  x, y, w, BAND_H, cid_colour(VIEW_CID_NR(word)), owns ? "owns" : "names");
	}
	pic_escape(sb, title);
	sb_puts(sb, "</title></rect>\n");
	if (word & VIEW_CID_ONCPU)
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			  "fill=\"url(#oncpu)\"/>\n",
			  x, y, w, BAND_H);
	if (word & VIEW_CID_TRANSIT)
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			  "fill=\"url(#%s)\"/>\n",
			  x, y, w, BAND_H, word & VIEW_CID_UNSET ? "transit-unset" : "transit");
	cid_label(word, false, label, sizeof(label));
	cid_label(word, true, brief, sizeof(brief));
	label_in(sb, x, w, y + 10, "cl", label, brief);
}

/* arg: cpu * PIC_MAX_MMS + mm */
static uint64_t key_slot(const struct layout *l, unsigned int st, unsigned int arg)
{
	unsigned int cpu = arg / PIC_MAX_MMS, mm = arg % PIC_MAX_MMS;

	if (mm >= l->pic->states[st].nr_mms)
		return 1ULL << 40;
	return pic_pcpu_at(l->pic, st, mm, cpu);
}

static void draw_slot(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
		      unsigned int st, unsigned int arg)
{
	unsigned int cpu = arg / PIC_MAX_MMS, mm = arg % PIC_MAX_MMS;
	unsigned int x = seg_x(l, c0), w = seg_x(l, c1) - x;
	unsigned int y = l->cpu_y[cpu] + PATH_H + LOCK_H + 3 + mm * (BAND_H + 2);
	struct strbuf t;
	char label[40];

	if (mm >= l->pic->states[st].nr_mms)
		return;
	sb_init(&t);
	cid_label(pic_pcpu_at(l->pic, st, mm, cpu), false, label, sizeof(label));
	sb_printf(&t, "cpu%u's CID slot in mm%u: %s", cpu, mm, label);
	seg_title(&t, l, c0, c1);
	cid_rect(sb, x, y, w, pic_pcpu_at(l->pic, st, mm, cpu), true, t.buf);
	sb_free(&t);
}

static unsigned int weak_y(const struct layout *l, unsigned int cpu)
{
	return l->cpu_y[cpu] + PATH_H + LOCK_H + 3 + l->nr_mms * (BAND_H + 2);
}

static uint64_t key_buffer(const struct layout *l, unsigned int st, unsigned int cpu)
{
	return pic_cpu_at(l->pic, st, cpu)->buffered;
}

static void draw_buffer(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
			unsigned int st, unsigned int cpu)
{
	const struct pic_cpu *c = pic_cpu_at(l->pic, st, cpu);
	char text[200], brief[16], what[48];

	if (!c->nr_buffered)
		return;
	snprintf(text, sizeof(text), "%u: %s", c->nr_buffered, pic_str(l->pic, c->buffered));
	snprintf(brief, sizeof(brief), "%u", c->nr_buffered);
	snprintf(what, sizeof(what), "cpu%u's store buffer: ", cpu);
	band_rect(sb, l, c0, c1, weak_y(l, cpu), BAND_H, "buffered", what, text, brief);
}

/* A column of the set-up only (mark_eventful()) */
static bool col_setup(const struct layout *l, unsigned int c)
{
	return in_setup(l->pic, l->cols[c].first) &&
	       in_setup(l->pic, l->cols[c].last);
}

/*
 * The set-up's stores in and out of @cpu's buffer over columns [c0, c1),
 * folded into one band: they build the machine, the story starts after
 */
static void setup_buffer(struct strbuf *sb, const struct layout *l,
			 unsigned int c0, unsigned int c1, unsigned int cpu)
{
	const struct picture *pic = l->pic;
	unsigned int i, first = l->cols[c0].first, last = l->cols[c1 - 1].last;
	unsigned int changes = 0;
	unsigned long flushed;
	char what[96], text[48];

	for (i = first ? first : 1; i <= last; i++) {
		const struct pic_cpu *now =
			pic_cpu_at(pic, pic->frames[i].state, cpu);

		changes +=
			now->buffered !=
			pic_cpu_at(pic, pic->frames[i - 1].state, cpu)->buffered;
	}
	if (!changes)
		return;
	flushed = pic->states[pic->frames[last].state].flushed -
		  pic->states[pic->frames[first ? first - 1 : 0].state].flushed;
	snprintf(
		what, sizeof(what),
		"cpu%u's store buffer, the set-up's stores in and out (%lu flushed, all CPUs): ",
		cpu, flushed);
	snprintf(text, sizeof(text), "set-up: %u buffer changes folded",
		 changes);
	band_rect(sb, l, c0, c1, weak_y(l, cpu), BAND_H, "buffer-fold", what,
		  text, "set-up: folded");
}

/* A CPU's store buffer: the set-up folded, then what it holds */
static void buffer_row(struct strbuf *sb, const struct layout *l,
		       unsigned int cpu)
{
	unsigned int c = 0, c1;

	while (c < l->nr_cols) {
		bool setup = col_setup(l, c);

		for (c1 = c + 1; c1 < l->nr_cols && col_setup(l, c1) == setup;
		     c1++)
			if (!setup &&
			    key_buffer(l, col_state(l, c1), cpu) !=
				    key_buffer(l, col_state(l, c), cpu))
				break;
		if (setup)
			setup_buffer(sb, l, c, c1, cpu);
		else
			draw_buffer(sb, l, c, c1, col_state(l, c), cpu);
		c = c1;
	}
}

/* A flush: a store left the buffer of @cpu between two columns */
static void draw_flushes(struct strbuf *sb, const struct layout *l, unsigned int cpu)
{
	unsigned int c;

	for (c = 1; c < l->nr_cols; c++) {
		const struct pic_state *a = &l->pic->states[col_state(l, c - 1)];
		const struct pic_state *b = &l->pic->states[col_state(l, c)];
		const struct pic_cpu *pa = pic_cpu_at(l->pic, col_state(l, c - 1), cpu);
		const struct pic_cpu *pb = pic_cpu_at(l->pic, col_state(l, c), cpu);
		unsigned int x = l->cols[c].x, y = weak_y(l, cpu);

		if (col_setup(l, c) || b->flushed == a->flushed ||
		    !pa->nr_buffered ||
		    (pb->nr_buffered >= pa->nr_buffered &&
		     pb->buffered == pa->buffered))
			continue;
		sb_printf(sb,
			  "<path d=\"M%u %u l4 -7 h-8 z\" class=\"weak-flush\">"
			  "<title>cpu%u flushed a store: before, ",
			  x, y + BAND_H + 1, cpu);
		pic_escape(sb, pic_str(l->pic, pa->buffered));
		sb_puts(sb, "; after, ");
		pic_escape(sb, pb->nr_buffered ? pic_str(l->pic, pb->buffered) : "empty");
		sb_puts(sb, "</title></path>\n");
	}
}

/* Each step's tick on the lane that stepped, with what it did */
static void step_ticks(struct strbuf *sb, const struct layout *l)
{
	const struct picture *pic = l->pic;
	unsigned int c;

	for (c = 0; c < l->nr_cols; c++) {
		const struct col *col = &l->cols[c];
		const struct pic_frame *f = &pic->frames[col->first];

		if (col->fold || f->cpu >= pic->nr_cpus)
			continue;
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"3\" "
			  "class=\"tick\"><title>step %lu, cpu%u: ",
			  col->x, l->cpu_y[f->cpu], col->w, f->step, f->cpu);
		pic_escape(sb, pic_str(pic, f->who));
		sb_puts(sb, "\n");
		pic_escape(sb, pic_str(pic, f->fn));
		sb_puts(sb, " ");
		pic_escape(sb, pic_str(pic, f->op));
		if (f->locks) {
			sb_puts(sb, " holding ");
			pic_escape(sb, pic_str(pic, f->locks));
		}
		if (f->changes) {
			sb_puts(sb, "\n");
			pic_escape(sb, pic_str(pic, f->changes));
		}
		sb_puts(sb, "</title></rect>\n");
	}
}

static void cpu_lanes(struct strbuf *sb, const struct layout *l)
{
	unsigned int cpu, mm;

	for (cpu = 0; cpu < l->pic->nr_cpus; cpu++) {
		unsigned int y = l->cpu_y[cpu];

		sb_printf(sb, "<g class=\"cpu-lane\" id=\"cpu-lane-%u\">\n", cpu);
		sb_printf(sb, "<text x=\"6\" y=\"%u\" class=\"ln\">cpu%u</text>\n", y + 13, cpu);
		segments(sb, l, key_path, draw_path, cpu);
		path_labels(sb, l, cpu);
		sb_printf(sb, "<g class=\"locks\" id=\"locks-cpu%u\">\n", cpu);
		segments(sb, l, key_locks, draw_locks, cpu);
		sb_puts(sb, "</g>\n");
		for (mm = 0; mm < l->nr_mms; mm++) {
			unsigned int by = y + PATH_H + LOCK_H + 3 + mm * (BAND_H + 2);

			sb_printf(sb,
				  "<g class=\"cid-band cpu-slot\" id=\"slot-cpu%u-mm%u\">\n"
				  "<text x=\"20\" y=\"%u\" class=\"ls\">slot mm%u</text>\n",
				  cpu, mm, by + 10, mm);
			segments(sb, l, key_slot, draw_slot, cpu * PIC_MAX_MMS + mm);
			sb_puts(sb, "</g>\n");
		}
		if (l->pic->weak) {
			sb_printf(sb,
				  "<g class=\"weak-buffer\" id=\"buffer-cpu%u\">\n"
				  "<text x=\"20\" y=\"%u\" class=\"ls\">store buffer</text>\n",
				  cpu, weak_y(l, cpu) + 10);
			buffer_row(sb, l, cpu);
			draw_flushes(sb, l, cpu);
			sb_puts(sb, "</g>\n");
		}
		sb_puts(sb, "</g>\n");
	}
	step_ticks(sb, l);
}

/* ---- tasks ---- */

static uint64_t key_task(const struct layout *l, unsigned int st, unsigned int slot)
{
	const struct pic_state *s = &l->pic->states[st];

	if (!(s->tasks >> slot & 1))
		return 1ULL << 40;
	return s->task[slot].cid | (uint64_t)(uint16_t)s->task[slot].mm << 32;
}

static void draw_task(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
		      unsigned int st, unsigned int slot)
{
	const struct pic_state *s = &l->pic->states[st];
	unsigned int x = seg_x(l, c0), w = seg_x(l, c1) - x;
	struct strbuf t;
	char label[40];

	if (!(s->tasks >> slot & 1))
		return;
	sb_init(&t);
	cid_label(s->task[slot].cid, false, label, sizeof(label));
	sb_printf(&t, "T%u's CID word (mm%d): %s", slot, s->task[slot].mm, label);
	seg_title(&t, l, c0, c1);
	cid_rect(sb, x, l->task_y[slot], w, s->task[slot].cid, false, t.buf);
	sb_free(&t);
}

static void task_lanes(struct strbuf *sb, const struct layout *l)
{
	unsigned int slot;

	for (slot = 0; slot < SCHED_MAX_TASKS; slot++) {
		if (!(l->tasks >> slot & 1))
			continue;
		sb_printf(sb,
			  "<g class=\"cid-band task-word\" id=\"task-T%u\">\n"
			  "<text x=\"6\" y=\"%u\" class=\"ln\">T%u</text>"
			  "<text x=\"34\" y=\"%u\" class=\"ls\">CID word</text>\n",
			  slot, l->task_y[slot] + 10, slot, l->task_y[slot] + 10);
		segments(sb, l, key_task, draw_task, slot);
		sb_puts(sb, "</g>\n");
	}
}

/* ---- mms ---- */

static uint64_t key_mode(const struct layout *l, unsigned int st, unsigned int mm)
{
	const struct pic_state *s = &l->pic->states[st];

	return mm < s->nr_mms ? s->mm[mm].mode : 1ULL << 40;
}

static void draw_mode(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
		      unsigned int st, unsigned int mm)
{
	const struct pic_state *s = &l->pic->states[st];
	unsigned int x = seg_x(l, c0), w = seg_x(l, c1) - x, y = l->mm_y[mm];
	unsigned int mode;

	if (mm >= s->nr_mms)
		return;
	mode = s->mm[mm].mode;
	sb_printf(sb,
		  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"16\" fill=\"%s\" "
		  "class=\"mode\"><title>mm%u mode: %s",
		  x, y, w, mode_colour(mode), mm, mode_label(mode));
	seg_title(sb, l, c0, c1);
	sb_puts(sb, "</title></rect>\n");
	if (mode & VIEW_CID_TRANSIT)
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"16\" "
			  "fill=\"url(#transit)\"/>\n",
			  x, y, w);
	if (c0)
		sb_printf(sb,
			  "<path d=\"M%u %u v22 l-4 0 l4 -6 l4 6 l-4 0\" "
			  "class=\"mode-change\"><title>mm%u: mode %s from step %lu</title>"
			  "</path>\n",
			  x, y - 3, mm, mode_label(mode), l->pic->frames[l->cols[c0].first].step);
	label_in(sb, x + 3, w > 3 ? w - 3 : 0, y + 12, "ml", mode_label(mode),
		 mode & VIEW_CID_TRANSIT ? (mode & VIEW_CID_ONCPU ? "->CPU" : "->task")
		 : mode & VIEW_CID_ONCPU ? "CPU"
					 : "task");
}

/* users, max_cids and pcpu_thrs over time, as three lines */
static void mm_chart(struct strbuf *sb, const struct layout *l, unsigned int mm)
{
	static const struct {
		const char *name, *cls;
		size_t off;
	} lines[] = {
	    {"users", "users", offsetof(struct pic_mm, users)},
	    {"max_cids", "max-cids", offsetof(struct pic_mm, max_cids)},
	    {"pcpu_thrs", "thrs", offsetof(struct pic_mm, thrs)},
	};
	unsigned int top = l->mm_y[mm] + 20, i, c, hi = 1;

	for (c = 0; c < l->nr_cols; c++) {
		const struct pic_state *s = &l->pic->states[col_state(l, c)];

		if (mm < s->nr_mms) {
			hi = s->mm[mm].users > hi ? s->mm[mm].users : hi;
			hi = s->mm[mm].max_cids > hi ? s->mm[mm].max_cids : hi;
			hi = s->mm[mm].thrs > hi ? s->mm[mm].thrs : hi;
		}
	}
	sb_printf(sb, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"chart\"/>\n",
		  LEFT, top, l->end_x - LEFT, CHART_H);
	for (i = 0; i < 3; i++) {
		unsigned int last = ~0u, lx = 0;
		bool open = false;

		sb_printf(sb, "<g class=\"%s\">", lines[i].cls);
		for (c = 0; c < l->nr_cols; c++) {
			const struct pic_state *s = &l->pic->states[col_state(l, c)];
			unsigned int v, y;

			if (mm >= s->nr_mms)
				continue;
			v = *(const uint32_t *)((const char *)&s->mm[mm] + lines[i].off);
			y = top + CHART_H - 3 - v * (CHART_H - 8) / hi - i;
			if (!open)
				sb_printf(sb, "<path d=\"M%u %u", l->cols[c].x, y);
			else if (v != last)
				sb_printf(sb, " V%u", y);
			sb_printf(sb, " H%u", l->cols[c].x + l->cols[c].w);
			open = true;
			if (v != last && l->cols[c].x >= lx) {
				/* the value where it changes, after the path */
				sb_printf(sb,
					  "\"/><text x=\"%u\" y=\"%u\" class=\"cv\">%u"
					  "<title>mm%u %s %u from step %lu</title></text>"
					  "<path d=\"M%u %u",
					  l->cols[c].x + 1, i ? y + 8 : y - 2, v, mm, lines[i].name,
					  v, l->pic->frames[l->cols[c].first].step,
					  l->cols[c].x + l->cols[c].w, y);
				lx = l->cols[c].x + 14;
			}
			last = v;
		}
		sb_puts(sb, open ? "\"/></g>\n" : "</g>\n");
	}
}

/* The CID bitmap: a row per CID, in its colour where the bit is set */
static uint64_t key_mask(const struct layout *l, unsigned int st, unsigned int mm)
{
	const struct pic_state *s = &l->pic->states[st];

	return mm < s->nr_mms ? s->mm[mm].cidmask : 0;
}

static void draw_mask(struct strbuf *sb, const struct layout *l, unsigned int c0, unsigned int c1,
		      unsigned int st, unsigned int mm)
{
	uint64_t mask = key_mask(l, st, mm);
	unsigned int x = seg_x(l, c0), w = seg_x(l, c1) - x, r;
	unsigned int top = l->mm_y[mm] + 20 + CHART_H + 4;

	for (r = 0; r < l->pool_rows; r++) {
		if (!(mask >> r & 1))
			continue;
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			  "fill=\"%s\"><title>mm%u: CID %u taken in the bitmap",
			  x, top + r * POOL_ROW, w, POOL_ROW - 1, cid_colour(r), mm, r);
		seg_title(sb, l, c0, c1);
		sb_puts(sb, "</title></rect>\n");
	}
}

static void mm_lanes(struct strbuf *sb, const struct layout *l)
{
	unsigned int mm, r;

	for (mm = 0; mm < l->nr_mms; mm++) {
		unsigned int y = l->mm_y[mm], py = y + 20 + CHART_H + 4;

		sb_printf(sb,
			  "<g class=\"mm-lane\" id=\"mm-lane-%u\">\n"
			  "<text x=\"6\" y=\"%u\" class=\"ln\">mm%u</text>"
			  "<text x=\"40\" y=\"%u\" class=\"ls\">mode</text>\n",
			  mm, y + 12, mm, y + 12);
		sb_printf(sb, "<g class=\"mm-mode\" id=\"mm-mode-%u\">\n", mm);
		segments(sb, l, key_mode, draw_mode, mm);
		sb_puts(sb, "</g>\n");
		sb_printf(sb,
			  "<g class=\"mm-counts\" id=\"mm-counts-%u\">"
			  "<text x=\"6\" y=\"%u\" class=\"ls users\">users</text>"
			  "<text x=\"6\" y=\"%u\" class=\"ls max-cids\">max_cids</text>"
			  "<text x=\"6\" y=\"%u\" class=\"ls thrs\">pcpu_thrs</text>\n",
			  mm, y + 32, y + 44, y + 56);
		mm_chart(sb, l, mm);
		sb_puts(sb, "</g>\n");
		sb_printf(sb,
			  "<g class=\"mm-pool\" id=\"mm-pool-%u\">"
			  "<text x=\"6\" y=\"%u\" class=\"ls\">CID pool</text>\n",
			  mm, py + 9);
		for (r = 0; r < l->pool_rows; r++)
			sb_printf(sb, "<text x=\"%u\" y=\"%u\" class=\"pn\">CID %u</text>\n",
				  LEFT - 30, py + r * POOL_ROW + 6, r);
		segments(sb, l, key_mask, draw_mask, mm);
		sb_puts(sb, "</g>\n</g>\n");
	}
}

/* ---- the time axis: events, folds, the violation ---- */

/* The tags of the events, in as many rows as they need: returns how many */
static unsigned int event_markers(struct strbuf *sb, const struct layout *l)
{
	const struct picture *pic = l->pic;
	unsigned int free_x[EV_ROWS] = {0}, i, r, top = l->ev_top, rows = 1;

	for (i = 0; i <= pic->nr_events; i++) {
		const struct pic_event *e = i < pic->nr_events ? &pic->events[i] : NULL;
		unsigned int first, last, x, x1, w, y;
		char tag[16];

		if (e && e->nr_frames) {
			first = e->first_frame;
			last = e->first_frame + e->nr_frames - 1;
			snprintf(tag, sizeof(tag), "L%d", e->line);
		} else if (!e && pic->nr_frames && pic->event_mark < pic->nr_frames) {
			first = pic->event_mark; /* the drain and the settle round */
			last = pic->nr_frames - 1;
			snprintf(tag, sizeof(tag), "drain");
		} else {
			continue;
		}
		x = l->cols[l->frame_col[first]].x;
		x1 = l->cols[l->frame_col[last]].x + l->cols[l->frame_col[last]].w;
		w = text_w(tag) + 2;
		for (r = 0; r < EV_ROWS && free_x[r] > x; r++)
			;
		if (r == EV_ROWS) /* every row taken here: the one free first */
			for (unsigned int k = r = 0; k < EV_ROWS; k++)
				r = free_x[k] < free_x[r] ? k : r;
		free_x[r] = x + w + 2;
		rows = r + 1 > rows ? r + 1 : rows;
		y = top + r * 15;
		if (e)
			sb_printf(sb,
				  "<g class=\"event-marker%s\" id=\"event-%u\" "
				  "data-event=\"%u\" data-line=\"%d\">",
				  e->skipped ? " skipped" : "", e->index + 1, e->index + 1,
				  e->line);
		else
			sb_puts(sb, "<g class=\"event-marker drain\" id=\"event-drain\">");
		sb_printf(sb, "<title>");
		if (e) {
			sb_printf(sb, "event %u, line %d: ", e->index + 1, e->line);
			pic_escape(sb, pic_str(pic, e->text));
			if (e->skipped)
				sb_puts(sb, " [skipped: impossible in the state reached]");
		} else {
			sb_puts(sb, "after the last event: the drain (every kernel path "
				    "runs to its end, round robin), then the settle round");
		}
		sb_printf(sb, " (steps %lu..%lu)</title>", pic->frames[first].step,
			  pic->frames[last].step);
		sb_printf(sb, "<path d=\"M%u %u H%u\" class=\"event-span\"/>", x, y + 12,
			  x1 > x + 1 ? x1 - 1 : x + 1);
		sb_printf(sb,
			  "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"11\" rx=\"3\" "
			  "class=\"event-tag\"/><text x=\"%u\" y=\"%u\" class=\"et\">%s</text>",
			  x, y, w, x + 3, y + 9, tag);
		sb_printf(sb, "<path d=\"M%u %u V%u\" class=\"event-guide\"/></g>\n", x, y + 12,
			  l->lanes_bottom);
	}
	return rows;
}

/*
 * The store buffer traffic a fold hides (the set-up's, see
 * mark_eventful()): the CPUs whose buffer changed, and the stores flushed
 */
static uint64_t folded_buffers(const struct layout *l, const struct col *col,
			       unsigned long *flushed)
{
	const struct picture *pic = l->pic;
	unsigned int i, cpu, from = col->first ? col->first - 1 : 0;
	uint64_t cpus = 0;

	for (i = from + 1; i <= col->last; i++) {
		unsigned int now = pic->frames[i].state;
		unsigned int before = pic->frames[i - 1].state;

		for (cpu = 0; cpu < pic->nr_cpus && cpu < 64; cpu++)
			if (pic_cpu_at(pic, now, cpu)->buffered !=
			    pic_cpu_at(pic, before, cpu)->buffered)
				cpus |= 1ULL << cpu;
	}
	*flushed = pic->states[pic->frames[col->last].state].flushed -
		   pic->states[pic->frames[from].state].flushed;
	return cpus;
}

static void folds(struct strbuf *sb, const struct layout *l)
{
	unsigned int c;

	for (c = 0; c < l->nr_cols; c++) {
		const struct col *col = &l->cols[c];
		const struct pic_frame *a = &l->pic->frames[col->first];
		const struct pic_frame *b = &l->pic->frames[col->last];
		unsigned int x = col->x + col->w / 2, y;
		unsigned long flushed = 0;
		uint64_t cpus;

		if (!col->fold)
			continue;
		cpus = l->pic->weak ? folded_buffers(l, col, &flushed) : 0;
		sb_printf(sb, "<g class=\"fold%s\" data-steps=\"%u\"",
			  cpus ? " setup-fold" : "",
			  col->last - col->first + 1);
		if (cpus)
			sb_printf(sb, " data-flushed=\"%lu\"", flushed);
		sb_printf(sb,
			  "><title>steps %lu..%lu folded (%u steps): ", a->step,
			  b->step, col->last - col->first + 1);
		if (cpus)
			sb_printf(
				sb,
				"the set-up's store buffer traffic (%lu stores flushed); "
				"nothing else drawn changes",
				flushed);
		else
			sb_puts(sb, "nothing drawn changes");
		sb_printf(sb, "</title>");
		sb_printf(sb, "<path d=\"M%u %u", x,
			  col->last - col->first + 1 >= FOLD_LONG ?
				  l->lanes_top :
				  l->lanes_bottom);
		for (y = (col->last - col->first + 1 >= FOLD_LONG ? l->lanes_top
								  : l->lanes_bottom) +
			 6;
		     y < l->lanes_bottom + 12; y += 6)
			sb_printf(sb, " L%u %u", x + ((y / 6) % 2 ? 3 : 0) - 1, y);
		sb_printf(sb, "\"/><text x=\"%u\" y=\"%u\" class=\"fl\">+%u</text></g>\n", col->x,
			  l->lanes_bottom + 20, col->last - col->first + 1);
	}
}

static void time_axis(struct strbuf *sb, const struct layout *l)
{
	unsigned int c, next = 0;

	sb_printf(sb, "<g class=\"time-axis\"><text x=\"6\" y=\"%u\" class=\"ls\">step</text>\n",
		  l->lanes_bottom + 10);
	for (c = 0; c < l->nr_cols; c++) {
		if (l->cols[c].x < next || l->cols[c].fold)
			continue;
		sb_printf(sb, "<text x=\"%u\" y=\"%u\" class=\"fl\">%lu</text>\n", l->cols[c].x,
			  l->lanes_bottom + 10, l->pic->frames[l->cols[c].first].step);
		next = l->cols[c].x + 40;
	}
	sb_puts(sb, "</g>\n");
}

static void violation(struct strbuf *sb, const struct layout *l)
{
	const struct sim_result *res = l->run->res;
	unsigned int x, c = l->violation_col;
	char what[96];

	if (!res->violation)
		return;
	x = c < l->nr_cols ? l->cols[c].x + l->cols[c].w : l->end_x + 2;
	snprintf(what, sizeof(what), "%.90s", res->what);
	if (strlen(res->what) > 90)
		snprintf(what + 86, sizeof(what) - 86, " ...");
	sb_printf(sb,
		  "<g id=\"violation\" class=\"violation\" data-invariant=\"%s\" "
		  "data-step=\"%lu\"><title>VIOLATION %s at %s, step %lu: ",
		  res->invariant, res->step, res->invariant, res->site, res->step);
	pic_escape(sb, res->what);
	sb_printf(sb,
		  "</title><path d=\"M%u %u V%u\" class=\"vline\"/>"
		  "<path d=\"M%u %u l-6 -9 h12 z\" class=\"vmark\"/>"
		  "<text x=\"%u\" y=\"%u\" class=\"vt\">%s ",
		  x, l->lanes_top - 14, l->lanes_bottom, x, l->lanes_top - 14,
		  x > 700 ? x - 600 : x + 8, l->lanes_top - 4, res->invariant);
	pic_escape(sb, what);
	sb_puts(sb, "</text></g>\n");
}

/* The lane's middle, where arrows start and end */
static unsigned int lane_mid(const struct layout *l, unsigned int cpu)
{
	return l->cpu_y[cpu] + PATH_H / 2;
}

/* Does @cpu start waiting for a lock another CPU holds at column @c? */
static bool wait_starts(const struct layout *l, unsigned int c,
			unsigned int cpu)
{
	const struct pic_cpu *now = pic_cpu_at(l->pic, col_state(l, c), cpu),
			     *before;

	if (now->wait != SIM_WAIT_LOCK + 1 || now->holder < 0 ||
	    (unsigned int)now->holder >= l->pic->nr_cpus ||
	    (unsigned int)now->holder == cpu)
		return false;
	if (!c)
		return true;
	before = pic_cpu_at(l->pic, col_state(l, c - 1), cpu);
	return before->wait != now->wait || before->holder != now->holder ||
	       before->wait_lock != now->wait_lock || before->path != now->path;
}

/*
 * Every lock wait, where it starts: an arrow from the waiter's lane to
 * the lane of the path that holds the lock (to its bar of locks held
 * when that lane is above), labelled with the lock.
 */
static void wait_arrows(struct strbuf *sb, const struct layout *l)
{
	unsigned int c, cpu;

	for (c = 0; c < l->nr_cols; c++) {
		for (cpu = 0; cpu < l->pic->nr_cpus; cpu++) {
			const struct pic_cpu *w =
				pic_cpu_at(l->pic, col_state(l, c), cpu);
			unsigned int x = l->cols[c].x + 2,
				     y0 = lane_mid(l, cpu), y1, h;
			const char *lock;

			if (!wait_starts(l, c, cpu))
				continue;
			h = (unsigned int)w->holder;
			y1 = h < cpu ? l->cpu_y[h] + PATH_H + LOCK_H + 1 :
				       l->cpu_y[h] - 1;
			lock = pic_str(l->pic, w->wait_lock);
			sb_printf(
				sb,
				"<g class=\"wait-arrow\" data-waiter=\"cpu%u\" "
				"data-holder=\"cpu%u\" data-lock=\"",
				cpu, h);
			pic_escape(sb, lock);
			sb_printf(sb, "\" data-step=\"%lu\"><title>",
				  l->pic->frames[l->cols[c].first].step);
			pic_escape(sb, pic_str(l->pic, w->path));
			sb_printf(sb, " (cpu%u) waits for ", cpu);
			pic_escape(sb, lock);
			sb_printf(sb, ", held on cpu%u, from step %lu</title>",
				  h, l->pic->frames[l->cols[c].first].step);
			sb_printf(
				sb,
				"<path d=\"M%u %u C%u %u %u %u %u %u\" class=\"arrow\"/>",
				x, y0, x + 16, y0, x + 16, y1, x + 3, y1);
			sb_printf(sb, "<text x=\"%u\" y=\"%u\" class=\"wt\">",
				  x + 15, (y0 + y1) / 2 + 3);
			pic_escape(sb, lock);
			sb_puts(sb, "</text></g>\n");
		}
	}
}

/* A livelock or stall: who waits for whom at the end, as arrows */
static void wait_for(struct strbuf *sb, const struct layout *l)
{
	const struct picture *pic = l->pic;
	const struct sim_result *res = l->run->res;
	unsigned int i, x0 = l->end_x + 4, n = 0;

	if (!res->violation || strcmp(res->invariant, "I4") || !pic->nr_final_waits)
		return;
	sb_puts(sb, "<g id=\"wait-for\" class=\"wait-for-graph\">\n");
	for (i = 0; i < pic->nr_final_waits; i++) {
		const struct sim_picture_wait *w = &pic->final_waits[i];
		unsigned int y0, y1, bx = x0 + 40 + 46 * n, st, slot, mm = 0;
		char label[96];

		if (w->cpu >= pic->nr_cpus)
			continue;
		y0 = lane_mid(l, w->cpu);
		if (w->kind == SIM_WAIT_LOCK && w->holder_cpu >= 0 &&
		    (unsigned int)w->holder_cpu < pic->nr_cpus) {
			y1 = lane_mid(l, (unsigned int)w->holder_cpu) + 3;
			snprintf(label, sizeof(label), "waits for %s", w->lock);
		} else if (w->kind == SIM_WAIT_SPIN && l->nr_mms) {
			/* it needs a CID of its task's mm: the pool is where */
			st = pic->frames[pic->nr_frames - 1].state;
			slot = (unsigned int)pic_cpu_at(pic, st, w->cpu)->curr;
			if (slot < SCHED_MAX_TASKS && pic->states[st].task[slot].mm >= 0 &&
			    (unsigned int)pic->states[st].task[slot].mm < l->nr_mms)
				mm = (unsigned int)pic->states[st].task[slot].mm;
			y1 = l->mm_y[mm] + 20 + CHART_H + 4 + l->pool_rows * POOL_ROW / 2;
			snprintf(label, sizeof(label), "spins in %s: no free CID", w->fn);
		} else {
			continue;
		}
		sb_printf(sb,
			  "<g class=\"wait-for\" data-waiter=\"cpu%u\" data-holder=\"%s%d\">"
			  "<title>",
			  w->cpu, w->kind == SIM_WAIT_LOCK ? "cpu" : "mm",
			  w->kind == SIM_WAIT_LOCK ? w->holder_cpu : (int)mm);
		pic_escape(sb, w->who);
		sb_printf(sb, " (cpu%u) ", w->cpu);
		pic_escape(sb, label);
		if (w->kind == SIM_WAIT_LOCK) {
			sb_puts(sb, ", held by ");
			pic_escape(sb, w->holder);
			sb_printf(sb, " (cpu%d)", w->holder_cpu);
		}
		sb_printf(sb, "</title><path d=\"M%u %u C%u %u %u %u %u %u\" class=\"arrow\"/>", x0,
			  y0, bx, y0, bx, y1, x0 + 4, y1);
		sb_printf(sb, "<text x=\"%u\" y=\"%u\" class=\"wt\">", bx - 8, (y0 + y1) / 2 + 3);
		pic_escape(sb, label);
		sb_puts(sb, "</text></g>\n");
		n++;
	}
	sb_puts(sb, "</g>\n");
}

/* ---- legend, events list, report ---- */

struct flow {
	unsigned int x, y, right;
};

static void item(struct strbuf *sb, struct flow *f, const char *swatch, const char *text)
{
	unsigned int w = 22 + text_w(text) + 6;

	if (f->x + w > f->right) {
		f->x = 8;
		f->y += 15;
	}
	sb_printf(sb, swatch, f->x, f->y, f->x, f->y);
	sb_printf(sb, "<text x=\"%u\" y=\"%u\" class=\"lg\">", f->x + 20, f->y + 9);
	pic_escape(sb, text);
	sb_puts(sb, "</text>\n");
	f->x += w;
}

/* A legend entry: a swatch filled with @fill, or of class @cls */
static void item_fill(struct strbuf *sb, struct flow *f, const char *fill, const char *cls,
		      const char *text)
{
	char sw[160];

	snprintf(sw, sizeof(sw),
		 "<rect x=\"%%u\" y=\"%%u\" width=\"16\" height=\"10\" "
		 "%s=\"%s\"/>",
		 fill ? "fill" : "class", fill ? fill : cls);
	item(sb, f, sw, text);
}

/* A new row of the legend, its title on the left */
static void legend_row(struct strbuf *sb, struct flow *f, const char *title, bool first)
{
	if (!first)
		f->y += 17;
	sb_printf(sb, "<text x=\"8\" y=\"%u\" class=\"lh\">%s</text>\n", f->y + 9, title);
	f->x = 136;
}

static void legend(struct strbuf *sb, const struct layout *l, unsigned int y)
{
	struct flow f = {8, y, l->width - 8};
	unsigned int i;
	char text[40];

	sb_puts(sb, "<g id=\"legend\" class=\"legend\">\n");
	legend_row(sb, &f, "CPU lane: what runs", true);
	item_fill(sb, &f, USER_COLOUR, NULL, "a task in user space");
	item_fill(sb, &f, IDLE_COLOUR, NULL, "idle");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		item_fill(sb, &f, kinds[i].colour, NULL, kinds[i].label);
	item(sb, &f, "<rect x=\"%u\" y=\"%u\" width=\"16\" height=\"4\" class=\"tick\"/>",
	     "stepped");
	item(sb, &f, "<rect x=\"%u\" y=\"%u\" width=\"16\" height=\"8\" class=\"lock-hold\"/>",
	     "holds locks (named)");
	item_fill(sb, &f, NULL, "lock-wait", "waits for a lock");
	item_fill(sb, &f, NULL, "spin", "spins (retry loop)");
	legend_row(sb, &f, "CID slot and word", false);
	for (i = 0; i < l->pic->nr_cpus && i < 8; i++) {
		snprintf(text, sizeof(text), "CID %u", i);
		item_fill(sb, &f, cid_colour(i), NULL, text);
	}
	item(sb, &f,
	     "<rect x=\"%u\" y=\"%u\" width=\"16\" height=\"10\" fill=\"#999\"/>"
	     "<rect x=\"%u\" y=\"%u\" width=\"16\" height=\"10\" fill=\"url(#oncpu)\"/>",
	     "ONCPU (dots)");
	item(sb, &f,
	     "<rect x=\"%u\" y=\"%u\" width=\"16\" height=\"10\" fill=\"#999\"/>"
	     "<rect x=\"%u\" y=\"%u\" width=\"16\" height=\"10\" fill=\"url(#transit)\"/>",
	     "TRANSIT (stripes)");
	item_fill(sb, &f, NULL, "cid-unset", "UNSET: no CID");
	item(sb, &f,
	     "<rect x=\"%u\" y=\"%u\" width=\"8\" height=\"10\" fill=\"#4e79a7\"/>"
	     "<rect x=\"%u\" y=\"%u\" width=\"8\" height=\"10\" fill=\"#4e79a7\" "
	     "class=\"names\" transform=\"translate(8 0)\"/>",
	     "solid: owns the CID; pale: names one owned elsewhere");
	legend_row(sb, &f, "mm, time", false);
	item_fill(sb, &f, mode_colour(0), NULL, "per-task mode");
	item_fill(sb, &f, mode_colour(VIEW_CID_ONCPU), NULL, "per-CPU mode");
	item(sb, &f, "<path d=\"M%u %u m0 5 h16\" class=\"users-line\"/>", "users");
	item(sb, &f, "<path d=\"M%u %u m0 5 h16\" class=\"max-line\"/>", "max_cids");
	item(sb, &f, "<path d=\"M%u %u m0 5 h16\" class=\"thrs-line\"/>", "pcpu_thrs");
	item(sb, &f,
	     "<rect x=\"%u\" y=\"%u\" width=\"18\" height=\"10\" rx=\"3\" class=\"event-tag\"/>",
	     "event (its .sched line)");
	item(sb, &f, "<path d=\"M%u %u m9 0 v10 m-2 -10 l2 3 l2 -3\" class=\"fold-line\"/>",
	     "+N: N quiet steps folded");
	item(sb, &f, "<path d=\"M%u %u m8 0 v10\" class=\"vline\"/>", "violation");
	item(sb, &f, "<path d=\"M%u %u m0 5 h14\" class=\"arrow\"/>",
	     "waits for (to the holder)");
	if (l->pic->weak) {
		item_fill(sb, &f, NULL, "buffered", "stores in a store buffer");
		item(sb, &f, "<path d=\"M%u %u m8 10 l4 -7 h-8 z\" class=\"weak-flush\"/>",
		     "a store flushed");
		item_fill(sb, &f, NULL, "buffer-fold",
			  "the set-up's stores in and out, folded");
	}
	sb_puts(sb, "</g>\n");
}

static unsigned int legend_height(const struct layout *l)
{
	struct strbuf sb;
	unsigned int h;
	struct layout tmp = *l;

	sb_init(&sb);
	legend(&sb, &tmp, 0);
	/* the last row's y is the last "y=" of a legend text */
	h = 0;
	for (const char *p = sb.buf; p && (p = strstr(p, " y=\"")); p += 4)
		if ((unsigned int)atoi(p + 4) > h)
			h = (unsigned int)atoi(p + 4);
	sb_free(&sb);
	return h + 14;
}

static void event_list(struct strbuf *sb, const struct layout *l, unsigned int y)
{
	const struct picture *pic = l->pic;
	unsigned int i;

	sb_printf(sb,
		  "<g id=\"event-list\"><text x=\"8\" y=\"%u\" class=\"lh\">"
		  "events (.sched line: event)</text>\n",
		  y);
	for (i = 0; i < pic->nr_events; i++) {
		const struct pic_event *e = &pic->events[i];

		y += 13;
		sb_printf(sb, "<text x=\"8\" y=\"%u\" class=\"ev\">L%-4d #%-3u ", y, e->line,
			  e->index + 1);
		pic_escape(sb, pic_str(pic, e->text));
		if (e->skipped)
			sb_puts(sb, "   [skipped]");
		sb_puts(sb, "</text>\n");
	}
	sb_puts(sb, "</g>\n");
}

static void report_text(struct strbuf *sb, const char *report, unsigned int y)
{
	char line[512];

	while (report && *report) {
		size_t n = strcspn(report, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)(n < 511 ? n : 511), report);
		sb_printf(sb, "<text x=\"8\" y=\"%u\" class=\"r\">", y);
		pic_escape(sb, line);
		sb_puts(sb, "</text>\n");
		y += 14;
		report += n + (report[n] == '\n');
	}
}

/* ---- the whole ---- */

static void layout_lanes(struct layout *l, unsigned int top)
{
	const struct picture *pic = l->pic;
	unsigned int i, y = top, slot;

	for (i = 0; i < pic->nr_states; i++) {
		l->tasks |= pic->states[i].tasks;
		if (pic->states[i].nr_mms > l->nr_mms)
			l->nr_mms = pic->states[i].nr_mms;
	}
	l->pool_rows = pic->nr_cpus < 16 ? pic->nr_cpus : 16;
	l->lanes_top = y;
	for (i = 0; i < pic->nr_cpus; i++) {
		y += 10; /* labels above the bar */
		l->cpu_y[i] = y;
		y += PATH_H + LOCK_H + 3 + l->nr_mms * (BAND_H + 2) + (pic->weak ? BAND_H + 8 : 0) +
		     6;
	}
	y += 8;
	for (slot = 0; slot < SCHED_MAX_TASKS; slot++) {
		if (!(l->tasks >> slot & 1))
			continue;
		l->task_y[slot] = y;
		y += BAND_H + 3;
	}
	y += 10;
	for (i = 0; i < l->nr_mms; i++) {
		l->mm_y[i] = y;
		y += 20 + CHART_H + 4 + l->pool_rows * POOL_ROW + 12;
	}
	l->lanes_bottom = y;
}

static const char style[] =
	"<style>"
	"text{font-family:monospace;fill:#222}"
	".t{font-size:14px;font-weight:bold}.r{font-size:11px}"
	".ln{font-size:12px;font-weight:bold}.ls{font-size:9px;fill:#666}"
	".lh{font-size:10px;font-weight:bold}.lg{font-size:10px}"
	".pl{font-size:9px}.pa{font-size:8px;fill:#333}.lk{font-size:7px;fill:#fff}"
	".cl{font-size:9px;paint-order:stroke;stroke:#fff;stroke-width:2.5px}"
	".ml{font-size:10px}.cv{font-size:8px}.pn{font-size:7px;fill:#555}"
	".et{font-size:8px}.fl{font-size:8px;fill:#666}.ev{font-size:10px}"
	".vt{font-size:11px;font-weight:bold;fill:#c00}.wt{font-size:10px;fill:#c00;"
	"paint-order:stroke;stroke:#fff;stroke-width:3px}"
	".lock-hold{fill:#333}.tick{fill:#222}"
	".lock-wait{fill:url(#waiting);stroke:#d00;stroke-width:1.5}"
	".spin{fill:url(#waiting);stroke:#d00;stroke-width:1.5;stroke-dasharray:3 2}"
	".cid-unset{fill:#fff;stroke:#aaa;stroke-dasharray:2 2}.names{fill-opacity:0.3}"
	".buffered{fill:#ffe082;stroke:#c79a00}.weak-flush{fill:#8d6e00}"
	".buffer-fold{fill:#fff3c4;stroke:#c79a00;stroke-dasharray:2 1}"
	".mode-change{fill:#333;stroke:#333}.chart{fill:#fafafa;stroke:#e4e4e4}"
	".users path,.users-line{stroke:#1565c0;stroke-width:2;fill:none}"
	".max-cids path,.max-line{stroke:#000;stroke-width:1.5;stroke-dasharray:4 2;fill:none}"
	".thrs path,.thrs-line{stroke:#999;stroke-width:1.5;stroke-dasharray:1 2;fill:none}"
	"text.users,.users text{fill:#1565c0}.thrs text{fill:#777}"
	".fold path,.fold-line{stroke:#888;fill:none}"
	".event-tag{fill:#fff;stroke:#555}.skipped .event-tag{fill:#ddd;stroke:#aaa}"
	".event-span{stroke:#888}.event-guide{stroke:#bbb;stroke-dasharray:1 3}"
	".vline{stroke:#d00;stroke-width:2}.vmark{fill:#d00}"
	".arrow{stroke:#d00;stroke-width:2;fill:none;marker-end:url(#arrowhead)}"
	".wait-arrow .arrow{stroke-width:1.5}"
	"</style>\n";

static const char defs[] =
    "<defs>"
    "<pattern id=\"transit\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#fff\" "
    "fill-opacity=\"0.75\"/></pattern>"
    "<pattern id=\"transit-unset\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"#888\"/></pattern>"
    "<pattern id=\"oncpu\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
    "<circle cx=\"2.5\" cy=\"2.5\" r=\"1.1\" fill=\"#000\" fill-opacity=\"0.6\"/></pattern>"
    "<pattern id=\"waiting\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(-45)\"><rect width=\"2\" height=\"6\" fill=\"#d00\" "
    "fill-opacity=\"0.35\"/></pattern>"
    "<marker id=\"arrowhead\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
    "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" "
    "fill=\"#d00\"/></marker>"
    "</defs>\n";

void svg_render(struct strbuf *sb, const struct picture *pic, const struct pic_run *run)
{
	struct layout l = {.pic = pic, .run = run};
	const struct sim_result *res = run->res;
	unsigned int lines = 0, height, lh, y;
	const char *p;

	layout_columns(&l);
	l.width = l.end_x + RIGHT < 1000 ? 1000 : l.end_x + RIGHT;
	lh = legend_height(&l);
	l.ev_top = 46 + lh + 6;
	{
		struct strbuf scratch;

		sb_init(&scratch);
		layout_lanes(&l, l.ev_top + event_markers(&scratch, &l) * 15 + 22);
		sb_free(&scratch);
	}
	for (p = run->report; p && *p; p++)
		lines += *p == '\n';
	y = l.lanes_bottom + 40;
	height = y + 13 * (pic->nr_events + 2) + 14 * (lines + 2);
	sb_printf(sb,
		  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
		  "height=\"%u\" font-family=\"monospace\" class=\"cidfuzz-swimlanes\" "
		  "data-columns=\"%u\" data-picture-height=\"%u\">\n",
		  l.width, height, l.nr_cols, y + 13 * pic->nr_events + 8);
	sb_puts(sb, style);
	sb_puts(sb, defs);
	sb_puts(sb, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
	sb_puts(sb, "<text x=\"8\" y=\"20\" class=\"t\">");
	pic_escape(sb, run->file);
	sb_puts(sb, ": ");
	if (res->violation)
		sb_printf(sb, "VIOLATION %s at %s, step %lu", res->invariant, res->site, res->step);
	else if (res->unchecked)
		sb_printf(sb, "unchecked: %s from step %lu, %lu steps",
			  res->unchecked_inv, res->unchecked_step, res->steps);
	else
		sb_printf(sb, "clean, %lu steps", res->steps);
	sb_puts(sb, "</text>\n<text x=\"8\" y=\"36\" class=\"r\">");
	if (res->violation)
		pic_escape(sb, res->what);
	sb_printf(sb, "%s%u steps, %u events%s; hover for details</text>\n",
		  res->violation ? " | " : "", pic->nr_frames, pic->nr_events,
		  pic->truncated ? " (picture cut: too many steps)" : "");
	legend(sb, &l, 46);
	/* where each column is and its first frame, for html.c's slider */
	sb_printf(sb, "<g id=\"columns\" data-top=\"%u\" data-bottom=\"%u\" data-x=\"", l.lanes_top,
		  l.lanes_bottom);
	for (unsigned int c = 0; c < l.nr_cols; c++)
		sb_printf(sb, "%s%u", c ? " " : "", l.cols[c].x);
	sb_puts(sb, "\" data-w=\"");
	for (unsigned int c = 0; c < l.nr_cols; c++)
		sb_printf(sb, "%s%u", c ? " " : "", l.cols[c].w);
	sb_puts(sb, "\" data-first=\"");
	for (unsigned int c = 0; c < l.nr_cols; c++)
		sb_printf(sb, "%s%u", c ? " " : "", l.cols[c].first);
	sb_puts(sb, "\"/>\n");
	cpu_lanes(sb, &l);
	task_lanes(sb, &l);
	mm_lanes(sb, &l);
	folds(sb, &l);
	time_axis(sb, &l);
	(void)event_markers(sb, &l);
	violation(sb, &l);
	wait_arrows(sb, &l);
	wait_for(sb, &l);
	event_list(sb, &l, y);
	report_text(sb, run->report, y + 13 * (pic->nr_events + 2));
	sb_puts(sb, "</svg>\n");
	free(l.cols);
	free(l.frame_col);
}
