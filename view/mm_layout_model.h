/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model's layout (impl/include/mmcid.h), for mm_layout.h: the
 * per-CPU slots an array in struct mm_mm_cid, the CID bitmap in it too,
 * the mode one word, or under the bug switch split-mode-fields the two
 * fields it replaced (percpu, transit: before 47ee94efccf6).
 */
#ifndef CIDFUZZ_MM_LAYOUT_MODEL_H
#define CIDFUZZ_MM_LAYOUT_MODEL_H

#define mm_layout_pcpu(mm, cpu) (&(mm)->mm_cid.pcpu[cpu])
#define mm_layout_cidmask(mm) ((mm)->mm_cid.cidmask)

static inline unsigned int mm_layout_mode(const struct mm_struct *mm)
{
	const struct mm_mm_cid *mc = &mm->mm_cid;

	if (cid_bug(BUG_SPLIT_MODE_FIELDS))
		return (mc->percpu ? MM_CID_ONCPU : 0) | mc->transit;
	return mc->mode;
}

static inline unsigned int *mm_layout_split_mode(struct mm_struct *mm,
						 bool transit)
{
	return transit ? &mm->mm_cid.transit : &mm->mm_cid.percpu;
}

#endif
