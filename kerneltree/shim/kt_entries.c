// SPDX-License-Identifier: GPL-2.0-only
/*
 * Function entries of a kernel tree's mm_cid code as named stop points
 * (--kernel-tree, docs/kernel-tree.md). The tree's unit is compiled with
 * -finstrument-functions, so every function entry, inlined or not,
 * calls __cyg_profile_func_enter() with the function's address; the
 * table extract.py writes (kt_tree_funcs[]) gives its name, and the
 * entry becomes what trace_enter() is in impl/: __prim_trace_enter().
 * Entries of functions not in the table (the shim's and kernel.h's
 * helpers inlined into the unit) are no stop points.
 *
 * The unit includes this file at its end (as kernel/sched/build_policy.c
 * includes its parts): so it is linked whenever the tree's code is, and
 * not glibc's empty __cyg_profile_func_enter(). Its own functions are
 * not instrumented.
 */
void __cyg_profile_func_enter(void *fn, void *site) __kt_noinstr;
void __cyg_profile_func_exit(void *fn, void *site) __kt_noinstr;

/* The name of a function of the tree's code, or NULL */
static const char *__kt_noinstr kt_func_name(const void *fn)
{
	unsigned int i;

	for (i = 0; i < kt_tree_nr_funcs; i++)
		if (kt_tree_funcs[i].fn == fn)
			return kt_tree_funcs[i].name;
	return NULL;
}

void __cyg_profile_func_enter(void *fn, void *site)
{
	const char *name = kt_func_name(fn);

	(void)site;
	if (name)
		__prim_trace_enter(name, NULL);
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
}
