"""Critical path method: forward/backward pass, floats, critical path.

``schedule(network, options) -> ScheduleResult``. Internally every moment is
an int (minutes since the calendar EPOCH) and every activity is an int index;
each activity's dates are also kept in its own calendar's working-minute
coordinates (``*_w``) so that durations are plain integer additions.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import datetime

from .calendar import Calendar, WorkTable, compile_calendar, from_minutes, to_minutes
from .network import (
    ActivityType,
    ConstraintType,
    CriticalBy,
    FloatType,
    LagCalendar,
    Network,
    NetworkLoopError,
    RelType,
    ScheduleError,
    ScheduleOptions,
)

FS, SS, FF, SF = 0, 1, 2, 3
_REL = {RelType.FS: FS, RelType.SS: SS, RelType.FF: FF, RelType.SF: SF}
NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
_NEG = -(1 << 60)
_POS = 1 << 60
_CT = ConstraintType
_MANUAL = ConstraintType.MANUALLY_SCHEDULED
# Python 3.11 reads an enum member off its class through a descriptor (about 0.3 µs, as long as a whole
# link of the forward pass): the loops below compare with these module-level names instead
_START_MS, _FIN_MS = ActivityType.START_MILESTONE, ActivityType.FINISH_MILESTONE
_LOE, _WBS = ActivityType.LEVEL_OF_EFFORT, ActivityType.WBS_SUMMARY
_PASSIVE = (_LOE, _WBS)  # level of effort and WBS summaries drive nothing and have no float
_ALAP = ConstraintType.AS_LATE_AS_POSSIBLE


@dataclass(slots=True)
class ActivityResult:
    code: str
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    total_float_hours: float | None  # None for completed, LOE and WBS summary
    free_float_hours: float | None
    critical: bool
    remaining_hours: float
    status: str


@dataclass
class ScheduleResult:
    data_date: datetime
    project_start: datetime
    project_finish: datetime
    activities: dict[str, ActivityResult]
    critical_path: list[str]  # critical activity codes in early-start order
    open_starts: list[str]  # no predecessor
    open_finishes: list[str]  # no successor
    out_of_sequence: list[tuple[str, str]]  # (predecessor, successor) violated by progress
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, code: str) -> ActivityResult:
        return self.activities[code]


def schedule(network: Network, options: ScheduleOptions) -> ScheduleResult:
    """Schedule ``network`` from ``options.data_date``; raises NetworkLoopError on cycles."""
    network.validate()
    # the passes allocate many small tuples but no cycles: pausing the cyclic GC
    # avoids repeated full scans of the young generation (about a third of the time)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Engine(network, options).run()
    finally:
        if was_enabled:
            gc.enable()


class _Engine:
    def __init__(self, net: Network, opt: ScheduleOptions):
        self.net, self.opt = net, opt
        acts = net.activities
        n = self.n = len(acts)
        self.codes = codes = [a.code for a in acts]
        self.index = {c: i for i, c in enumerate(codes)}
        around = opt.data_date.date()
        tables: dict[str, WorkTable] = {
            cid: compile_calendar(cal, around) for cid, cal in net.calendars.items()
        }
        self.t24 = compile_calendar(Calendar.continuous(), around)
        self.tdef = tables[net.default_calendar_id]
        default = net.default_calendar_id
        self.tab = [tables[a.calendar_id or default] for a in acts]
        self.kind = [a.type for a in acts]
        self.warnings: list[str] = []
        status, dur = [NOT_STARTED] * n, [0] * n
        for i, a in enumerate(acts):
            if a.actual_start is not None:
                status[i] = COMPLETED if a.actual_finish is not None else IN_PROGRESS
            if a.type is _START_MS or a.type is _FIN_MS:
                dur[i] = 0
            elif status[i] == NOT_STARTED:
                h = a.duration_hours if a.remaining_hours is None else a.remaining_hours
                dur[i] = round(h * 60)
            elif status[i] == IN_PROGRESS:
                h = a.remaining_hours
                if h is None:
                    h = a.duration_hours * (1 - a.percent_complete / 100.0)
                dur[i] = max(0, round(h * 60))
        self.status, self.dur = status, dur
        self._build_logic()

    # -- compile relationships -----------------------------------------
    def _build_logic(self) -> None:
        n, index, kind = self.n, self.index, self.kind
        lagcal = self.opt.lag_calendar
        self.preds: list[list[tuple]] = [[] for _ in range(n)]
        self.succs: list[list[tuple]] = [[] for _ in range(n)]
        self.loe_succs: list[list[tuple]] = [[] for _ in range(n)]
        self.all_succs: list[list[int]] = [[] for _ in range(n)]
        self.n_preds = n_preds = [0] * n  # links into each activity (the topological sort counts them down)
        self.fin_succ = fin_succ = [False] * n  # has a finish-side (FS, FF) successor link, whatever its state
        loe, wbs = _LOE, _WBS
        tab = self.tab
        fixed_lt = {LagCalendar.HOURS_24: self.t24, LagCalendar.PROJECT_DEFAULT: self.tdef}.get(lagcal)
        by_pred = lagcal is LagCalendar.PREDECESSOR
        # successors reached through a lag or another calendar need their dates as moments
        self.needs_moment = needs = [False] * n
        preds, succs, all_succs, loe_succs = self.preds, self.succs, self.all_succs, self.loe_succs
        for r in self.net.relationships:
            p, s = index[r.predecessor], index[r.successor]
            kp, ks = kind[p], kind[s]
            if kp is wbs or ks is wbs:
                self.warnings.append(
                    f"relationship {r.predecessor}->{r.successor} on a WBS summary ignored"
                )
                continue
            all_succs[p].append(s)
            n_preds[s] += 1
            lag = round(r.lag_hours * 60) if r.lag_hours else 0
            tp, ts = tab[p], tab[s]
            lt = fixed_lt or (tp if by_pred else ts)
            rt = _REL[r.type]
            if kp is loe:
                loe_succs[p].append((s, rt, lag, lt))
                continue
            fast = not lag and tp is ts
            if not fast:
                needs[s] = True
            preds[s].append((p, rt, lag, lt, fast))
            if ks is not loe:
                succs[p].append((s, rt, lag, lt, fast))
                if rt in (FS, FF):
                    fin_succ[p] = True
        self.has_pred = [k > 0 for k in n_preds]
        self.has_succ = [bool(x) for x in all_succs]

    def _topo_order(self) -> list[int]:
        n, all_succs = self.n, self.all_succs
        indeg = list(self.n_preds)
        order = [i for i in range(n) if indeg[i] == 0]  # grows while we walk it (FIFO)
        k = 0
        while k < len(order):
            for s in all_succs[order[k]]:
                indeg[s] -= 1
                if indeg[s] == 0:
                    order.append(s)
            k += 1
        if len(order) < n:
            raise NetworkLoopError(self._find_cycle(indeg))
        return order

    def _find_cycle(self, indeg: list[int]) -> list[str]:
        """Walk backward among unresolved activities until one repeats.

        Every unresolved activity still has an unresolved predecessor (that is why it was not
        released), so walking predecessors always finds a cycle; walking successors could end
        at an activity that merely hangs off the loop."""
        left = {i for i in range(self.n) if indeg[i] > 0}
        preds: dict[int, list[int]] = {}
        for p, lst in enumerate(self.all_succs):
            if p in left:
                for s in lst:
                    if s in left:
                        preds.setdefault(s, []).append(p)
        i = min(left)
        seen: dict[int, int] = {}
        path: list[int] = []
        while i not in seen:
            seen[i] = len(path)
            path.append(i)
            i = preds[i][0]
        cycle = path[seen[i]:]
        cycle.reverse()
        return [self.codes[j] for j in cycle]

    # -- passes ---------------------------------------------------------
    def run(self) -> ScheduleResult:
        order = self._topo_order()
        self._forward(order)
        self._level_of_effort(order)
        self._backward(order)
        self._floats()
        self._as_late_as_possible(order)
        return self._result()

    def _forward(self, order: list[int]) -> None:
        n, tab, dur, status, kind = self.n, self.tab, self.dur, self.status, self.kind
        acts = self.net.activities
        dd = to_minutes(self.opt.data_date)
        ps = self.opt.planned_start
        # P6: unstarted work begins no earlier than the later of the data date and the planned start
        dd_new = max(dd, to_minutes(ps)) if ps is not None else dd
        retained = self.opt.retained_logic
        from_early = self.opt.lag_from_early_start
        expect = self.opt.use_expected_finish
        external = not self.opt.ignore_external_relationships
        sb, sb_w = [0] * n, [0] * n  # where SS/SF links of each activity count from
        es, ef, les = [0] * n, [0] * n, [0] * n  # moments; les = start the logic applies to
        es_w, ef_w = [0] * n, [0] * n
        # the early logic start and finish as moments at the start of working time, for the free float
        # of predecessors linked through a lag or another calendar (filled only for those successors)
        early_s, early_f = [0] * n, [0] * n
        needs = self.needs_moment
        fin_ms = _FIN_MS
        preds = self.preds
        manual: list[int] = []  # manually scheduled activities (MS Project), filled only by their constraint
        for i in order:
            T = tab[i]
            work = T.worked  # subscripted: moment -> working minutes (calendar.WorkTable)
            st = status[i]
            a = acts[i]
            if st == COMPLETED:
                es[i] = les[i] = to_minutes(a.actual_start)
                ef[i] = to_minutes(a.actual_finish)
                es_w[i], ef_w[i] = work[es[i]], work[ef[i]]
                sb[i], sb_w[i] = es[i], es_w[i]
                continue
            d = dur[i]
            s_req = work[dd_new if st == NOT_STARTED else dd]
            f_req = _NEG
            use_logic = st == NOT_STARTED or retained
            if use_logic:
                for p, rt, lag, lt, fast in preds[i]:
                    if fast:
                        w = ef_w[p] if rt in (FS, FF) else sb_w[p]
                    else:
                        base = ef[p] if rt in (FS, FF) else sb[p]
                        if lag:
                            w = lt.worked[base] + lag
                            base = lt.finishes[w] if lag > 0 else lt.starts[w]
                        w = work[base]
                    if rt <= SS:
                        if rt == SS and st == IN_PROGRESS:
                            continue
                        if w > s_req:
                            s_req = w
                    elif w > f_req:
                        f_req = w
            if use_logic and external and a.external_early_start is not None:
                s_req = max(s_req, work[to_minutes(a.external_early_start)])
            c = a.constraint
            if c is not None and st == NOT_STARTED:
                if c.type is _MANUAL and c.date is not None:
                    # MS Project's manually scheduled task stays where the user put it: its links and the
                    # data date do not move it; its successors are scheduled from it (network.py)
                    s_req, f_req = work[to_minutes(c.date)], _NEG
                    manual.append(i)
                else:
                    s_req, f_req = self._early_constraint(c, T, s_req, f_req, d)
                    c2 = a.secondary_constraint
                    if c2 is not None:
                        s_req, f_req = self._early_constraint(c2, T, s_req, f_req, d)
            if f_req - d > s_req:
                s_req = f_req - d
            if expect and a.expected_finish is not None and d:
                # P6: remaining duration = work left from the remaining start to the expected finish
                d = dur[i] = max(0, work[to_minutes(a.expected_finish)] - s_req)
            # as in P6, a started activity's early start is its remaining early start (the
            # remaining work's start); SS/SF links still count from its actual start unless the
            # "lag from early start" option says otherwise
            es_w[i] = s_req
            es[i] = les[i] = T.finishes[s_req] if kind[i] is fin_ms else T.starts[s_req]
            ef_w[i] = s_req + d
            if st == IN_PROGRESS and not from_early:
                sb[i] = to_minutes(a.actual_start)
                sb_w[i] = work[sb[i]]
            else:
                sb[i], sb_w[i] = es[i], es_w[i]
            ef[i] = T.finishes[s_req + d] if d or kind[i] is fin_ms else es[i]
            if needs[i]:
                early_s[i] = T.starts[s_req] if kind[i] is fin_ms else es[i]  # logic start (remaining start)
                early_f[i] = T.starts[s_req + d] if d else early_s[i]
        self._early_s, self._early_f = early_s, early_f
        self.dd = dd
        self.manual = manual
        self.es, self.ef, self.les, self.es_w, self.ef_w = es, ef, les, es_w, ef_w

    @staticmethod
    def _early_constraint(c, T: WorkTable, s_req: int, f_req: int, d: int) -> tuple[int, int]:
        t = c.type
        if t is _CT.AS_LATE_AS_POSSIBLE or c.date is None:
            return s_req, f_req
        w = T.work(to_minutes(c.date))
        if t is _CT.START_ON_OR_AFTER or t is _CT.START_ON:
            s_req = max(s_req, w)
        elif t is _CT.FINISH_ON_OR_AFTER or t is _CT.FINISH_ON:
            f_req = max(f_req, w)
        elif t is _CT.MANDATORY_START:
            return w, _NEG
        elif t is _CT.MANDATORY_FINISH:
            return w - d, _NEG
        return s_req, f_req

    def _level_of_effort(self, order: list[int]) -> None:
        """LOE spans from its predecessors' drive to its successors' dates; drives nothing."""
        es, ef, ef_w = self.es, self.ef, self.ef_w
        for i in order:
            if self.kind[i] is not _LOE or self.status[i] == COMPLETED:
                continue
            T = self.tab[i]
            fin = self.es_w[i] + (self.dur[i] if not self.loe_succs[i] else 0)
            for s, rt, lag, lt in self.loe_succs[i]:
                base = self.les[s] if rt == FS else ef[s] if rt == FF else None
                if base is None:
                    continue
                if lag:
                    w = lt.work(base) - lag
                    base = lt.start_of(w) if lag > 0 else lt.finish_of(w)
                fin = max(fin, T.work(base))
            ef_w[i] = fin
            ef[i] = T.finish_of(fin) if fin > self.es_w[i] else es[i]
            self.dur[i] = fin - self.es_w[i]

    def _project_finish(self) -> int:
        return max(self.ef) if self.n else self.dd

    def _backward(self, order: list[int]) -> None:
        n, tab, dur, status, acts = self.n, self.tab, self.dur, self.status, self.net.activities
        ef, es = self.ef, self.es
        mfb = self.opt.must_finish_by
        end = to_minutes(mfb) if mfb is not None else self._project_finish()
        self.end = end
        retained = self.opt.retained_logic
        needs = self.needs_moment
        ls, lf = [0] * n, [0] * n
        ls_w, lf_w = [0] * n, [0] * n
        # latest moments equivalent to a successor's late logic start / late finish
        # (start_of = the end of any non-working gap), so that lags measured on another
        # calendar never manufacture negative float
        bs, bf = [0] * n, [0] * n
        fin_ms, start_ms, passive = _FIN_MS, _START_MS, _PASSIVE
        kind, es_w, ef_w = self.kind, self.es_w, self.ef_w
        early_s, early_f, fin_succ = self._early_s, self._early_f, self.fin_succ
        # free float is measured on the same links, against the successors' early dates: the two are
        # taken in one walk over the links (_free_float says the same rule for one activity)
        self.ff = ff = [None] * n
        externals = not self.opt.ignore_external_relationships
        succs = self.succs
        if self.manual:
            # MS Project holds a manually scheduled task's late dates by its finish-side links only: its
            # SS and SF successors leave it the project's late finish (MS Project 2016 and 2019, corpus)
            succs = list(succs)
            for i in self.manual:
                succs[i] = [x for x in succs[i] if x[1] == FS or x[1] == FF]
        for i in reversed(order):
            k = kind[i]
            if status[i] == COMPLETED or k in passive:
                ls[i], lf[i] = es[i], ef[i]
                ls_w[i], lf_w[i] = es_w[i], ef_w[i]
                continue
            T = tab[i]
            work, starts, finishes = T.worked, T.starts, T.finishes
            d = dur[i]
            own_s, own_f = es_w[i], ef_w[i]
            f_lim = s_lim = free = _POS
            s_by_lead = False  # the late start is held by a start-side link with a negative lag
            f_by_fin_ms = False  # the late finish is held by an FS link to a finish milestone's instant
            started = status[i] == IN_PROGRESS
            for s, rt, lag, lt, fast in succs[i]:
                ss = status[s]
                if ss != NOT_STARTED and (ss == COMPLETED or not retained or rt == SS):
                    continue
                if started and (rt in (SS, SF)):
                    continue
                # w: the latest i may reach on this link (late pass); e: where it reaches s's early date
                if fast:
                    if rt in (FS, SS):
                        w, e = ls_w[s], es_w[s]
                    else:
                        w, e = lf_w[s], ef_w[s]
                else:
                    if rt in (FS, SS):
                        base, e = bs[s], early_s[s]
                    else:
                        base, e = bf[s], early_f[s]
                    if lag:
                        base = lt.starts[lt.worked[base] - lag]
                        e = lt.starts[lt.worked[e] - lag]
                    w, e = work[base], work[e]
                if rt in (SS, SF):
                    if e - own_s < free:
                        free = e - own_s
                    if w < s_lim:
                        s_lim, s_by_lead = w, lag < 0 and not fast
                    elif w == s_lim and not (lag < 0 and not fast):
                        s_by_lead = False
                else:
                    if e - own_f < free:
                        free = e - own_f
                    if w <= f_lim:
                        at_ms = rt == FS and not lag and kind[s] is fin_ms
                        f_by_fin_ms = at_ms or (w == f_lim and f_by_fin_ms)
                        f_lim = w
            if free == _POS or not fin_succ[i]:  # no finish-side link: the project's finish holds it
                to_end = work[end] - own_f
                if to_end < free:
                    free = to_end
            ff[i] = free
            # P6: only finish-side links (FS, FF) hold the late finish; without one the project's
            # late finish does, as for an open end. Start-side links (SS, SF) hold the late start.
            # So an activity whose successors are all SS (or whose only link is SF) never finishes
            # after the project (issue 11), which the successor's late start + duration could.
            if f_lim == _POS:
                f_lim = work[end]
            if s_lim != _POS and s_lim + d < f_lim:
                f_lim = s_lim + d
            a = acts[i]
            if externals and a.external_late_finish is not None:
                f_lim = min(f_lim, work[to_minutes(a.external_late_finish)])
            c = a.constraint
            if c is not None and not started:
                f_lim = self._late_constraint(c, T, f_lim, d)
                c2 = a.secondary_constraint
                if c2 is not None:
                    f_lim = self._late_constraint(c2, T, f_lim, d)
            lf_w[i] = f_lim
            ls_w[i] = f_lim - d
            start_m = starts[f_lim - d]
            if needs[i]:
                bs[i] = start_m
                # a zero-duration successor's late finish is its instant at the end of the working time
                # before (P6): an FF/SF predecessor on a calendar that works through the successor's gap
                # (7-day vs 5-day) must finish by Friday 17:00, not by the Sunday evening that Monday
                # 08:00 stands for on its calendar (P6 corpus: RAH chiller PCS-140 → PCS-150); but never
                # before its own early finish: a predecessor on another calendar may have driven it from
                # inside that gap, and would get negative float on a network without constraints
                bf[i] = starts[f_lim] if d else max(finishes[f_lim], min(ef[i], start_m))
            # a started activity's late start is its remaining late start (P6)
            # a finish milestone, and a zero-duration task with float, sit at the end of the working
            # time before their late point (as MPXJ): at the start of the next working time they could
            # fall after the project's finish; without float they stay at their early instant
            if k is fin_ms:
                ls[i] = finishes[f_lim]
            elif d == 0 and (k is not start_ms or (f_by_fin_ms and f_lim < s_lim)):
                # a start milestone takes the instant its successor's late start is written at: a
                # finish milestone's is the end of the working time (P6 and MPXJ; Harbour Pointe EC1010)
                end_m = finishes[f_lim]
                ls[i] = end_m if end_m >= es[i] else start_m
            elif s_by_lead and d and f_lim == s_lim + d and finishes[f_lim - d] >= es[i]:
                # held by a start-side link with a negative lag: counted forward from the successor's
                # late start, as a positive lag is on the forward pass, so P6 (and MPXJ) write it
                # where that count ends, at the end of the working time before a non-working gap
                # (expressway corpus file, docs/projects.md "Where Vextrus differs from P6")
                ls[i] = finishes[f_lim - d]
            else:
                ls[i] = start_m
            lf[i] = finishes[f_lim] if d or k is fin_ms else ls[i]
        for i in self.manual:
            # MS Project writes a manually scheduled task's late finish where its count back from the
            # successor ends, at the start of the next working time (the same working moment as the
            # evening before); at the project's finish it stays at the end of the working day
            T = tab[i]
            if dur[i] and lf_w[i] < T.work(end):
                lf[i] = T.start_of(lf_w[i])
        self.ls, self.lf, self.ls_w, self.lf_w = ls, lf, ls_w, lf_w

    @staticmethod
    def _late_constraint(c, T: WorkTable, f_lim: int, d: int) -> int:
        t = c.type
        if t is _CT.AS_LATE_AS_POSSIBLE or c.date is None:
            return f_lim
        w = T.work(to_minutes(c.date))
        if t is _CT.START_ON_OR_BEFORE or t is _CT.START_ON:
            return min(f_lim, w + d)
        if t is _CT.FINISH_ON_OR_BEFORE or t is _CT.FINISH_ON:
            return min(f_lim, w)
        if t is _CT.MANDATORY_START:
            return w + d
        if t is _CT.MANDATORY_FINISH:
            return w
        return f_lim

    # -- floats ---------------------------------------------------------
    def _rel_slack(self, i: int, s: int, rt: int, lag: int, lt: WorkTable, fast: bool) -> int | None:
        """Working minutes (on i's calendar) i can slip before this link moves ``s``."""
        ss = self.status[s]
        if ss == COMPLETED or (ss == IN_PROGRESS and (not self.opt.retained_logic or rt == SS)):
            return None
        if fast:
            w = self.ef_w[s] - self.dur[s] if rt in (FS, SS) else self.ef_w[s]
        else:
            base = self._early_s[s] if rt in (FS, SS) else self._early_f[s]
            if lag:
                base = lt.starts[lt.worked[base] - lag]
            w = self.tab[i].worked[base]
        if rt in (FS, FF):
            return w - self.ef_w[i]
        if self.status[i] != NOT_STARTED:
            return None
        return w - self.es_w[i]

    def _floats(self) -> None:
        n, status, kind = self.n, self.status, self.kind
        lf_w, ef_w, ls_w, es_w = self.lf_w, self.ef_w, self.ls_w, self.es_w
        tf: list[int | None] = [None] * n
        ff = self.ff  # from the late pass
        for i in self.manual:  # whose late pass saw only its finish-side links
            if ff[i] is not None:
                ff[i] = self._free_float(i)
        ftype = self.opt.float_type
        by_finish, by_start = ftype is FloatType.FINISH, ftype is FloatType.START
        passive = _PASSIVE
        for i in range(n):
            if status[i] == COMPLETED or kind[i] in passive:
                continue
            fin = lf_w[i] - ef_w[i]
            if by_finish or status[i] == IN_PROGRESS:
                tf[i] = fin
            else:
                start = ls_w[i] - es_w[i]
                tf[i] = start if by_start else min(start, fin)
        self.tf = tf

    def _free_float(self, i: int) -> int:
        """Working minutes activity ``i`` can slip without delaying any successor's early dates (as they
        stand now) nor, without a finish-side link, the project's finish. The late pass measures every
        activity's free float this way in its own walk over the links; this is the rule for one activity
        (as-late-as-possible and manually scheduled tasks), and a property test holds the two together."""
        status, succs, ef_w, dur = self.status, self.succs, self.ef_w, self.dur
        slow = self._rel_slack
        best = None
        fin_link = False
        plain = status[i] == NOT_STARTED
        own_f, own_s = ef_w[i], self.es_w[i]
        for s, rt, lag, lt, fast in succs[i]:
            if rt in (FS, FF):
                fin_link = True
            if fast and plain and status[s] == NOT_STARTED:  # same calendar, no lag
                if rt == FS:
                    sl = ef_w[s] - dur[s] - own_f
                elif rt == FF:
                    sl = ef_w[s] - own_f
                elif rt == SS:
                    sl = ef_w[s] - dur[s] - own_s
                else:
                    sl = ef_w[s] - own_s
            else:
                sl = slow(i, s, rt, lag, lt, fast)
                if sl is None:
                    continue
            if best is None or sl < best:
                best = sl
        if best is None or not fin_link:  # as in the late pass: no finish-side link -> project end
            to_end = self.tab[i].worked[self.end] - ef_w[i]
            best = to_end if best is None or to_end < best else best
        return best

    def _as_late_as_possible(self, order: list[int]) -> None:
        """ALAP activities consume their free float (never delaying a successor). Taken from the last
        activity back, so that a chain of ALAP activities moves as one (P6): each one's free float is
        measured against its successors' early dates after they moved (Harbour Pointe corpus file:
        shop drawings -> fabrication, both ALAP, ahead of the precast erection)."""
        acts = self.net.activities
        for i in reversed(order):
            c = acts[i].constraint
            if c is None or c.type is not _ALAP or self.status[i] != NOT_STARTED:
                continue
            if self.ff[i] is not None:
                self.ff[i] = self._free_float(i)
            shift = min(self.ff[i] or 0, self.tf[i] or 0)
            if shift <= 0:
                continue
            T, d = self.tab[i], self.dur[i]
            self.es_w[i] += shift
            self.ef_w[i] += shift
            self.es[i] = self.les[i] = T.start_of(self.es_w[i])
            self.ef[i] = T.finish_of(self.ef_w[i]) if d else self.es[i]
            self._early_s[i] = self.es[i]
            self._early_f[i] = T.start_of(self.ef_w[i]) if d else self.es[i]
            self.ff[i] -= shift
            self.tf[i] -= shift

    # -- results --------------------------------------------------------
    def _longest_path(self) -> set[int]:
        """Activities on driving links back from the latest-finishing open activities."""
        live = [i for i in range(self.n) if self.status[i] != COMPLETED
                and self.kind[i] not in _PASSIVE]
        if not live:
            return set()
        last = max(self.ef[i] for i in live)
        stack = [i for i in live if self.ef[i] == last]
        seen = set(stack)
        while stack:
            s = stack.pop()
            for p, rt, lag, lt, fast in self.preds[s]:
                if p in seen or self.status[p] == COMPLETED:
                    continue
                sl = self._rel_slack(p, s, rt, lag, lt, fast)
                if sl is not None and sl <= 0:
                    seen.add(p)
                    stack.append(p)
        return seen

    def _wbs_summaries(self) -> None:
        acts = self.net.activities
        summaries = [i for i, k in enumerate(self.kind) if k is _WBS]
        if not summaries:
            return
        parent = self.net.wbs_parent
        span: dict[str, list[int]] = {}
        for i, a in enumerate(acts):
            if a.type is _WBS:
                continue
            w, guard = a.wbs_id, 0
            while w is not None and guard < 1000:
                span.setdefault(w, []).append(i)
                w, guard = parent.get(w), guard + 1
        for i in summaries:
            members = span.get(acts[i].wbs_id or "", [])
            if not members:
                self.warnings.append(f"WBS summary {self.codes[i]} has no activities")
                continue
            self.es[i] = min(self.es[m] for m in members)
            self.ef[i] = max(self.ef[m] for m in members)
            self.ls[i] = min(self.ls[m] for m in members)
            self.lf[i] = max(self.lf[m] for m in members)

    def _result(self) -> ScheduleResult:
        self._wbs_summaries()
        n, codes = self.n, self.codes
        opt = self.opt
        es, ef, ls, lf, tf, ff = self.es, self.ef, self.ls, self.lf, self.tf, self.ff
        status, dur, kind, has_pred, has_succ = self.status, self.dur, self.kind, self.has_pred, self.has_succ
        if opt.critical_by is CriticalBy.LONGEST_PATH:
            crit_set = self._longest_path()
        else:
            lim = round(opt.critical_float_hours * 60)
            crit_set = {i for i, t in enumerate(tf) if t is not None and t <= lim}
        if opt.open_ends_critical:
            crit_set |= {i for i in range(n) if not has_succ[i] and status[i] != COMPLETED
                         and kind[i] not in _PASSIVE}
        # many activities share dates: each distinct moment becomes a datetime once
        dt = {m: from_minutes(m) for m in {*es, *ef, *ls, *lf}}
        critical = [False] * n
        for i in crit_set:
            critical[i] = True
        out: dict[str, ActivityResult] = {}
        rows = zip(codes, es, ef, ls, lf, tf, ff, critical, status, dur, strict=True)
        for code, a, b, c, d, t, f, cr, st, du in rows:
            out[code] = ActivityResult(  # positional, in the field order (a third faster than keywords)
                code, dt[a], dt[b], dt[c], dt[d],
                None if t is None else t / 60.0,
                None if f is None else f / 60.0,
                cr,
                0.0 if st == COMPLETED else du / 60.0,
                st,
            )
        real = [i for i, k in enumerate(kind) if k not in _PASSIVE]
        oos = []
        for s, st in enumerate(status):
            if st == NOT_STARTED:
                continue
            for p, rt, *_ in self.preds[s]:
                if (rt in (FS, FF) and status[p] != COMPLETED) or (rt in (SS, SF) and status[p] == NOT_STARTED):
                    oos.append((codes[p], codes[s]))
        crit = sorted(crit_set, key=lambda i: (es[i], i))
        return ScheduleResult(
            data_date=opt.data_date,
            project_start=dt[min(es)] if n else opt.data_date,
            project_finish=from_minutes(self._project_finish()),
            activities=out,
            critical_path=[codes[i] for i in crit],
            open_starts=[codes[i] for i in real if not has_pred[i]],
            open_finishes=[codes[i] for i in real if not has_succ[i]],
            out_of_sequence=sorted(set(oos)),
            warnings=self.warnings,
        )


def check_schedule(network: Network, options: ScheduleOptions) -> list[str]:
    """Quick health check: loops and open ends as readable messages (never raises on loops)."""
    try:
        res = schedule(network, options)
    except NetworkLoopError as exc:
        return [str(exc)]
    except ScheduleError as exc:
        return [str(exc)]
    msgs = [f"open start: {c}" for c in res.open_starts]
    msgs += [f"open finish: {c}" for c in res.open_finishes]
    return msgs
