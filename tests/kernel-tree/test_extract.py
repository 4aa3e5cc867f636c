#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""kerneltree/extract.py on the test tree (tests/kernel-tree/tree) and on
broken variants of it, one per message of what cannot be extracted: the
exit code, the message, the file and line it names. The good tree: the
sections written with their #line, nothing else of the files taken, the
hooks wrapped, the function entries listed.

    test_extract.py SOURCE_DIR
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
EXTRACT = os.path.join(SRC, "kerneltree", "extract.py")
TREE = os.path.join(SRC, "tests", "kernel-tree", "tree")
CORE = "kernel/sched/core.c"
SCHED = "kernel/sched/sched.h"

failures = []


def check(name, cond, detail=""):
    print("%s %s" % ("ok  " if cond else "FAIL", name))
    if not cond:
        failures.append(name)
        if detail:
            print("  " + detail.replace("\n", "\n  "))


def run(tree, out):
    p = subprocess.run([sys.executable, EXTRACT, "--tree", tree,
                        "--out", out], capture_output=True, text=True)
    return p.returncode, p.stderr


def line_of(path, text, nth=1):
    """The 1-based line of the @nth line of @path that contains @text"""
    with open(path) as f:
        for no, line in enumerate(f, 1):
            if text in line:
                nth -= 1
                if not nth:
                    return no
    raise AssertionError("%s not in %s" % (text, path))


# The core.c section's #ifdef: the second (the first is in a function)
def core_section_line():
    return line_of(os.path.join(TREE, CORE), "#ifdef CONFIG_SCHED_MM_CID\n", 2)


def edit(tree, rel, old, new):
    path = os.path.join(tree, rel)
    with open(path) as f:
        s = f.read()
    assert old in s, "%s not in %s" % (old, rel)
    with open(path, "w") as f:
        f.write(s.replace(old, new, 1))


def remove(tree, rel):
    os.remove(os.path.join(tree, rel))


# One broken variant per message: the edits, then the messages expected
# (regular expressions, each on a line of its own); exit code 2 always.
VARIANTS = [
    ("a missing file is named",
     [(remove, SCHED)],
     [r"variant0/kernel/sched/sched\.h: cannot read it \(No such file"]),
    ("a file without the section is named",
     [(edit, CORE, "#ifdef CONFIG_SCHED_MM_CID\n/*",
       "#ifdef CONFIG_SCHED_MM_CID_GONE\n/*")],
     [r"/kernel/sched/core\.c: no #ifdef CONFIG_SCHED_MM_CID section "
      r"at the top level"]),
    ("a section never closed is named with the line it opens",
     [(edit, CORE, "#endif /* !CONFIG_SCHED_MM_CID */", "")],
     [r"/kernel/sched/core\.c:%d: #ifdef CONFIG_SCHED_MM_CID is never "
      r"closed" % core_section_line()]),
    ("an API the shim lacks is named with its file and line",
     [(edit, SCHED, "cpu_relax();", "cpu_relax_harder();")],
     [r"/kernel/sched/sched\.h:%d: cpu_relax_harder: a kernel API the "
      r"shim lacks" % line_of(os.path.join(TREE, SCHED), "cpu_relax();")]),
    ("a lock guard the shim lacks is named",
     [(edit, CORE, "guard(raw_spinlock)(", "guard(spinlock)(")],
     [r"/kernel/sched/core\.c:%d: guard\(spinlock\): a lock guard the "
      r"shim lacks" % line_of(os.path.join(TREE, CORE),
                              "guard(raw_spinlock)(")]),
    ("a changed hook signature is named with both signatures",
     [(edit, CORE, "void sched_mm_cid_exit(struct task_struct *t)\n",
       "void sched_mm_cid_exit(struct task_struct *t, bool group)\n")],
     [r"/kernel/sched/core\.c:%d: sched_mm_cid_exit\(\) changed its "
      r"signature: the shim calls void sched_mm_cid_exit\(struct "
      r"task_struct \*\), the tree has void sched_mm_cid_exit\(struct "
      r"task_struct \*, bool\)" %
      line_of(os.path.join(TREE, CORE), "void sched_mm_cid_exit(")]),
    ("a missing hook is named",
     [(edit, SCHED, "static inline void mm_cid_switch_to(",
       "static inline void mm_cid_switch_to_cpu(")],
     [r"/kernel/sched/sched\.h: the CONFIG_SCHED_MM_CID section defines "
      r"no mm_cid_switch_to\(\)"]),
    ("every problem is reported, not only the first",
     [(edit, SCHED, "cpu_relax();", "cpu_relax_harder();"),
      (edit, CORE, "static void mm_cid_irq_work(struct irq_work *work)",
       "static void mm_cid_irq_work(struct irq_work *work, int cpu)")],
     [r"cpu_relax_harder: a kernel API the shim lacks",
      r"mm_cid_irq_work\(\) changed its signature",
      r"2 problem\(s\): the mm_cid code of .* is not built"]),
]


def test_variants(tmp):
    for i, (name, edits, expected) in enumerate(VARIANTS):
        tree = os.path.join(tmp, "variant%d" % i)
        shutil.copytree(TREE, tree)
        for fn, *args in edits:
            fn(tree, *args)
        out = os.path.join(tmp, "out%d" % i)
        rc, err = run(tree, out)
        missing = [r for r in expected
                   if not re.search(r"^kerneltree: .*" + r, err, re.M)]
        check(name, rc == 2 and not missing and
              not os.path.exists(os.path.join(out, "mmcid_tree.c")),
              "exit %d, messages:\n%s\nnot matched: %s" % (rc, err, missing))


def read(path):
    with open(path) as f:
        return f.read()


def test_good_tree(tmp):
    out = os.path.join(tmp, "good")
    rc, err = run(TREE, out)
    check("the test tree extracts with exit 0 and no message",
          rc == 0 and err == "", "exit %d: %s" % (rc, err))
    if rc:
        return
    core = read(os.path.join(out, "core_mmcid.c"))
    first = core_section_line()
    check("a section starts with a #line to the line after its #ifdef",
          '#line %d "%s"' % (first + 1, os.path.join(TREE, CORE)) in core,
          core[:300])
    check("the #else branch and the code outside the sections stay out",
          "static inline void sched_mm_cid_fork(struct task_struct *t) { }"
          not in core and "test_tree_not_ours" not in core and
          "#endif" not in core, core[-300:])
    rseq = read(os.path.join(out, "rseq_types_mmcid.h"))
    check("another configuration's block of the same file stays out",
          "rseq_test_area" not in rseq and "struct mm_mm_cid {" in rseq)
    unit = read(os.path.join(out, "mmcid_tree.c"))
    check("a static hook is renamed and wrapped under its own name",
          "#define sched_mm_cid_fork __kt_tree_sched_mm_cid_fork" in unit and
          "void sched_mm_cid_fork(struct task_struct *t)\n{\n"
          "\t__kt_tree_sched_mm_cid_fork(t);\n}" in unit, unit)
    check("a hook the tree exports is not wrapped",
          "__kt_tree_sched_mm_cid_exit" not in unit)
    check("every function the sections define is a named entry",
          all('"%s" }' % f in unit for f in
              ("mm_get_cid", "mm_drop_cid", "mm_cid_switch_to",
               "mm_cid_add_user", "mm_cid_work_fn", "mm_init_cid")) and
          '"if" }' not in unit and '"scoped_guard" }' not in unit and
          '"hlist_for_each_entry" }' not in unit, unit)
    apis = read(os.path.join(out, "apis.txt"))
    check("the API list names each use with its first line and provider",
          re.search(r"^guard\(task_rq_lock\)\t.*core\.c:\d+\tshim$", apis,
                    re.M) is not None and
          re.search(r"^per_cpu_ptr\t.*core\.c:\d+\tshim$", apis, re.M)
          is not None and
          re.search(r"^mm_get_cid\t.*sched\.h:\d+\ttree$", apis, re.M)
          is not None, apis)


def test_not_a_folder(tmp):
    rc, err = run(os.path.join(tmp, "nowhere"), os.path.join(tmp, "o"))
    check("a tree that is not a folder is named, exit 2",
          rc == 2 and "nowhere: not a folder" in err, err)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_good_tree(tmp)
        test_variants(tmp)
        test_not_a_folder(tmp)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
