#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Take the mm_cid code out of a kernel tree, for cidfuzz --kernel-tree.

    extract.py --tree DIR --out DIR [--shim DIR] [--prims DIR]

Reads the CONFIG_SCHED_MM_CID sections of DIR's include/linux/rseq_types.h,
kernel/sched/sched.h and kernel/sched/core.c as they are, and writes into
the build folder (--out):

  rseq_types_mmcid.h  the structures (struct mm_mm_cid, ...)
  sched_mmcid.h       the scheduler side (mm_cid_schedin(), ...)
  core_mmcid.c        fork, exit, exec, affinity, the deferred work
  mmcid_tree.c        the unit the build compiles: the shim, the sections,
                      the hooks under the names our scheduler core calls,
                      the table that names function entries for schedules
  apis.txt            every kernel name the sections use, with the line
                      of its first use and who provides it

Each section keeps its kernel file and line numbers (#line), so that a
compiler message points into DIR. The kernel text is never copied into
the project: only into --out.

What cannot be extracted is reported, not guessed, with exit code 2: a
missing file or section, a name the shim lacks (with its file and line),
a hook that is missing or whose signature changed. The hooks and the
names the shim provides are read from the headers themselves (the hooks
from impl/include/mmcid_hooks.h, the APIs from kerneltree/shim/ and the
model's prims.h and kernel.h), so this file holds no list of its own.
"""

import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# The sections: the kernel file, and the file written into --out
SECTIONS = [
    ("include/linux/rseq_types.h", "rseq_types_mmcid.h"),
    ("kernel/sched/sched.h", "sched_mmcid.h"),
    ("kernel/sched/core.c", "core_mmcid.c"),
]

CONFIG = "CONFIG_SCHED_MM_CID"

# The static hooks' new names: prefix + name (KT_TREE_PREFIX of kt_shim.h)
PREFIX = "__kt_tree_"

C_KEYWORDS = set("""
auto break case char const continue default do double else enum extern
float for goto if inline int long register restrict return short signed
sizeof static struct switch typedef union unsigned void volatile while
_Bool _Static_assert bool true false NULL typeof __typeof__ asm __asm__
__attribute__ __builtin_expect __func__ __LINE__ __FILE__
""".split())


# A function's definition or prototype at the start of a line
FUNCTION = (r"^[ \t]*((?:[A-Za-z_]\w*[ \t*]+)+?)\**(\w+)\s*\(([^;{}]*)\)"
            r"\s*(?:__\w+(?:\s*\(\(.*?\)\))?\s*)*[{;]")
STATEMENTS = {"return", "else", "if", "while", "for", "switch", "case",
              "do", "goto", "sizeof"}


class ExtractError(Exception):
    """What cannot be extracted: one message per problem."""

    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = messages


def strip_comments(text):
    """Comments and the insides of literals blanked, newlines kept (so
    that line numbers stay)."""
    def blank(m):
        s = m.group(0)
        if s[0] in "\"'":
            return s[0] + re.sub(r"[^\n]", " ", s[1:-1]) + s[-1]
        return re.sub(r"[^\n]", " ", s)
    pattern = r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    return re.sub(pattern, blank, text, flags=re.S)


def find_sections(path, text):
    """The true branches of the top-level #ifdef CONFIG_SCHED_MM_CID blocks.

    Returns [(first_line, last_line)] (1-based, inclusive) of the code
    between the #ifdef and its #else/#elif/#endif. Top level: outside any
    brace, so an #ifdef inside a function body is not a section.
    """
    lines = strip_comments(text).split("\n")
    sections = []
    stack = []		# one entry per open #if: [is_ours, start, end]
    depth = 0		# braces
    for no, line in enumerate(lines, 1):
        m = re.match(r"\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)",
                     line)
        if m:
            kind, rest = m.group(1), m.group(2).strip()
            if kind in ("ifdef", "ifndef", "if"):
                ours = (kind == "ifdef" and rest == CONFIG) or \
                    (kind == "if" and rest in ("defined(%s)" % CONFIG,
                                               "defined " + CONFIG))
                stack.append([ours and depth == 0, no + 1, None])
            elif not stack:
                raise ExtractError(["%s:%d: #%s without #if" %
                                    (path, no, kind)])
            else:
                top = stack[-1]
                if top[0] and top[2] is None:
                    top[2] = no - 1
                if kind == "endif":
                    stack.pop()
                    if top[0]:
                        sections.append((top[1], top[2]))
            continue
        depth += line.count("{") - line.count("}")
    if stack:
        opened = [s for s in stack if s[0]]
        where = opened[0][1] - 1 if opened else len(lines)
        raise ExtractError(["%s:%d: #ifdef %s is never closed" %
                            (path, where, CONFIG)])
    return sections


def read_tree_file(tree, rel):
    path = os.path.join(tree, rel)
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError as e:
        raise ExtractError(["%s: cannot read it (%s): the mm_cid code is "
                            "taken from there" % (path, e.strerror)])


def identifiers(text):
    """(name, line, before, after) of each identifier of code text."""
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        m = re.match(r"\s*#\s*define\s+\w+(\([^)]*\))?", line)
        if m:
            line = " " * m.end() + line[m.end():]   # the body of a macro
        elif re.match(r"\s*#", line):
            continue
        for m in re.finditer(r"[A-Za-z_]\w*", line):
            before = line[:m.start()].rstrip()
            after = line[m.end():].lstrip()
            out.append((m.group(0), no, before, after))
    return out


def defined_names(text):
    """Names a piece of C defines: macros, functions, structs, typedefs,
    enumerators, and the guard classes of the kernel's cleanup.h style."""
    code = strip_comments(text)
    names = set(re.findall(r"^\s*#\s*define\s+(\w+)", code, flags=re.M))
    names |= set(re.findall(r"\b(?:struct|union|enum)\s+(\w+)\s*\{", code))
    names |= set(re.findall(r"\btypedef\b[^;]*?\b(\w+)\s*;", code))
    names |= set(re.findall(r"\btypedef\s+(?:struct|union|enum)\s*\w*\s*"
                            r"\{[^}]*\}\s*(\w+)\s*;", code))
    names |= set(re.findall(r"\btypedef\b[^;]*?\(\s*\*\s*(\w+)\s*\)", code))
    # functions and prototypes: type words, the name, its parameters,
    # then { or ; (a statement such as "return f(x);" is not one)
    for m in re.finditer(FUNCTION, code, flags=re.M):
        if m.group(1).split()[0] not in STATEMENTS:
            names.add(m.group(2))
    for body in re.findall(r"\benum\b[^{;]*\{([^}]*)\}", code):
        names |= set(re.findall(r"(?:^|,)\s*(\w+)", body))
    return names


def guard_classes(text):
    """The guard classes the shim defines (guard(NAME), scoped_guard(NAME))."""
    return set(re.findall(r"\b(?:DEFINE_GUARD|DEFINE_LOCK_GUARD_1|"
                          r"DEFINE_CLASS)\s*\(\s*(\w+)", strip_comments(text)))


def header_files(paths):
    """The headers of the shim: files as given, folders' *.h."""
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                if name.endswith(".h"):
                    yield os.path.join(p, name)
        else:
            yield p


def read_shim(paths):
    """What the shim provides: names, guard classes, and the hooks."""
    names, guards, hooks = set(), set(), []
    for path in header_files(paths):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        names |= defined_names(text)
        guards |= guard_classes(text)
        hooks += read_hooks(path, text)
    return names, guards, hooks


def read_hooks(path, text):
    """The hook prototypes of a shim header: after a comment
    "hook: FILE", one prototype a line, up to a blank line."""
    hooks, where = [], None
    for no, line in enumerate(text.split("\n"), 1):
        m = re.match(r"\s*/\* hook: (\S+) \*/", line)
        if m:
            where = m.group(1)
            continue
        if not line.strip():
            where = None
            continue
        if where:
            proto = parse_prototype(line)
            if not proto:
                raise ExtractError(["%s:%d: not a hook prototype: %s" %
                                    (path, no, line.strip())])
            hooks.append((where,) + proto)
    return hooks


def parse_prototype(text):
    """(return type, name, [parameter types], parameter text) of
    "type name(params)" with or without a body or ; after it."""
    m = re.match(r"\s*((?:\w+\s+)*?)(?:\s*\*\s*)*(\w+)\s*\(([^)]*)\)",
                 text, flags=re.S)
    if not m:
        return None
    ret = " ".join(w for w in m.group(1).split()
                   if w not in ("static", "inline", "__always_inline",
                                "extern", "noinline"))
    params = [p.strip() for p in m.group(3).split(",")]
    types = [param_type(p) for p in params if p and p != "void"]
    return ret, m.group(2), types, ", ".join(" ".join(p.split())
                                            for p in params)


def param_type(param):
    """A parameter's type: its text without the parameter's name."""
    words = re.sub(r"\*", " * ", param).split()
    if len(words) > 1 and re.match(r"[A-Za-z_]\w*$", words[-1]) and \
       words[-1] not in ("int", "long", "char", "short", "unsigned"):
        words = words[:-1]
    return " ".join(words).replace(" * ", " *").replace("* ", "*")


def function_definitions(code):
    """The functions a piece of C (comments stripped) defines, in order:
    a definition starts outside any brace."""
    names, depth, pos = [], 0, 0
    for m in re.finditer(FUNCTION, code, flags=re.M):
        depth += code.count("{", pos, m.start()) - \
            code.count("}", pos, m.start())
        pos = m.start()
        if depth == 0 and m.group(0).endswith("{") and \
           m.group(1).split()[0] not in STATEMENTS:
            names.append(m.group(2))
    return names


def check_hooks(hooks, found, texts):
    """Every hook is defined in its file's section with its signature."""
    problems = []
    for where, ret, name, types, _ in hooks:
        text = texts.get(where, "")
        m = re.search(r"^[\w \t*]*\b%s\s*\([^)]*\)\s*\{" % re.escape(name),
                      text, flags=re.M)
        path, first = found[where]
        if not m:
            problems.append("%s: the %s section defines no %s(): our "
                            "scheduler core calls it (a hook of "
                            "impl/include/mmcid_hooks.h)" %
                            (path, CONFIG, name))
            continue
        line = first + text.count("\n", 0, m.start())
        got = parse_prototype(m.group(0))
        if got[0] != ret or got[2] != types:
            problems.append("%s:%d: %s() changed its signature: the shim "
                            "calls %s %s(%s), the tree has %s %s(%s)" %
                            (path, line, name, ret, name, ", ".join(types),
                             got[0], name, ", ".join(got[2])))
    return problems


def static_hooks(hooks, texts):
    """The hooks a section defines static: renamed, then wrapped."""
    out = []
    for where, ret, name, types, params in hooks:
        m = re.search(r"^([\w \t*]*)\b%s\s*\(" % re.escape(name),
                      texts.get(where, ""), flags=re.M)
        if m and re.search(r"\bstatic\b", m.group(1)):
            out.append((ret, name, params))
    return out


def uses(text, path, first):
    """The kernel names a section uses: calls, ALL_CAPS constants and
    macros, struct tags, typedef'd types (*_t), __attributes, and the
    guard classes of guard()/scoped_guard(). Locals and fields are not
    names of the kernel's API, so they are left alone."""
    found = {}
    guards = {}
    for name, no, before, after in identifiers(strip_comments(text)):
        if name in C_KEYWORDS or before.endswith((".", "->")):
            continue
        where = (path, first + no - 1)
        if before.endswith(("guard(", "scoped_guard(")):
            guards.setdefault(name, where)
            continue
        if re.search(r"\b(struct|union|enum)$", before) or \
           after.startswith("(") or re.match(r"[A-Z_][A-Z0-9_]+$", name) or \
           name.endswith("_t") or name.startswith("__"):
            found.setdefault(name, where)
    return found, guards


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def section_text(text, spans):
    """The sections' lines, each run behind a #line to its place."""
    lines = text.split("\n")
    return [(first, "\n".join(lines[first - 1:last]) + "\n")
            for first, last in spans]


def extract(tree, out, shim):
    shim_names, shim_guards, hooks = read_shim(shim)
    problems, texts, found, code = [], {}, {}, {}
    for rel, _ in SECTIONS:
        path = os.path.join(tree, rel)
        text = read_tree_file(tree, rel)
        spans = find_sections(path, text)
        if not spans:
            problems.append("%s: no #ifdef %s section at the top level: "
                            "the mm_cid code is not where cidfuzz looks "
                            "for it" % (path, CONFIG))
            continue
        code[rel] = section_text(text, spans)
        # what the checks read: the code without its comments
        texts[rel] = strip_comments("".join(t for _, t in code[rel]))
        found[rel] = (path, spans[0][0])
    if problems:
        raise ExtractError(problems)

    problems += check_hooks(hooks, found, texts)
    tree_names = set()
    for rel in texts:
        tree_names |= defined_names(texts[rel])
    used, used_guards = {}, {}
    for rel, parts in code.items():
        for first, text in parts:
            u, g = uses(text, found[rel][0], first)
            for k, v in u.items():
                used.setdefault(k, v)
            for k, v in g.items():
                used_guards.setdefault(k, v)
    for name, (path, line) in sorted(used.items(), key=lambda x: x[1]):
        if name not in tree_names and name not in shim_names:
            problems.append("%s:%d: %s: a kernel API the shim lacks "
                            "(kerneltree/shim)" % (path, line, name))
    for name, (path, line) in sorted(used_guards.items(),
                                     key=lambda x: x[1]):
        if name not in shim_guards:
            problems.append("%s:%d: guard(%s): a lock guard the shim "
                            "lacks (kerneltree/shim)" % (path, line, name))
    if problems:
        raise ExtractError(problems)

    os.makedirs(out, exist_ok=True)
    for rel, name in SECTIONS:
        body = "".join('#line %d "%s"\n%s' % (first, found[rel][0], t)
                       for first, t in code[rel])
        write(os.path.join(out, name),
              "/* generated by kerneltree/extract.py from %s: do not edit "
              "*/\n%s" % (found[rel][0], body))
    write(os.path.join(out, "mmcid_tree.c"),
          unit(hooks, static_hooks(hooks, texts), texts))
    write(os.path.join(out, "apis.txt"),
          "".join("%s\t%s:%d\t%s\n" %
                  (name, path, line,
                   "tree" if name in tree_names else "shim")
                  for name, (path, line) in sorted(used.items())) +
          "".join("guard(%s)\t%s:%d\tshim\n" % (name, path, line)
                  for name, (path, line) in sorted(used_guards.items())))


def unit(hooks, statics, texts):
    """The compiled unit: shim, sections, hooks, named entries."""
    funcs = []
    for rel in ("kernel/sched/sched.h", "kernel/sched/core.c"):
        funcs += [f for f in function_definitions(texts[rel])
                  if f not in funcs]
    s = ["/* generated by kerneltree/extract.py: do not edit */",
         '#include "kt_shim.h"', ""]
    s += ["#define %s %s%s" % (name, PREFIX, name) for _, name, _ in statics]
    s += ['#include "sched_mmcid.h"', '#include "core_mmcid.c"', ""]
    s += ["#undef %s" % name for _, name, _ in statics]
    for ret, name, params in statics:
        args = ", ".join(re.findall(r"(\w+)\s*$", p)[0]
                         for p in params.split(", ") if p and p != "void")
        call = "%s%s(%s);" % (PREFIX, name, args)
        s += ["%s %s(%s)" % (ret, name, params), "{",
              "\t%s%s" % ("" if ret == "void" else "return ", call), "}"]
    s += ["", "/* The function entries a schedule may stop at */",
          "const struct kt_func kt_tree_funcs[] = {"]
    s += ['\t{ (const void *)%s, "%s" },' %
          ((PREFIX + f) if f in [n for _, n, _ in statics] else f, f)
          for f in funcs]
    s += ["};", "const unsigned int kt_tree_nr_funcs = %d;" % len(funcs), "",
          '#include "kt_entries.c"', ""]
    return "\n".join(s)


def main():
    ap = argparse.ArgumentParser(
        description="Take the mm_cid sections out of a kernel tree.")
    ap.add_argument("--tree", required=True, help="the kernel tree")
    ap.add_argument("--out", required=True, help="the build folder to fill")
    ap.add_argument("--shim", action="append",
                    help="a shim header, or a folder of them (default: "
                    "kerneltree/shim, impl/include/prims.h, kernel.h and "
                    "mmcid_hooks.h)")
    args = ap.parse_args()
    impl = os.path.join(HERE, "..", "impl", "include")
    shim = args.shim or [os.path.join(HERE, "shim"),
                         os.path.join(impl, "prims.h"),
                         os.path.join(impl, "kernel.h"),
                         os.path.join(impl, "mmcid_hooks.h")]
    if not os.path.isdir(args.tree):
        print("kerneltree: %s: not a folder (the kernel tree to take the "
              "mm_cid code from)" % args.tree, file=sys.stderr)
        return 2
    try:
        extract(args.tree, args.out, shim)
    except ExtractError as e:
        for msg in e.messages:
            print("kerneltree: %s" % msg, file=sys.stderr)
        print("kerneltree: %d problem(s): the mm_cid code of %s is not "
              "built" % (len(e.messages), args.tree), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
