"""Material estimates per project activity, returns from an activity, and consumption vs estimate (issue 17).

`set_material_estimate`: load (company, project of the company and in reach, the activity, the item from
master_data, a client contract's BOQ line through `contracts.api` when named) → guard (`domain.consumption`: the
quantity ≥ 0 and ≤ 6 places, or the BOQ quantity × the norm; the unit converted to the item's base unit by the
item's conversions; the version) → store (one row per company, project, activity, item: insert or replace) →
view. `return_material`: material back from an activity to a store, at most what the activity holds net, valued
at its average issued cost; posted as a priced positive adjustment carrying the project and activity (the
posting path's own move, journal Dr 1160 / Cr 5110) and one journal moving the credit onto the project's activity
(Dr 5110 / Cr 5110 with the project and activity), so the activity's cost in the ledger falls by the return.
`consumption`: issues and returns per (project, activity, item) up to a date (two grouped reads of the moves),
the estimates, wastage % against a tolerance; CSV and XLSX of it (`consumption_file`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import clock, context, runtime
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import format_date, to_bangla_digits
from vextrus.platform.money import ZERO, round_places
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from ..domain import consumption as rules
from ..events import MovePosted
from ..schemas import (
    ConsumptionLine,
    ConsumptionReport,
    MaterialEstimateInput,
    MaterialEstimateView,
    MaterialReturnInput,
    MoveInput,
    MoveView,
)
from ..tables import MaterialEstimateRow, MoveRow
from .stores import check_company, load_store


def _running(name: str) -> bool:
    return name in runtime.current().registry.names


def _view(r: MaterialEstimateRow) -> MaterialEstimateView:
    return MaterialEstimateView(
        id=r.id,
        company_id=r.company_id,
        project_id=r.project_id,
        activity_code=r.activity_code,
        item_id=r.item_id,
        item_code=r.item_code,
        item_name=r.item_name,
        item_name_bn=r.item_name_bn,
        unit=r.unit,
        quantity=r.quantity,
        entered_quantity=r.entered_quantity,
        entered_unit=r.entered_unit,
        contract_id=r.contract_id,
        contract_item_id=r.contract_item_id,
        boq_item_no=r.boq_item_no,
        boq_quantity=r.boq_quantity,
        boq_unit=r.boq_unit,
        norm=r.norm,
        note=r.note,
        version=r.version,
    )


def _item(item_id: UUID):  # noqa: ANN202
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        item = master_data.items_by_id([item_id]).get(item_id)
    if item is None:
        raise ValidationFailed(
            "inventory.item_unknown", f"Item {item_id} does not exist", "এমন কোনো পণ্য নেই", field="item_id"
        )
    return item


def _project_activity(company_id: UUID, project_id: UUID, activity_code: str) -> str:
    """The activity's code as stored, after checking the project is the company's and in the user's reach and the
    activity is the project's (refusals name `project_id` / `activity_code`)."""
    if not _running("projects"):
        raise ValidationFailed(
            "inventory.project_unknown",
            "Projects are not running here",
            "প্রকল্প মডিউল চালু নেই",
            field="project_id",
        )
    from vextrus.modules.projects import api as projects

    if projects.project_companies([project_id]).get(project_id) != company_id:
        raise ValidationFailed(
            "inventory.project_unknown",
            f"Project {project_id} does not exist in this company",
            "এই কোম্পানিতে এমন কোনো প্রকল্প নেই",
            field="project_id",
        )
    context.require_scope_to_create(project_id, "project_id")  # another project than the role's: 403
    code = activity_code.strip()
    if not code or (project_id, code) not in projects.existing_activities([(project_id, code)]):
        raise ValidationFailed(
            "inventory.activity_unknown",
            f"The project has no activity {code or '(blank)'}",
            "প্রকল্পে এমন কোনো কাজ নেই",
            field="activity_code",
        )
    return code


def _to_base(item, quantity: Decimal, unit: str, path: str) -> Decimal:  # noqa: ANN001
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    if unit == item.base_unit:
        return quantity
    try:
        with context.calling_as(MODULE):
            base = master_data.convert_quantity(item.id, quantity, unit, item.base_unit)
    except DomainError as exc:
        raise ValidationFailed(
            "inventory.unit_not_convertible",
            f"{unit} cannot be converted to {item.base_unit} for {item.code}",
            "এই পণ্যের একক এতে রূপান্তর করা যায় না",
            field="unit",
            details={"unit": unit, "item_unit": item.base_unit},
        ) from exc
    return rules.check_quantity(round_places(base, rules.QTY_PLACES), path)


def _boq_line(project_id: UUID, contract_id: UUID | None, contract_item_id: UUID):  # noqa: ANN202
    """The client contract's BOQ line (a `ContractItemView`) through contracts.api, of the estimate's project."""
    if not _running("contracts"):
        raise ValidationFailed(
            "inventory.boq_line_unknown",
            "Contracts are not running here",
            "চুক্তি মডিউল চালু নেই",
            field="contract_item_id",
        )
    from vextrus.modules.contracts import api as contracts

    from .. import MODULE

    if contract_id is None:
        raise ValidationFailed(
            "inventory.contract_missing",
            "Name the contract of the BOQ line",
            "বিওকিউ লাইনের চুক্তি দিন",
            field="contract_id",
        )
    try:
        with context.calling_as(MODULE):
            contract = contracts.get_contract(contract_id)
    except DomainError as exc:
        if exc.status != 404:
            raise
        raise ValidationFailed(
            "inventory.contract_unknown",
            f"Contract {contract_id} does not exist",
            "এমন কোনো চুক্তি নেই",
            field="contract_id",
        ) from exc
    if contract.project_id != project_id:
        raise ValidationFailed(
            "inventory.contract_other_project",
            "The contract is of another project",
            "চুক্তিটি অন্য প্রকল্পের",
            field="contract_id",
        )
    line = next((i for i in getattr(contract, "items", []) if i.id == contract_item_id), None)
    if line is None:
        raise ValidationFailed(
            "inventory.boq_line_unknown",
            "The contract has no such BOQ line",
            "চুক্তিতে এমন কোনো বিওকিউ লাইন নেই",
            field="contract_item_id",
        )
    return line


@command("inventory.move.post", scope="inventory.set_material_estimate")
def set_material_estimate(uow: UnitOfWork, data: MaterialEstimateInput) -> MaterialEstimateView:
    """Set (or replace) the planned quantity of an item for a project activity."""
    # load
    check_company(data.company_id)
    code = _project_activity(data.company_id, data.project_id, data.activity_code)
    item = _item(data.item_id)
    unit = (data.unit or "").strip() or item.base_unit
    line = None
    # guard
    if data.contract_item_id is not None:
        if data.quantity is not None:
            raise ValidationFailed(
                "inventory.estimate_quantity_and_boq",
                "Give a quantity or a BOQ line with a norm, not both",
                "পরিমাণ অথবা মানসহ বিওকিউ লাইন দিন, দুটোই নয়",
                field="quantity",
            )
        line = _boq_line(data.project_id, data.contract_id, data.contract_item_id)
        entered = rules.from_norm(line.quantity, data.norm)
    else:
        if data.norm is not None:
            raise ValidationFailed(
                "inventory.norm_without_boq",
                "A norm needs a BOQ line",
                "মানের জন্য বিওকিউ লাইন দিন",
                field="norm",
            )
        entered = rules.check_quantity(data.quantity, "quantity")
    base = _to_base(item, entered, unit, "quantity")
    row = uow.session.scalar(
        select(MaterialEstimateRow).where(
            MaterialEstimateRow.company_id == data.company_id,
            MaterialEstimateRow.project_id == data.project_id,
            MaterialEstimateRow.activity_code == code,
            MaterialEstimateRow.item_id == item.id,
        )
    )
    if row is not None:
        check_version(row, data.expected_version, f"estimate {code}/{item.code}")
    # store
    if row is None:
        row = MaterialEstimateRow(
            tenant_id=context.require_tenant(),
            company_id=data.company_id,
            project_id=data.project_id,
            activity_code=code,
            item_id=item.id,
        )
        uow.session.add(row)
    row.item_code, row.item_name, row.item_name_bn, row.unit = (
        item.code,
        item.name,
        item.name_bn,
        item.base_unit,
    )
    row.quantity, row.entered_quantity, row.entered_unit = base, entered, unit
    row.contract_id = data.contract_id if line is not None else None
    row.contract_item_id = line.id if line is not None else None
    row.boq_item_no = line.item_no if line is not None else None
    row.boq_quantity = line.quantity if line is not None else None
    row.boq_unit = line.unit if line is not None else None
    row.norm = data.norm if line is not None else None
    row.note = data.note.strip()
    uow.session.flush()
    return _view(row)


@command("inventory.move.post", scope="inventory.remove_material_estimate")
def remove_material_estimate(
    uow: UnitOfWork, estimate_id: UUID, expected_version: int | None = None
) -> MaterialEstimateView:
    from .. import domain

    row = uow.session.get(MaterialEstimateRow, estimate_id)
    scope = context.company_scope()
    if row is None or (scope is not None and row.company_id != scope) or not context.reaches(row.project_id):
        raise domain.Missing(
            "material estimate", "উপকরণের প্রাক্কলন", estimate_id
        )  # another's: not said to exist
    check_version(row, expected_version, f"estimate {row.activity_code}/{row.item_code}")
    view = _view(row)
    uow.session.delete(row)
    uow.session.flush()
    return view


@query("inventory.stock.view")
def list_material_estimates(
    uow: UnitOfWork, company_id: UUID, project_id: UUID | None = None
) -> list[MaterialEstimateView]:
    """The company's estimates (the projects a scoped role reaches), by project, activity and item code."""
    check_company(company_id)
    q = select(MaterialEstimateRow).where(MaterialEstimateRow.company_id == company_id)
    if project_id is not None:
        q = q.where(MaterialEstimateRow.project_id == project_id)
    reach = context.scope_reach()
    rows = [r for r in uow.session.scalars(q) if reach is None or r.project_id in reach]
    rows.sort(key=lambda r: (str(r.project_id), r.activity_code, r.item_code))
    return [_view(r) for r in rows]


def _sums(
    uow: UnitOfWork,
    company_id: UUID,
    on: date,
    project_id: UUID | None,
    *,
    returns: bool,
    activity: str | None = None,
    item_id: UUID | None = None,
) -> dict[tuple, tuple[Decimal, Decimal]]:
    """(project, activity or None, item) → (quantity, signed value) of the issues (or the returns: priced positive
    adjustments carrying a project) dated on or before `on`: one grouped read."""
    m = MoveRow
    q = (
        select(m.project_id, m.activity_code, m.item_id, func.sum(m.quantity), func.sum(m.value))
        .where(m.company_id == company_id, m.move_date <= on, m.project_id.is_not(None))
        .group_by(m.project_id, m.activity_code, m.item_id)
    )
    q = q.where(m.kind == "adjustment", m.quantity > 0) if returns else q.where(m.kind == "issue")
    if project_id is not None:
        q = q.where(m.project_id == project_id)
    if activity is not None:
        q = q.where(m.activity_code == activity)
    if item_id is not None:
        q = q.where(m.item_id == item_id)
    return {(p, a, i): (Decimal(qty), Decimal(val)) for p, a, i, qty, val in uow.session.execute(q)}


def _lowest_after(
    uow: UnitOfWork, company_id: UUID, project_id: UUID, activity: str, item_id: UUID, on: date, held: Decimal
) -> Decimal:
    """The lowest net quantity the activity holds of the item on any date after `on`, from `held` on `on`: its
    issues (+) and returns (−) dated later, a sum a date, walked in date order (one grouped read)."""
    m = MoveRow
    signed = func.sum(m.quantity)
    rows = uow.session.execute(
        select(m.move_date, m.kind, signed)
        .where(
            m.company_id == company_id,
            m.project_id == project_id,
            m.activity_code == activity,
            m.item_id == item_id,
            m.move_date > on,
            m.quantity > 0,
            m.kind.in_(("issue", "adjustment")),
        )
        .group_by(m.move_date, m.kind)
        .order_by(m.move_date)
    ).all()
    low, cur, by_date = held, held, {}
    for d, kind, q in rows:
        by_date.setdefault(d, [ZERO, ZERO])[0 if kind == "issue" else 1] += Decimal(q)
    for d in sorted(by_date):
        cur += by_date[d][0] - by_date[d][1]
        low = min(low, cur)
    return low


@command("inventory.move.post", scope="inventory.return_material")
def return_material(uow: UnitOfWork, data: MaterialReturnInput) -> MoveView:
    """Material back from a project activity to a store (see the module's docstring)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE
    from .moves import ACCOUNTS, post_one

    # load
    check_company(data.company_id)
    store = load_store(uow, data.store_id, data.company_id)
    code = _project_activity(data.company_id, data.project_id, data.activity_code)
    item = _item(data.item_id)
    qty = rules.check_quantity(data.quantity, "quantity", positive=True)
    key = (data.project_id, code, item.id)
    iq, iv = _sums(
        uow, data.company_id, data.move_date, data.project_id, returns=False, activity=code, item_id=item.id
    ).get(key, (ZERO, ZERO))
    rq, rv = _sums(
        uow, data.company_id, data.move_date, data.project_id, returns=True, activity=code, item_id=item.id
    ).get(key, (ZERO, ZERO))
    held, held_value = iq - rq, -iv - rv
    # guard: what the activity holds on the date and on every later date (a later return must stay covered)
    most = min(
        held, _lowest_after(uow, data.company_id, data.project_id, code, item.id, data.move_date, held)
    )
    if qty > most:
        n = f"{most.normalize():f}"
        raise ValidationFailed(
            "inventory.return_exceeds_issued",
            f"{item.code}: at most {n} can be returned from {code} on {data.move_date} (what it holds net of returns, "
            f"then and on every later date); {qty.normalize():f} asked",
            f"{format_date(data.move_date, 'bn')} তারিখে এই কাজ থেকে সর্বোচ্চ {to_bangla_digits(n)} ফেরত দেওয়া যায় "
            f"(ফেরত বাদে যা আছে, সেদিন ও পরের প্রতিটি দিনে); "
            f"চাওয়া হয়েছে {to_bangla_digits(f'{qty.normalize():f}')}",
            field="quantity",
            details={"held": n, "asked": f"{qty.normalize():f}"},
        )
    unit_cost = round_places(held_value / held, 6) if held else ZERO
    # store (the posting path's own move and journal) → journal (the credit onto the activity) → emit
    move = MoveInput(
        company_id=data.company_id,
        item_id=item.id,
        kind="adjustment",
        move_date=data.move_date,
        store_id=store.id,
        quantity=qty,
        unit_cost=unit_cost,
        project_id=data.project_id,
        activity_code=code,
        memo=(data.memo.strip() or f"return from {code}")[:200],
    )
    row, view = post_one(uow, move, item.code, store, None)
    if row.value:
        amount, memo = abs(row.value), f"return {item.code} {qty.normalize():f} from {code}"
        with context.calling_as(MODULE):
            finance.post_entry(
                data.company_id,
                finance.EntryIn(
                    journal_type="general",
                    entry_date=data.move_date,
                    reference=f"INV-{str(row.id)[-12:]}",
                    narration=f"Inventory return to store: {item.code} from {code}",
                    lines=[
                        finance.LineIn(account_code=ACCOUNTS["adjustment"], debit=amount, memo=memo),
                        finance.LineIn(
                            account_code=ACCOUNTS["cost"],
                            credit=amount,
                            memo=memo,
                            project_id=data.project_id,
                            activity_code=code,
                        ),
                    ],
                ),
            )
    uow.emit(
        MovePosted(
            move_id=row.id,
            company_id=row.company_id,
            item_id=row.item_id,
            kind=row.kind,
            move_date=row.move_date,
            quantity=row.quantity,
            value=row.value,
            entry_id=row.entry_id,
        )
    )
    return view


def _names() -> tuple[dict[UUID, tuple[str, str, str]], object]:
    if not _running("projects"):
        return {}, None
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    with context.calling_as(MODULE):
        return {
            p.id: (p.code, p.name, p.name_bn) for p in projects.list_projects(active_only=False)
        }, projects


@query("inventory.stock.view")
def consumption(
    uow: UnitOfWork,
    company_id: UUID,
    project_id: UUID | None = None,
    as_of: date | None = None,
    tolerance: Decimal | None = None,
) -> ConsumptionReport:
    """Per project, activity and item: estimated, issued, returned, net consumed (issues − returns, the item's base
    unit), variance, wastage % and the value consumed, moves dated on or before `as_of` (default today); activities
    above `tolerance` % (default 3) marked. A role assigned for some projects: their projects only."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    check_company(company_id)
    tol = rules.check_tolerance(tolerance)
    on = as_of or clock.today()
    if project_id is not None:
        context.require_scope(project_id, "project", project_id, field="project_id")
    reach = context.scope_reach()
    issued = _sums(uow, company_id, on, project_id, returns=False)
    returned = _sums(uow, company_id, on, project_id, returns=True)
    eq = select(
        MaterialEstimateRow.project_id,
        MaterialEstimateRow.activity_code,
        MaterialEstimateRow.item_id,
        MaterialEstimateRow.quantity,
    ).where(MaterialEstimateRow.company_id == company_id)
    if project_id is not None:
        eq = eq.where(MaterialEstimateRow.project_id == project_id)
    estimates = {(p, a, i): q for p, a, i, q in uow.session.execute(eq)}
    keys = {k for k in issued.keys() | returned.keys() | estimates.keys() if reach is None or k[0] in reach}
    with context.calling_as(MODULE):
        items = master_data.items_by_id({k[2] for k in keys})
    projects, papi = _names()
    acts: dict[UUID, dict[str, str]] = {}
    if papi is not None:
        with context.calling_as(MODULE):
            for p in {k[0] for k in keys}:
                acts[p] = {a.code: a.name for a in papi.activities_of(p)} if p in projects else {}

    def line(
        p: UUID, a: str | None, i: UUID, est: Decimal | None, iq: Decimal, rq: Decimal, value: Decimal
    ) -> ConsumptionLine:
        it = items.get(i)
        net = iq - rq
        w = rules.wastage(net, est)
        return ConsumptionLine(
            project_id=p,
            project_code=projects.get(p, ("",))[0],
            activity_code=a,
            activity_name=acts.get(p, {}).get(a or "", ""),
            item_id=i,
            item_code=it.code if it else "",
            item_name=it.name if it else "",
            item_name_bn=(it.name_bn or it.name) if it else "",
            unit=it.base_unit if it else "",
            estimated=est,
            issued=iq,
            returned=rq,
            net=net,
            variance=None if est is None else net - est,
            wastage_pct=w,
            value=value,
            over=rules.is_over(w, tol, net, est),
        )

    lines = []
    totals: dict[tuple[UUID, UUID], list] = defaultdict(lambda: [None, ZERO, ZERO, ZERO])
    for p, a, i in keys:
        iq, iv = issued.get((p, a, i), (ZERO, ZERO))
        rq, rv = returned.get((p, a, i), (ZERO, ZERO))
        est = estimates.get((p, a, i))
        ln = line(p, a or "", i, est, iq, rq, -iv - rv)
        lines.append(ln)
        t = totals[(p, i)]
        if est is not None:
            t[0] = (t[0] or ZERO) + est
        t[1], t[2], t[3] = t[1] + iq, t[2] + rq, t[3] + ln.value
    lines.sort(key=lambda ln: (ln.project_code, str(ln.project_id), ln.activity_code or "", ln.item_code))
    tot = sorted(
        (line(p, None, i, e, iq, rq, v) for (p, i), (e, iq, rq, v) in totals.items()),
        key=lambda ln: (ln.project_code, str(ln.project_id), ln.item_code),
    )
    over = sorted({f"{ln.project_code}/{ln.activity_code}" for ln in lines if ln.over})
    return ConsumptionReport(
        company_id=company_id,
        as_of=on,
        tolerance=tol,
        project_id=project_id,
        lines=lines,
        totals=tot,
        over_activities=over,
        total_value=sum((ln.value for ln in lines), ZERO),
    )


COLUMNS = (
    ("project_code", "Project", "প্রকল্প", "text"),
    ("activity_code", "Activity", "কাজ", "text"),
    ("item_code", "Item", "পণ্য", "text"),
    ("unit", "Unit", "একক", "text"),
    ("estimated", "Estimated", "প্রাক্কলিত", "number"),
    ("issued", "Issued", "প্রদত্ত", "number"),
    ("returned", "Returned", "ফেরত", "number"),
    ("net", "Net consumed", "নিট ব্যবহার", "number"),
    ("variance", "Variance", "পার্থক্য", "number"),
    ("wastage_pct", "Wastage %", "অপচয় %", "number"),
    ("value", "Value consumed", "ব্যবহৃত মূল্য", "money"),
    ("over", "Over tolerance", "সহনসীমার বেশি", "text"),
)


def consumption_rows(report: ConsumptionReport, lang: str = "en") -> list[dict]:
    """The report's rows as the files hold them: each activity's line, then each project's total of an item
    (activity "Total" / "মোট"); over tolerance "yes" / "হ্যাঁ" or blank."""
    bn = lang == "bn"
    out = []
    for ln in [*report.lines, *report.totals]:
        r = ln.model_dump()
        if ln.activity_code is None:
            r["activity_code"] = "মোট" if bn else "Total"
        r["over"] = ("হ্যাঁ" if bn else "yes") if ln.over else ""
        out.append(r)
    return out


def consumption_file(
    company_id: UUID,
    project_id: UUID | None,
    as_of: date | None,
    tolerance: Decimal | None,
    fmt: str,
    lang: str = "en",
) -> tuple[str, str, bytes]:
    """(file name, media type, content): CSV (exact decimals; UTF-8 with a BOM in Bangla) or XLSX through
    documents' `xlsx_table`, headed in `lang`."""
    import csv
    import io

    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed(
            "inventory.report_format_unknown", "The file is csv or xlsx", "ফাইল csv বা xlsx হয়", field="format"
        )
    report = consumption(company_id, project_id, as_of, tolerance)
    bn = lang == "bn"
    rows = consumption_rows(report, lang)
    base = f"consumption_{report.as_of:%Y-%m-%d}"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([c[2] if bn else c[1] for c in COLUMNS])
        for r in rows:
            w.writerow(
                [
                    "" if r[k] is None else format(r[k], "f") if isinstance(r[k], Decimal) else r[k]
                    for k, *_ in COLUMNS
                ]
            )
        return f"{base}.csv", "text/csv; charset=utf-8", buf.getvalue().encode("utf-8-sig" if bn else "utf-8")
    from vextrus.modules.documents import api as documents

    tol = f"{report.tolerance.normalize():f}"
    title = (
        to_bangla_digits(f"প্রাক্কলনের তুলনায় উপকরণ ব্যবহার · {report.as_of:%d-%m-%Y} · সহনসীমা {tol}%")
        if bn
        else f"Consumption vs estimate · {report.as_of:%d-%m-%Y} · tolerance {tol} %"
    )
    content = documents.xlsx_table(
        [documents.Column(k, en, b, kind=kind) for k, en, b, kind in COLUMNS],
        rows,
        sheet="consumption",
        locale="bn" if bn else "en",
        title=title,
    )
    return f"{base}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content
