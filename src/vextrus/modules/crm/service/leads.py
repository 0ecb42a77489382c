"""Leads: register with de-duplication (against leads and master_data's parties by mobile, e-mail and NID),
change, and convert to a customer party. load → guard → pure rule (domain) → store → emit → view."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import or_, select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import MODULE, domain
from ..domain.amounts import amount, text
from ..events import LeadConverted, LeadCreated
from ..repository import lead_view
from ..schemas import LeadInput, LeadMatch, LeadPage, LeadView
from ..tables import LeadRow
from .common import check_project, check_salesperson, company, load, scoped

VIEW = "crm.lead.view"
MANAGE = "crm.lead.manage"
REASON_BN = {"mobile": "মোবাইল নম্বর", "email": "ই-মেইল", "nid": "জাতীয় পরিচয়পত্র নম্বর"}
REASON_EN = {"mobile": "mobile number", "email": "e-mail", "nid": "NID"}


def _clean(data: LeadInput) -> dict[str, Any]:
    """The lead's fields normalised (the keys de-duplication compares), or a ValidationFailed with the field."""
    values = data.model_dump()
    values["name"] = text(data.name, "name", "The lead's name", "লিডের নাম")
    for key, norm in (("mobile", domain.normalise_mobile), ("email", domain.normalise_email),
                      ("nid", domain.normalise_nid)):
        raw = (values.get(key) or "").strip()
        values[key] = norm(raw, key) if raw else None
    if not (values["mobile"] or values["email"]):
        raise ValidationFailed("crm.lead_contact_missing", "A lead needs a mobile number or an e-mail address",
                               "লিডের মোবাইল নম্বর বা ই-মেইল ঠিকানা দিন", field="mobile")
    values["budget"] = amount(data.budget, "budget")
    values["area_sft"] = amount(data.area_sft, "area_sft")
    values["note"] = (data.note or "").strip()
    check_salesperson(data.salesperson_id)
    check_project(data.project_id)
    return values


def _matches(uow: UnitOfWork, mobile: str | None, email: str | None, nid: str | None,
             exclude: UUID | None = None) -> list[LeadMatch]:
    """Leads and parties holding the same mobile, e-mail or NID (leads first)."""
    keys = {k: v for k, v in (("mobile", mobile), ("email", email), ("nid", nid)) if v}
    if not keys:
        return []
    found: list[LeadMatch] = []
    conds = [getattr(LeadRow, k) == v for k, v in keys.items()]
    stmt = scoped(select(LeadRow), LeadRow).where(or_(*conds)).order_by(LeadRow.id).limit(20)
    for row in uow.session.execute(stmt).scalars():
        if row.id != exclude:
            found.append(LeadMatch(kind="lead", id=row.id, name=row.name,
                                   reasons=[k for k, v in keys.items() if getattr(row, k) == v]))
    from vextrus.modules.master_data import api as master_data

    with context.calling_as(MODULE):
        parties = master_data.parties_by_contact(mobile=mobile, email=email, nid=nid)
    for p in parties:
        reasons = [k for k, v in keys.items() if (getattr(p, k, None) or "").lower() == v.lower()] or ["mobile"]
        found.append(LeadMatch(kind="party", id=p.id, name=p.legal_name, code=p.code, reasons=reasons))
    return found


def _refuse_duplicate(matches: list[LeadMatch]) -> None:
    m = matches[0]
    what, what_bn = ("lead", "লিড") if m.kind == "lead" else ("party", "পার্টি")
    named = name = f"{m.code} {m.name}" if m.code else m.name  # the code and name as typed
    reason = m.reasons[0]
    raise Conflict("crm.duplicate_lead",
                   f"The same {REASON_EN[reason]} already belongs to {what} {named}; confirm to register it anyway",
                   f"একই {REASON_BN[reason]} ইতিমধ্যে {what_bn} {name} এর আছে; তবুও নিবন্ধন করতে নিশ্চিত করুন",
                   field=reason, details={"matches": [x.model_dump(mode="json") for x in matches]})


@query(VIEW)
def find_duplicates(uow: UnitOfWork, data: LeadInput, exclude: UUID | None = None) -> list[LeadMatch]:
    """What registering `data` would match, without registering (an input not valid yet matches nothing)."""
    try:
        v = _clean(data)
    except ValidationFailed:
        return []
    return _matches(uow, v["mobile"], v["email"], v["nid"], exclude)


@command(MANAGE, scope="crm.create_lead")
def create_lead(uow: UnitOfWork, data: LeadInput, confirm_duplicate: bool = False) -> LeadView:
    """A new lead; one matching an existing lead or party is refused (409 `crm.duplicate_lead`, the match
    named) unless `confirm_duplicate`."""
    values = _clean(data)
    matches = _matches(uow, values["mobile"], values["email"], values["nid"])
    if matches and not confirm_duplicate:
        _refuse_duplicate(matches)
    row = LeadRow(tenant_id=context.require_tenant(), company_id=company(), status="open", **values)
    uow.session.add(row)
    uow.session.flush()
    uow.emit(LeadCreated(lead_id=row.id, lead_name=row.name, source=row.source, salesperson_id=row.salesperson_id,
                         duplicate_confirmed=bool(matches)))
    return lead_view(row)


@command(MANAGE, scope="crm.update_lead")
def update_lead(uow: UnitOfWork, lead_id: UUID, data: LeadInput, expected_version: int | None = None,
                confirm_duplicate: bool = False) -> LeadView:
    row = load(uow, LeadRow, lead_id, "lead")
    check_version(row, expected_version, f"lead {row.name}")
    values = _clean(data)
    changed = {k: values[k] if values[k] != getattr(row, k) else None for k in ("mobile", "email", "nid")}
    if any(changed.values()) and not confirm_duplicate:  # only a new key is checked: the old ones were accepted
        matches = [m for m in _matches(uow, changed["mobile"], changed["email"], changed["nid"], exclude=row.id)
                   if m.id != row.party_id]
        if matches:
            _refuse_duplicate(matches)
    for k, v in values.items():
        setattr(row, k, v)
    uow.session.flush()
    return lead_view(row)


@command(MANAGE, scope="crm.convert_lead")
def convert_lead(uow: UnitOfWork, lead_id: UUID, party_id: UUID | None = None,
                 expected_version: int | None = None) -> LeadView:
    """The lead becomes a customer party (master_data), the lead keeping the link: a new individual
    customer, or the existing party `party_id` (when master_data refused a new one as a duplicate)."""
    from vextrus.modules.master_data import api as master_data

    row = load(uow, LeadRow, lead_id, "lead")
    check_version(row, expected_version, f"lead {row.name}")
    if row.status == "converted":
        raise Conflict("crm.lead_converted", f"Lead {row.name} is already converted", f"লিড {row.name} ইতিমধ্যে রূপান্তরিত",
                       field="id", details={"party_id": str(row.party_id)})
    with context.calling_as(MODULE):
        if party_id is not None:
            party = master_data.get_party(party_id)
        else:
            bangla = any("\u0980" <= c <= "\u09ff" for c in row.name)
            party = master_data.create_customer(row.name, legal_name_bn=row.name if bangla else None,
                                                mobile=row.mobile, email=row.email, nid=row.nid)
    row.party_id, row.status = party.id, "converted"
    uow.session.flush()
    uow.emit(LeadConverted(lead_id=row.id, party_id=party.id, party_code=party.code))
    return lead_view(row)


@query(VIEW)
def get_lead(uow: UnitOfWork, lead_id: UUID) -> LeadView:
    return lead_view(load(uow, LeadRow, lead_id, "lead"))


@query(VIEW)
def list_leads(uow: UnitOfWork, first: int = 50, after: str | None = None, status: str | None = None) -> LeadPage:
    """Leads, oldest first (ids are time-ordered); `status` open or converted."""
    stmt = scoped(select(LeadRow), LeadRow)
    if status:
        stmt = stmt.where(LeadRow.status == status)
    page = paginate(uow.session, stmt, LeadRow.id, first=first, after=after)
    return LeadPage(items=[lead_view(r) for r in page.items], end_cursor=page.end_cursor,
                    has_next_page=page.has_next_page)
