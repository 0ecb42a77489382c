"""Money side of a project: bill of quantities, actual costs, earned value and the S-curve.

An activity's budget at completion = its own cost loading + its BOQ lines + its resource
assignments' budget cost. Actual costs arrive by API and from finance postings tagged with the
project/activity (see handlers.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vextrus.platform import clock
from vextrus.platform.errors import Conflict, NotFound, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import round_amount, to_decimal
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import repository as repo
from ..domain.boq import check_qty_rate, parse_quantity
from ..domain.evm import EvmItem, evm_metrics, s_curve
from ..events import (
    ActualCostRecorded,
    BoqChanged,
)
from ..schemas import (
    ActualCostView,
    BoqGroup,
    BoqItemView,
    BoqView,
    EvmView,
    SCurvePointView,
)
from ..tables import (
    Activity,
    ActualCost,
    Assignment,
    BaselineActivity,
    BoqItem,
    ProgressUpdate,
    Wbs,
)
from .lookups import (
    find_project,
    latest_baseline,
)

ZERO = Decimal(0)


# ---- BOQ -------------------------------------------------------------------------------------

def _links(uow: UnitOfWork, project_id: UUID, wbs_code: str | None, activity_code: str | None) \
        -> tuple[UUID | None, UUID | None]:
    wbs_id = act_id = None
    if wbs_code:
        wbs_id = uow.session.execute(select(Wbs.id).where(Wbs.project_id == project_id, Wbs.code == wbs_code)) \
            .scalar_one_or_none()
        if wbs_id is None:
            raise NotFound("WBS", wbs_code, field="wbs_code")
    if activity_code:
        act = uow.session.execute(select(Activity).where(Activity.project_id == project_id,
                                                         Activity.code == activity_code)).scalar_one_or_none()
        if act is None:
            raise NotFound("activity", activity_code, field="activity_code")
        act_id = act.id
        wbs_id = wbs_id or act.wbs_id
    return wbs_id, act_id


@command("projects.boq.create", scope="projects.add_boq_item")
def add_boq_item(uow: UnitOfWork, project: UUID | str, item_no: str, description: str, unit: str,
                 quantity: Decimal | str | int, rate: Decimal | str | int, wbs_code: str | None = None,
                 activity_code: str | None = None, item_id: UUID | None = None) -> BoqItemView:
    p = find_project(uow, project)
    q, r = parse_quantity(quantity), round_amount(to_decimal(rate))
    check_qty_rate(q, r)
    if uow.session.execute(select(BoqItem.id).where(BoqItem.project_id == p.id, BoqItem.item_no == item_no)).first():
        raise Conflict("boq_item_exists", f"BOQ item {item_no} already exists", f"বিওকিউ আইটেম {item_no} আগে থেকেই আছে",
                       field="item_no")
    wbs_id, act_id = _links(uow, p.id, wbs_code, activity_code)
    b = BoqItem(project_id=p.id, item_no=item_no, description=description, unit=unit, quantity=q, rate=r,
                amount=round_amount(q * r), wbs_id=wbs_id, activity_id=act_id, item_id=item_id, version=1)
    uow.session.add(b)
    uow.session.flush()
    uow.emit(BoqChanged(project_id=str(p.id), item_no=item_no, amount=str(b.amount)))
    return _boq_view(uow.session, b)


@command("projects.boq.create", scope="projects.add_boq_items")
def add_boq_items(uow: UnitOfWork, project: UUID | str,
                  items: list[tuple[str, str, str, Decimal | str | int, Decimal | str | int]]) -> list[BoqItemView]:
    """Several BOQ lines (item no, description, unit, quantity, rate) added at once, all or none: a project's
    BOQ written from another document (crm's accepted quotation). Refusals name `items[i].<field>`: an empty
    item no or description, one longer than the column, an item no repeated or already in the BOQ, a negative or
    over-precise quantity or rate."""
    p = find_project(uow, project)
    have = set(uow.session.execute(select(BoqItem.item_no).where(BoqItem.project_id == p.id)).scalars())
    rows = []
    for i, (item_no, description, unit, quantity, rate) in enumerate(items):
        at, no, desc = f"items[{i}]", (item_no or "").strip(), (description or "").strip()
        if not no or len(no) > 40:
            raise ValidationFailed("boq_item_no", f"Item {i + 1}: an item number of 1-40 characters is required",
                                   f"আইটেম {to_bangla_digits(str(i + 1))}: ১-৪০ অক্ষরের আইটেম নম্বর প্রয়োজন", field=f"{at}.item_no")
        if no in have:
            raise Conflict("boq_item_exists", f"BOQ item {no} already exists", f"বিওকিউ আইটেম {no} আগে থেকেই আছে",
                           field=f"{at}.item_no")
        if not desc or len(desc) > 400:
            raise ValidationFailed("boq_description", f"Item {no}: a description of 1-400 characters is required",
                                   f"আইটেম {no}: ১-৪০০ অক্ষরের বিবরণ প্রয়োজন", field=f"{at}.description")
        if len((unit or "").strip()) > 20:
            raise ValidationFailed("boq_unit", f"Item {no}: the unit is at most 20 characters",
                                   f"আইটেম {no}: একক সর্বোচ্চ ২০ অক্ষর", field=f"{at}.unit")
        field = "quantity"
        try:
            q = parse_quantity(quantity)
            field = "rate"
            r = to_decimal(rate, "rate")
            if r != round_amount(r):
                raise ValidationFailed("boq_rate_precision", "Rate has more than 2 decimal places",
                                       "দরে ২ দশমিকের বেশি", field="rate")
            check_qty_rate(q, r)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, f"Item {no}: {exc.message}", f"আইটেম {no}: {exc.message_bn}",
                                   field=f"{at}.{exc.field if exc.field in ('quantity', 'rate') else field}") from exc
        have.add(no)
        rows.append(BoqItem(project_id=p.id, item_no=no, description=desc, unit=(unit or "").strip(), quantity=q,
                            rate=r, amount=round_amount(q * r), version=1))
    uow.session.add_all(rows)
    uow.session.flush()
    for b in rows:
        uow.emit(BoqChanged(project_id=str(p.id), item_no=b.item_no, amount=str(b.amount)))
    return [_boq_view(uow.session, b) for b in rows]


@command("projects.boq.update", scope="projects.update_boq_item")
def update_boq_item(uow: UnitOfWork, project: UUID | str, item_no: str, expected_version: int | None = None,
                    description: str | None = None, unit: str | None = None,
                    quantity: Decimal | str | int | None = None, rate: Decimal | str | int | None = None,
                    activity_code: str | None = None) -> BoqItemView:
    p = find_project(uow, project)
    b = uow.session.execute(select(BoqItem).where(BoqItem.project_id == p.id, BoqItem.item_no == item_no)) \
        .scalar_one_or_none()
    if b is None:
        raise NotFound("BOQ item", item_no, field="item_no")
    check_version(b, expected_version, f"BOQ item {item_no}")
    if description is not None:
        b.description = description
    if unit is not None:
        b.unit = unit
    if quantity is not None:
        b.quantity = parse_quantity(quantity)
    if rate is not None:
        b.rate = round_amount(to_decimal(rate))
    check_qty_rate(b.quantity, b.rate)
    if activity_code is not None:
        b.wbs_id, b.activity_id = _links(uow, p.id, None, activity_code or None)
    b.amount = round_amount(b.quantity * b.rate)
    uow.session.flush()  # the version moves on here (Versioned)
    uow.emit(BoqChanged(project_id=str(p.id), item_no=item_no, amount=str(b.amount)))
    return _boq_view(uow.session, b)


@command("projects.boq.delete", scope="projects.delete_boq_item")
def delete_boq_item(uow: UnitOfWork, project: UUID | str, item_no: str) -> bool:
    p = find_project(uow, project)
    b = uow.session.execute(select(BoqItem).where(BoqItem.project_id == p.id, BoqItem.item_no == item_no)) \
        .scalar_one_or_none()
    if b is None:
        raise NotFound("BOQ item", item_no, field="item_no")
    uow.session.delete(b)
    uow.emit(BoqChanged(project_id=str(p.id), item_no=item_no, amount="0"))
    return True


def _boq_view(s: Session, b: BoqItem, wbs: dict[UUID, str] | None = None,
              acts: dict[UUID, str] | None = None) -> BoqItemView:
    wc = (wbs or {}).get(b.wbs_id) if wbs is not None else (s.get(Wbs, b.wbs_id).code if b.wbs_id else None)
    ac = (acts or {}).get(b.activity_id) if acts is not None else \
        (s.get(Activity, b.activity_id).code if b.activity_id else None)
    return BoqItemView(id=b.id, item_no=b.item_no, description=b.description, unit=b.unit, quantity=b.quantity,
                       rate=b.rate, amount=b.amount, wbs_code=wc, activity_code=ac, item_id=b.item_id,
                       version=b.version)


@query("projects.boq.read", scope="projects.get_boq_item")
def get_boq_item(uow: UnitOfWork, project: UUID | str, item_no: str) -> BoqItemView:
    """One BOQ line by its number (the `Location` of its create, where its PATCH goes too)."""
    p = find_project(uow, project)
    b = uow.session.execute(select(BoqItem).where(BoqItem.project_id == p.id, BoqItem.item_no == item_no)) \
        .scalar_one_or_none()
    if b is None:
        raise NotFound("BOQ item", item_no, field="item_no")
    return _boq_view(uow.session, b)


@query("projects.boq.read")
def boq(uow: UnitOfWork, project: UUID | str) -> BoqView:
    """BOQ lines grouped by WBS, each group's total and the grand total (exact sums)."""
    p = find_project(uow, project)
    wbs = {w.id: w for w in uow.session.execute(select(Wbs).where(Wbs.project_id == p.id)).scalars()}
    acts = dict(uow.session.execute(select(Activity.id, Activity.code).where(Activity.project_id == p.id)).all())
    items = uow.session.execute(select(BoqItem).where(BoqItem.project_id == p.id)
                                .order_by(BoqItem.item_no)).scalars().all()
    codes = {k: w.code for k, w in wbs.items()}
    groups: dict[UUID | None, list[BoqItemView]] = {}
    for b in items:
        groups.setdefault(b.wbs_id, []).append(_boq_view(uow.session, b, codes, acts))
    out = [BoqGroup(wbs_code=codes.get(k) if k else None, wbs_name=wbs[k].name if k else "Unassigned",
                    amount=sum((i.amount for i in v), ZERO), items=v)
           for k, v in sorted(groups.items(), key=lambda kv: (kv[0] is None, wbs[kv[0]].seq if kv[0] else 0))]
    total = uow.session.execute(select(func.sum(BoqItem.amount)).where(BoqItem.project_id == p.id)) \
        .scalar() or ZERO  # SUM keeps the column type: an exact Decimal
    return BoqView(project_id=p.id, currency=p.currency, groups=out, total=total)


def budgets_by_activity(s: Session, project_id: UUID) -> dict[UUID, Decimal]:
    """Budget at completion per activity: own cost loading + BOQ lines + assignments."""
    out: dict[UUID, Decimal] = {}
    for aid, budget in s.execute(select(Activity.id, Activity.budget).where(Activity.project_id == project_id)):
        out[aid] = budget or ZERO
    for aid, total in s.execute(select(BoqItem.activity_id, func.sum(BoqItem.amount)).where(
            BoqItem.project_id == project_id, BoqItem.activity_id.is_not(None)).group_by(BoqItem.activity_id)):
        out[aid] = out.get(aid, ZERO) + (total or ZERO)
    for aid, total in s.execute(select(Assignment.activity_id, func.sum(Assignment.budget_cost)).join(
            Activity, Activity.id == Assignment.activity_id).where(Activity.project_id == project_id)
            .group_by(Assignment.activity_id)):
        out[aid] = out.get(aid, ZERO) + (total or ZERO)
    return out


# ---- actual costs ----------------------------------------------------------------------------

def record_cost(uow: UnitOfWork, project_id: UUID, activity_code: str | None, cost_date: date,
                amount: Decimal, currency: str, source: str, source_ref: str | None, memo: str = "") \
        -> ActualCostView | None:
    """Store one cost line; a repeated (source, source_ref) is ignored (returns None)."""
    clock.check_date(cost_date, "cost_date")
    if source_ref and uow.session.execute(select(ActualCost.id).where(
            ActualCost.source == source, ActualCost.source_ref == source_ref)).first():
        return None
    act_id = None
    if activity_code:
        act_id = uow.session.execute(select(Activity.id).where(Activity.project_id == project_id,
                                                               Activity.code == activity_code)).scalar_one_or_none()
        if act_id is None:
            raise NotFound("activity", activity_code, field="activity_code")
    c = ActualCost(project_id=project_id, activity_id=act_id, cost_date=cost_date, amount=round_amount(amount),
                   currency=currency, source=source, source_ref=source_ref, memo=memo)
    try:
        with uow.session.begin_nested():  # a concurrent request recorded the same reference first
            uow.session.add(c)
            uow.session.flush()
    except IntegrityError:
        if source_ref:
            return None
        raise
    uow.emit(ActualCostRecorded(project_id=str(project_id), activity_code=activity_code, amount=str(c.amount),
                                currency=currency, source=source))
    return ActualCostView(id=c.id, activity_code=activity_code, cost_date=cost_date, amount=c.amount,
                          currency=currency, source=source, source_ref=source_ref)


@command("projects.cost.record", scope="projects.record_actual_cost")
def record_actual_cost(uow: UnitOfWork, project: UUID | str, amount: Decimal | str | int, cost_date: date,
                       activity_code: str | None = None, currency: str | None = None, memo: str = "",
                       reference: str | None = None) -> ActualCostView:
    p = find_project(uow, project)
    cur = (currency or p.currency).upper()
    if cur != p.currency:
        raise ValidationFailed("cost_currency", f"Costs of project {p.code} are in {p.currency}",
                               f"প্রকল্প {p.code} এর খরচ {p.currency} তে", field="currency")
    out = record_cost(uow, p.id, activity_code, cost_date, to_decimal(amount), cur, "api", reference, memo)
    if out is None:
        raise Conflict("cost_duplicate", f"Cost {reference} was already recorded", f"খরচ {reference} আগে লেখা হয়েছে",
                       field="reference")
    return out


@query("projects.evm.view")
def list_costs(uow: UnitOfWork, project: UUID | str) -> list[ActualCostView]:
    p = find_project(uow, project)
    codes = dict(uow.session.execute(select(Activity.id, Activity.code).where(Activity.project_id == p.id)).all())
    rows = uow.session.execute(select(ActualCost).where(ActualCost.project_id == p.id)
                               .order_by(ActualCost.cost_date, ActualCost.id)).scalars()
    return [_cost_view(c, codes) for c in rows]


@query("projects.evm.view", scope="projects.get_cost")
def get_cost(uow: UnitOfWork, project: UUID | str, cost_id: UUID) -> ActualCostView:
    """One actual cost of the project (the `Location` of recording it)."""
    p = find_project(uow, project)
    c = uow.session.get(ActualCost, cost_id)
    if c is None or c.project_id != p.id:
        raise NotFound("actual cost", cost_id, field="cost_id")
    codes = dict(uow.session.execute(select(Activity.id, Activity.code).where(Activity.id == c.activity_id)).all()) \
        if c.activity_id else {}
    return _cost_view(c, codes)


def _cost_view(c: ActualCost, codes: dict[UUID, str]) -> ActualCostView:
    return ActualCostView(id=c.id, activity_code=codes.get(c.activity_id), cost_date=c.cost_date, amount=c.amount,
                          currency=c.currency, source=c.source, source_ref=c.source_ref)


@query("projects.evm.view")
def page_costs(uow: UnitOfWork, project: UUID | str, first: int = 100, after: str | None = None) -> Page[ActualCostView]:
    """One cursor page of the project's actual costs (by id: the order they were recorded)."""
    p = find_project(uow, project)
    page = paginate(uow.session, select(ActualCost).where(ActualCost.project_id == p.id), ActualCost.id,
                    first=first, after=after, convert=UUID)
    ids = {c.activity_id for c in page.items if c.activity_id is not None}
    codes = dict(uow.session.execute(select(Activity.id, Activity.code).where(Activity.id.in_(ids))).all()) \
        if ids else {}
    return Page([_cost_view(c, codes) for c in page.items], page.end_cursor, page.has_next_page)


# ---- earned value ----------------------------------------------------------------------------

@query("projects.evm.view")
def evm(uow: UnitOfWork, project: UUID | str, status_date: datetime | None = None, baseline_id: UUID | None = None,
        step_days: int = 14) -> EvmView:
    """EVM figures at the status date (default: the data date) against the latest (or given) baseline.

    PV comes from the baseline's dates and budgets, spread over the working time of each activity's
    calendar (the project's default calendar when it has none); EV from % complete; AC from
    recorded costs up to the status date; the bottom-up ETC from each activity's remaining cost
    estimate (its remaining budget where it has none). The S-curve has PV at each step; EV and AC where progress history and
    costs say what they were (every recorded status date), and at the status date."""
    p = find_project(uow, project)
    b = latest_baseline(uow, p.id, baseline_id)
    clock.check_date(status_date, "status_date")
    # schedules hold naive Dhaka wall-clock times: an aware status date is converted, not compared
    sd = clock.local_naive(status_date) if status_date else (p.data_date or datetime.combine(date.today(), time(17)))
    acts = list(uow.session.execute(select(Activity).where(Activity.project_id == p.id)).scalars())
    budgets = budgets_by_activity(uow.session, p.id)
    cals = repo.load_calendars(uow.session, p.id)  # PV accrues over each activity's working time
    default_cal = cals.get(str(p.default_calendar_id)) if p.default_calendar_id else next(iter(cals.values()), None)
    base = {}
    if b is not None:
        base = {r.activity_code: r for r in uow.session.execute(
            select(BaselineActivity).where(BaselineActivity.baseline_id == b.id)).scalars()}
    costs: dict[UUID | None, list[tuple[date, Decimal]]] = {}
    for aid, d, amt in uow.session.execute(select(ActualCost.activity_id, ActualCost.cost_date, ActualCost.amount)
                                           .where(ActualCost.project_id == p.id)):
        costs.setdefault(aid, []).append((d, amt))
    items = []
    for a in acts:
        ba = base.get(a.code)
        start = ba.early_start if ba else a.early_start
        finish = ba.early_finish if ba else a.early_finish
        if start is None or finish is None:
            continue
        budget = ba.budget if ba is not None and ba.budget else budgets.get(a.id, ZERO)
        ac = sum((amt for d, amt in costs.get(a.id, []) if d <= sd.date()), ZERO)
        items.append(EvmItem(a.code, budget, start, finish, Decimal(str(a.percent_complete)), ac,
                             calendar=cals.get(str(a.calendar_id), default_cal) if a.calendar_id else default_cal,
                             remaining_cost=a.remaining_cost))
    unassigned = sum((amt for d, amt in costs.get(None, []) if d <= sd.date()), ZERO)
    if unassigned:
        items.append(EvmItem("(project)", ZERO, sd, sd, ZERO, unassigned, remaining_cost=ZERO))
    m = evm_metrics(items, sd, p.currency)
    curve = [SCurvePointView(at=pt.at, pv=pt.pv, ev=pt.ev, ac=pt.ac)
             for pt in s_curve(items, sd, timedelta(days=step_days))]
    _history(uow.session, p.id, acts, budgets, base, costs, curve, sd)
    return EvmView(project_id=p.id, currency=p.currency, status_date=sd, baseline_name=b.name if b else None,
                   bac=m.bac, pv=m.pv, ev=m.ev, ac=m.ac, sv=m.sv, cv=m.cv, spi=m.spi, cpi=m.cpi,
                   eac_ac_plus_remaining=m.eac_ac_plus_remaining, eac_bac_over_cpi=m.eac_bac_over_cpi,
                   eac_ac_plus_remaining_over_cpi_spi=m.eac_ac_plus_remaining_over_cpi_spi, etc=m.etc,
                   vac=m.vac, tcpi_bac=m.tcpi_bac, tcpi_eac=m.tcpi_eac, etc_bottom_up=m.etc_bottom_up,
                   eac_bottom_up=m.eac_bottom_up, vac_bottom_up=m.vac_bottom_up, s_curve=curve)


def _history(s: Session, project_id: UUID, acts: list[Activity], budgets: dict[UUID, Decimal], base: dict,
             costs: dict, curve: list[SCurvePointView], sd: datetime) -> None:
    """Fill EV/AC at past curve points from progress history and dated costs (cumulative)."""
    hist: dict[UUID, list[tuple[date, float]]] = {}
    ids = [a.id for a in acts]
    for aid, d, pc in s.execute(select(ProgressUpdate.activity_id, ProgressUpdate.status_date,
                                       ProgressUpdate.percent_complete).where(ProgressUpdate.activity_id.in_(ids))):
        hist.setdefault(aid, []).append((d, pc))
    if not hist:
        return
    for pt in curve:
        if pt.at > sd or pt.ev is not None:
            continue
        ev = ZERO
        for a in acts:
            ba = base.get(a.code)
            budget = ba.budget if ba is not None and ba.budget else budgets.get(a.id, ZERO)
            known = [pc for d, pc in hist.get(a.id, []) if d <= pt.at.date()]
            if known and budget:
                ev += budget * Decimal(str(max(known))) / 100
        ac = sum((amt for rows in costs.values() for d, amt in rows if d <= pt.at.date()), ZERO)
        pt.ev, pt.ac = round_amount(ev), round_amount(ac)
