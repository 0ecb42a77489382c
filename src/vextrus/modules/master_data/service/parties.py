"""Party commands and queries: create/update with duplicate detection, lifecycle (deactivate,
archive, delete only when unreferenced), vendor approval workflow, merge, document reminders.

Every rule about a party's content lives in the domain (`domain.Party` validates on
construction); `repository` maps it to and from rows and finds duplicate candidates through the
identifier and search-term indexes; this layer loads, guards, stores and emits events."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.orm import Session, raiseload, selectinload

from vextrus.platform import clock, context
from vextrus.platform.changes import field_changes
from vextrus.platform.errors import Conflict, NotFound, ValidationFailed
from vextrus.platform.i18n import format_count
from vextrus.platform.pagination import Page
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain, search, settings
from ..domain.lifecycle import ACTIVE, ARCHIVED, INACTIVE
from ..domain.matching import HARD_REASONS
from ..domain.party import MatchReason
from ..events import (
    DocumentExpiring,
    PartyCreated,
    PartyDeleted,
    PartyMerged,
    PartyStatusChanged,
    PartyUpdated,
    VendorStatusChanged,
)
from ..repository import (
    NewParties,
    candidates,
    insert_terms,
    load_party,
    next_code,
    reserve_codes,
    row_to_domain,
    row_to_input,
    store,
    to_domain,
)
from ..schemas import DuplicateWarning, ExpiringDocument, MergeResult, PartyInput, PartySummary, PartyView
from ..tables import ComplianceDocumentRow, PartyMergeRow, PartyRoleRow, PartyRow, ReferenceRow

READ = "master_data.party.read"
CREATE = "master_data.party.create"
UPDATE = "master_data.party.update"
APPROVE = "master_data.party.approve"
ARCHIVE = "master_data.party.archive"
DELETE = "master_data.party.delete"
MERGE = "master_data.party.merge"

# Identifier matches that make a new party a refused duplicate (as the CSV import's `Match.hard`);
# the others only warn.
REFUSE_REASONS = HARD_REASONS
NAME_THRESHOLD = domain.party.DEFAULT_NAME_THRESHOLD


def view(row: PartyRow, warnings: list[DuplicateWarning] | None = None) -> PartyView:
    data = row_to_input(row).model_dump()
    data["code"] = row.code
    return PartyView(**data, id=row.id, status=row.status, vendor_status=row.vendor_status,
                     status_reason=row.status_reason, merged_into=row.merged_into,
                     flags=sorted(row.flags or []), version=row.version, created_at=row.created_at,
                     updated_at=row.updated_at, warnings=warnings or [])


def summary(row: PartyRow) -> PartySummary:
    return PartySummary(id=row.id, code=row.code, legal_name=row.legal_name, legal_name_bn=row.legal_name_bn,
                        party_type=row.party_type, roles=sorted(r.role for r in row.roles), status=row.status,
                        vendor_status=row.vendor_status, tin=row.tin, mobile=row.mobile, version=row.version,
                        bin=row.bin, nid=row.nid, email=row.email, status_reason=row.status_reason,
                        payment_terms_days=row.payment_terms_days, credit_limit=row.credit_limit,
                        merged_into=row.merged_into)


# ---- duplicates ----------------------------------------------------------------------------

def check_duplicates(session: Session, p: domain.Party, exclude: UUID | None = None,
                     threshold: float | None = None) -> list[DuplicateWarning]:
    """Refuse a party whose e-TIN, BIN, NID or a mobile number already belongs to another party;
    return warnings for similar names and other weaker matches (threshold: the tenant's
    `master_data.duplicate_name_threshold` setting unless given)."""
    threshold = settings.name_threshold() if threshold is None else threshold
    rows = {str(r.id): r for r in candidates(session, p, exclude)}
    if not rows:
        return []
    existing = [row_to_domain(r) for r in rows.values()]
    matches = domain.find_duplicates(p, existing, name_threshold=threshold)
    warnings = []
    for m in matches:
        row = rows[str(m.party.id)]
        hard = [r for r in m.reasons if r in REFUSE_REASONS]
        if hard:
            what = ", ".join(r.value.upper() if r != MatchReason.MOBILE else "mobile number" for r in hard)
            what_bn = ", ".join(domain.party.REASON_BN[r.value] for r in hard)
            name = row.legal_name_bn or row.legal_name  # as typed
            raise Conflict(
                "master_data.duplicate_party",
                f"The same {what} already belongs to {row.code} {row.legal_name}",
                f"একই {what_bn} ইতিমধ্যে {row.code} {name} এর আছে",
                field=hard[0].value,
                details={"party_id": str(row.id), "code": row.code, "legal_name": row.legal_name,
                         "reasons": [r.value for r in m.reasons]})
        warnings.append(DuplicateWarning(party_id=row.id, code=row.code, legal_name=row.legal_name,
                                         reasons=[r.value for r in m.reasons], score=m.name_score))
    return warnings


# ---- commands ------------------------------------------------------------------------------

def insert_parties(uow: UnitOfWork, new: NewParties, chunk: int = 5000) -> list[str]:
    """Write prepared parties: codes not given come from the tenant's series, then INSERTs per table
    of `chunk` rows (Core executemany: no ORM bookkeeping) and a `PartyCreated` event each (written
    to the outbox in bulk, `UnitOfWork.emit_many`). Not a command: the caller checks
    `master_data.party.create` and owns the unit of work."""
    session = uow.session
    tid = context.require_tenant()
    typed = {values["code"] for values, _ in new.parties if values["code"]}
    auto = iter(reserve_codes(session, sum(1 for values, _ in new.parties if not values["code"]), typed))
    for values, _ in new.parties:
        values["code"] = values["code"] or next(auto)
    conn = session.connection()
    for table in (PartyRow.__table__, *(t for t in new.rows if t is not PartyRow.__table__)):
        values = new.rows.get(table, [])
        for start in range(0, len(values), chunk):
            conn.execute(insert(table), values[start:start + chunk])
    insert_terms(conn, tid, [(pid, base | search.with_prefixes(search.code_terms(values["code"])))
                              for (values, _), (pid, base) in zip(new.parties, new.terms, strict=True)])
    uow.emit_many(PartyCreated(party_id=values["id"], code=values["code"], legal_name=values["legal_name"],
                               roles=roles, vendor_status=values["vendor_status"]) for values, roles in new.parties)
    return [values["code"] for values, _ in new.parties]


def _check_version(row: PartyRow, expected: int | None) -> None:
    check_version(row, expected, f"party {row.code}")


def _not_merged(row: PartyRow) -> None:
    if row.merged_into is not None:
        raise Conflict("master_data.party_merged", f"{row.code} was merged into another party; use that one",
                       f"{row.code} অন্য পার্টির সাথে একীভূত হয়েছে; সেটি ব্যবহার করুন", field="id",
                       details={"merged_into": str(row.merged_into)})


@command(CREATE, scope="master_data.create_party")
def create_party(uow: UnitOfWork, data: PartyInput) -> PartyView:
    p = to_domain(data)
    session = uow.session
    warnings = check_duplicates(session, p)
    code = domain.normalise_code(data.code or "") or next_code(session)
    if session.execute(select(PartyRow.id).where(PartyRow.code == code)).first():
        raise Conflict("master_data.duplicate_code", f"Party code {code} is already used",
                       f"পার্টি কোড {code} ইতিমধ্যে ব্যবহৃত", field="code")
    row = PartyRow(code=code, status=ACTIVE, version=1, tenant_id=context.require_tenant(),
                   created_by=context.current().user_id)
    session.add(row)
    store(session, row, p)
    uow.emit(PartyCreated(party_id=row.id, code=row.code, legal_name=row.legal_name,
                          roles=sorted(r.value for r in p.roles), vendor_status=row.vendor_status))
    return view(row, warnings)


@command(UPDATE, scope="master_data.update_party")
def update_party(uow: UnitOfWork, party_id: UUID, data: PartyInput, expected_version: int) -> PartyView:
    """Replace the party's content; the vendor status changes only through the workflow."""
    session = uow.session
    row = load_party(session, party_id)
    _not_merged(row)
    _check_version(row, expected_version)
    before = row_to_input(row).model_dump()
    p = to_domain(data, row.id, row.vendor_status, row.status_reason)
    warnings = check_duplicates(session, p, exclude=row.id)
    store(session, row, p)
    after = row_to_input(row).model_dump()
    changed = sorted(k for k in after if k != "code" and before.get(k) != after[k])
    if changed:
        touch(row)  # a changed contact, address or identifier changes the party too
        session.flush()  # the version moves on here (Versioned)
        uow.emit(PartyUpdated(party_id=row.id, code=row.code, changed=changed, revision=row.version,
                              changes=field_changes(before, after, changed)))
    return view(row, warnings)


@command(APPROVE, scope="master_data.change_vendor_status")
def change_vendor_status(uow: UnitOfWork, party_id: UUID, to: str, reason: str | None = None,
                         expected_version: int | None = None) -> PartyView:
    """pending → approved → suspended/blacklisted (suspended → approved); a reason is required to
    suspend or blacklist, and blacklisting is final."""
    row = load_party(uow.session, party_id)
    _not_merged(row)
    _check_version(row, expected_version)
    before = row.vendor_status
    changed = domain.transition_vendor(row_to_domain(row), to, reason)
    row.vendor_status = changed.vendor_status.value if changed.vendor_status else None
    row.status_reason = changed.status_reason
    touch(row)  # every transition is a revision
    uow.session.flush()
    uow.emit(VendorStatusChanged(party_id=row.id, code=row.code, from_status=before, to_status=row.vendor_status,
                                 reason=row.status_reason))
    return view(row)


def references(session: Session, kind: str, target_id: UUID) -> list[ReferenceRow]:
    return list(session.execute(select(ReferenceRow).where(
        ReferenceRow.target_kind == kind, ReferenceRow.target_id == target_id).limit(6)).scalars())


def refuse_if_referenced(session: Session, kind: str, target_id: UUID, label: str, action: str,
                         action_bn: str, label_bn: str | None = None) -> None:
    """Refuse when documents use the record; `label`/`label_bn` name it (its code and name as typed)."""
    label_bn = label_bn or label
    refs = references(session, kind, target_id)
    if refs:
        total = session.execute(select(func.count()).select_from(ReferenceRow).where(
            ReferenceRow.target_kind == kind, ReferenceRow.target_id == target_id)).scalar_one()
        shown = ", ".join(f"{r.by_module} {r.document_id}" for r in refs[:5])
        raise Conflict(
            f"master_data.{kind}_in_use",
            f"{label} cannot be {action}: {total} document(s) use it ({shown}). Archive it instead.",
            f"{label_bn} {action_bn} যাবে না: {format_count(total, 'bn')}টি নথিতে ব্যবহৃত। এর বদলে আর্কাইভ করুন।",
            field="id", details={"references": total, "examples": [f"{r.by_module}:{r.document_id}" for r in refs]})


def _set_status(uow: UnitOfWork, row: PartyRow, to: str) -> PartyView:
    before = row.status
    if before != to:
        row.status = to
        uow.session.flush()  # the version moves on here (Versioned)
        uow.emit(PartyStatusChanged(party_id=row.id, code=row.code, from_status=before, to_status=to))
    return view(row)


@command(ARCHIVE, scope="master_data.archive_party")
def archive_party(uow: UnitOfWork, party_id: UUID, expected_version: int | None = None) -> PartyView:
    """Hide from lists and pickers but keep for the documents that point at it (always allowed)."""
    row = load_party(uow.session, party_id)
    _check_version(row, expected_version)
    return _set_status(uow, row, ARCHIVED)


@command(UPDATE, scope="master_data.deactivate_party")
def deactivate_party(uow: UnitOfWork, party_id: UUID, expected_version: int | None = None) -> PartyView:
    row = load_party(uow.session, party_id)
    _check_version(row, expected_version)
    refuse_if_referenced(uow.session, "party", row.id, f"{row.code} {row.legal_name}", "deactivated",
                         "নিষ্ক্রিয় করা", f"{row.code} {row.legal_name_bn or row.legal_name}")
    return _set_status(uow, row, INACTIVE)


@command(UPDATE, scope="master_data.activate_party")
def activate_party(uow: UnitOfWork, party_id: UUID, expected_version: int | None = None) -> PartyView:
    """Bring back an inactive or archived party (not a merged one)."""
    row = load_party(uow.session, party_id)
    _not_merged(row)
    _check_version(row, expected_version)
    return _set_status(uow, row, ACTIVE)


@command(DELETE, scope="master_data.delete_party")
def delete_party(uow: UnitOfWork, party_id: UUID) -> bool:
    """Delete a party entered by mistake; refused once any document references it."""
    session = uow.session
    row = load_party(session, party_id)
    refuse_if_referenced(session, "party", row.id, f"{row.code} {row.legal_name}", "deleted", "মুছে ফেলা",
                         f"{row.code} {row.legal_name_bn or row.legal_name}")
    if session.execute(select(PartyMergeRow.id).where(
            (PartyMergeRow.survivor_id == row.id) | (PartyMergeRow.merged_id == row.id))).first():
        raise Conflict("master_data.party_has_history", f"{row.code} has merge history; archive it instead",
                       f"{row.code} এর একীভূতকরণের ইতিহাস আছে; আর্কাইভ করুন", field="id")
    search.unindex(session, "party", row.id)
    code = row.code
    session.delete(row)
    session.flush()
    uow.emit(PartyDeleted(party_id=party_id, code=code))
    return True


@command(MERGE, scope="master_data.merge_parties")
def merge_parties(uow: UnitOfWork, survivor_id: UUID, duplicate_id: UUID, confirm_conflicts: bool = False) -> \
        MergeResult:
    """Fold `duplicate` into `survivor` (domain.plan_merge). The duplicate is kept, archived, with
    `merged_into`; its document references move to the survivor; other modules repoint theirs on
    `master_data.party.merged`. Identifiers that disagree (two TINs) need `confirm_conflicts`."""
    session = uow.session
    if survivor_id == duplicate_id:
        raise ValidationFailed("master_data.merge_same_party", "Choose two different parties",
                               "দুটি ভিন্ন পার্টি বেছে নিন", field="duplicate_id")
    keep, drop = load_party(session, survivor_id), load_party(session, duplicate_id)
    _not_merged(keep)
    _not_merged(drop)
    snapshot = view(drop).model_dump(mode="json")
    plan = domain.plan_merge(row_to_domain(keep), row_to_domain(drop))
    if plan.requires_review and not confirm_conflicts:
        raise Conflict("master_data.merge_needs_review",
                       "The two parties have different identifiers (e-TIN, BIN or NID): they may be different "
                       "legal entities. Confirm to merge anyway.",
                       "দুটি পার্টির শনাক্তকারী (ই-টিআইএন, বিআইএন বা এনআইডি) ভিন্ন: এরা ভিন্ন প্রতিষ্ঠান হতে পারে। "
                       "তবুও একীভূত করতে নিশ্চিত করুন।",
                       field="confirm_conflicts", details={"conflicts": [d.field for d in plan.conflicts]})
    drop.status, drop.merged_into = ARCHIVED, keep.id
    drop.identifiers = []
    session.flush()
    search.unindex(session, "party", drop.id)
    store(session, keep, plan.result)
    touch(keep)  # it took the duplicate's details (perhaps only child rows)
    session.execute(update(ReferenceRow).where(ReferenceRow.target_kind == "party",
                                               ReferenceRow.target_id == drop.id)
                    .values(target_id=keep.id).execution_options(synchronize_session=False))
    session.add(PartyMergeRow(survivor_id=keep.id, merged_id=drop.id, tenant_id=keep.tenant_id,
                              decisions=[{"field": d.field, "source": d.source, "conflict": d.conflict}
                                         for d in plan.decisions],
                              merged_snapshot=snapshot, actor=context.current().actor, merged_at=clock.now()))
    session.flush()
    uow.emit(PartyMerged(survivor_id=keep.id, merged_id=drop.id, survivor_code=keep.code, merged_code=drop.code))
    return MergeResult(survivor=view(keep), merged_id=drop.id, conflicts=[d.field for d in plan.conflicts])


@command(UPDATE, scope="master_data.notify_expiring_documents")
def notify_expiring_documents(uow: UnitOfWork, within_days: int | None = None, today: date | None = None) -> \
        list[ExpiringDocument]:
    """Emit `master_data.party.document_expiring` once per document and expiry date falling within
    `within_days` (expired ones included); run daily by a job or `vextrus master-data remind`."""
    today = today or clock.today()
    within_days = settings.reminder_days() if within_days is None else within_days
    horizon = today + timedelta(days=within_days)
    rows = uow.session.execute(
        select(ComplianceDocumentRow, PartyRow).join(PartyRow, PartyRow.id == ComplianceDocumentRow.party_id)
        .where(ComplianceDocumentRow.expires_on.is_not(None), ComplianceDocumentRow.expires_on <= horizon,
               PartyRow.status != ARCHIVED)
        .order_by(ComplianceDocumentRow.expires_on)).all()
    out = []
    for doc, party in rows:
        if doc.reminded_for == doc.expires_on:
            continue
        doc.reminded_for = doc.expires_on
        item = ExpiringDocument(party_id=party.id, party_code=party.code, party_name=party.legal_name,
                                kind=doc.kind, number=doc.number, expires_on=doc.expires_on,
                                days_left=(doc.expires_on - today).days)
        uow.emit(DocumentExpiring(party_id=party.id, party_code=party.code, party_name=party.legal_name,
                                  document_kind=doc.kind, document_number=doc.number, expires_on=doc.expires_on,
                                  days_left=item.days_left))
        out.append(item)
    uow.session.flush()
    return out


# ---- queries -------------------------------------------------------------------------------

@query(READ)
def get_party(uow: UnitOfWork, party_id: UUID) -> PartyView:
    return view(load_party(uow.session, party_id))


@query(READ)
def get_party_summary(uow: UnitOfWork, party_id: UUID) -> PartySummary:
    """One party's own fields and roles, without its contacts, addresses, bank accounts and documents:
    what another module needs on every document it writes (a name, a code, a TIN), at one row's cost."""
    row = uow.session.execute(select(PartyRow).where(PartyRow.id == party_id)
                              .options(raiseload("*"), selectinload(PartyRow.roles))).scalar_one_or_none()
    if row is None or row.tenant_id != context.require_tenant():
        raise NotFound("party", party_id, field="id")
    return summary(row)


@query(READ)
def party_summaries(uow: UnitOfWork, party_ids: list[UUID]) -> dict[UUID, PartySummary]:
    """Many parties' summaries at once (their rows and their roles: two statements a 1,000 ids; the tenant's only,
    an unknown id is left out): a report naming hundreds of parties reads them once, not a query a party."""
    tenant, out = context.require_tenant(), {}
    ids = list(dict.fromkeys(party_ids))
    for k in range(0, len(ids), 1000):
        rows = uow.session.scalars(select(PartyRow).where(PartyRow.tenant_id == tenant, PartyRow.id.in_(ids[k:k + 1000]))
                                   .options(raiseload("*"), selectinload(PartyRow.roles)))
        out.update({r.id: summary(r) for r in rows})
    return out


@query(READ)
def find_party_by_code(uow: UnitOfWork, code: str) -> PartyView | None:
    row = uow.session.execute(select(PartyRow).where(PartyRow.code == domain.normalise_code(code))).scalar_one_or_none()
    return view(row) if row else None


@query(READ)
def search_parties(uow: UnitOfWork, q: str = "", *, role: str | None = None, vendor_status: str | None = None,
                   include_archived: bool = False, first: int = 50, after: str | None = None) -> Page[PartySummary]:
    """Prefix search over names (English, Bangla), code and identifier digits; newest id order."""
    # a summary needs only the roles: skip loading the other child collections
    filters = []
    if role:
        filters.append(exists().where(PartyRoleRow.party_id == PartyRow.id, PartyRoleRow.role == role))
    if vendor_status:
        filters.append(PartyRow.vendor_status == vendor_status)
    if not include_archived:
        filters.append(PartyRow.status != ARCHIVED)
    page = search.search_page(uow.session, PartyRow, "party", context.require_tenant(), q, filters=filters,
                              options=(raiseload("*"), selectinload(PartyRow.roles)), first=first, after=after)
    return Page([summary(r) for r in page.items], page.end_cursor, page.has_next_page)


@query(READ)
def possible_duplicates(uow: UnitOfWork, data: PartyInput, exclude: UUID | None = None) -> list[DuplicateWarning]:
    """What saving `data` would say about duplicates, without saving: the warnings, and a match that
    would be refused (same e-TIN/BIN/NID/mobile) as a warning whose reasons say so. An input that is
    not valid yet (the user is still typing) has no duplicates to show."""
    try:
        p = to_domain(data, exclude)
    except ValidationFailed:
        return []
    try:
        return check_duplicates(uow.session, p, exclude=exclude)
    except Conflict as exc:
        d = exc.details or {}
        return [DuplicateWarning(party_id=UUID(d["party_id"]), code=d["code"], legal_name=d["legal_name"],
                                 reasons=["refused", *d.get("reasons", [])], score=1.0)]


@query(READ)
def preview_merge(uow: UnitOfWork, survivor_id: UUID, duplicate_id: UUID) -> dict[str, Any]:
    """The merge plan a person reviews before merging: per field where the value comes from and
    whether the two disagree, the resulting party, and whether confirmation is needed."""
    keep, drop = load_party(uow.session, survivor_id), load_party(uow.session, duplicate_id)
    plan = domain.plan_merge(row_to_domain(keep), row_to_domain(drop))
    before_keep, before_drop = row_to_input(keep).model_dump(), row_to_input(drop).model_dump()
    return {"survivor": view(keep), "duplicate": view(drop), "requires_review": plan.requires_review,
            "blocked": drop.merged_into is not None or keep.merged_into is not None or keep.id == drop.id,
            "decisions": [{"field": d.field, "source": d.source, "conflict": d.conflict,
                           "survivor": before_keep.get(d.field), "duplicate": before_drop.get(d.field)}
                          for d in plan.decisions]}


@query(READ)
def merge_history(uow: UnitOfWork, party_id: UUID) -> list[dict[str, Any]]:
    rows = uow.session.execute(select(PartyMergeRow).where(
        (PartyMergeRow.survivor_id == party_id) | (PartyMergeRow.merged_id == party_id))).scalars()
    return [{"survivor_id": r.survivor_id, "merged_id": r.merged_id, "decisions": r.decisions,
             "merged_snapshot": r.merged_snapshot, "actor": r.actor, "merged_at": r.merged_at} for r in rows]


def ready() -> None:
    """Ready when the packaged geography and seed items load."""
    domain.load_geography()
    domain.load_seed_items()
