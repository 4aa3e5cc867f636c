/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Coroutines for kernel paths: a path runs on its own stack and switches
 * back to the simulator at a primitive where the simulator must decide
 * what runs next (within an event's run it goes on by itself: paths.c,
 * sim_path_chain()). On x86-64 a minimal register-saving switch; elsewhere
 * ucontext as the portable fallback. AddressSanitizer and ThreadSanitizer are told about every
 * switch (fiber annotations), so they follow the paths' stacks.
 */
#ifndef CIDFUZZ_CORO_H
#define CIDFUZZ_CORO_H

#include <stddef.h>

struct coro {
	void *sp;		/* saved stack pointer (x86-64 switch) */
	void *ctx;		/* ucontext_t * (fallback) */
	void *stack;
	size_t stack_size;
	void (*fn)(void *);
	void *arg;
	void *asan_fake_stack;
	const void *asan_from_bottom;
	size_t asan_from_size;
	void *tsan_fiber;
	struct coro *main;	/* where it goes when fn returns */
	int dead;
};

/* The simulator's own context; call once before sim_coro_switch(). */
void sim_coro_init_main(struct coro *main);
/*
 * Prepare @co to run fn(arg) on @stack; it starts at the first switch
 * and, when fn returns, goes back to @main (each simulator has its own).
 */
void sim_coro_init(struct coro *co, struct coro *main, void *stack, size_t size,
		   void (*fn)(void *), void *arg);
/* Save the running context in @from and run @to. */
void sim_coro_switch(struct coro *from, struct coro *to);
/* Release the back-end resources of a coroutine (not its stack). */
void sim_coro_destroy(struct coro *co);

#endif
