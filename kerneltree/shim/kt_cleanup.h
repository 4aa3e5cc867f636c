/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guard() and scoped_guard() (include/linux/cleanup.h) for the locks the
 * mm_cid code takes: a lock taken where the guard is declared and
 * released, through the compiler's cleanup attribute, wherever its scope
 * is left (the end of the block, a return, a break). The locking itself
 * is prims.h's and kernel.h's, so each lock and unlock stays a
 * scheduling point of the simulator.
 *
 * DEFINE_LOCK_GUARD_1(name, type, _lock, _unlock, extra members) as in
 * the kernel: the guard holds the lock pointer (_T->lock) and the extra
 * members (task_rq_lock keeps the rq it locked).
 */
#ifndef CIDFUZZ_KT_CLEANUP_H
#define CIDFUZZ_KT_CLEANUP_H

#define __KT_PASTE2(a, b) a##b
#define __KT_PASTE(a, b) __KT_PASTE2(a, b)
#define __KT_UNIQUE(prefix) __KT_PASTE(prefix, __COUNTER__)

#define DEFINE_LOCK_GUARD_1(name, type, _lock, _unlock, ...)       \
	typedef struct {                                           \
		type *lock;                                        \
		__VA_ARGS__;                                       \
	} class_##name##_t;                                        \
	static inline void __kt_noinstr class_##name##_destructor( \
		class_##name##_t *_T)                              \
	{                                                          \
		if (_T->lock) {                                    \
			_unlock;                                   \
		}                                                  \
	}                                                          \
	static inline class_##name##_t __kt_noinstr                \
		class_##name##_constructor(type *l)                \
	{                                                          \
		class_##name##_t _t = { .lock = l }, *_T = &_t;    \
		_lock;                                             \
		return _t;                                         \
	}

#define __KT_GUARD_VAR(name, var)                             \
	class_##name##_t var __attribute__((unused))          \
	__attribute__((cleanup(class_##name##_destructor))) = \
		class_##name##_constructor

#define guard(name) __KT_GUARD_VAR(name, __KT_UNIQUE(__guard_))

/*
 * The body runs once with the lock held: the loop's step jumps to a
 * label that breaks out, and leaving the loop releases the guard.
 */
#define __kt_scoped_guard(name, var, label, ...)                         \
	for (__KT_GUARD_VAR(name, var)(__VA_ARGS__);; ({ goto label; })) \
		if (0) {                                                 \
label:                                                                   \
			break;                                           \
		} else
#define scoped_guard(name, ...)                        \
	__kt_scoped_guard(name, __KT_UNIQUE(__scope_), \
			  __KT_UNIQUE(__scope_done_), __VA_ARGS__)

DEFINE_LOCK_GUARD_1(raw_spinlock, raw_spinlock_t, raw_spin_lock(_T->lock),
		    raw_spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(raw_spinlock_irq, raw_spinlock_t,
		    raw_spin_lock_irq(_T->lock), raw_spin_unlock_irq(_T->lock))
DEFINE_LOCK_GUARD_1(mutex, struct mutex, mutex_lock(_T->lock),
		    mutex_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(rq_lock_irq, struct rq, rq_lock_irq(_T->lock),
		    rq_unlock_irq(_T->lock))
DEFINE_LOCK_GUARD_1(task_rq_lock, struct task_struct,
		    _T->rq = task_rq_lock(_T->lock),
		    task_rq_unlock(_T->rq, _T->lock), struct rq *rq)

#endif
