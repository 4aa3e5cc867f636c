// SPDX-License-Identifier: GPL-2.0-only
/* The trace so far when cidfuzz dies of a signal (crash_note.h). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash_note.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CRASH_NOTE_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CRASH_NOTE_OFF 1
#endif
#endif

static const struct strbuf *armed;

static void say(const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, s, len);

		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void fatal(int sig)
{
	static const char note[] =
		"CIDFUZZ ITSELF CRASHED here (a signal in the model or the "
		"simulator: a defect of cidfuzz, or an access the kernel "
		"would oops on); the trace above is everything up to it\n";

	if (armed && armed->buf)
		say(armed->buf, armed->len);
	say(note, sizeof(note) - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

void crash_note_arm(const struct strbuf *trace)
{
#ifndef CRASH_NOTE_OFF
	static char altstack[1 << 16];
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;
	unsigned int i;

	armed = trace;
	/* the model runs on coroutine stacks: handle on a stack of our own */
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fatal;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
#else
	(void)trace;
	(void)armed;
	(void)fatal;
#endif
}
