#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check the pictures of one replay (cidfuzz replay --svg, --html) by their
structure, not their pixels: the SVG is well-formed XML and has the legend,
a lane per CPU, a CID band per CPU slot and task word, a lane per mm
(mode, counts, pool), an event marker per event run with its .sched line,
the violation marker with the file's "# expect:" invariant, an arrow for
every lock wait to the lane that holds the lock (which holds it there),
the wait-for arrows of a livelock, the store buffers of a weak run with
the set-up's traffic folded; the HTML page is
well-formed, holds the same SVG, a step slider and the states as JSON,
and fetches nothing.

    check_picture.py FILE.sched OUT.svg OUT.html [--clean]

--clean: the run was clean (the bug off): no violation, no arrows.
Prints what is wrong and exits 1; python3 alone, no packages.
"""
import html.parser
import json
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
errors = []


def fail(msg):
    errors.append(msg)


def classes(el):
    return (el.get("class") or "").split()


def find_class(root, cls, tag="g"):
    return [e for e in root.iter(NS + tag) if cls in classes(e)]


def by_id(root, ident):
    for e in root.iter():
        if e.get("id") == ident:
            return e
    return None


def texts(el):
    return ["".join(t.itertext()) for t in el.iter(NS + "text")]


SETUP = ("threads", "process")  # events that only build the machine


def read_sched(path):
    """cpus, weak, expected invariant, the lines that hold events, tasks,
    the first event after the set-up (its line)"""
    cpus, weak, expect, lines, tasks, story = 1, False, None, [], set(), None
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        m = re.match(r"#\s*expect:\s*(\S+)", raw)
        if m:
            expect = m.group(1)
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word = line.split()[0]
        if word == "cpus":
            cpus = int(line.split()[1])
        elif word == "memory":
            weak = line.split()[1] == "weak"
        else:
            lines.append(n)
            tasks.update(re.findall(r"\bT(\d+)\b", line))
            if story is None and word not in SETUP:
                story = n
    return cpus, weak, expect, lines, tasks, story


def check_svg(root, sched, clean):
    cpus, weak, expect, event_lines, tasks, story = sched

    legend = by_id(root, "legend")
    if legend is None:
        fail("no legend (id legend)")
    else:
        words = " ".join(texts(legend))
        for w in ("user space", "__schedule", "fork", "holds locks", "waits for a lock",
                  "CID 0", "ONCPU", "TRANSIT", "UNSET", "per-task mode",
                  "per-CPU mode", "users", "max_cids", "pcpu_thrs", ".sched line",
                  "violation", "folded", "waits for (to the holder)"):
            if w not in words:
                fail("legend: no '%s'" % w)

    lanes = find_class(root, "cpu-lane")
    if len(lanes) != cpus:
        fail("%d CPU lanes (class cpu-lane), the schedule has %d CPUs" % (len(lanes), cpus))
    for cpu in range(cpus):
        lane = by_id(root, "cpu-lane-%d" % cpu)
        if lane is None:
            fail("no lane cpu-lane-%d" % cpu)
            continue
        if "cpu%d" % cpu not in texts(lane):
            fail("cpu-lane-%d: no name" % cpu)
        if not find_class(lane, "path", "rect"):
            fail("cpu-lane-%d: nothing runs (rect.path)" % cpu)
        # the names of paths above the bar must not run into each other
        # (9px monospace: 5.6px a character, as svg.c counts)
        above = sorted((float(t.get("x")), len("".join(t.itertext())))
                       for t in find_class(lane, "pa", "text"))
        for (x0, n0), (x1, _) in zip(above, above[1:]):
            if x0 + 5.6 * n0 > x1:
                fail("cpu-lane-%d: labels overlap at x=%g" % (cpu, x1))
        slot = by_id(root, "slot-cpu%d-mm0" % cpu)
        if slot is None or "cid-band" not in classes(slot):
            fail("cpu%d: no CID slot band of mm0 (slot-cpu%d-mm0.cid-band)" % (cpu, cpu))
        elif not (find_class(slot, "cid", "rect") or find_class(slot, "cid-unset", "rect")):
            fail("slot-cpu%d-mm0: empty" % cpu)
        if weak:
            buf = by_id(root, "buffer-cpu%d" % cpu)
            if buf is None or "weak-buffer" not in classes(buf):
                fail("weak run: no store buffer band for cpu%d" % cpu)
    if not find_class(root, "lock-hold", "rect"):
        fail("no lock held anywhere (rect.lock-hold)")
    if not find_class(root, "tick", "rect"):
        fail("no step ticks (rect.tick)")

    for t in sorted(tasks, key=int):
        band = by_id(root, "task-T%s" % t)
        if band is None or "cid-band" not in classes(band):
            fail("T%s: no CID word band (task-T%s.cid-band)" % (t, t))
            continue
        labels = [x for x in texts(band) if re.match(r"^(\d+|UNSET)", x)]
        if not labels:
            fail("task-T%s: no CID labelled" % t)

    mm = by_id(root, "mm-lane-0")
    if mm is None or "mm-lane" not in classes(mm):
        fail("no lane for mm0 (mm-lane-0.mm-lane)")
    else:
        if not find_class(mm, "mode", "rect"):
            fail("mm0: no mode band (rect.mode)")
        for part in ("mm-mode-0", "mm-counts-0", "mm-pool-0"):
            if by_id(mm, part) is None:
                fail("mm0: no %s" % part)
        counts = by_id(mm, "mm-counts-0")
        if counts is not None:
            for cls in ("users", "max-cids", "thrs"):
                g = find_class(counts, cls)
                if not g or not list(g[0].iter(NS + "path")):
                    fail("mm0: no %s line" % cls)

    markers = find_class(root, "event-marker")
    lines = [int(m.get("data-line")) for m in markers if m.get("data-line")]
    if not lines:
        fail("no event markers with a line number (g.event-marker[data-line])")
    if lines != sorted(lines):
        fail("event markers out of order: %s" % lines)
    for n in lines:
        if n not in event_lines:
            fail("event marker for line %d, which holds no event" % n)
    if event_lines and event_lines[0] not in lines:
        fail("no marker for the first event (line %d)" % event_lines[0])
    for m in markers:
        if m.get("data-line") and "L%s" % m.get("data-line") not in texts(m):
            fail("event marker %s: line number not shown" % m.get("id"))

    v = by_id(root, "violation")
    if clean:
        if v is not None:
            fail("clean run with a violation marker")
    elif v is None:
        fail("no violation marker (id violation)")
    else:
        if v.get("data-invariant") != expect:
            fail("violation marker says %s, the file expects %s" % (v.get("data-invariant"), expect))
        if not find_class(v, "vline", "path"):
            fail("violation marker: no line")
        if not any(expect in t for t in texts(v)):
            fail("violation marker: invariant not written")

    check_wait_arrows(root, cpus)
    if not clean and expect == "I4" and not find_class(root, "wait-arrow"):
        fail("livelock: no lock wait drawn where it happens (g.wait-arrow)")

    arrows = find_class(root, "wait-for")
    livelock = not clean and expect == "I4"
    if livelock:
        if len(arrows) < 2:
            fail("livelock: %d wait-for arrows (g.wait-for), want the cycle" % len(arrows))
        if not any(a.get("data-holder", "").startswith("cpu") and
                   a.get("data-holder") != a.get("data-waiter") for a in arrows):
            fail("livelock: no arrow from a lock waiter to the lock's holder")
        for a in arrows:
            if not find_class(a, "arrow", "path"):
                fail("wait-for %s: no arrow" % a.get("data-waiter"))
    elif arrows:
        fail("wait-for arrows without a livelock")

    if weak:
        check_setup_fold(root, story)
    if weak and not find_class(root, "buffered", "rect"):
        fail("weak run: no buffered store drawn (rect.buffered)")
    if weak and not find_class(root, "weak-flush", "path"):
        fail("weak run: no flush drawn (path.weak-flush)")
    if not find_class(root, "fold"):
        fail("nothing folded (g.fold)")


def arrow_start(g):
    """x, y where a wait arrow starts (its path's M)"""
    p = find_class(g, "arrow", "path")
    m = re.match(r"M(\d+) (\d+)", p[0].get("d", "")) if p else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def check_wait_arrows(root, cpus):
    """Every lock wait: an arrow from its lane to the lane of the path that
    holds the lock, which holds it (a lock bar naming it) at that step"""
    arrows = find_class(root, "wait-arrow")
    for cpu in range(cpus):
        lane = by_id(root, "cpu-lane-%d" % cpu)
        if lane is None:
            continue
        for r in find_class(lane, "lock-wait", "rect"):
            title = "".join(r.itertext())
            m = re.search(r"held on cpu(\d+)", title)
            if not m or m.group(1) == str(cpu):
                continue
            x = float(r.get("x")) - 1  # the frame is 1px inside the bar
            if not any(a.get("data-waiter") == "cpu%d" % cpu and
                       a.get("data-holder") == "cpu" + m.group(1) and
                       arrow_start(a) and abs(arrow_start(a)[0] - 2 - x) < 1
                       for a in arrows):
                fail("cpu%d: a lock wait at x=%g (%s) without its arrow (g.wait-arrow)" %
                     (cpu, x, title))
    for a in arrows:
        waiter, holder, lock = a.get("data-waiter"), a.get("data-holder"), a.get("data-lock")
        start = arrow_start(a)
        if not lock or not holder or holder == waiter or start is None:
            fail("wait-arrow %s -> %s: no lock, holder or arrow" % (waiter, holder))
            continue
        locks = by_id(root, "locks-" + holder)
        x = start[0] - 2
        held = [r for r in (find_class(locks, "lock-hold", "rect") if locks is not None else [])
                if float(r.get("x")) <= x < float(r.get("x")) + float(r.get("width"))]
        if not any(re.search(r"holds .*\b%s\b" % re.escape(lock), "".join(r.itertext()))
                   for r in held):
            fail("wait-arrow %s -> %s: %s holds no %s at x=%d" % (waiter, holder, holder,
                                                                   lock, x))
        if lock not in texts(a):
            fail("wait-arrow %s -> %s: the lock is not written" % (waiter, holder))


def check_setup_fold(root, story):
    """Weak memory: the set-up's store buffer traffic folded, marked, and
    no buffered store nor flush drawn before the first event after it"""
    folds = find_class(root, "setup-fold")
    if not folds or not all(f.get("data-flushed") for f in folds):
        fail("weak run: the set-up's buffer traffic not folded (g.fold.setup-fold[data-flushed])")
    if not find_class(root, "buffer-fold", "rect"):
        fail("weak run: no mark of the set-up's folded stores (rect.buffer-fold)")
    marker = [m for m in find_class(root, "event-marker") if m.get("data-line") == str(story)]
    tag = find_class(marker[0], "event-tag", "rect") if marker else []
    if not tag:
        fail("weak run: no marker for the first event after the set-up (line %s)" % story)
        return
    x0 = float(tag[0].get("x"))
    for buf in find_class(root, "weak-buffer"):
        for r in find_class(buf, "buffered", "rect"):
            if float(r.get("x")) < x0:
                fail("weak run: %s: a buffered store drawn in the set-up, at x=%s" %
                     (buf.get("id"), r.get("x")))
                break
        for p in find_class(buf, "weak-flush", "path"):
            m = re.match(r"M(\d+)", p.get("d", ""))
            if m and float(m.group(1)) < x0:
                fail("weak run: %s: a flush drawn in the set-up, at x=%s" %
                     (buf.get("id"), m.group(1)))
                break


class Page(html.parser.HTMLParser):
    VOID = {"meta", "input", "br", "img", "link", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.refs, self.scripts = [], {}, [], []
        self._in_script = None

    def _note(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] = (tag, a)
        self.refs.extend(a[k] for k in ("src", "href") if k in a)
        return a

    def handle_starttag(self, tag, attrs):
        a = self._note(tag, attrs)
        if tag == "script":
            self._in_script = a
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._note(tag, attrs)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            fail("html: </%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts.append((self._in_script, data))


def check_html(text, svg_text):
    if not text.startswith("<!DOCTYPE html>"):
        fail("html: no doctype")
    page = Page()
    page.feed(text)
    page.close()
    if page.stack:
        fail("html: unclosed %s" % page.stack)
    slider = page.ids.get("slider")
    if not slider or slider[0] != "input" or slider[1].get("type") != "range":
        fail("html: no step slider (input#slider type=range)")
    if "state" not in page.ids:
        fail("html: no state panel (#state)")
    for ref in page.refs:
        if not ref.startswith("#") and not ref.startswith("url(#"):
            fail("html: fetches %s" % ref)
    if re.search(r"https?://(?!www\.w3\.org/2000/svg)", text):
        fail("html: an address other than the SVG namespace")
    for attrs, _ in page.scripts:
        if "src" in attrs:
            fail("html: an external script")
    data = [d for a, d in page.scripts if a.get("id") == "cidfuzz-data"]
    if not data:
        fail("html: no data (script#cidfuzz-data)")
    else:
        d = json.loads(data[0])
        if not d["frames"] or not d["states"]:
            fail("html: no frames or states in the data")
        for f in d["frames"]:
            if f[1] >= len(d["states"]):
                fail("html: a frame points past the states")
                break
    if not any(a.get("id") != "cidfuzz-data" and "addEventListener" in s
               for a, s in page.scripts):
        fail("html: no inline script for the slider")
    m = re.search(r"<svg .*?</svg>\n", text, re.S)
    if not m:
        fail("html: no inline svg")
    elif m.group(0) != svg_text:
        fail("html: its svg differs from the --svg one")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    clean = "--clean" in sys.argv
    if len(args) != 3:
        print(__doc__)
        return 2
    sched = read_sched(args[0])
    svg_text = open(args[1], encoding="utf-8").read()
    try:
        root = ET.fromstring(svg_text)
    except ET.ParseError as e:
        fail("svg: not well-formed XML: %s" % e)
        root = None
    if root is not None:
        if root.tag != NS + "svg":
            fail("svg: root is %s" % root.tag)
        check_svg(root, sched, clean)
    check_html(open(args[2], encoding="utf-8").read(), svg_text)
    for e in errors:
        print("%s: %s" % (args[0], e))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
