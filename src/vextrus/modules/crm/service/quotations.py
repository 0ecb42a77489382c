"""Quotations (issue 19): versions of a priced offer to a customer for an opportunity or a tender, with
lines typed or copied from a project's BOQ, VAT, validity and terms, printed through the documents module.

Statuses draft → sent → accepted | rejected; `revise` makes version n+1 a draft copying the lines and marks
the revised version superseded (read-only). Only a draft is edited. Accepting a version of an opportunity's
quotation moves the opportunity to won (through negotiation when it was at an earlier open stage), in the
same transaction. load → guard → pure transition (domain.quotations) → store → emit → view."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select

from vextrus.platform import clock, context, sequences
from vextrus.platform.errors import Conflict, DomainError, NotFound, ValidationFailed
from vextrus.platform.i18n import format_date, to_bangla_digits
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..domain import quotations as q
from ..events import (
    OpportunityStageChanged,
    QuotationCreated,
    QuotationProjectStarted,
    QuotationStatusChanged,
    QuotationUpdated,
)
from ..quotation import QUOTATION, SOURCE_TYPE, QuotationPrintData, QuotationPrintLine
from ..schemas import (
    QuotationInput,
    QuotationLineInput,
    QuotationLineView,
    QuotationProjectInput,
    QuotationUpdate,
    QuotationView,
)
from ..tables import OpportunityRow, QuotationLineRow, QuotationRow, TenderRow
from .common import company, load, running

VIEW = "crm.quotation.view"
MANAGE = "crm.quotation.manage"


def _lines_of(uow: UnitOfWork, quotation_id: UUID) -> list[QuotationLineRow]:
    return list(uow.session.execute(select(QuotationLineRow).where(QuotationLineRow.quotation_id == quotation_id)
                                    .order_by(QuotationLineRow.line_no)).scalars())


def _view(uow: UnitOfWork, row: QuotationRow) -> QuotationView:
    return QuotationView(id=row.id, number=row.number, revision=row.revision, opportunity_id=row.opportunity_id,
                         tender_id=row.tender_id, party_id=row.party_id, project_id=row.project_id, title=row.title,
                         quote_date=row.quote_date, valid_until=row.valid_until, vat_rate=row.vat_rate,
                         terms=row.terms or "", status=row.status, subtotal=row.subtotal, vat=row.vat,
                         total=row.total, version=row.version, started_project_id=row.started_project_id,
                         contract_id=row.contract_id,
                         lines=[QuotationLineView(line_no=ln.line_no, item_no=ln.item_no, description=ln.description,
                                                  unit=ln.unit, quantity=ln.quantity, rate=ln.rate, amount=ln.amount)
                                for ln in _lines_of(uow, row.id)])


def _priced(lines: list[QuotationLineInput]) -> list[q.Line]:
    priced = [q.line(ln.item_no, ln.description, ln.unit, ln.quantity, ln.rate, i) for i, ln in enumerate(lines)]
    q.check_boq_lines([(ln.item_no, ln.description) for ln in priced])
    return priced


def _boq_lines(project_id: UUID) -> list[QuotationLineInput]:
    """The project's BOQ (projects.api.boq_items, `projects.boq.read` declared in crm's `uses`)."""
    if not running("projects"):
        raise ValidationFailed("crm.projects_not_running", "Projects do not run in this deployment",
                               "এই ব্যবস্থায় প্রকল্প মডিউল চালু নেই", field="boq_project_id")
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            items = projects.boq_items(project_id)
        except NotFound as exc:
            raise NotFound("project", str(project_id), field="boq_project_id") from exc
    if not items:
        raise ValidationFailed("crm.boq_empty", "The project has no BOQ lines to copy",
                               "প্রকল্পের বিওকিউতে অনুলিপি করার মতো কোনো লাইন নেই", field="boq_project_id")
    return [QuotationLineInput(item_no=b.code[:40], description=b.description[:500], unit=(b.unit or "")[:20],
                               quantity=b.quantity, rate=b.rate) for b in items]


KIND_BN = {"flat": "ফ্ল্যাট", "shop": "দোকান", "parking": "পার্কিং"}


def _price_list_lines(project_id: UUID, unit_ids: list[UUID], on: date) -> list[QuotationLineInput]:
    """A real-estate project's units priced on its price list in force on `on` (sales.api.priced_units,
    `sales.inventory.read` in crm's `uses`): per unit a line of its size × the rate per sft (a parking slot: 1 ×
    its charge) and, when the list has one, a line of its utility connection charge; so the lines of a unit sum
    to the price a booking on that day takes. Described in the user's language."""
    if not running("sales"):
        raise ValidationFailed("crm.sales_not_running", "Property sales do not run in this deployment",
                               "এই ব্যবস্থায় সম্পত্তি বিক্রয় মডিউল চালু নেই", field="price_list_project_id")
    from vextrus.modules.sales import api as sales

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            units = sales.priced_units(project_id, on, unit_ids or None)
        except DomainError as exc:
            raise _rename(exc, {"project_id": "price_list_project_id"}) from None
    if not units:
        raise ValidationFailed("crm.no_units_offered", "The project has no unit available or held to quote",
                               "প্রকল্পে দরপ্রস্তাবের মতো খালি বা সংরক্ষিত কোনো ইউনিট নেই", field="unit_ids")
    bn = context.current().locale == "bn"
    out = []
    for u in units:
        no = f"{u.building_code}-{u.code}"[:40]
        kind_bn, size_bn = KIND_BN.get(u.kind, "ইউনিট"), f"{to_bangla_digits(str(u.size_sft))} বর্গফুট"
        kind = kind_bn if bn else u.kind.capitalize()
        size = size_bn if bn else f"{u.size_sft} sft"
        if u.kind == "parking":
            text = f"{kind} {no}" + (f", তলা {to_bangla_digits(str(u.floor))}" if bn else f", floor {u.floor}")
            out.append(QuotationLineInput(item_no=no, description=text, unit="টি" if bn else "no.",
                                          quantity=Decimal(1), rate=u.rate))
        else:
            text = (f"{kind_bn} {no}, তলা {to_bangla_digits(str(u.floor))}, {size_bn}" if bn
                    else f"{kind} {no}, floor {u.floor}, {size}") + (f", {u.facing}" if u.facing else "")
            out.append(QuotationLineInput(item_no=no, description=text[:500], unit="বর্গফুট" if bn else "sft",
                                          quantity=u.size_sft, rate=u.rate))
        if u.utility_charge > 0:
            out.append(QuotationLineInput(
                item_no=f"{no}-U"[:40], description=f"ইউটিলিটি সংযোগ মাশুল, {no}" if bn else
                f"Utility connection charge, {no}", unit="থোক" if bn else "LS", quantity=Decimal(1),
                rate=u.utility_charge))
    return out


def _party(party_id: UUID, field: str = "party_id") -> Any:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            return master_data.get_party(party_id)
        except NotFound as exc:
            raise NotFound("party", str(party_id), field=field) from exc


def _store_lines(uow: UnitOfWork, row: QuotationRow, lines: list[q.Line]) -> None:
    uow.session.add_all(QuotationLineRow(tenant_id=row.tenant_id, quotation_id=row.id, line_no=i + 1,
                                         item_no=ln.item_no[:40], description=ln.description[:500], unit=ln.unit[:20],
                                         quantity=ln.quantity, rate=ln.rate, amount=ln.amount)
                        for i, ln in enumerate(lines))


def _next_number(uow: UnitOfWork, company_id: UUID | None) -> str:
    """QT-000001, ... per company (`platform.sequences.next_document_number`, kind `crm.quotation`; the whole
    tenant's series for a quotation of no company), taken in the creating transaction. A company's series used
    for the first time starts after the highest number it already has (numbered tenant-wide before crm_0004)."""
    def highest() -> int:
        numbers = uow.session.execute(select(QuotationRow.number).where(QuotationRow.company_id == company_id)
                                      .distinct()).scalars()
        return max((int(n[3:]) for n in numbers if n.startswith("QT-") and n[3:].isdigit()), default=0)

    n = sequences.next_document_number(uow.session, company_id, "crm.quotation", start_after=highest)
    return f"QT-{n:06d}"


@command(MANAGE, scope="crm.create_quotation")
def create_quotation(uow: UnitOfWork, data: QuotationInput) -> QuotationView:
    """Version 1 of a new quotation, a draft, numbered QT-000001, ... (a series per company)."""
    if (data.opportunity_id is None) == (data.tender_id is None):
        raise ValidationFailed("crm.quotation_for", "A quotation is for an opportunity or a tender (one of them)",
                               "দরপ্রস্তাব একটি সুযোগ বা একটি দরপত্রের জন্য (যেকোনো একটি)", field="opportunity_id")
    party_id = data.party_id
    if data.opportunity_id is not None:
        opp = load(uow, OpportunityRow, data.opportunity_id, "opportunity", field="opportunity_id")
        party_id = party_id or opp.party_id
        title = data.title.strip() or opp.title
    else:
        tender = load(uow, TenderRow, data.tender_id, "tender", field="tender_id")
        title = data.title.strip() or tender.title
    if party_id is None:
        raise ValidationFailed("crm.quotation_party_missing", "Choose the customer the quotation is for",
                               "দরপ্রস্তাবটি কোন গ্রাহকের জন্য তা বাছাই করুন", field="party_id")
    _party(party_id)
    if data.boq_project_id is not None and data.price_list_project_id is not None:
        raise ValidationFailed("crm.quotation_two_sources", "Copy the lines from a BOQ or from a unit price list, "
                               "not both", "লাইন বিওকিউ অথবা ইউনিটের মূল্য তালিকা থেকে নিন, দুটো থেকে নয়",
                               field="price_list_project_id")
    quote_date = data.quote_date or clock.today()
    typed = data.lines or (_boq_lines(data.boq_project_id) if data.boq_project_id else
                           _price_list_lines(data.price_list_project_id, data.unit_ids, data.price_date or quote_date)
                           if data.price_list_project_id else [])
    lines = _priced(typed)
    vat = q.vat_rate(data.vat_rate)
    tot = q.totals(lines, vat)
    q.check_validity(data.valid_until, quote_date)
    tenant = context.require_tenant()
    company_id = company()
    row = QuotationRow(tenant_id=tenant, company_id=company_id, number=_next_number(uow, company_id), revision=1,
                       opportunity_id=data.opportunity_id, tender_id=data.tender_id, party_id=party_id,
                       project_id=data.boq_project_id or data.price_list_project_id, title=title[:200],
                       quote_date=quote_date,
                       valid_until=data.valid_until, vat_rate=vat, terms=data.terms.strip(), status="draft",
                       subtotal=tot.subtotal, vat=tot.vat, total=tot.total)
    uow.session.add(row)
    uow.session.flush()
    _store_lines(uow, row, lines)
    uow.session.flush()
    _created(uow, row)
    return _view(uow, row)


@command(MANAGE, scope="crm.update_quotation")
def update_quotation(uow: UnitOfWork, quotation_id: UUID, data: QuotationUpdate) -> QuotationView:
    """A draft's title, validity, VAT rate, terms and lines (all lines replaced); any other status refuses."""
    row = load(uow, QuotationRow, quotation_id, "quotation")
    check_version(row, data.expected_version, f"quotation {row.number} v{row.revision}")
    q.check_editable(row.status)
    lines = _priced(data.lines)
    vat = q.vat_rate(data.vat_rate)
    tot = q.totals(lines, vat)
    q.check_validity(data.valid_until, row.quote_date)
    total_before = row.total
    uow.session.execute(delete(QuotationLineRow).where(QuotationLineRow.quotation_id == row.id))
    row.title = data.title.strip()[:200] or row.title
    row.valid_until, row.vat_rate, row.terms = data.valid_until, vat, data.terms.strip()
    row.subtotal, row.vat, row.total = tot.subtotal, tot.vat, tot.total
    _store_lines(uow, row, lines)
    uow.session.flush()
    uow.emit(QuotationUpdated(quotation_id=row.id, number=row.number, revision=row.revision, company_id=row.company_id,
                              lines=len(lines), total_before=total_before, total_after=row.total))
    return _view(uow, row)


def _created(uow: UnitOfWork, row: QuotationRow) -> None:
    uow.emit(QuotationCreated(quotation_id=row.id, number=row.number, revision=row.revision, company_id=row.company_id,
                              party_id=row.party_id, opportunity_id=row.opportunity_id, tender_id=row.tender_id,
                              total=row.total))


def _move(uow: UnitOfWork, quotation_id: UUID, action: str, expected_version: int | None) -> QuotationRow:
    row = load(uow, QuotationRow, quotation_id, "quotation")
    check_version(row, expected_version, f"quotation {row.number} v{row.revision}")
    before, row.status = row.status, q.move(row.status, action)
    uow.emit(QuotationStatusChanged(quotation_id=row.id, number=row.number, revision=row.revision,
                                    company_id=row.company_id, from_status=before, to_status=row.status,
                                    total=row.total))
    return row


@command(MANAGE, scope="crm.send_quotation")
def send_quotation(uow: UnitOfWork, quotation_id: UUID, expected_version: int | None = None) -> QuotationView:
    row = _move(uow, quotation_id, "send", expected_version)
    uow.session.flush()
    return _view(uow, row)


@command(MANAGE, scope="crm.reject_quotation")
def reject_quotation(uow: UnitOfWork, quotation_id: UUID, expected_version: int | None = None) -> QuotationView:
    row = _move(uow, quotation_id, "reject", expected_version)
    uow.session.flush()
    return _view(uow, row)


@command(MANAGE, scope="crm.accept_quotation")
def accept_quotation(uow: UnitOfWork, quotation_id: UUID, expected_version: int | None = None) -> QuotationView:
    """A sent version, still valid, accepted; its opportunity (if any) becomes won: through negotiation when
    it was at an earlier open stage (the pipeline's own state machine, each step emitted), left as it is
    when already won; a lost opportunity refuses. A tender's quotation changes no tender (its result is
    recorded on the tender register)."""
    row = _move(uow, quotation_id, "accept", expected_version)
    if row.valid_until is not None and row.valid_until < clock.today():
        raise ValidationFailed("crm.quotation_expired", f"Quotation {row.number} was valid until {row.valid_until}",
                               f"দরপ্রস্তাব {row.number} এর মেয়াদ {format_date(row.valid_until, 'bn')} পর্যন্ত ছিল", field="valid_until")
    if row.opportunity_id is not None:
        opp = load(uow, OpportunityRow, row.opportunity_id, "opportunity", field="opportunity_id")
        steps = [] if opp.stage == "won" else (["won"] if opp.stage in ("negotiation", "lost") else
                                                ["negotiation", "won"])
        for to in steps:
            change = domain.change_stage(opp.stage, to)
            opp.stage, opp.lost_reason = change.to_stage, change.lost_reason
            uow.session.flush()
            uow.emit(OpportunityStageChanged(opportunity_id=opp.id, from_stage=change.from_stage,
                                             to_stage=change.to_stage, lost_reason=None,
                                             expected_value=opp.expected_value))
    uow.session.flush()
    return _view(uow, row)


EXPIRE_BATCH = 5000


@command(MANAGE, scope="crm.expire_quotations")
def expire_quotations(uow: UnitOfWork, today: date | None = None) -> list[UUID]:
    """Sent versions whose validity ended before `today` (Dhaka's today by default) become expired (the
    domain's `expire` move, each emitting `crm.quotation.status_changed`), in the active company or, for the
    daily job (system), every company of the tenant; at most 5,000 a run (the next run takes the rest). A draft
    past its date stays a draft (its validity is edited before sending); accepted, rejected and superseded
    versions are left alone. Returns the ids expired."""
    on = today or clock.today()
    stmt = select(QuotationRow).where(QuotationRow.status == "sent", QuotationRow.valid_until.is_not(None),
                                      QuotationRow.valid_until < on)
    scope = context.company_scope()
    if scope is not None:
        stmt = stmt.where(QuotationRow.company_id == scope)
    rows = uow.session.execute(stmt.order_by(QuotationRow.valid_until, QuotationRow.number, QuotationRow.revision)
                               .limit(EXPIRE_BATCH)).scalars().all()
    for row in rows:
        before, row.status = row.status, q.move(row.status, "expire")
        uow.emit(QuotationStatusChanged(quotation_id=row.id, number=row.number, revision=row.revision,
                                        company_id=row.company_id, from_status=before, to_status=row.status,
                                        total=row.total))
    uow.session.flush()
    return [r.id for r in rows]


@command(MANAGE, scope="crm.revise_quotation")
def revise_quotation(uow: UnitOfWork, quotation_id: UUID, expected_version: int | None = None) -> QuotationView:
    """Version n+1 as a draft with the same lines, VAT, validity and terms; version n becomes superseded."""
    row = _move(uow, quotation_id, "revise", expected_version)
    latest = uow.session.execute(select(QuotationRow.revision).where(QuotationRow.number == row.number,
                                                                     QuotationRow.company_id == row.company_id)
                                 .order_by(QuotationRow.revision.desc()).limit(1)).scalar_one()
    if latest != row.revision:  # pragma: no cover - a later version is a draft or sent, so this one is superseded
        raise Conflict("crm.quotation_not_latest", "Only the latest version is revised",
                       "শুধু সর্বশেষ সংস্করণ সংশোধন করা যায়", field="revision")
    new = QuotationRow(tenant_id=row.tenant_id, company_id=row.company_id, number=row.number,
                       revision=row.revision + 1, opportunity_id=row.opportunity_id, tender_id=row.tender_id,
                       party_id=row.party_id, project_id=row.project_id, title=row.title, quote_date=clock.today(),
                       valid_until=row.valid_until if row.valid_until and row.valid_until >= clock.today() else None,
                       vat_rate=row.vat_rate, terms=row.terms, status="draft", subtotal=row.subtotal, vat=row.vat,
                       total=row.total)
    uow.session.add(new)
    uow.session.flush()
    _store_lines(uow, new, [q.Line(ln.item_no, ln.description, ln.unit, ln.quantity, ln.rate, ln.amount)
                            for ln in _lines_of(uow, row.id)])
    uow.session.flush()
    _created(uow, new)
    return _view(uow, new)


def _rename(exc: DomainError, names: dict[str, str]) -> DomainError:
    """Another module's refusal with its field named as this command's input names it (`items[2].rate` of the
    BOQ is `lines[2].rate` of the quotation; the contract's `code` is `contract_code`)."""
    f = exc.field or ""
    if f.startswith("items["):
        exc.field = "lines[" + f.removeprefix("items[")
    elif f in names:
        exc.field = names[f]
    return exc


@command(MANAGE, scope="crm.start_quotation_project")
def start_quotation_project(uow: UnitOfWork, quotation_id: UUID, data: QuotationProjectInput) -> QuotationView:
    """An accepted version starts the project and the client contract, in this one transaction: the project
    (`projects.api.create_project`: the code given, the quotation's title unless a name is given, the customer as
    client, the subtotal as contract value, planned) with the user's own `projects.project.create`; its BOQ
    written from the lines (item no, description, unit, quantity, rate; `projects.api.add_boq_items`) and the
    client contract on it copying that BOQ in the lines' order (`contracts.api.create_contract`), both as crm
    (`projects.boq.create`, `contracts.contract.manage` in its `uses`). Only an accepted version, once; a
    tender's quotation refuses when its tender already became a project, and links a won tender to the new
    project. A refusal from any module leaves nothing (the projects' and contracts' commands join this unit)."""
    row = load(uow, QuotationRow, quotation_id, "quotation", field="quotation_id")
    check_version(row, data.expected_version, f"quotation {row.number} v{row.revision}")
    lines = _lines_of(uow, row.id)
    q.check_project_start(row.status, row.started_project_id, [(ln.item_no, ln.description) for ln in lines])
    if row.company_id is None:
        raise ValidationFailed("crm.quotation_no_company", "A quotation of no company cannot start a contract",
                               "কোনো কোম্পানির নয় এমন দরপ্রস্তাব থেকে চুক্তি শুরু করা যায় না", field="quotation_id")
    for module, en, bn in (("projects", "Projects do not", "প্রকল্প"), ("contracts", "Contracts do not", "চুক্তি")):
        if not running(module):
            raise ValidationFailed(f"crm.{module}_not_running", f"{en} run in this deployment",
                                   f"এই ব্যবস্থায় {bn} মডিউল চালু নেই", field="quotation_id")
    tender = load(uow, TenderRow, row.tender_id, "tender", field="tender_id") if row.tender_id else None
    if tender is not None and tender.project_id is not None:
        raise Conflict("crm.tender_has_project", "This quotation's tender already became a project",
                       "এই দরপ্রস্তাবের দরপত্র থেকে আগেই প্রকল্প হয়েছে", field="tender_id",
                       details={"project_id": str(tender.project_id)})
    from vextrus.modules.contracts import api as contracts
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    ctx = context.current()
    with context.acting_as(replace(ctx, company_id=row.company_id)):  # the quotation's company (checked by load)
        try:
            project = projects.create_project(data.code, (data.name or "").strip() or row.title,
                                              client_party_id=row.party_id, contract_value=row.subtotal,
                                              start_date=data.start_date, finish_date=data.finish_date)
        except DomainError as exc:
            raise _rename(exc, {"client_party_id": "quotation_id"}) from None
        with context.calling_as(MODULE):
            try:
                projects.add_boq_items(project.id, [
                    projects.BoqItemIn(code=ln.item_no, description=ln.description, unit=ln.unit,
                                       quantity=ln.quantity, rate=ln.rate) for ln in lines])
                contract = contracts.create_contract(contracts.ContractInput(
                    company_id=row.company_id, project_id=project.id, client_party_id=row.party_id,
                    code=(data.contract_code or "").strip() or project.code, title=row.title or project.name,
                    contract_date=data.contract_date or clock.today(), retention_pct=data.retention_pct,
                    security_deposit_pct=data.security_deposit_pct, item_nos=[ln.item_no for ln in lines]))
            except DomainError as exc:
                raise _rename(exc, {"code": "contract_code", "item_no": "lines", "title": "name",
                                    "client_party_id": "quotation_id", "project_id": "code"}) from None
    row.started_project_id, row.contract_id = project.id, contract.id
    if tender is not None and tender.status == "won":
        tender.project_id = project.id  # the tender register shows it too, and starts no second one
    uow.session.flush()
    uow.emit(QuotationProjectStarted(quotation_id=row.id, number=row.number, revision=row.revision,
                                     company_id=row.company_id, project_id=project.id, project_code=project.code,
                                     contract_id=contract.id, contract_value=row.subtotal))
    return _view(uow, row)


@query(VIEW)
def get_quotation(uow: UnitOfWork, quotation_id: UUID) -> QuotationView:
    return _view(uow, load(uow, QuotationRow, quotation_id, "quotation"))


@query(VIEW)
def list_quotations(uow: UnitOfWork, opportunity_id: UUID | None = None,
                    tender_id: UUID | None = None) -> list[QuotationView]:
    """The quotations of an opportunity or a tender, every version, by number then version."""
    if (opportunity_id is None) == (tender_id is None):
        raise ValidationFailed("crm.quotation_for", "Name an opportunity or a tender",
                               "একটি সুযোগ বা একটি দরপত্র উল্লেখ করুন", field="opportunity_id")
    if opportunity_id is not None:
        load(uow, OpportunityRow, opportunity_id, "opportunity", field="opportunity_id")
        where = QuotationRow.opportunity_id == opportunity_id
    else:
        load(uow, TenderRow, tender_id, "tender", field="tender_id")
        where = QuotationRow.tender_id == tender_id
    rows = uow.session.execute(select(QuotationRow).where(where).order_by(QuotationRow.number,
                                                                          QuotationRow.revision)).scalars()
    return [_view(uow, r) for r in rows]


# ---- the printed quotation -------------------------------------------------------------------------

@dataclass(frozen=True)
class PrintedQuotation:
    document_id: UUID
    number: str  # the documents archive number
    quotation_number: str
    revision: int
    lang: str
    filename: str
    content: bytes


def _address(party: Any) -> str:
    if party is None or not getattr(party, "addresses", None):
        return ""
    a = next((x for x in party.addresses if x.kind == "registered"), party.addresses[0])
    return ", ".join(p for p in (a.line1, a.line2, a.upazila, a.city or a.district, a.postcode) if p)


@query(VIEW)
def quotation_print_data(uow: UnitOfWork, quotation_id: UUID, lang: str = "en") -> tuple[UUID | None, QuotationPrintData]:
    if lang not in ("en", "bn"):
        lang_code = lang  # as typed
        raise ValidationFailed("crm.lang_unknown", f"Quotations are printed in English (en) or Bangla (bn), not '{lang}'",
                               f"দরপ্রস্তাব ইংরেজি (en) বা বাংলায় (bn) ছাপা হয়, '{lang_code}' এ নয়", field="lang")
    row = load(uow, QuotationRow, quotation_id, "quotation")
    party = _party(row.party_id)
    name = ((party.legal_name_bn or party.legal_name) if lang == "bn" else party.legal_name) if party else ""
    ref = ""
    if row.opportunity_id is not None:
        opp = uow.session.get(OpportunityRow, row.opportunity_id)
        ref = opp.title if opp else ""
    elif row.tender_id is not None:
        t = uow.session.get(TenderRow, row.tender_id)
        ref = " — ".join(x for x in ((t.egp_reference, t.title) if t else ()) if x)
    lines = [QuotationPrintLine(serial=ln.line_no, item_no=ln.item_no, description=ln.description, unit=ln.unit,
                                quantity=ln.quantity, rate=ln.rate, amount=ln.amount) for ln in _lines_of(uow, row.id)]
    data = QuotationPrintData(doc_date=row.quote_date, quotation_number=row.number, revision=row.revision,
                              valid_until=row.valid_until, title=row.title[:200], customer_name=name[:200],
                              customer_address=_address(party)[:500], customer_bin=(getattr(party, "bin", None) or "")[:20],
                              reference=ref[:300], lines=lines, subtotal=row.subtotal, vat_rate=row.vat_rate,
                              vat=row.vat, total=row.total, terms=(row.terms or "")[:4000])
    return row.company_id, data


def quotation_pdf(quotation_id: UUID, lang: str = "en") -> PrintedQuotation:
    """The quotation version as a PDF in English or Bangla, generated once per content and stored by the
    documents module (source `crm.quotation`, the version's id) within the quotation's company."""
    from vextrus.modules.documents import api as documents

    from .. import MODULE

    company_id, data = quotation_print_data(quotation_id, lang)
    with context.calling_as(MODULE):
        p = documents.print_document(QUOTATION.code, lang, data, company_id=company_id, source_type=SOURCE_TYPE,
                                     source_id=quotation_id,
                                     filename=f"Quotation-{data.quotation_number}-v{data.revision}-{lang}.pdf")
    return PrintedQuotation(document_id=p.document_id, number=p.number, quotation_number=data.quotation_number,
                            revision=data.revision, lang=lang, filename=p.filename, content=p.content)


@query(MANAGE)
def customer_choices(uow: UnitOfWork, limit: int = 300) -> list[tuple[UUID, str, str, str]]:
    """(id, code, name, Bangla name) of master data's customers, for the quotation form's picker."""
    from itertools import islice

    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        return [(p.id, p.code, p.legal_name, p.legal_name_bn or p.legal_name)
                for p in islice(master_data.all_parties(role="customer"), limit)]


@query(MANAGE)
def price_list_units(uow: UnitOfWork, limit: int = 200) -> list[Any]:
    """Units available or held (sales' `offered_units`) a new quotation may price from its project's price
    list; none when property sales do not run here."""
    if not running("sales"):
        return []
    from vextrus.modules.sales import api as sales

    from .. import MODULE

    with context.calling_as(MODULE):
        return sales.offered_units(limit)


@query(MANAGE)
def boq_projects(uow: UnitOfWork, limit: int = 200) -> list[tuple[UUID, str, str, str]]:
    """(id, code, name, Bangla name or "") of the company's active projects, whose BOQ a new quotation may
    copy; none when projects do not run here."""
    if not running("projects"):
        return []
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    with context.calling_as(MODULE):
        return [(p.id, p.code, p.name, p.name_bn) for p in projects.list_projects()[:limit]]


@query(VIEW)
def quotation_subject(uow: UnitOfWork, opportunity_id: UUID | None = None,
                      tender_id: UUID | None = None) -> dict[str, Any]:
    """What a quotation list is for: {"kind": opportunity | tender, "id", "title", "party_id"} (read with the
    quotation permission: quoting needs no pipeline or tender-register permission of its own)."""
    if opportunity_id is not None:
        o = load(uow, OpportunityRow, opportunity_id, "opportunity", field="opportunity_id")
        return {"kind": "opportunity", "id": o.id, "title": o.title, "party_id": o.party_id}
    if tender_id is not None:
        t = load(uow, TenderRow, tender_id, "tender", field="tender_id")
        return {"kind": "tender", "id": t.id, "title": t.title, "party_id": None}
    raise ValidationFailed("crm.quotation_for", "Name an opportunity or a tender", "একটি সুযোগ বা একটি দরপত্র উল্লেখ করুন",
                           field="opportunity_id")
