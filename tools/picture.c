// SPDX-License-Identifier: GPL-2.0-only
/*
 * Collecting a picture of a run (picture.h): after every step the hook
 * reads the machine (sim_picture_read(), the view) into a state, shared
 * with the step before when nothing drawn changed; after every event the
 * event hook notes which steps it ran (an event that ran none gets a
 * frame of its own, so that it has a place on the time axis).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "picture.h"
#include "view.h"

static void *grow(void *p, unsigned int *cap, unsigned int need, size_t size)
{
	unsigned int n = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	q = realloc(p, (size_t)n * size);
	if (!q) {
		fprintf(stderr, "cidfuzz: out of memory\n");
		exit(2);
	}
	*cap = n;
	return q;
}

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The id of @s, interned (0 for "", or when the table is full) */
static uint16_t intern(struct picture *pic, const char *s)
{
	uint32_t h;
	size_t n;

	if (!s || !*s)
		return 0;
	if (!pic->str_hash) {
		pic->str_hash = calloc(PIC_STR_HASH, sizeof(*pic->str_hash));
		pic->str = grow(pic->str, &pic->cap_str, 1, sizeof(*pic->str));
		if (!pic->str_hash)
			exit(2);
		pic->str[pic->nr_str++] = NULL;
	}
	for (h = str_hash(s) % PIC_STR_HASH; pic->str_hash[h]; h = (h + 1) % PIC_STR_HASH)
		if (!strcmp(pic->str[pic->str_hash[h]], s))
			return pic->str_hash[h];
	if (pic->nr_str >= PIC_STR_HASH / 2)
		return 0;
	pic->str = grow(pic->str, &pic->cap_str, pic->nr_str + 1, sizeof(*pic->str));
	n = strlen(s) + 1;
	pic->str[pic->nr_str] = malloc(n);
	if (!pic->str[pic->nr_str])
		exit(2);
	memcpy(pic->str[pic->nr_str], s, n);
	pic->str_hash[h] = (uint16_t)pic->nr_str;
	return (uint16_t)pic->nr_str++;
}

static void read_waits(struct picture *pic, struct pic_state *st)
{
	const struct sim_picture *sp = &pic->scratch;
	struct strbuf sb;
	unsigned int i;

	sb_init(&sb);
	for (i = 0; i < sp->nr_waits; i++) {
		const struct sim_picture_wait *w = &sp->waits[i];

		if (w->kind == SIM_WAIT_LOCK)
			sb_printf(&sb, "%s (cpu%u) waits for %s in %s, held by %s (cpu%d)\n",
				  w->who, w->cpu, w->lock, w->fn, w->holder, w->holder_cpu);
		else if (w->kind == SIM_WAIT_SPIN)
			sb_printf(&sb, "%s (cpu%u) spins in %s\n", w->who, w->cpu, w->fn);
		else
			sb_printf(&sb, "%s (cpu%u) waits for a completion in %s\n", w->who, w->cpu,
				  w->fn);
	}
	st->waits = intern(pic, sb.buf);
	sb_free(&sb);
	memcpy(pic->final_waits, sp->waits, sp->nr_waits * sizeof(sp->waits[0]));
	pic->nr_final_waits = sp->nr_waits;
}

/* The waits of the path running on @cpu, into @c */
static void cpu_wait(struct picture *pic, unsigned int cpu, struct pic_cpu *c)
{
	const struct sim_picture *sp = &pic->scratch;
	unsigned int i;
	char what[96];

	c->wait = 0;
	c->holder = -1;
	c->wait_what = c->wait_lock = 0;
	for (i = 0; i < sp->nr_waits; i++) {
		const struct sim_picture_wait *w = &sp->waits[i];

		if (w->cpu != cpu || strcmp(w->who, sp->cpu[cpu].path))
			continue;
		c->wait = (uint8_t)(w->kind + 1);
		c->holder = (int16_t)w->holder_cpu;
		if (w->kind == SIM_WAIT_LOCK)
			c->wait_lock = intern(pic, w->lock);
		if (w->kind == SIM_WAIT_LOCK)
			snprintf(what, sizeof(what), "waits for %s", w->lock);
		else if (w->kind == SIM_WAIT_SPIN)
			snprintf(what, sizeof(what), "spins in %s", w->fn);
		else
			snprintf(what, sizeof(what), "waits in %s", w->fn);
		c->wait_what = intern(pic, what);
		return;
	}
}

/* The machine now as a state; shared with the last one if equal */
static unsigned int take_state(struct picture *pic, struct sim *s)
{
	const struct view *v = sim_view(s);
	struct sim_picture *sp = &pic->scratch;
	struct view_task vt[VIEW_MAX_TASKS];
	unsigned int i, n, cpu, nc, ns = pic->nr_states;
	struct pic_state *st;
	struct pic_cpu *cpus;
	uint32_t *pcpu;

	sim_picture_read(s, sp);
	if (!pic->nr_cpus) {
		pic->nr_cpus = sp->nr_cpus ? sp->nr_cpus : 1;
		pic->weak = sp->weak;
	}
	nc = pic->nr_cpus;
	{
		unsigned int cap = pic->cap_states;

		pic->states = grow(pic->states, &pic->cap_states, ns + 1, sizeof(*st));
		if (cap != pic->cap_states) {
			pic->cpus =
			    realloc(pic->cpus, (size_t)pic->cap_states * nc * sizeof(*cpus));
			pic->pcpu = realloc(pic->pcpu, (size_t)pic->cap_states * PIC_MAX_MMS * nc *
							   sizeof(*pcpu));
			if (!pic->cpus || !pic->pcpu)
				exit(2);
		}
	}
	st = &pic->states[ns];
	cpus = &pic->cpus[(size_t)ns * nc];
	pcpu = &pic->pcpu[(size_t)ns * PIC_MAX_MMS * nc];
	memset(st, 0, sizeof(*st));
	memset(cpus, 0, nc * sizeof(*cpus));
	memset(pcpu, 0xff, PIC_MAX_MMS * nc * sizeof(*pcpu));

	n = view_nr_tasks(v);
	view_read_tasks(v, vt);
	for (i = 0; i < n; i++) {
		struct pic_task *t = &st->task[vt[i].slot];

		st->tasks |= 1ULL << vt[i].slot;
		t->cid = vt[i].cid;
		if (sp->unset_transit_tasks >> vt[i].slot & 1)
			t->cid |= VIEW_CID_TRANSIT;
		t->mm = vt[i].mm;
		t->cpu = vt[i].cpu;
		t->flags = vt[i].flags & (VT_RUNNING | VT_IN_USER);
	}
	st->nr_mms = view_nr_mms(v) < PIC_MAX_MMS ? view_nr_mms(v) : PIC_MAX_MMS;
	for (i = 0; i < st->nr_mms; i++) {
		struct view_mm m;

		view_read_mm(v, i, &m);
		st->mm[i] = (struct pic_mm){.mode = m.mode,
					    .users = m.users,
					    .max_cids = m.max_cids,
					    .thrs = m.thrs,
					    .cidmask = m.cidmask};
		for (cpu = 0; cpu < nc && cpu < 64; cpu++) {
			uint32_t w = m.pcpu[cpu];

			if (sp->unset_transit_slots[i] >> cpu & 1)
				w |= VIEW_CID_TRANSIT;
			pcpu[i * nc + cpu] = w;
		}
	}
	st->flushed = sp->weak_flushed;
	read_waits(pic, st);
	for (cpu = 0; cpu < nc && cpu < sp->nr_cpus; cpu++) {
		const struct sim_picture_cpu *c = &sp->cpu[cpu];
		struct pic_cpu *p = &cpus[cpu];

		p->curr = (int16_t)c->curr;
		p->in_user = c->in_user;
		p->curr_name = intern(pic, c->curr_name);
		p->path = intern(pic, c->path);
		p->kind = intern(pic, c->kind);
		p->locks = intern(pic, c->locks);
		p->buffered = intern(pic, c->buffered);
		p->nr_buffered = (uint16_t)c->nr_buffered;
		cpu_wait(pic, cpu, p);
	}
	if (ns && !memcmp(st, &pic->states[ns - 1], sizeof(*st)) &&
	    !memcmp(cpus, cpus - nc, nc * sizeof(*cpus)) &&
	    !memcmp(pcpu, pcpu - PIC_MAX_MMS * nc, PIC_MAX_MMS * nc * sizeof(*pcpu)))
		return ns - 1;
	return pic->nr_states++;
}

static struct pic_frame *new_frame(struct picture *pic)
{
	if (pic->nr_frames >= PIC_MAX_FRAMES) {
		pic->truncated = true;
		return NULL;
	}
	pic->frames = grow(pic->frames, &pic->cap_frames, pic->nr_frames + 1, sizeof(*pic->frames));
	memset(&pic->frames[pic->nr_frames], 0, sizeof(*pic->frames));
	return &pic->frames[pic->nr_frames++];
}

static void picture_step(void *ctx, const struct sim_step_info *info)
{
	struct picture *pic = ctx;
	struct pic_frame *f = new_frame(pic);

	if (!f)
		return;
	f->step = info->step;
	f->state = take_state(pic, info->sim);
	f->event = pic->scratch.event_index;
	f->cpu = info->cpu;
	f->who = intern(pic, info->who);
	f->fn = intern(pic, info->fn);
	f->op = intern(pic, info->op);
	/* " holding rq2,mm0.lock": the locks alone */
	f->locks =
	    intern(pic, strncmp(info->locks, " holding ", 9) ? info->locks : info->locks + 9);
	f->changes = intern(pic, info->changes);
}

static void picture_event(void *ctx, const struct sim_event_info *info)
{
	struct picture *pic = ctx;
	struct pic_event *e;
	char text[256];

	if (info->steps < info->first_step) {
		struct pic_frame *f = new_frame(pic);

		if (f) {
			f->step = info->steps;
			f->state = take_state(pic, info->sim);
			f->event = (int)info->index;
			f->cpu = ~0u;
		}
	}
	pic->events = realloc(pic->events, (pic->nr_events + 1) * sizeof(*e));
	if (!pic->events)
		exit(2);
	e = &pic->events[pic->nr_events++];
	sched_print_event(info->ev, text, sizeof(text));
	e->index = info->index;
	e->line = info->ev->line;
	e->skipped = info->skipped;
	e->setup =
		!(sched_kinds[info->ev->kind].flags & (KF_RUN | KF_CONCURRENT));
	e->text = intern(pic, text);
	e->first_frame = pic->event_mark;
	e->nr_frames = pic->nr_frames - pic->event_mark;
	pic->event_mark = pic->nr_frames;
}

void picture_hooks(struct sim_options *opts, struct picture *pic)
{
	opts->step_hook = picture_step;
	opts->event_hook = picture_event;
	opts->step_ctx = pic;
}

void picture_free(struct picture *pic)
{
	unsigned int i;

	for (i = 1; i < pic->nr_str; i++)
		free(pic->str[i]);
	free(pic->str);
	free(pic->str_hash);
	free(pic->frames);
	free(pic->states);
	free(pic->cpus);
	free(pic->pcpu);
	free(pic->events);
	memset(pic, 0, sizeof(*pic));
}

static int write_one(const char *path, const struct picture *pic, const struct pic_run *run,
		     void (*render)(struct strbuf *, const struct picture *,
				    const struct pic_run *))
{
	struct strbuf sb;
	int ret;

	if (!path)
		return 0;
	sb_init(&sb);
	render(&sb, pic, run);
	ret = write_file_atomic(path, sb.buf, sb.len, false);
	sb_free(&sb);
	return ret ? 2 : 0;
}

int picture_write(const char *svg, const char *html, const struct picture *pic,
		  const struct pic_run *run)
{
	int ret = write_one(svg, pic, run, svg_render);

	return write_one(html, pic, run, html_render) ? 2 : ret;
}
