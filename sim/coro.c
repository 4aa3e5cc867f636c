// SPDX-License-Identifier: GPL-2.0-only
/*
 * Coroutine switch for the simulator's kernel paths (see coro.h).
 *
 * x86-64: sim_coro_swap() pushes the callee-saved registers, swaps
 * the stack pointer and pops the other side's; a new coroutine's stack is
 * laid out so that the first swap "returns" into sim_coro_entry, which
 * calls coro_trampoline(co). glibc's swapcontext makes a sigprocmask
 * system call per switch (~330 ns); this is ~10 ns. Other architectures
 * (or -DCIDFUZZ_CORO_UCONTEXT) use ucontext.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coro.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORO_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define CORO_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CORO_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define CORO_TSAN 1
#endif

#ifdef CORO_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef CORO_TSAN
#include <sanitizer/tsan_interface.h>
#endif

#if defined(__x86_64__) && !defined(CIDFUZZ_CORO_UCONTEXT)
#define CORO_X86_64 1
#else
#include <ucontext.h>
#endif

static void coro_trampoline(struct coro *co) __attribute__((noreturn, used));

#ifdef CORO_X86_64
void sim_coro_swap(void **save_sp, void *new_sp);
void sim_coro_entry(void);

__asm__(".text\n"
	".globl sim_coro_swap\n"
	".type sim_coro_swap, @function\n"
	"sim_coro_swap:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size sim_coro_swap, .-sim_coro_swap\n"
	".globl sim_coro_entry\n"
	".type sim_coro_entry, @function\n"
	"sim_coro_entry:\n"
	"	movq %r13, %rdi\n"
	"	callq *%r12\n"
	"	ud2\n"
	".size sim_coro_entry, .-sim_coro_entry\n"
	".section .note.GNU-stack,\"\",@progbits\n"
	".text\n");
#else
static void coro_uc_entry(unsigned int hi, unsigned int lo)
{
	uintptr_t p = ((uintptr_t)hi << 32) | (uintptr_t)lo;

	coro_trampoline((struct coro *)p);
}
#endif

void sim_coro_init_main(struct coro *main)
{
	memset(main, 0, sizeof(*main));
#ifndef CORO_X86_64
	main->ctx = calloc(1, sizeof(ucontext_t));
#endif
#ifdef CORO_TSAN
	main->tsan_fiber = __tsan_get_current_fiber();
#endif
}

void sim_coro_init(struct coro *co, struct coro *main, void *stack, size_t size,
		   void (*fn)(void *), void *arg)
{
	void *ctx = co->ctx;
	void *fiber = co->tsan_fiber;

	memset(co, 0, sizeof(*co));
	co->stack = stack;
	co->stack_size = size;
	co->fn = fn;
	co->arg = arg;
	co->main = main;
#ifdef CORO_ASAN
	/* An abandoned path may have left poisoned frames on this stack */
	__asan_unpoison_memory_region(stack, size);
#endif
#ifdef CORO_TSAN
	if (fiber)
		__tsan_destroy_fiber(fiber);
	fiber = __tsan_create_fiber(0);
#endif
	co->tsan_fiber = fiber;
#ifdef CORO_X86_64
	(void)ctx;
	{
		uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
		uintptr_t *sp = (uintptr_t *)top - 9;

		sp[0] = 0;				/* r15 */
		sp[1] = 0;				/* r14 */
		sp[2] = (uintptr_t)co;			/* r13: argument */
		sp[3] = (uintptr_t)coro_trampoline;	/* r12: target */
		sp[4] = 0;				/* rbx */
		sp[5] = 0;				/* rbp */
		sp[6] = (uintptr_t)sim_coro_entry;	/* ret */
		sp[7] = 0;
		sp[8] = 0;
		co->sp = sp;
	}
#else
	if (!ctx)
		ctx = calloc(1, sizeof(ucontext_t));
	co->ctx = ctx;
	{
		ucontext_t *uc = ctx;
		uintptr_t p = (uintptr_t)co;

		getcontext(uc);
		uc->uc_stack.ss_sp = stack;
		uc->uc_stack.ss_size = size;
		uc->uc_link = NULL;
		makecontext(uc, (void (*)(void))coro_uc_entry, 2,
			    (unsigned int)(p >> 32), (unsigned int)p);
	}
#endif
}

static inline void coro_raw_switch(struct coro *from, struct coro *to)
{
#ifdef CORO_TSAN
	__tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
#ifdef CORO_X86_64
	sim_coro_swap(&from->sp, to->sp);
#else
	swapcontext(from->ctx, to->ctx);
#endif
}

void sim_coro_switch(struct coro *from, struct coro *to)
{
#ifdef CORO_ASAN
	__sanitizer_start_switch_fiber(&from->asan_fake_stack, to->stack,
				       to->stack_size);
#endif
	coro_raw_switch(from, to);
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(from->asan_fake_stack, NULL, NULL);
#endif
}

/* Leave the running coroutine for good (its fn has returned) */
static void __attribute__((noreturn)) coro_exit(struct coro *from, struct coro *to)
{
	from->dead = 1;
#ifdef CORO_ASAN
	__sanitizer_start_switch_fiber(NULL, to->stack, to->stack_size);
#endif
	coro_raw_switch(from, to);
	abort();
}

static void coro_trampoline(struct coro *co)
{
#ifdef CORO_ASAN
	const void *bottom;
	size_t size;

	__sanitizer_finish_switch_fiber(NULL, &bottom, &size);
	/* Learn the main stack's bounds for switches back to it */
	co->main->stack = (void *)(uintptr_t)bottom;
	co->main->stack_size = size;
#endif
	co->fn(co->arg);
	coro_exit(co, co->main);
}

void sim_coro_destroy(struct coro *co)
{
	(void)co;
#ifdef CORO_TSAN
	if (co->tsan_fiber && co->main)
		__tsan_destroy_fiber(co->tsan_fiber);
	co->tsan_fiber = NULL;
#endif
#ifndef CORO_X86_64
	free(co->ctx);
	co->ctx = NULL;
#endif
}
