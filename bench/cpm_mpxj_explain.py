"""Explain the date differences between Vextrus's CPM and MPXJ's Primavera scheduler on bench/cpm.py's network.

Usage: PYTHONPATH=src python bench/cpm_mpxj_explain.py [--size tiny|full] [--rows FILE]
One schedule by each engine (no timing). Each activity whose total float differs gets the kind of the
difference it carries, found at its origin (the rows of the table in docs/projects.md):
  late: late date handed back into a non-working gap   its late dates are later in Vextrus; followed along
        successors whose late dates differ the same way to the activity where the difference starts
  late: SF link, MPXJ's late start past the link        the same, Vextrus's late dates earlier
  early: finish held by FF/SF at a period edge          late dates agree, early dates differ; followed back
  early: zero-duration finish                           along predecessors to the first one that differs
Prints the float differences by size (Vextrus minus MPXJ, hours) and by kind with the main origins, and
each date's differences by kind; --rows writes one line per activity, --dump both engines' dates.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from datetime import datetime

from cpm import START, make_network

from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.network import LagCalendar, ScheduleOptions
from vextrus.modules.projects.domain.xer import dump_xer


def mpxj_dates(net, opts) -> dict[str, tuple]:  # noqa: ANN001
    """code -> (ES, EF, LS, LF, total float h) from MPXJ's PrimaveraScheduler."""
    import jpype
    import mpxj  # noqa: F401

    if not jpype.isJVMStarted():
        jpype.startJVM()
    from java.io import ByteArrayInputStream
    from java.time import LocalDateTime
    from org.mpxj import TimeUnit
    from org.mpxj.cpm import PrimaveraScheduler
    from org.mpxj.primavera import PrimaveraXERFileReader

    project = PrimaveraXERFileReader().read(ByteArrayInputStream(dump_xer(net, opts)))
    PrimaveraScheduler().schedule(project, LocalDateTime.parse(opts.data_date.strftime("%Y-%m-%dT%H:%M")))
    props = project.getProjectProperties()

    def py(v):  # noqa: ANN001, ANN202
        return None if v is None else datetime.fromisoformat(str(v))

    out = {}
    for t in project.getTasks():
        code = t.getActivityID()
        if code is None:
            continue
        s = t.getTotalSlack()
        fl = float(s.convertUnits(TimeUnit.HOURS, props).getDuration()) if s is not None else None
        out[str(code)] = (py(t.getEarlyStart()), py(t.getEarlyFinish()), py(t.getLateStart()),
                          py(t.getLateFinish()), fl)
    return out


def hm(d: datetime | None) -> str:
    return "-" if d is None else d.strftime("%a %H:%M")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=["tiny", "full"], default="tiny")
    ap.add_argument("--rows", help="write one line per differing activity to this file")
    ap.add_argument("--dump", help="pickle both engines' dates (code -> ES, EF, LS, LF, float) to this file")
    args = ap.parse_args()
    net = make_network(200 if args.size == "tiny" else 10_000)
    opts = ScheduleOptions(data_date=START, lag_calendar=LagCalendar.SUCCESSOR)
    res = schedule(net, opts)
    mp = mpxj_dates(net, opts)
    if args.dump:
        import pickle

        with open(args.dump, "wb") as f:
            pickle.dump({"mpxj": mp, "vextrus": {c: (a.early_start, a.early_finish, a.late_start, a.late_finish,
                                                     a.total_float_hours) for c, a in res.activities.items()}}, f)
    cal = {a.code: a.calendar_id or net.default_calendar_id for a in net.activities}
    dur = {a.code: a.duration_hours for a in net.activities}
    succ = defaultdict(list)
    for r in net.relationships:
        succ[r.predecessor].append(r)

    pred = defaultdict(list)
    for r in net.relationships:
        pred[r.successor].append(r)
    vx = {c: (a.early_start, a.early_finish, a.late_start, a.late_finish) for c, a in res.activities.items()}

    def late_sign(code: str) -> int:  # -1: Vextrus's late dates earlier than MPXJ's, +1 later, 0 equal
        a, m = vx[code], mp[code]
        if a[2:4] == m[2:4]:
            return 0
        return -1 if (a[3], a[2]) < (m[3], m[2]) else 1

    def late_origin(code: str) -> str:
        """Follow successors whose late dates differ the same way (the earliest late start first) to the end."""
        sign, seen = late_sign(code), {code}
        while True:
            nxt = [r.successor for r in succ[code] if r.successor not in seen and late_sign(r.successor) == sign]
            if not nxt:
                return code
            code = min(nxt, key=lambda c: vx[c][2])
            seen.add(code)

    def early_origin(code: str) -> str:
        """Follow predecessors whose early dates differ too back to the first one."""
        seen = {code}
        while True:
            nxt = [r.predecessor for r in pred[code]
                   if r.predecessor not in seen and vx[r.predecessor][:2] != mp[r.predecessor][:2]]
            if not nxt:
                return code
            code = min(nxt)
            seen.add(code)

    def early_kind(code: str) -> tuple[str, str]:
        o = early_origin(code)
        return ("early: zero-duration finish" if dur[o] == 0 else "early: finish held by FF/SF at a period edge"), o

    def kind_of(code: str) -> tuple[str, str]:
        """(kind, origin): the rows of docs/projects.md's table of differences with MPXJ."""
        if late_sign(code) == 0:
            return early_kind(code)
        o = late_origin(code)
        if late_sign(o) < 0:
            return "late: SF link, MPXJ's late start past the link", o
        return "late: late date handed back into a non-working gap", o

    fdiff: dict[str, float] = {}
    for code, a in res.activities.items():
        m = mp.get(code)
        if m is None or a.total_float_hours is None or m[4] is None:
            continue
        if abs(a.total_float_hours - m[4]) > 0.05:
            fdiff[code] = round(a.total_float_hours - m[4], 2)
    kinds = {c: kind_of(c) for c in fdiff}

    def describe(o: str) -> str:
        links = ",".join(sorted({f"{r.type.value}{r.lag_hours:+g}->{cal[r.successor]}" for r in succ[o]}))
        return (f"{o} {cal[o]} {dur[o]:g} h, EF vx {hm(vx[o][1])} mp {hm(mp[o][1])}, LS vx {hm(vx[o][2])} "
                f"mp {hm(mp[o][2])}, LF vx {hm(vx[o][3])} mp {hm(mp[o][3])}; links {links or 'none'}")

    by_size = Counter(fdiff.values())
    print(f"float differs on {len(fdiff)} activities; by size (vextrus - mpxj, h): "
          + ", ".join(f"{k:+g}: {v}" for k, v in sorted(by_size.items(), key=lambda kv: -kv[1])))
    for k, n in Counter(k for k, _ in kinds.values()).most_common():
        sizes = Counter(fdiff[c] for c in fdiff if kinds[c][0] == k)
        print(f"== {k}: {n} ({', '.join(f'{s:+g} h: {v}' for s, v in sizes.most_common())})")
        for o, m in Counter(o for c, (kk, o) in kinds.items() if kk == k).most_common(5):
            print(f"   {m:5d} from {describe(o)}")
    for label, idx in (("early start", 0), ("early finish", 1), ("late start", 2), ("late finish", 3)):
        cs = [c for c in vx if c in mp and vx[c][idx] != mp[c][idx]]
        print(f"{label} differs on {len(cs)}: "
              + ", ".join(f"{k} {v}" for k, v in Counter((early_kind if idx < 2 else kind_of)(c)[0]
                                                     for c in cs).most_common()))
    if args.rows:
        with open(args.rows, "w") as f:
            for c in sorted(fdiff):
                a, m = res.activities[c], mp[c]
                f.write(f"{c}\t{fdiff[c]:+g}\t{kinds[c][0]}\t{kinds[c][1]}\t{cal[c]}\t{dur[c]:g}\t"
                        f"LS {a.late_start} / {m[2]}\tLF {a.late_finish} / {m[3]}\tEF {a.early_finish} / {m[1]}\t"
                        f"{describe(kinds[c][1])}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
