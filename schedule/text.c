// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text form of schedules (.sched files): parser and printer.
 *
 * The parser takes (pointer, length) tokens straight out of the input. It
 * copies no lines, so a line can be any length, and it never reads past
 * @len. A NUL byte is an error, because it would silently cut a line short
 * for any tool that reads the file as a C string. Every field an event does
 * not use gets its canonical value (see sched_event_blank), so sched_equal() can
 * compare field by field.
 *
 * Error messages are "NAME:LINE: expected WHAT, got 'TOKEN'" (or "got end
 * of line"), plus these fixed ones:
 *   "NAME:LINE: too many events (max 1024)"
 *   "NAME:LINE: too many tasks in threads (max 64)"
 *   "NAME:LINE: cpus must come before the first event"
 *   "NAME:LINE: cpus given more than once"
 *   "NAME:LINE: unexpected NUL byte"
 * Quoted tokens are cut at 40 bytes, and unprintable bytes appear as \xNN.
 *
 * The printer writes the canonical form: "cpus N" first, defaults left
 * out, masks as ranges. Parsing what it prints gives an equal schedule,
 * and printing that schedule gives the same bytes again.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "schedule.h"
#include "trace_funcs.h"

#define SCHED_DEFAULT_CPUS	4

static const char *const fork_kind_names[NR_SCHED_FORK_KINDS] = {
	[FORK_THREAD]	= "thread",
	[FORK_VFORK]	= "vfork",
	[FORK_CLONE_VM]	= "clone_vm",
	[FORK_PROCESS]	= "process",
};

const char *sched_fork_kind_name(unsigned int kind)
{
	return kind < NR_SCHED_FORK_KINDS ? fork_kind_names[kind] : "?";
}

static const char *const field_names[NR_SCHED_FIELDS] = {
	[FIELD_MM_MODE]			= "mode",
	[FIELD_MM_PERCPU]		= "percpu",
	[FIELD_MM_TRANSIT]		= "transit",
	[FIELD_MM_MAX_CIDS]		= "max_cids",
	[FIELD_MM_NR_CPUS_ALLOWED]	= "nr_cpus_allowed",
	[FIELD_MM_IRQ_WORK]		= "irq_work",
	[FIELD_MM_WORK]			= "work",
	[FIELD_TASK_STATE]		= "state",
	[FIELD_TASK_ON_RQ]		= "on_rq",
	[FIELD_TASK_ON_CPU]		= "on_cpu",
	[FIELD_TASK_CPU]		= "cpu",
	[FIELD_TASK_MM]			= "mm",
};

const char *sched_field_name(unsigned int field)
{
	return field < NR_SCHED_FIELDS ? field_names[field] : NULL;
}

/* An event with every field at its "unused" value */

/* ------------------------------------------------------------------ */
/* Parser                                                             */
/* ------------------------------------------------------------------ */

struct token {
	const char *p;
	size_t n;		/* 0: end of line */
};

struct parser {
	const char *name;
	int line;
	const char *p, *end;	/* rest of the line, comment cut off */
	struct schedule *s;
	struct sched_error *err;
	bool have_cpus;
	const char *also;	/* an optional word missed, for the message */
};

/* Tolerate CRLF files: '\r' separates tokens like a space does. */
static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static struct token next_token(struct parser *ps)
{
	struct token t;

	while (ps->p < ps->end && is_sep(*ps->p))
		ps->p++;
	t.p = ps->p;
	while (ps->p < ps->end && !is_sep(*ps->p))
		ps->p++;
	t.n = (size_t)(ps->p - t.p);
	return t;
}

static struct token peek_token(struct parser *ps)
{
	const char *save = ps->p;
	struct token t = next_token(ps);

	ps->p = save;
	return t;
}

static bool tok_is(struct token t, const char *word)
{
	size_t n = strlen(word);

	return t.n == n && !memcmp(t.p, word, n);
}

static bool tok_starts(struct token t, const char *prefix)
{
	size_t n = strlen(prefix);

	return t.n >= n && !memcmp(t.p, prefix, n);
}

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *ps, const char *fmt, ...)
{
	struct sched_error *err = ps->err;
	va_list ap;
	int n;

	if (!err)
		return -1;
	err->line = ps->line;
	n = snprintf(err->msg, sizeof(err->msg), "%s:%d: ", ps->name, ps->line);
	if (n >= 0 && (size_t)n < sizeof(err->msg)) {
		va_start(ap, fmt);
		vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

#define QUOTE_MAX	40

/* The token as the user should see it: short, printable, quoted. */
static void quote_token(struct token t, char *buf, size_t size)
{
	size_t len = 0, i;

	if (!t.n) {
		snprintf(buf, size, "end of line");
		return;
	}
	buf[len++] = '\'';
	for (i = 0; i < t.n && i < QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)t.p[i];

		if (c >= 0x20 && c < 0x7f)
			buf[len++] = (char)c;
		else
			len += (size_t)snprintf(buf + len, size - len,
						"\\x%02x", c);
	}
	if (t.n > QUOTE_MAX)
		len += (size_t)snprintf(buf + len, size - len, "...");
	snprintf(buf + len, size - len, "'");
}

/* "expected <what>, got <token>", <what> printf-style */
__attribute__((format(printf, 3, 4)))
static int expected(struct parser *ps, struct token got, const char *fmt, ...)
{
	char what[128], quoted[QUOTE_MAX * 4 + 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	quote_token(got, quoted, sizeof(quoted));
	return fail(ps, "expected %s, got %s", what, quoted);
}

static int expect_end(struct parser *ps)
{
	struct token t = next_token(ps);

	return t.n ? expected(ps, t, "end of line") : 0;
}

/*
 * Decimal digits only, at most @max. Signs, empty strings and values
 * over @max (which covers any overflow, @max being small) are refused.
 */
static bool parse_num(const char *p, size_t n, unsigned long max,
		      unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(p[i] - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

static int parse_task(struct parser *ps, struct token t, int8_t *out)
{
	unsigned long v;

	if (!tok_starts(t, "T") ||
	    !parse_num(t.p + 1, t.n - 1, SCHED_MAX_TASKS - 1, &v))
		return expected(ps, t, "a task name T0..T%d",
				SCHED_MAX_TASKS - 1);
	*out = (int8_t)v;
	return 0;
}

static int parse_cpu(struct parser *ps, struct token t, int8_t *out)
{
	unsigned long v;

	if (!tok_starts(t, "cpu") ||
	    !parse_num(t.p + 3, t.n - 3, ps->s->nr_cpus - 1, &v))
		return expected(ps, t, "a CPU cpu0..cpu%u", ps->s->nr_cpus - 1);
	*out = (int8_t)v;
	return 0;
}

static bool find_char(const char *p, const char *end, char c,
		      const char **at)
{
	for (; p < end; p++) {
		if (*p == c) {
			*at = p;
			return true;
		}
	}
	*at = end;
	return false;
}

/* One "N" or "N-M" item of a CPU list */
static bool parse_mask_item(const char *p, const char *end,
			    unsigned long max, uint64_t *mask)
{
	unsigned long lo, hi;
	const char *dash;

	if (find_char(p, end, '-', &dash)) {
		if (!parse_num(p, (size_t)(dash - p), max, &lo) ||
		    !parse_num(dash + 1, (size_t)(end - dash - 1), max, &hi) ||
		    lo > hi)
			return false;
	} else {
		if (!parse_num(p, (size_t)(end - p), max, &lo))
			return false;
		hi = lo;
	}
	for (; lo <= hi; lo++)
		*mask |= 1ULL << lo;
	return true;
}

/* "0-2,5": items separated by commas; no empty item, so never empty */
static int parse_mask(struct parser *ps, struct token t, uint64_t *out)
{
	const char *p = t.p, *end = t.p + t.n, *comma;
	uint64_t mask = 0;
	bool more;

	if (!t.n)
		goto bad;
	do {
		more = find_char(p, end, ',', &comma);
		if (!parse_mask_item(p, comma, ps->s->nr_cpus - 1, &mask))
			goto bad;
		p = comma + more;
	} while (more);
	*out = mask;
	return 0;
bad:
	return expected(ps, t, "a CPU list of CPUs 0..%u like 0-2,5",
			ps->s->nr_cpus - 1);
}

static int parse_func(struct parser *ps, struct token t, uint8_t *out)
{
	char name[64];
	int idx = -1;

	/* No traced function has a name this long: no need to copy it. */
	if (t.n && t.n < sizeof(name)) {
		memcpy(name, t.p, t.n);
		name[t.n] = '\0';
		idx = trace_func_lookup(name);
	}
	if (idx < 0)
		return expected(ps, t, "a traced function name");
	*out = (uint8_t)idx;
	return 0;
}

/*
 * [steps N | until enters FUNC [for T]], then the end of the line; @also
 * names what else the event could have had here, for the message
 */
static int parse_run_after(struct parser *ps, struct sched_run *run,
			   const char *also)
{
	struct token t = next_token(ps);
	unsigned long v;

	if (!t.n)
		return 0;
	if (tok_is(t, "steps")) {
		t = next_token(ps);
		if (!parse_num(t.p, t.n, SCHED_MAX_STEPS, &v))
			return expected(ps, t, "a step count 0..%d",
					SCHED_MAX_STEPS);
		run->kind = RUN_STEPS;
		run->steps = (uint16_t)v;
	} else if (tok_is(t, "until")) {
		t = next_token(ps);
		if (!tok_is(t, "enters"))
			return expected(ps, t, "'enters'");
		if (parse_func(ps, next_token(ps), &run->func))
			return -1;
		run->kind = RUN_UNTIL;
		if (tok_is(peek_token(ps), "for")) {
			next_token(ps);
			if (parse_task(ps, next_token(ps), &run->task))
				return -1;
		}
	} else {
		return expected(ps, t,
			"end of line%s or a run limit (steps N, until enters FUNC)",
			also);
	}
	return expect_end(ps);
}

/* ------------------------------------------------------------------ */
/* Operands (event_kinds.h), one parser each                          */
/* ------------------------------------------------------------------ */

static int parse_opd_task(struct parser *ps, struct sched_event *ev)
{
	return parse_task(ps, next_token(ps), &ev->task);
}

static int parse_opd_new_task(struct parser *ps, struct sched_event *ev)
{
	return parse_opd_task(ps, ev);
}

static int parse_opd_child(struct parser *ps, struct sched_event *ev)
{
	return parse_task(ps, next_token(ps), &ev->task2);
}

/* The rest of the line: at least one task */
static int parse_opd_tasks(struct parser *ps, struct sched_event *ev)
{
	struct token t = next_token(ps);

	do {
		if (ev->nr_tasks == SCHED_MAX_TASKS)
			return fail(ps, "too many tasks in threads (max %d)",
				    SCHED_MAX_TASKS);
		if (parse_task(ps, t, &ev->tasks[ev->nr_tasks]))
			return -1;
		ev->nr_tasks++;
		t = next_token(ps);
	} while (t.n);
	return 0;
}

static int parse_opd_cpu(struct parser *ps, struct sched_event *ev)
{
	return parse_cpu(ps, next_token(ps), &ev->cpu);
}

/* An optional "cpuN": anything else is left for what comes next. */
static int parse_opd_opt_cpu(struct parser *ps, struct sched_event *ev)
{
	struct token t = peek_token(ps);

	if (!tok_starts(t, "cpu"))
		return 0;
	return parse_cpu(ps, next_token(ps), &ev->cpu);
}

/* schedule's next task: an optional "idle" or task */
static int parse_opd_next(struct parser *ps, struct sched_event *ev)
{
	struct token t = peek_token(ps);

	if (tok_is(t, "idle")) {
		next_token(ps);
		ev->task2 = SCHED_TASK_IDLE;
	} else if (tok_starts(t, "T")) {
		return parse_task(ps, next_token(ps), &ev->task2);
	}
	return 0;
}

static int parse_opd_mask(struct parser *ps, struct sched_event *ev)
{
	return parse_mask(ps, next_token(ps), &ev->mask);
}

static int parse_opd_fork_kind(struct parser *ps, struct sched_event *ev)
{
	struct token t = peek_token(ps);
	unsigned int k;

	for (k = 0; k < NR_SCHED_FORK_KINDS; k++) {
		if (tok_is(t, fork_kind_names[k])) {
			next_token(ps);
			ev->fork_kind = (uint8_t)k;
			break;
		}
	}
	return 0;
}

/* An optional "fail"; without it the run part's message names it */
static int parse_opd_fail(struct parser *ps, struct sched_event *ev)
{
	if (!tok_is(peek_token(ps), "fail")) {
		ps->also = ", 'fail'";
		return 0;
	}
	next_token(ps);
	ev->fails = true;
	return 0;
}

/* "mmK.FIELD" or "Tn.FIELD": the object before the dot, then the field */
static int parse_field(struct parser *ps, struct token t,
		       struct sched_event *ev)
{
	const char *dot;
	unsigned long v;
	unsigned int f, first, last;
	bool mm = tok_starts(t, "mm");

	if (!find_char(t.p, t.p + t.n, '.', &dot))
		goto bad;
	if (mm) {
		if (!parse_num(t.p + 2, (size_t)(dot - t.p) - 2,
			       SCHED_MAX_MMS - 1, &v))
			goto bad;
		first = FIELD_MM_MODE;
		last = SCHED_FIELD_FIRST_TASK;
	} else {
		if (!tok_starts(t, "T") ||
		    !parse_num(t.p + 1, (size_t)(dot - t.p) - 1,
			       SCHED_MAX_TASKS - 1, &v))
			goto bad;
		first = SCHED_FIELD_FIRST_TASK;
		last = NR_SCHED_FIELDS;
	}
	for (f = first; f < last; f++) {
		struct token name = {
			.p = dot + 1, .n = (size_t)(t.p + t.n - dot - 1),
		};

		if (tok_is(name, field_names[f])) {
			ev->field = (uint8_t)f;
			ev->obj = (int8_t)v;
			return 0;
		}
	}
bad:
	return expected(ps, t, "a field mmK.{mode,percpu,transit,max_cids,"
			"nr_cpus_allowed,irq_work,work} or "
			"Tn.{state,on_rq,on_cpu,cpu,mm}");
}

/* flush's optional FIELD */
static int parse_opd_field(struct parser *ps, struct sched_event *ev)
{
	struct token t = next_token(ps);

	return t.n ? parse_field(ps, t, ev) : 0;
}

static int (*const operand_parsers[NR_SCHED_OPERANDS])(struct parser *,
							struct sched_event *) = {
#define X(OPERAND, name) [OPD_##OPERAND] = parse_opd_##name,
	SCHED_OPERANDS(X)
#undef X
};

/* The operands of its kind, in order, then the run part or the end */
static int parse_event(struct parser *ps, struct sched_event *ev)
{
	const struct sched_kind *kind = &sched_kinds[ev->kind];
	const unsigned char *o;

	ps->also = "";
	for (o = kind->operands; *o != OPD_END; o++)
		if (operand_parsers[*o](ps, ev))
			return -1;
	if (kind->flags & KF_RUN)
		return parse_run_after(ps, &ev->run, ps->also);
	return expect_end(ps);
}

static int parse_cpus(struct parser *ps)
{
	struct token t;
	unsigned long v;

	if (ps->s->nr_events)
		return fail(ps, "cpus must come before the first event");
	if (ps->have_cpus)
		return fail(ps, "cpus given more than once");
	t = next_token(ps);
	if (!parse_num(t.p, t.n, SCHED_MAX_CPUS, &v) || !v)
		return expected(ps, t, "a CPU count 1..%d", SCHED_MAX_CPUS);
	ps->s->nr_cpus = (unsigned int)v;
	ps->have_cpus = true;
	return expect_end(ps);
}

/* "memory weak": store buffers (sim/weak.c); "memory sc", the default */
static int parse_memory(struct parser *ps)
{
	struct token t;

	if (ps->s->nr_events)
		return fail(ps, "memory must come before the first event");
	t = next_token(ps);
	if (tok_is(t, "weak"))
		ps->s->weak = true;
	else if (tok_is(t, "sc"))
		ps->s->weak = false;
	else
		return expected(ps, t, "weak or sc");
	return expect_end(ps);
}

static int parse_line(struct parser *ps)
{
	struct schedule *s = ps->s;
	struct sched_event *ev;
	struct token t = next_token(ps);
	unsigned int k;

	if (!t.n)
		return 0;
	if (tok_is(t, "cpus"))
		return parse_cpus(ps);
	if (tok_is(t, "memory"))
		return parse_memory(ps);
	for (k = 0; k < NR_SCHED_EVENT_KINDS; k++)
		if (tok_is(t, sched_kinds[k].name))
			break;
	if (k == NR_SCHED_EVENT_KINDS)
		return expected(ps, t,
			"an event (threads, process, fork, exit, ...)");
	if (s->nr_events >= SCHED_MAX_EVENTS)
		return fail(ps, "too many events (max %d)", SCHED_MAX_EVENTS);
	ev = &s->ev[s->nr_events];
	*ev = sched_event_blank;
	ev->kind = (uint8_t)k;
	ev->line = ps->line;
	if (parse_event(ps, ev))
		return -1;
	s->nr_events++;
	return 0;
}

/*
 * Cut the next line out of [text + *pos, text + len): ps->p/end cover it
 * up to any '#'. A NUL anywhere in the line, comment included, is an error.
 */
static int next_line(struct parser *ps, const char *text, size_t len,
		     size_t *pos)
{
	const char *p = text + *pos, *end = text + len;
	bool nul = false;

	ps->p = p;
	ps->end = NULL;
	if (ps->line < INT_MAX)
		ps->line++;
	for (; p < end && *p != '\n'; p++) {
		if (!*p)
			nul = true;
		else if (*p == '#' && !ps->end)
			ps->end = p;
	}
	if (!ps->end)
		ps->end = p;
	*pos = (size_t)(p - text) + (p < end);
	return nul ? fail(ps, "unexpected NUL byte") : 0;
}

int sched_parse_text(const char *name, const char *text, size_t len,
		     struct schedule *s, struct sched_error *err)
{
	struct parser ps = {
		.name = name ? name : "<input>",
		.s = s,
		.err = err,
	};
	size_t pos = 0;

	s->nr_cpus = SCHED_DEFAULT_CPUS;
	s->weak = false;
	s->nr_events = 0;
	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	while (pos < len) {
		if (next_line(&ps, text, len, &pos) || parse_line(&ps))
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Printer                                                            */
/* ------------------------------------------------------------------ */

/* snprintf semantics over several calls: len counts what was needed. */
struct out {
	char *buf;
	size_t size, len;
};

static void out_init(struct out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	if (size)
		buf[0] = '\0';
}

__attribute__((format(printf, 2, 3)))
static void out_printf(struct out *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

/* Runs of two or more CPUs as "a-b", single ones as "a" */
static void print_mask(struct out *o, uint64_t mask)
{
	const char *sep = "";
	unsigned int i = 0, j;

	while (i < 64) {
		if (!(mask >> i & 1)) {
			i++;
			continue;
		}
		for (j = i; j + 1 < 64 && (mask >> (j + 1) & 1); j++)
			;
		if (j > i)
			out_printf(o, "%s%u-%u", sep, i, j);
		else
			out_printf(o, "%s%u", sep, i);
		sep = ",";
		i = j + 1;
	}
}

static void print_run(struct out *o, const struct sched_run *run)
{
	const char *func;

	switch (run->kind) {
	case RUN_STEPS:
		out_printf(o, " steps %u", run->steps);
		break;
	case RUN_UNTIL:
		func = trace_func_name(run->func);
		out_printf(o, " until enters %s", func ? func : "?");
		if (run->task != SCHED_TASK_NONE)
			out_printf(o, " for T%d", run->task);
		break;
	}
}

/* Operands (event_kinds.h), one printer each: " " and the operand */

static void print_opd_task(struct out *o, const struct sched_event *ev)
{
	out_printf(o, " T%d", ev->task);
}

static void print_opd_new_task(struct out *o, const struct sched_event *ev)
{
	print_opd_task(o, ev);
}

static void print_opd_child(struct out *o, const struct sched_event *ev)
{
	out_printf(o, " T%d", ev->task2);
}

static void print_opd_tasks(struct out *o, const struct sched_event *ev)
{
	unsigned int i;

	for (i = 0; i < ev->nr_tasks && i < SCHED_MAX_TASKS; i++)
		out_printf(o, " T%d", ev->tasks[i]);
}

static void print_opd_cpu(struct out *o, const struct sched_event *ev)
{
	out_printf(o, " cpu%d", ev->cpu);
}

static void print_opd_opt_cpu(struct out *o, const struct sched_event *ev)
{
	if (ev->cpu >= 0)
		print_opd_cpu(o, ev);
}

static void print_opd_next(struct out *o, const struct sched_event *ev)
{
	if (ev->task2 == SCHED_TASK_IDLE)
		out_printf(o, " idle");
	else if (ev->task2 != SCHED_TASK_NONE)
		out_printf(o, " T%d", ev->task2);
}

static void print_opd_mask(struct out *o, const struct sched_event *ev)
{
	out_printf(o, " ");
	print_mask(o, ev->mask);
}

static void print_opd_fork_kind(struct out *o, const struct sched_event *ev)
{
	if (ev->fork_kind != FORK_THREAD)
		out_printf(o, " %s", sched_fork_kind_name(ev->fork_kind));
}

static void print_opd_fail(struct out *o, const struct sched_event *ev)
{
	if (ev->fails)
		out_printf(o, " fail");
}

static void print_opd_field(struct out *o, const struct sched_event *ev)
{
	if (sched_field_is_mm(ev->field))
		out_printf(o, " mm%d.%s", ev->obj, sched_field_name(ev->field));
	else if (ev->field != FIELD_ALL)
		out_printf(o, " T%d.%s", ev->obj, sched_field_name(ev->field));
}

static void (*const operand_printers[NR_SCHED_OPERANDS])(struct out *,
							 const struct sched_event *) = {
#define X(OPERAND, name) [OPD_##OPERAND] = print_opd_##name,
	SCHED_OPERANDS(X)
#undef X
};

/* An out-of-range kind prints as "?", with nothing after it */
static void print_event(struct out *o, const struct sched_event *ev)
{
	const struct sched_kind *kind;
	const unsigned char *op;

	out_printf(o, "%s", sched_event_kind_name(ev->kind));
	if (ev->kind >= NR_SCHED_EVENT_KINDS)
		return;
	kind = &sched_kinds[ev->kind];
	for (op = kind->operands; *op != OPD_END; op++)
		operand_printers[*op](o, ev);
	if (kind->flags & KF_RUN)
		print_run(o, &ev->run);
}

size_t sched_print_event(const struct sched_event *ev, char *buf, size_t size)
{
	struct out o;

	out_init(&o, buf, size);
	print_event(&o, ev);
	return o.len;
}

size_t sched_print_text(const struct schedule *s, char *buf, size_t size)
{
	struct out o;
	unsigned int i;

	out_init(&o, buf, size);
	out_printf(&o, "cpus %u\n", s->nr_cpus);
	if (s->weak)
		out_printf(&o, "memory weak\n");
	for (i = 0; i < s->nr_events && i < SCHED_MAX_EVENTS; i++) {
		print_event(&o, &s->ev[i]);
		out_printf(&o, "\n");
	}
	return o.len;
}
