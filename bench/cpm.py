"""Benchmark: Vextrus CPM vs MPXJ's Primavera scheduler and PyPI CPM packages on one network, plus XER import.

Usage: PYTHONPATH=src python bench/cpm.py [--size tiny|full]
  full: 10,000 activities / 30,000 relationships (targets: CPM < 0.5 s, XER import < 5 s)
  tiny: 200 activities / 600 relationships (CI)
Competitors are optional: MPXJ's PrimaveraScheduler (PyPI `mpxj` + JPype1, Java 17; timed in-process
after JVM warm-up, dates compared activity by activity), `criticalpath` (PyPI) and networkx's DAG longest path.
They ignore calendars (plain durations), so they solve an easier problem.
Each activity whose dates differ from MPXJ's, with its cause: bench/cpm_mpxj_explain.py (docs/projects.md).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta

from vextrus.modules.projects.domain.calendar import Calendar
from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.network import (
    Activity,
    Constraint,
    ConstraintType,
    LagCalendar,
    Network,
    Relationship,
    RelType,
    ScheduleOptions,
)
from vextrus.modules.projects.domain.xer import dump_xer, load_xer

START = datetime(2026, 1, 3, 8)


def make_network(n: int, rels_per: int = 3, seed: int = 7) -> Network:
    """Layered random DAG (edges go from lower to higher index) with 3 calendars."""
    rnd = random.Random(seed)
    holidays = [date(2026, 2, 21), date(2026, 3, 26), date(2026, 12, 16)]
    cals = {
        "site": Calendar.build("site", days="Sat-Thu", hours="08:00-12:00,13:00-17:00", holidays=holidays),
        "office": Calendar.build("office", days="Sun-Thu", hours="09:00-17:00", holidays=holidays),
        "cont": Calendar.continuous("cont"),
    }
    kinds = ["site"] * 17 + ["office"] * 2 + ["cont"]  # most site work shares one calendar
    acts = []
    for i in range(n):
        c = None
        if rnd.random() < 0.02:
            c = Constraint(ConstraintType.START_ON_OR_AFTER, START + timedelta(days=rnd.randint(0, 200)))
        acts.append(Activity(f"A{i:05d}", duration_hours=8 * rnd.randint(0, 10),
                             calendar_id=rnd.choice(kinds), constraint=c))
    rels, seen = [], set()
    types = [RelType.FS] * 7 + [RelType.SS, RelType.FF, RelType.SF]
    for i in range(1, n):
        for _ in range(rels_per):
            p = rnd.randint(max(0, i - 400), i - 1)
            if (p, i) in seen:
                continue
            seen.add((p, i))
            lag = rnd.choice([0] * 8 + [8, -4])  # one link in five carries a lag
            rels.append(Relationship(acts[p].code, acts[i].code, rnd.choice(types), lag))
    return Network(acts, rels, cals, "site", name="bench")


def timings(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return sorted(out)


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def bench_criticalpath(net: Network, limit: int) -> float | None:
    """criticalpath recomputes dates recursively without memo: only a small prefix is feasible."""
    try:
        from criticalpath import Node
    except ImportError:
        return None
    keep = {a.code for a in net.activities[:limit]}

    def run():
        proj = Node("project")
        nodes = {a.code: proj.add(Node(a.code, duration=a.duration_hours))
                 for a in net.activities[:limit]}
        for r in net.relationships:
            if r.predecessor in keep and r.successor in keep:
                proj.link(nodes[r.predecessor], nodes[r.successor])
        proj.update_all()
        proj.get_critical_path()

    sys.setrecursionlimit(100000)
    return best_of(run, 1)


def bench_networkx(net: Network) -> float | None:
    """A textbook CPM on networkx: FS-only, plain durations, no calendars (an easier problem)."""
    try:
        import networkx as nx
    except ImportError:
        return None
    dur = {a.code: a.duration_hours for a in net.activities}

    def run():
        g = nx.DiGraph()
        g.add_nodes_from(dur)
        g.add_edges_from((r.predecessor, r.successor) for r in net.relationships)
        order = list(nx.topological_sort(g))
        es, ef = {}, {}
        for v in order:
            es[v] = max((ef[p] for p in g.predecessors(v)), default=0.0)
            ef[v] = es[v] + dur[v]
        end = max(ef.values())
        lf, tf = {}, {}
        for v in reversed(order):
            lf[v] = min((lf[s] - dur[s] for s in g.successors(v)), default=end)
            tf[v] = lf[v] - ef[v]
        return [v for v in order if tf[v] <= 0]

    return best_of(run, 3)


def bench_mpxj(net: Network, opts: ScheduleOptions, res, repeat: int) -> tuple[float, dict[str, int], int] | None:
    """MPXJ's Primavera scheduler (PyPI `mpxj`, Java 17) on the same network, in-process through JPype.

    The network goes over as the XER Vextrus exports; the JVM is warmed up (two runs) before timing.
    Returns (median time, counts of activities whose dates differ, activities compared) or None without mpxj."""
    try:
        import jpype
        import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
    except ImportError:
        return None
    if not jpype.isJVMStarted():
        jpype.startJVM()
    from java.io import ByteArrayInputStream
    from java.time import LocalDateTime
    from org.mpxj import TimeUnit
    from org.mpxj.cpm import PrimaveraScheduler
    from org.mpxj.primavera import PrimaveraXERFileReader

    project = PrimaveraXERFileReader().read(ByteArrayInputStream(dump_xer(net, opts)))
    scheduler = PrimaveraScheduler()
    start = LocalDateTime.parse(opts.data_date.strftime("%Y-%m-%dT%H:%M"))
    for _ in range(2):
        scheduler.schedule(project, start)
    runs = timings(lambda: scheduler.schedule(project, start), repeat)
    t = runs[len(runs) // 2]  # median, like Vextrus's figure
    props = project.getProjectProperties()

    def py(v):  # noqa: ANN001, ANN202
        return None if v is None else datetime.fromisoformat(str(v))

    diff = {"early start": 0, "early finish": 0, "late start": 0, "late finish": 0, "total float": 0}
    seen = 0
    for task in project.getTasks():
        code = task.getActivityID()
        a = res.activities.get(str(code)) if code is not None else None
        if a is None:
            continue
        seen += 1
        for key, theirs, ours in (("early start", task.getEarlyStart(), a.early_start),
                                  ("early finish", task.getEarlyFinish(), a.early_finish),
                                  ("late start", task.getLateStart(), a.late_start),
                                  ("late finish", task.getLateFinish(), a.late_finish)):
            if py(theirs) != ours:
                diff[key] += 1
        slack = task.getTotalSlack()
        hours = slack.convertUnits(TimeUnit.HOURS, props).getDuration() if slack is not None else None
        if (hours is None) != (a.total_float_hours is None) or (
                hours is not None and abs(hours - a.total_float_hours) > 0.05):
            diff["total float"] += 1
    return t, diff, seen


def sub_network(net: Network, limit: int) -> Network:
    acts = net.activities[:limit]
    keep = {a.code for a in acts}
    rels = [r for r in net.relationships if r.predecessor in keep and r.successor in keep]
    return Network(acts, rels, net.calendars, net.default_calendar_id)


def _versus(name: str, t: float | None, t_vx: float) -> None:
    if t is None:
        print(f"  {name:32s}: not installed")
    elif t > t_vx:
        print(f"  {name:32s}: {t * 1000:9.1f} ms -> vextrus {t / t_vx:6.1f}x faster")
    else:
        print(f"  {name:32s}: {t * 1000:9.1f} ms -> vextrus {t_vx / t:6.1f}x slower")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=["tiny", "full"], default="full")
    args = ap.parse_args()
    n = 200 if args.size == "tiny" else 10_000
    net = make_network(n)
    opts = ScheduleOptions(data_date=START, lag_calendar=LagCalendar.SUCCESSOR)
    print(f"network: {len(net.activities)} activities, {len(net.relationships)} relationships, "
          f"{len(net.calendars)} calendars")
    res = schedule(net, opts)
    runs = timings(lambda: schedule(net, opts), 3 if args.size == "tiny" else 7)
    t_vx = runs[len(runs) // 2]  # median; the best run is printed beside it
    print(f"vextrus cpm (calendars, lags, floats, critical): {t_vx * 1000:8.1f} ms median, {runs[0] * 1000:.1f} best "
          f"(finish {res.project_finish:%Y-%m-%d %H:%M}, {len(res.critical_path)} critical)")
    mp = bench_mpxj(net, opts, res, 3 if args.size == "tiny" else 7)
    if mp is None:
        print("  MPXJ Primavera scheduler        : not installed (pip install mpxj JPype1; needs Java 17)")
    else:
        t_mp, diff, seen = mp
        _versus("MPXJ PrimaveraScheduler (JVM)", t_mp, t_vx)
        print(f"  date agreement with MPXJ on {seen} activities: "
              + ", ".join(f"{k} differ {v}" for k, v in diff.items()))
    print("CPM package compared: criticalpath (PyPI; the only maintained CPM package found there)")
    t_nx = bench_networkx(net)
    _versus("reference: networkx DAG + CPM", t_nx, t_vx)
    print("  (networkx is a graph library, not a CPM package: FS-only, no calendars, no lags; shown for scale)")
    # criticalpath recomputes recursively without memo: grow the network until it takes > 1 s
    size = 20
    last: tuple[int, float | None, float] = (0, None, 0.0)
    while size <= n:
        sub = sub_network(net, size)
        t_cp = bench_criticalpath(net, size)
        t_vx_small = best_of(lambda sub=sub: schedule(sub, opts), 3)
        _versus(f"criticalpath 0.1.5, first {size} acts", t_cp, t_vx_small)
        last = (size, t_cp, t_vx_small)
        if t_cp is None or t_cp > 1.0:
            break
        size *= 2
    if last[1] is not None:
        verdict = "faster" if last[2] < last[1] else "SLOWER"
        print(f"verdict: vextrus is {verdict} than criticalpath on the largest network criticalpath could finish "
              f"({last[0]} activities: {last[2] * 1000:.1f} ms vs {last[1] * 1000:.1f} ms); criticalpath's time "
              f"grows exponentially, so the full {n:,}-activity network is out of its reach")
    data = dump_xer(net, opts)
    t_x = best_of(lambda: load_xer(data), 1)
    print(f"xer import ({len(data) / 1e6:.1f} MB, {n} activities): {t_x * 1000:8.1f} ms")
    ok = True
    if args.size == "full":
        ok = t_vx < 0.5 and t_x < 5.0
        print(f"targets (cpm < 500 ms, xer < 5000 ms): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
