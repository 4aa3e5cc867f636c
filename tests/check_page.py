#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The replay page (cidfuzz replay --html) in a real browser, offline: for
every reproducer in crashes/, headless Chromium opens the page at two
steps (file://PAGE#step=N, --dump-dom) and the state panel its script
wrote must say what the replay's own trace (--trace) says of the CID
words of every task, the CID slots of every CPU, the pool and the mode
after that step. The two steps are the one before the first mode change
and the last one; what the trace says changed between them must have
changed in the panels. The browser runs behind a proxy that goes nowhere, and its
network log must show no request made by the page (a page that loads an
image from an address is run first, to show that such a request would
be seen).

The mode is compared by its owner (per-task or per-CPU), not its TRANSIT
bit: the trace prints the writers' copy of the mode (mc->mode), which
before 47ee94efccf6 (split-mode-fields) is not what readers load; the
page shows what readers load.

    check_page.py CIDFUZZ SRCDIR

Needs chromium (Debian's package; scripts/setup.sh installs it). Without
it: exit 77 (skipped), or 1 with CIDFUZZ_NO_SKIP=1 (CI).
"""
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

errors = []

STEP = re.compile(r"^\s*(\d+) +cpu\d+ ")
CHANGE = re.compile(r"^\s+(T\d+\.cid|mm\d+\.mode|mm\d+\.cidmask|mm\d+\.pcpu\[\d+\]) (\S+) -> (\S+)$")


def fail(msg):
    errors.append(msg)


def mask_set(text):
    """{0-2,5} or {0,1,2,5} or {none} or {} as a set of CIDs"""
    out = set()
    for part in text.strip("{}").split(","):
        if part in ("", "none"):
            continue
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return frozenset(out)


def norm(key, value):
    """A value as both sides can be compared"""
    if key.endswith(".cidmask"):
        return mask_set(value)
    if key.endswith(".mode"):
        # per-task / per-cpu, with or without |TRANSIT: the owner only
        return value.lower().split("|")[0]
    bits = frozenset(value.split("|"))
    # no CID: the trace prints the number bits too ("0|TRANSIT|UNSET")
    return frozenset(b for b in bits if not b.isdigit()) if "UNSET" in bits else bits


def read_trace(text):
    """{step: {key: value}} after each step, and the last step"""
    now, after, step, first_mode = {}, {}, 0, None
    for line in text.splitlines():
        m = STEP.match(line)
        if m:
            step = int(m.group(1))
            after[step] = dict(now)
            continue
        m = CHANGE.match(line)
        if m and step:
            key, new = m.group(1), m.group(3)
            now[key] = norm(key, new)
            after[step] = dict(now)
            if key.endswith(".mode") and first_mode is None:
                first_mode = step
    return after, step, first_mode


def read_panel(dom):
    """The state panel of a dumped page, as {key: value}, and its first line"""
    m = re.search(r'<pre id="state">(.*?)</pre>', dom, re.S)
    if not m:
        return None, ""
    text = html.unescape(m.group(1))
    state = {}
    mm = None
    for line in text.splitlines():
        t = re.match(r"^  T(\d+): mm\d+ cpu\d+ .*, cid (\S+)$", line)
        if t:
            state["T%s.cid" % t.group(1)] = norm(".cid", t.group(2))
        t = re.match(r"^mm(\d+): mode ([^ ,]+).* cidmask (\{[^}]*\})", line)
        if t:
            mm = t.group(1)
            state["mm%s.mode" % mm] = norm(".mode", t.group(2))
            state["mm%s.cidmask" % mm] = norm(".cidmask", t.group(3))
        t = re.match(r"^  CID slots: (.*)$", line)
        if t and mm is not None:
            for slot in t.group(1).split():
                cpu, _, word = slot.partition("=")
                state["mm%s.pcpu[%s]" % (mm, cpu[3:])] = norm(".cid", word)
    return state, text.splitlines()[0] if text else ""


class Browser:
    def __init__(self, exe, tmp):
        self.exe, self.tmp, self.runs = exe, tmp, 0

    def dump(self, url):
        """The DOM after the page's script ran, and the page's own requests"""
        self.runs += 1
        profile = os.path.join(self.tmp, "profile%d" % self.runs)
        netlog = os.path.join(self.tmp, "netlog%d.json" % self.runs)
        cmd = [self.exe, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
               # nothing leaves the machine: a proxy that goes nowhere, no DNS
               "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
               "--log-net-log=" + netlog, "--dump-dom", url]
        try:
            out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 timeout=120, check=False)
        except subprocess.TimeoutExpired:
            fail("%s: chromium did not finish in 120 s" % url)
            return "", []
        if out.returncode:
            fail("%s: chromium exited %d" % (url, out.returncode))
        return out.stdout.decode("utf-8", "replace"), self.page_requests(netlog)

    @staticmethod
    def page_requests(netlog):
        """URLs a page asked for (the browser's own, 'not an origin', aside)"""
        try:
            log = json.load(open(netlog, encoding="utf-8"))
        except (OSError, ValueError) as e:
            fail("no network log from chromium (%s)" % e)
            return []
        kinds = {v: k for k, v in log["constants"]["logEventTypes"].items()}
        urls = []
        for e in log["events"]:
            p = e.get("params") or {}
            if (kinds.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in p and
                    p.get("initiator") != "not an origin" and
                    not p["url"].startswith("file:")):
                urls.append(p["url"])
        return urls


def check_control(browser, tmp):
    """A page that fetches must be seen fetching, or the check below is blind"""
    page = os.path.join(tmp, "fetches.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html><body><img src="http://cidfuzz.invalid/a.png">'
                "</body></html>\n")
    _, urls = browser.dump("file://" + page)
    if "http://cidfuzz.invalid/a.png" not in urls:
        fail("the network check is blind: a page's image request was not seen (%s)" % urls)


def compare(name, step, want, got, first):
    if got is None:
        fail("%s, step %d: no state panel (#state): the page's script did not run" %
             (name, step))
        return
    if not first.startswith("step %d on cpu" % step):
        fail("%s, #step=%d: the panel shows '%s'" % (name, step, first))
    for key in sorted(want):
        if key.startswith("T") and key not in got and want[key] == frozenset(["UNSET"]):
            continue  # a task gone: the trace keeps its last word, the page drops it
        if key not in got:
            fail("%s, step %d: the panel has no %s (the trace: %s)" %
                 (name, step, key, sorted(want[key])))
        elif got[key] != want[key]:
            fail("%s, step %d: %s is %s in the panel, %s in the trace" %
                 (name, step, key, sorted(got[key]) if isinstance(got[key], frozenset)
                  else got[key], sorted(want[key]) if isinstance(want[key], frozenset)
                  else want[key]))


def check_file(cidfuzz, sched, browser, tmp):
    name = os.path.basename(sched)[:-len(".sched")]
    nr_errors = len(errors)
    page = os.path.join(tmp, name + ".html")
    run = subprocess.run([cidfuzz, "replay", sched, "--bug", name.split(".")[0], "--trace",
                          "--html", page], stdout=subprocess.PIPE, check=False)
    if run.returncode != 1:
        fail("%s: replay exit %d, want 1" % (name, run.returncode))
        return
    after, last, first_mode = read_trace(run.stdout.decode())
    if first_mode is None or first_mode < 2:
        fail("%s: the trace shows no mode change" % name)
        return
    steps = (first_mode - 1, last)
    panels = []
    for step in steps:
        dom, urls = browser.dump("file://%s#step=%d" % (page, step))
        if urls:
            fail("%s: the page asked the network for %s" % (name, urls))
        got, first = read_panel(dom)
        want = after.get(step, {})
        compare(name, step, want, got, first)
        panels.append(got or {})
    # what changed between the two steps, by the trace and by the page
    a, b = after.get(steps[0], {}), after.get(steps[1], {})
    moved = {k for k in set(a) & set(b) if a[k] != b[k] and k in panels[1]}
    if not moved:
        fail("%s: the trace shows no change from step %d to %d" % ((name,) + steps))
    for k in sorted(moved):
        if k in panels[0] and panels[0][k] == panels[1][k]:
            fail("%s: %s changed from step %d to %d by the trace, not in the panel" %
                 ((name, k) + steps))
    if len(errors) == nr_errors:
        print("ok   %s: steps %d and %d, %d words each" %
              (name, steps[0], steps[1], len(panels[1])))


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    cidfuzz, src = sys.argv[1], sys.argv[2]
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        if os.environ.get("CIDFUZZ_NO_SKIP") == "1":
            print("FAIL: chromium is missing (CIDFUZZ_NO_SKIP=1: no skipping; "
                  "apt-get install chromium)")
            return 1
        print("skipped: chromium is missing (apt-get install chromium)")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        browser = Browser(exe, tmp)
        check_control(browser, tmp)
        for sched in sorted(glob.glob(os.path.join(src, "crashes", "*.sched"))):
            n = len(errors)
            check_file(cidfuzz, sched, browser, tmp)
            for e in errors[n:]:
                print("FAIL " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
