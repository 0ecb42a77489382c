"""Demo: "Padma Residency", a 10-storey residential building with a basement in Dhaka.

About 300 activities (mobilisation, piling, pile caps, basement, ground + 10 floors of frame,
masonry, MEP and finishes, roof, lifts and power, external works, handover) with a WBS, FS/SS/FF/SF
logic with lags, the Sat-Thu site calendar with Bangladesh holidays, an outdoor calendar with
monsoon mornings, a BOQ with construction items, a baseline, and progress about 40% through.
Written with bulk inserts so the whole demo loads in well under two seconds.

Actual costs: when the project belongs to a company and the finance module runs, they are the
company ledger's — finance's demo (which loads after this one) posts the construction costs as
journal lines tagged with this project and its activities, and `handlers.costs_from_journal` records
them (source "finance"), so earned value's AC equals the ledger's project cost to the poisha. A
stand-alone project (no company, or no finance) records running-bill costs of its own (source "demo").
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import bindparam, select, update

from vextrus.modules.organization import api as organization
from vextrus.platform import context, runtime
from vextrus.platform.ids import new_id
from vextrus.platform.money import round_amount
from vextrus.platform.uow import unit_of_work

from . import repository as repo
from . import service
from .domain.calendar import Calendar as DCal
from .domain.cpm import schedule
from .domain.network import Activity as DAct
from .domain.network import ActivityType, Constraint, ConstraintType, Network, Relationship, RelType
from .tables import Activity, ActualCost, BoqItem, Calendar, ProgressUpdate, Project

CODE = "PADMA-RES"
NAME = "Padma Residency (B+10 residential), Bashundhara R/A"
NAME_BN = "পদ্মা রেসিডেন্সি (বি+১০ আবাসিক ভবন), বসুন্ধরা আ/এ"
START = date(2025, 1, 4)  # a Saturday
H = 8  # hours per working day

FLOOR_FRAME = [  # code suffix, name, days, outdoor?
    ("CR", "Column reinforcement", 3), ("CC", "Column formwork and casting", 3),
    ("SF", "Beam and slab formwork", 6), ("SR", "Beam and slab reinforcement", 5),
    ("SC", "Slab casting (ready-mix)", 1), ("CU", "Slab curing", 7), ("ST", "Formwork stripping", 2),
]
FLOOR_FINISH = [
    ("BI", "Internal brickwork 125 mm", 12), ("BE", "External brickwork 250 mm", 10),
    ("EC", "Electrical conduit in walls", 6), ("PR", "Plumbing rough-in", 6),
    ("PI", "Internal plaster 12 mm", 10), ("PE", "External plaster 20 mm", 8),
    ("WF", "Aluminium window frames", 4), ("FT", "Floor tiles 600x600", 8), ("WT", "Bathroom wall tiles", 6),
    ("DR", "Doors and frames", 4), ("EW", "Electrical wiring and fittings", 6),
    ("SA", "Sanitary fittings", 4), ("PT", "Painting (plastic emulsion)", 8), ("CL", "Cleaning and snag list", 2),
]
OUTDOOR = {"BE", "PE"}


def _floor_name(f: int) -> str:
    return "Ground floor" if f == 0 else f"Floor {f}"


def build_network(site: str = "SITE", outdoor: str = "OUTDOOR") -> tuple[Network, dict[str, tuple[str, str]],
                                                                          dict[str, Decimal]]:
    """The demo network, WBS names and a cost loading per activity (BDT)."""
    acts: list[DAct] = []
    rels: list[Relationship] = []
    wbs: dict[str, str | None] = {}
    names: dict[str, tuple[str, str]] = {}
    budget: dict[str, Decimal] = {}

    def w(code: str, name: str, parent: str | None = None) -> str:
        wbs[code], names[code] = parent, (code, name)
        return code

    def a(code: str, name: str, days: float, wb: str, cal: str = site, kind: ActivityType = ActivityType.TASK,
          cost: int = 0, cons: Constraint | None = None) -> str:
        acts.append(DAct(code, name, days * H, kind, cal, wb, cons))
        if cost:
            budget[code] = Decimal(cost)
        return code

    def r(p: str, s: str, t: RelType = RelType.FS, lag_days: float = 0) -> None:
        rels.append(Relationship(p, s, t, lag_days * H))

    root = w("PR", "Padma Residency, Bashundhara R/A, Dhaka")
    m = w("PR.1", "Mobilisation and site preparation", root)
    a("M000", "Notice to proceed", 0, m, kind=ActivityType.START_MILESTONE)
    a("M010", "Site survey and setting out", 3, m, cost=150_000)
    a("M020", "Site office, stores and labour shed", 8, m, outdoor, cost=1_200_000)
    a("M030", "Temporary power and water", 5, m, cost=600_000)
    a("M040", "Boundary hoarding", 6, m, outdoor, cost=450_000)
    a("M050", "RAJUK approval documents on site", 1, m)
    a("M060", "Site dewatering", 30, m, outdoor, cost=900_000)
    for p, s_ in [("M000", "M010"), ("M010", "M020"), ("M010", "M040"), ("M000", "M050")]:
        r(p, s_)
    r("M010", "M030", RelType.SS, 1)
    sub = w("PR.2", "Substructure", root)
    pil = w("PR.2.1", "Piling", sub)
    a("P010", "Piling rig mobilisation", 3, pil, outdoor, cost=350_000)
    a("P020", "Test piles (2 nos) and load test", 10, pil, outdoor, cost=800_000)
    a("P030", "Bored cast-in-situ piles zone A (60 nos)", 24, pil, outdoor)
    a("P040", "Bored cast-in-situ piles zone B (60 nos)", 24, pil, outdoor)
    a("P050", "Pile integrity tests", 4, pil, cost=250_000)
    a("P060", "Pile head breaking", 6, pil, outdoor, cost=300_000)
    a("P070", "Piling complete", 0, pil, kind=ActivityType.FINISH_MILESTONE)
    r("M020", "P010"), r("M030", "P010"), r("P010", "P020"), r("P020", "P030")
    r("P030", "P040", RelType.SS, 12), r("P040", "P050", RelType.FF, 2), r("P030", "P060", RelType.SS, 15)
    r("P040", "P060", RelType.FF, 3), r("P050", "P070"), r("P060", "P070")
    cap = w("PR.2.2", "Pile caps and grade beams", sub)
    a("C010", "Excavation for pile caps", 10, cap, outdoor)
    a("C020", "Lean concrete and shuttering", 6, cap, outdoor, cost=400_000)
    a("C030", "Pile cap reinforcement", 10, cap)
    a("C040", "Pile cap and grade beam casting", 6, cap)
    a("C050", "Backfilling and compaction", 5, cap, outdoor, cost=350_000)
    r("P060", "C010", RelType.SS, 4), r("C010", "C020", RelType.SS, 3), r("C020", "C030", RelType.SS, 2)
    r("C030", "C040", RelType.FF, 2), r("C040", "C050", lag_days=3), r("P070", "C040")
    bsm = w("PR.2.3", "Basement", sub)
    a("B010", "Basement excavation", 15, bsm, outdoor)
    a("B020", "Retaining wall (secant) works", 18, bsm, outdoor, cost=5_500_000)
    a("B030", "Waterproofing membrane", 6, bsm, cost=1_400_000)
    a("B040", "Raft reinforcement", 10, bsm)
    a("B050", "Raft casting", 2, bsm)
    a("B060", "Basement wall reinforcement and casting", 12, bsm)
    a("B070", "Basement columns", 6, bsm)
    a("B080", "Ground floor slab formwork and reinforcement", 10, bsm)
    a("B090", "Ground floor slab casting", 1, bsm)
    a("B100", "Basement complete", 0, bsm, kind=ActivityType.FINISH_MILESTONE)
    r("C050", "B010"), r("B010", "B020", RelType.SS, 5), r("B020", "B030", RelType.FF, 3)
    r("B030", "B040"), r("B040", "B050"), r("B050", "B060", lag_days=2), r("B050", "B070", lag_days=2)
    r("B060", "B080", RelType.SS, 6), r("B070", "B080"), r("B080", "B090"), r("B090", "B100")
    r("B050", "M060", RelType.SF)  # dewatering may stop once the raft is being cast
    r("M020", "M060")

    sup = w("PR.3", "Superstructure", root)
    fin = w("PR.4", "Masonry, MEP and finishes", root)
    prev_slab = "B090"
    prev: dict[str, str] = {}
    for f in range(0, 11):
        fw = w(f"PR.3.{f:02d}", f"{_floor_name(f)} frame", sup)
        c = {k: a(f"F{f:02d}{k}", f"{_floor_name(f)}: {n}", d, fw) for k, n, d in FLOOR_FRAME}
        r(prev_slab, c["CR"], lag_days=2 if f else 1)
        r(c["CR"], c["CC"]), r(c["CC"], c["SF"]), r(c["SF"], c["SR"], RelType.SS, 3), r(c["SR"], c["SC"])
        r(c["SF"], c["SC"]), r(c["SC"], c["CU"]), r(c["CU"], c["ST"], lag_days=7)
        prev_slab = c["SC"]
        nw = w(f"PR.4.{f:02d}", f"{_floor_name(f)} finishes", fin)
        x = {k: a(f"N{f:02d}{k}", f"{_floor_name(f)}: {n}", d, nw, outdoor if k in OUTDOOR else site)
             for k, n, d in FLOOR_FINISH}
        r(c["ST"], x["BI"]), r(x["BI"], x["BE"], RelType.SS, 3), r(x["BI"], x["EC"], RelType.SS, 4)
        r(x["BI"], x["PR"], RelType.SS, 4), r(x["EC"], x["PI"]), r(x["PR"], x["PI"])
        r(x["BE"], x["PE"], RelType.FF, 5), r(x["PE"], x["WF"]), r(x["PI"], x["FT"]), r(x["FT"], x["WT"], RelType.SS, 2)
        r(x["FT"], x["DR"]), r(x["PI"], x["EW"], lag_days=2), r(x["WT"], x["SA"]), r(x["DR"], x["PT"])
        r(x["EW"], x["PT"], RelType.FF, 2), r(x["WF"], x["PT"]), r(x["PT"], x["CL"]), r(x["SA"], x["CL"])
        if prev:  # one crew per trade moves up the building
            for k in ("BI", "PI", "FT", "PT"):
                r(prev[k], x[k], RelType.SS, 4)
        prev = x
    roof = w("PR.5", "Roof", root)
    a("R010", "Roof slab curing and stripping", 9, roof)
    a("R020", "Lift machine room and water tank", 15, roof)
    a("R030", "Roof waterproofing and screed", 8, roof, outdoor, cost=1_800_000)
    a("R040", "Parapet and roof finishes", 8, roof, outdoor, cost=900_000)
    a("R050", "Lightning protection", 3, roof, cost=350_000)
    a("R060", "Overhead water tank fittings", 4, roof, cost=450_000)
    a("R070", "Roof garden planters", 5, roof, outdoor, cost=600_000)
    a("R080", "Roof complete", 0, roof, kind=ActivityType.FINISH_MILESTONE)
    r("F10SC", "R010"), r("R010", "R020"), r("R020", "R030"), r("R030", "R040", RelType.SS, 3), r("R040", "R050")
    r("R020", "R060", lag_days=5), r("R040", "R070"), r("R050", "R080"), r("R060", "R080"), r("R070", "R080")
    svc = w("PR.6", "Lifts, power and fire safety", root)
    a("L010", "Lift installation (2 x 13 passenger)", 30, svc)
    a("L020", "Substation 500 kVA and LT panel", 15, svc)
    a("L030", "Standby generator 250 kVA", 6, svc)
    a("L040", "Fire detection and sprinklers", 25, svc)
    a("L050", "DESCO connection energised", 0, svc, kind=ActivityType.FINISH_MILESTONE,
      cons=Constraint(ConstraintType.START_ON_OR_AFTER, datetime(2026, 5, 3, 8)))
    a("L060", "Testing and commissioning", 10, svc, cost=700_000)
    r("R020", "L010"), r("F05SC", "L040", lag_days=10), r("B100", "L020", lag_days=60), r("L020", "L030")
    r("L020", "L050"), r("L010", "L060"), r("L030", "L060"), r("L040", "L060"), r("L050", "L060")
    ext = w("PR.7", "External works", root)
    a("X010", "Drainage and soak well", 12, ext, outdoor, cost=1_300_000)
    a("X020", "Septic tank", 10, ext, outdoor, cost=900_000)
    a("X030", "Driveway and car park paving", 12, ext, outdoor, cost=2_100_000)
    a("X040", "Boundary wall and main gate", 15, ext, outdoor, cost=1_600_000)
    a("X050", "Guard house", 10, ext, outdoor, cost=700_000)
    a("X060", "Landscaping", 8, ext, outdoor, cost=500_000)
    a("X070", "External lighting", 5, ext, cost=450_000)
    a("X080", "Demobilise hoarding", 3, ext, outdoor, cost=150_000)
    r("N00CL", "X010"), r("X010", "X020", RelType.SS, 4), r("X010", "X030"), r("N03PE", "X040")
    r("X040", "X050", RelType.SS, 5), r("X030", "X060"), r("X030", "X070"), r("X060", "X080")
    r("M040", "X080", RelType.FF)
    ho = w("PR.8", "Handover", root)
    a("H010", "RAJUK occupancy certificate application", 20, ho, cost=300_000)
    a("H020", "Fire service clearance", 10, ho, cost=200_000)
    a("H030", "Final snagging and cleaning", 8, ho, cost=400_000)
    a("H040", "Handover to flat owners", 5, ho, cost=150_000)
    a("H050", "Project complete", 0, ho, kind=ActivityType.FINISH_MILESTONE)
    r("L060", "H020"), r("N10CL", "H010"), r("H020", "H010", RelType.FF), r("R080", "H030")
    r("H010", "H030", RelType.FF), r("X080", "H030"), r("H030", "H040"), r("H040", "H050")
    for f in range(11):
        r(f"N{f:02d}CL", "H030")
    cals = {site: DCal.build(site), outdoor: DCal.build(outdoor)}
    return Network(acts, rels, cals, site, name=CODE, wbs_parent=wbs), names, budget


# BOQ lines per floor: (suffix, description, unit, quantity, rate, activity suffix)
FLOOR_BOQ = [
    ("01", "RCC 1:1.5:3 in columns (ready-mix 25 MPa)", "m3", "38", "14500", "CC"),
    ("02", "RCC 1:1.5:3 in beams and slab (ready-mix 25 MPa)", "m3", "92", "14200", "SC"),
    ("03", "Reinforcement 500W deformed bar, cut, bent and placed", "kg", "16500", "105", "SR"),
    ("04", "Shuttering and centering with steel props", "m2", "780", "420", "SF"),
    ("05", "125 mm first-class brickwork (1:4)", "m2", "620", "1150", "BI"),
    ("06", "250 mm first-class brickwork (1:6)", "m3", "95", "9800", "BE"),
    ("07", "12 mm internal cement plaster (1:4)", "m2", "1450", "310", "PI"),
    ("08", "20 mm external cement plaster (1:4)", "m2", "540", "420", "PE"),
    ("09", "Homogeneous floor tiles 600x600", "m2", "560", "1850", "FT"),
    ("10", "Ceramic wall tiles in bathrooms", "m2", "310", "1350", "WT"),
    ("11", "Electrical conduit, wiring and fittings", "LS", "1", "1450000", "EW"),
    ("12", "Sanitary fittings (8 bathrooms)", "set", "8", "68000", "SA"),
    ("13", "Plastic emulsion paint, 3 coats", "m2", "2600", "145", "PT"),
    ("14", "Flush doors with teak chowkath", "nos", "28", "18500", "DR"),
    ("15", "Thai aluminium sliding windows", "m2", "96", "5200", "WF"),
]
OTHER_BOQ = [
    ("2.01", "Cast-in-situ bored pile 600 mm dia, 24 m", "m", "2880", "4600", "P030"),
    ("2.02", "Cast-in-situ bored pile 600 mm dia, 24 m (zone B)", "m", "2880", "4600", "P040"),
    ("2.03", "Earthwork in excavation for pile caps", "m3", "1250", "380", "C010"),
    ("2.04", "RCC in pile caps and grade beams", "m3", "420", "13800", "C040"),
    ("2.05", "Reinforcement in pile caps", "kg", "52000", "104", "C030"),
    ("2.06", "Basement excavation and disposal", "m3", "6800", "420", "B010"),
    ("2.07", "RCC in raft 40 MPa", "m3", "610", "15200", "B050"),
    ("2.08", "Reinforcement in raft", "kg", "78000", "104", "B040"),
    ("2.09", "RCC in basement walls", "m3", "240", "15000", "B060"),
    ("2.10", "RCC in basement columns", "m3", "60", "14800", "B070"),
    ("2.11", "Ground floor slab RCC", "m3", "130", "14200", "B090"),
    ("2.12", "Ground floor slab shuttering and reinforcement", "LS", "1", "2650000", "B080"),
    ("5.01", "Lift machine room and overhead tank RCC", "m3", "85", "14500", "R020"),
    ("6.01", "Passenger lift 13 person, 11 stops", "nos", "2", "4200000", "L010"),
    ("6.02", "Substation 500 kVA with HT/LT panels", "set", "1", "5800000", "L020"),
    ("6.03", "Diesel generator 250 kVA with ATS", "set", "1", "3600000", "L030"),
    ("6.04", "Fire detection, hydrants and sprinklers", "LS", "1", "4800000", "L040"),
]


def load(tenant_id: UUID) -> None:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        company = organization.demo_company()  # never a company someone added beside it
        p = service.create_project(CODE, NAME, name_bn=NAME_BN, company_id=company.id if company else None,
                                   site_district_code="13", site_upazila_code="91310",  # Dhaka, Vatara thana
                                   contract_value="0", start_date=START, finish_date=date(2026, 12, 31),
                                   status="active", data_date=datetime.combine(START, time(8)))
        with unit_of_work() as uow:
            _populate(uow, tenant_id, p.id)


def _populate(uow, tenant_id: UUID, project_id: UUID) -> None:  # noqa: ANN001
    s = uow.session
    cal = {c.code: c.id for c in s.execute(select(Calendar).where(Calendar.project_id.is_(None))).scalars()}
    net, names, budget = build_network()
    rows = repo.insert_network(s, tenant_id, project_id, net, wbs_names=names,
                               existing_calendars={"SITE": cal["SITE"], "OUTDOOR": cal["OUTDOOR"]})
    ids = rows.activity_ids
    # BOQ
    boq = []
    for f in range(11):
        for suffix, desc, unit, q, rate, act in FLOOR_BOQ:
            boq.append((f"3.{f:02d}.{suffix}", f"{_floor_name(f)}: {desc}", unit, q, rate,
                        f"N{f:02d}{act}" if f"N{f:02d}{act}" in ids else f"F{f:02d}{act}"))
    boq += OTHER_BOQ
    boq_rows = []
    for item_no, desc, unit, q, rate, act in boq:
        qd, rd = Decimal(q), Decimal(rate)
        boq_rows.append({"id": new_id(), "tenant_id": tenant_id, "project_id": project_id, "item_no": item_no,
                         "description": desc, "unit": unit, "quantity": qd, "rate": rd, "amount": round_amount(qd * rd),
                         "activity_id": ids[act], "wbs_id": rows.wbs_ids[next(a.wbs_id for a in net.activities
                                                                                  if a.code == act)], "version": 1})
    repo.bulk_insert(s, BoqItem, boq_rows)
    t = Activity.__table__
    s.connection().execute(update(t).where(t.c.id == bindparam("b_id")).values(budget=bindparam("budget")),
                           [{"b_id": ids[c], "budget": v} for c, v in budget.items()])
    total = sum((r["amount"] for r in boq_rows), Decimal(0)) + sum(budget.values(), Decimal(0))
    project = s.get(Project, project_id)
    project.contract_value = round_amount(total * Decimal("1.12"))  # 12% overhead and profit
    # baseline: the plan from the start
    loaded = repo.load_network(s, project, datetime.combine(START, time(8)))
    planned = schedule(loaded.network, loaded.options)
    repo.write_results(s, loaded, planned)
    s.flush()
    s.expire_all()
    service.save_baseline(CODE, "Contract baseline (Jan 2025)")
    # progress at a data date ~40% through the plan, a little behind and a little over budget
    dd = datetime(2025, 11, 2, 8)
    prog, hist = [], []
    for code, res in planned.activities.items():
        a_start, a_fin = res.early_start, res.early_finish
        if a_start >= dd - timedelta(days=12):
            continue
        done = a_fin <= dd - timedelta(days=12)
        span = max((a_fin - a_start).total_seconds(), 1)
        pct = 100.0 if done else round(min(95.0, (dd - timedelta(days=12) - a_start).total_seconds() / span * 100), 0)
        dur = next(a.duration_hours for a in net.activities if a.code == code)
        prog.append({"b_id": ids[code], "actual_start": a_start, "actual_finish": a_fin if done else None,
                     "percent_complete": pct, "remaining_hours": 0.0 if done else round(dur * (1 - pct / 100), 1),
                     "status": "completed" if done else "in_progress"})
        for k, day in enumerate((dd.date() - timedelta(days=60), dd.date())):
            hist.append({"id": new_id(), "tenant_id": tenant_id, "activity_id": ids[code], "status_date": day,
                         "percent_complete": pct if k else round(pct * 0.7)})
    s.connection().execute(update(t).where(t.c.id == bindparam("b_id")).values(
        actual_start=bindparam("actual_start"), actual_finish=bindparam("actual_finish"),
        percent_complete=bindparam("percent_complete"), remaining_hours=bindparam("remaining_hours"),
        status=bindparam("status")), prog)
    repo.bulk_insert(s, ProgressUpdate, hist)
    if not (project.company_id and "finance" in runtime.current().registry.names):
        _running_bills(s, tenant_id, project_id, prog, dd)
    s.expire_all()
    service.schedule_project(CODE, dd)


def _running_bills(s, tenant_id: UUID, project_id: UUID, prog: list[dict], dd: datetime) -> None:  # noqa: ANN001
    """A stand-alone project's own costs: each started activity's budget share, 6% over."""
    from .service.costs import budgets_by_activity

    budgets = budgets_by_activity(s, project_id)
    cost = []
    for k, row in enumerate(prog):
        b = budgets.get(row["b_id"], Decimal(0))
        if not b:
            continue
        spent = round_amount(b * Decimal(str(row["percent_complete"])) / 100 * Decimal("1.06"))
        cost.append({"id": new_id(), "tenant_id": tenant_id, "project_id": project_id, "activity_id": row["b_id"],
                     "cost_date": min(dd.date(), (row["actual_finish"] or dd).date()), "amount": spent,
                     "currency": "BDT", "source": "demo", "source_ref": f"DEMO-{k}", "memo": "Running bill"})
    repo.bulk_insert(s, ActualCost, cost)
