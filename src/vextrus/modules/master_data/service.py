"""Party commands and queries: create/update with duplicate detection, lifecycle (deactivate,
archive, delete only when unreferenced), vendor approval workflow, merge, document reminders.

Every rule about a party's content lives in the domain (`domain.Party` validates on
construction); this layer loads and stores rows, finds candidates for duplicate checks
through the identifier and search-term indexes, and emits events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import column as sa_column
from sqlalchemy import exists, func, insert, or_, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import table as sa_table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, raiseload, selectinload

from vextrus.platform import clock, context
from vextrus.platform.errors import Conflict, NotFound, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.pagination import Page
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from . import domain, search, settings
from .domain.party import MatchReason
from .events import (
    DocumentExpiring,
    PartyCreated,
    PartyDeleted,
    PartyMerged,
    PartyStatusChanged,
    PartyUpdated,
    VendorStatusChanged,
)
from .tables import (
    AddressRow,
    BankAccountRow,
    CodeCounterRow,
    ComplianceDocumentRow,
    ContactRow,
    PartyIdentifierRow,
    PartyMergeRow,
    PartyRoleRow,
    PartyRow,
    ReferenceRow,
    SearchTermRow,
    WalletRow,
)
from .views import (
    AddressIn,
    BankAccountIn,
    ContactIn,
    DocumentIn,
    DuplicateWarning,
    ExpiringDocument,
    MergeResult,
    PartyInput,
    PartySummary,
    PartyView,
    WalletIn,
)

READ = "master_data.party.read"
CREATE = "master_data.party.create"
UPDATE = "master_data.party.update"
APPROVE = "master_data.party.approve"
ARCHIVE = "master_data.party.archive"
DELETE = "master_data.party.delete"
MERGE = "master_data.party.merge"

# Identifier matches that make a new party a refused duplicate; the others only warn.
REFUSE_REASONS = frozenset({MatchReason.TIN, MatchReason.BIN, MatchReason.NID, MatchReason.MOBILE})
NAME_THRESHOLD = domain.party.DEFAULT_NAME_THRESHOLD
ACTIVE, INACTIVE, ARCHIVED = "active", "inactive", "archived"


# ---- input -> domain -> rows ---------------------------------------------------------------


def to_domain(data: PartyInput, party_id: UUID | None = None, vendor_status: str | None = None,
              status_reason: str | None = None) -> domain.Party:
    """Validate everything through the domain; addresses are checked against the geography."""
    addresses = []
    for i, a in enumerate(data.addresses):
        try:
            addresses.append(domain.validate_address(domain.Address(**a.model_dump())))
        except domain.MasterDataError as exc:
            exc.field = f"addresses[{i}].{exc.field}" if exc.field else f"addresses[{i}]"
            raise
    return domain.Party(
        id=str(party_id) if party_id else None,
        legal_name=data.legal_name, legal_name_bn=data.legal_name_bn, party_type=data.party_type,
        roles=frozenset(data.roles), tin=data.tin or None, bin=data.bin or None, nid=data.nid or None,
        trade_licence=data.trade_licence or None, trade_licence_authority=data.trade_licence_authority,
        mobile=data.mobile or None, email=(data.email or "").strip().lower() or None,
        contacts=tuple(domain.Contact(**c.model_dump()) for c in data.contacts),
        addresses=tuple(addresses),
        bank_accounts=tuple(domain.BankAccount(**b.model_dump()) for b in data.bank_accounts),
        wallets=tuple(domain.MobileWallet(**w.model_dump()) for w in data.wallets),
        payment_terms=domain.PaymentTerms(data.payment_terms_days, data.payment_terms_text),
        credit_limit=data.credit_limit, currency=data.currency,
        vendor_categories=frozenset(data.vendor_categories),
        default_vat_category=data.default_vat_category,
        default_withholding_category=data.default_withholding_category,
        retention_percent=data.retention_percent,
        compliance_documents=tuple(domain.ComplianceDocument(**d.model_dump()) for d in data.documents),
        vendor_status=vendor_status if "vendor" in data.roles else None,
        status_reason=status_reason if "vendor" in data.roles else None,
    )


def row_to_domain(row: PartyRow) -> domain.Party:
    return to_domain(row_to_input(row), row.id, row.vendor_status, row.status_reason)


def row_to_input(row: PartyRow) -> PartyInput:
    return PartyInput(
        legal_name=row.legal_name, legal_name_bn=row.legal_name_bn, party_type=row.party_type,
        roles=sorted(r.role for r in row.roles), code=row.code, tin=row.tin, bin=row.bin, nid=row.nid,
        trade_licence=row.trade_licence, trade_licence_authority=row.trade_licence_authority,
        mobile=row.mobile, email=row.email, payment_terms_days=row.payment_terms_days,
        payment_terms_text=row.payment_terms_text, credit_limit=row.credit_limit, currency=row.currency,
        vendor_categories=sorted(row.vendor_categories or []), default_vat_category=row.default_vat_category,
        default_withholding_category=row.default_withholding_category, retention_percent=row.retention_percent,
        contacts=[ContactIn(name=c.name, designation=c.designation, mobile=c.mobile, email=c.email,
                            is_primary=c.is_primary) for c in row.contacts],
        addresses=[AddressIn(line1=a.line1, line2=a.line2, city=a.city, division=a.division, district=a.district,
                             upazila=a.upazila, postcode=a.postcode, country=a.country, kind=a.kind)
                   for a in row.addresses],
        bank_accounts=[BankAccountIn(bank_name=b.bank_name, account_name=b.account_name,
                                     account_number=b.account_number, routing_number=b.routing_number,
                                     branch_name=b.branch_name, is_default=b.is_default)
                       for b in row.bank_accounts],
        wallets=[WalletIn(provider=w.provider, number=w.number) for w in row.wallets],
        documents=[DocumentIn(kind=d.kind, number=d.number, expires_on=d.expires_on, issued_on=d.issued_on,
                              issuing_authority=d.issuing_authority, file_id=d.file_id) for d in row.documents],
    )


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


def _identifier_pairs(p: domain.Party) -> set[tuple[str, str]]:
    pairs = {(k, v) for k, v in (("tin", p.tin), ("bin", p.bin), ("nid", p.nid)) if v}
    if p.bin:
        pairs.add(("bin_registration", p.bin[:9]))
    pairs |= {("mobile", m) for m in p.mobiles()}
    if p.trade_licence:
        pairs.add(("trade_licence", f"{domain.normalise_key(p.trade_licence)}|"
                                    f"{domain.normalise_key(p.trade_licence_authority or '')}"))
    return pairs


def _store(session: Session, row: PartyRow, p: domain.Party) -> None:
    """Write the validated domain party onto the row and its children; refresh the indexes."""
    _fill(row, p)
    session.flush()
    search.reindex(session, "party", row.id, row.tenant_id, _terms(row, p))


def _terms(row: PartyRow, p: domain.Party) -> set[str]:
    return search.party_terms(p.legal_name, p.legal_name_bn, row.code, (p.tin, p.bin, p.nid, *p.mobiles()))


def _fill(row: PartyRow, p: domain.Party) -> None:
    """The party's content onto the row and its children (no flush, no search index)."""
    row.legal_name, row.legal_name_bn, row.party_type = p.legal_name, p.legal_name_bn, p.party_type.value
    row.tin, row.bin, row.nid, row.mobile, row.email = p.tin, p.bin, p.nid, p.mobile, p.email
    row.trade_licence, row.trade_licence_authority = p.trade_licence, p.trade_licence_authority
    row.payment_terms_days, row.payment_terms_text = p.payment_terms.net_days, p.payment_terms.description
    row.credit_limit, row.currency, row.retention_percent = p.credit_limit, p.currency, p.retention_percent
    row.vendor_categories = sorted(c.value for c in p.vendor_categories)
    row.default_vat_category, row.default_withholding_category = (p.default_vat_category,
                                                                  p.default_withholding_category)
    row.vendor_status = p.vendor_status.value if p.vendor_status else None
    row.status_reason = p.status_reason
    row.flags = sorted(p.flags)
    row.search_key = domain.normalise_name(p.legal_name)[:300]
    tid = row.tenant_id
    kept = {r.role: r for r in row.roles}  # reconcile: the (party, role) pair is unique
    row.roles = [kept.get(r.value) or PartyRoleRow(role=r.value, tenant_id=tid) for r in sorted(p.roles)]
    row.contacts = [ContactRow(position=i, name=c.name, designation=c.designation, mobile=c.mobile, email=c.email,
                               is_primary=c.is_primary, tenant_id=tid) for i, c in enumerate(p.contacts)]
    row.addresses = [AddressRow(position=i, kind=a.kind, line1=a.line1, line2=a.line2, city=a.city,
                                division=a.division, district=a.district, upazila=a.upazila, postcode=a.postcode,
                                country=a.country, tenant_id=tid) for i, a in enumerate(p.addresses)]
    row.bank_accounts = [BankAccountRow(position=i, bank_name=b.bank_name, branch_name=b.branch_name,
                                        account_name=b.account_name, account_number=b.account_number,
                                        routing_number=b.routing_number, is_default=b.is_default, tenant_id=tid)
                         for i, b in enumerate(p.bank_accounts)]
    row.wallets = [WalletRow(position=i, provider=w.provider.value, number=w.number, tenant_id=tid)
                   for i, w in enumerate(p.wallets)]
    old_reminders = {(d.kind, d.number, d.expires_on): d.reminded_for for d in row.documents}
    row.documents = [ComplianceDocumentRow(
        position=i, kind=d.kind.value, number=d.number, issued_on=d.issued_on, expires_on=d.expires_on,
        issuing_authority=d.issuing_authority, file_id=d.file_id, tenant_id=tid,
        reminded_for=old_reminders.get((d.kind.value, d.number, d.expires_on)))
        for i, d in enumerate(p.compliance_documents)]
    row.identifiers = [PartyIdentifierRow(kind=k, value=v, tenant_id=tid) for k, v in sorted(_identifier_pairs(p))]


# ---- duplicates ----------------------------------------------------------------------------


def _candidates(session: Session, p: domain.Party, exclude: UUID | None) -> list[PartyRow]:
    """Parties sharing an identifier or a name word with `p` (merged parties never count)."""
    pairs = _identifier_pairs(p)
    ids: set[UUID] = set()
    if pairs:
        conds = [(PartyIdentifierRow.kind == k) & (PartyIdentifierRow.value == v) for k, v in pairs]
        ids |= set(session.execute(select(PartyIdentifierRow.party_id).where(or_(*conds))).scalars())
    words = {w for n in (p.legal_name, p.legal_name_bn) if n for w in domain.normalise_name(n).split()
             if len(w) >= 3}
    if words:
        ids |= set(session.execute(
            select(SearchTermRow.entity_id).where(SearchTermRow.kind == "party", SearchTermRow.term.in_(words))
            .limit(500)).scalars())
    ids.discard(exclude)  # type: ignore[arg-type]
    if not ids:
        return []
    return list(session.execute(select(PartyRow).where(PartyRow.id.in_(ids), PartyRow.merged_into.is_(None)))
                .scalars())


def check_duplicates(session: Session, p: domain.Party, exclude: UUID | None = None,
                     threshold: float | None = None) -> list[DuplicateWarning]:
    """Refuse a party whose e-TIN, BIN, NID or a mobile number already belongs to another party;
    return warnings for similar names and other weaker matches (threshold: the tenant's
    `master_data.duplicate_name_threshold` setting unless given)."""
    threshold = settings.name_threshold() if threshold is None else threshold
    rows = {str(r.id): r for r in _candidates(session, p, exclude)}
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
            raise Conflict(
                "master_data.duplicate_party",
                f"The same {what} already belongs to {row.code} {row.legal_name}",
                f"একই {what.replace('mobile number', 'মোবাইল নম্বর')} ইতিমধ্যে {row.code} "
                f"{row.legal_name_bn or row.legal_name} এর আছে",
                field=hard[0].value,
                details={"party_id": str(row.id), "code": row.code, "legal_name": row.legal_name,
                         "reasons": [r.value for r in m.reasons]})
        warnings.append(DuplicateWarning(party_id=row.id, code=row.code, legal_name=row.legal_name,
                                         reasons=[r.value for r in m.reasons], score=m.name_score))
    return warnings


# ---- commands ------------------------------------------------------------------------------


def next_number(session: Session, series: str, start_after: int = 0, count: int = 1) -> int:
    """The next number of a per-tenant series, taken inside the caller's transaction: the
    UPDATE ... RETURNING holds the counter row until commit (PostgreSQL), and SQLite's
    BEGIN IMMEDIATE already serialises writers, so concurrent creates never share a number and
    a rolled-back create leaves no gap. `start_after` seeds a new series (existing data). With
    `count`, the last of `count` consecutive numbers taken at once (a bulk import)."""
    tid = context.require_tenant()
    bump = (update(CodeCounterRow).where(CodeCounterRow.tenant_id == tid, CodeCounterRow.series == series)
            .values(last_value=CodeCounterRow.last_value + count).returning(CodeCounterRow.last_value)
            .execution_options(synchronize_session=False))
    n = session.execute(bump).scalar_one_or_none()
    if n is None:
        dialect = session.get_bind().dialect.name
        ins = (pg_insert if dialect == "postgresql" else sqlite_insert)(CodeCounterRow).values(
            tenant_id=tid, series=series, last_value=start_after)
        session.execute(ins.on_conflict_do_nothing())
        n = session.execute(bump).scalar_one()
    return int(n)


def _next_code(session: Session) -> str:
    """P-000001, P-000002 … from the tenant's counter; a number someone typed by hand is skipped."""
    seed = None
    while True:
        if seed is None:  # only a brand-new series needs the count of what exists already
            seed = 0 if session.execute(select(CodeCounterRow.series).where(
                CodeCounterRow.tenant_id == context.require_tenant(), CodeCounterRow.series == "party")).first() else \
                session.execute(select(func.count()).select_from(PartyRow)).scalar_one()
        code = f"P-{next_number(session, 'party', seed):06d}"
        if session.execute(select(PartyRow.id).where(PartyRow.code == code)).first() is None:
            return code


def _reserve_codes(session: Session, n: int, taken: set[str]) -> list[str]:
    """`n` new codes P-…, consecutive numbers of the tenant's series taken in one step; numbers
    already used (typed by hand, or in `taken`) are skipped as `_next_code` skips them."""
    out: list[str] = []
    seed = None
    while len(out) < n:
        if seed is None:
            seed = 0 if session.execute(select(CodeCounterRow.series).where(
                CodeCounterRow.tenant_id == context.require_tenant(), CodeCounterRow.series == "party")).first() else \
                session.execute(select(func.count()).select_from(PartyRow)).scalar_one()
        need = n - len(out)
        last = next_number(session, "party", seed, count=need)
        fresh = [f"P-{k:06d}" for k in range(last - need + 1, last + 1)]
        used: set[str] = set()
        for start in range(0, len(fresh), 5000):
            used |= set(session.execute(select(PartyRow.code).where(PartyRow.code.in_(fresh[start:start + 5000])))
                        .scalars())
        out += [c for c in fresh if c not in used and c not in taken]
    return out


def identifier_owners(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], set[UUID]]:
    """The unmerged parties holding each identifier key (kind, value): one query per kind, in
    chunks (a flat OR of thousands of pairs would pass SQLite's expression depth)."""
    by_kind: dict[str, list[str]] = {}
    for k, v in keys:
        by_kind.setdefault(k, []).append(v)
    out: dict[tuple[str, str], set[UUID]] = {}
    i = PartyIdentifierRow
    for kind, values in by_kind.items():
        for start in range(0, len(values), 5000):
            rows = session.execute(select(i.kind, i.value, i.party_id).join(PartyRow, PartyRow.id == i.party_id).where(
                i.tenant_id == context.require_tenant(), i.kind == kind, i.value.in_(values[start:start + 5000]),
                PartyRow.merged_into.is_(None)))
            for k, v, pid in rows:
                out.setdefault((k, v), set()).add(pid)
    return out


@dataclass
class NewParties:
    """Parties for a bulk insert, mapped to table rows before any transaction (`prepare_parties`),
    so the write transaction (`insert_parties`) only numbers them and runs one INSERT per table."""

    parties: list[tuple[PartyRow, domain.Party]]
    rows: dict[Any, list[dict[str, Any]]]  # table -> column values (children carry party_id)
    terms: list[tuple[UUID, set[str]]]  # search terms of each party, its code's terms not yet


def _column_values(obj: Any) -> dict[str, Any]:
    """An ORM object's column values, with the column defaults a flush would apply."""
    out = {}
    for col in sa_inspect(type(obj)).mapper.columns:
        value = getattr(obj, col.key, None)
        if value is None and col.default is not None:
            d = col.default
            value = d.arg(None) if d.is_callable else d.arg  # type: ignore[attr-defined]
        out[col.key] = value
    return out


def prepare_parties(parties: list[tuple[domain.Party, str | None]]) -> NewParties:
    """Map validated parties (duplicates checked by the caller: the CSV import) to rows; no I/O."""
    tid = context.require_tenant()
    out = NewParties([], {}, [])
    for p, code in parties:
        row = PartyRow(id=new_id(), code=code or "", status=ACTIVE, version=1, tenant_id=tid)
        _fill(row, p)
        out.parties.append((row, p))
        out.rows.setdefault(PartyRow.__table__, []).append(_column_values(row))
        for rel in sa_inspect(PartyRow).relationships:
            for child in getattr(row, rel.key):
                values = _column_values(child)
                for local, remote in rel.local_remote_pairs:
                    values[remote.key] = getattr(row, local.key)
                out.rows.setdefault(child.__table__, []).append(values)
        out.terms.append((row.id, search.party_terms(p.legal_name, p.legal_name_bn, "",
                                                     (p.tin, p.bin, p.nid, *p.mobiles()))))
    return out


def insert_parties(uow: UnitOfWork, new: NewParties) -> list[str]:
    """Write prepared parties: codes not given come from the tenant's series, then one INSERT per
    table (Core executemany: no ORM bookkeeping) and a `PartyCreated` event each. Not a command:
    the caller checks `master_data.party.create` and owns the unit of work."""
    session = uow.session
    tid = context.require_tenant()
    typed = {row.code for row, _ in new.parties if row.code}
    auto = iter(_reserve_codes(session, sum(1 for row, _ in new.parties if not row.code), typed))
    for (row, _), values in zip(new.parties, new.rows[PartyRow.__table__], strict=True):
        row.code = row.code or next(auto)
        values["code"] = row.code
    conn = session.connection()
    for table in (PartyRow.__table__, *(t for t in new.rows if t is not PartyRow.__table__)):
        values = new.rows.get(table, [])
        for start in range(0, len(values), 10_000):
            conn.execute(insert(table), values[start:start + 10_000])
    _insert_terms(conn, tid, [(pid, base | search.with_prefixes(search.code_terms(row.code)))
                              for (row, _), (pid, base) in zip(new.parties, new.terms, strict=True)])
    for row, p in new.parties:
        uow.emit(PartyCreated(party_id=row.id, code=row.code, legal_name=row.legal_name,
                              roles=sorted(r.value for r in p.roles), vendor_status=row.vendor_status))
    return [row.code for row, _ in new.parties]


def _insert_terms(conn: Any, tid: UUID, terms: list[tuple[UUID, set[str]]]) -> None:
    """The search index is most of the rows of a bulk insert (~30 a party). PostgreSQL: one
    `INSERT … SELECT FROM unnest(arrays)` per 50,000 rows (executemany would be a round trip per row,
    and COPY is not allowed under row-level security). SQLite: executemany through an untyped table,
    the ids converted once per party instead of once per term by the column type."""
    st = SearchTermRow.__table__
    schema = (conn.get_execution_options().get("schema_translate_map") or {}).get(st.schema, st.schema)
    if conn.dialect.name == "postgresql":
        pairs = [(pid, t) for pid, ts in terms for t in ts]
        sql = (f"INSERT INTO {schema}.{st.name} (tenant_id, kind, entity_id, term) "
               "SELECT %(tenant)s, 'party', e, w FROM unnest(%(ids)s::uuid[], %(terms)s::text[]) AS u(e, w)")
        for start in range(0, len(pairs), 50_000):
            part = pairs[start:start + 50_000]
            conn.exec_driver_sql(sql, {"tenant": tid, "ids": [p for p, _ in part], "terms": [t for _, t in part]})
        return
    uuid = st.c.entity_id.type.bind_processor(conn.dialect) or (lambda v: v)
    bare = sa_table(st.name, *(sa_column(c) for c in ("tenant_id", "kind", "entity_id", "term")), schema=schema)
    t_id = uuid(tid)
    rows = [{"tenant_id": t_id, "kind": "party", "entity_id": eid, "term": t}
            for pid, ts in terms for eid in (uuid(pid),) for t in ts]
    for start in range(0, len(rows), 20_000):
        conn.execute(insert(bare), rows[start:start + 20_000])


def _load(session: Session, party_id: UUID) -> PartyRow:
    row = session.get(PartyRow, party_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise NotFound("party", party_id, field="id")
    return row


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
    code = domain.normalise_code(data.code or "") or _next_code(session)
    if session.execute(select(PartyRow.id).where(PartyRow.code == code)).first():
        raise Conflict("master_data.duplicate_code", f"Party code {code} is already used",
                       f"পার্টি কোড {code} ইতিমধ্যে ব্যবহৃত", field="code")
    row = PartyRow(code=code, status=ACTIVE, version=1, tenant_id=context.require_tenant())
    session.add(row)
    _store(session, row, p)
    uow.emit(PartyCreated(party_id=row.id, code=row.code, legal_name=row.legal_name,
                          roles=sorted(r.value for r in p.roles), vendor_status=row.vendor_status))
    return view(row, warnings)


@command(UPDATE, scope="master_data.update_party")
def update_party(uow: UnitOfWork, party_id: UUID, data: PartyInput, expected_version: int) -> PartyView:
    """Replace the party's content; the vendor status changes only through the workflow."""
    session = uow.session
    row = _load(session, party_id)
    _not_merged(row)
    _check_version(row, expected_version)
    before = row_to_input(row).model_dump()
    p = to_domain(data, row.id, row.vendor_status, row.status_reason)
    warnings = check_duplicates(session, p, exclude=row.id)
    _store(session, row, p)
    after = row_to_input(row).model_dump()
    changed = sorted(k for k in after if k != "code" and before.get(k) != after[k])
    if changed:
        touch(row)  # a changed contact, address or identifier changes the party too
        session.flush()  # the version moves on here (Versioned)
        uow.emit(PartyUpdated(party_id=row.id, code=row.code, changed=changed, revision=row.version))
    return view(row, warnings)


@command(APPROVE, scope="master_data.change_vendor_status")
def change_vendor_status(uow: UnitOfWork, party_id: UUID, to: str, reason: str | None = None,
                         expected_version: int | None = None) -> PartyView:
    """pending → approved → suspended/blacklisted (suspended → approved); a reason is required to
    suspend or blacklist, and blacklisting is final."""
    row = _load(uow.session, party_id)
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
                         action_bn: str) -> None:
    refs = references(session, kind, target_id)
    if refs:
        total = session.execute(select(func.count()).select_from(ReferenceRow).where(
            ReferenceRow.target_kind == kind, ReferenceRow.target_id == target_id)).scalar_one()
        shown = ", ".join(f"{r.by_module} {r.document_id}" for r in refs[:5])
        raise Conflict(
            f"master_data.{kind}_in_use",
            f"{label} cannot be {action}: {total} document(s) use it ({shown}). Archive it instead.",
            f"{label} {action_bn} যাবে না: {total}টি নথিতে ব্যবহৃত ({shown})। এর বদলে আর্কাইভ করুন।",
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
    row = _load(uow.session, party_id)
    _check_version(row, expected_version)
    return _set_status(uow, row, ARCHIVED)


@command(UPDATE, scope="master_data.deactivate_party")
def deactivate_party(uow: UnitOfWork, party_id: UUID, expected_version: int | None = None) -> PartyView:
    row = _load(uow.session, party_id)
    _check_version(row, expected_version)
    refuse_if_referenced(uow.session, "party", row.id, f"{row.code} {row.legal_name}", "deactivated",
                         "নিষ্ক্রিয় করা")
    return _set_status(uow, row, INACTIVE)


@command(UPDATE, scope="master_data.activate_party")
def activate_party(uow: UnitOfWork, party_id: UUID, expected_version: int | None = None) -> PartyView:
    """Bring back an inactive or archived party (not a merged one)."""
    row = _load(uow.session, party_id)
    _not_merged(row)
    _check_version(row, expected_version)
    return _set_status(uow, row, ACTIVE)


@command(DELETE, scope="master_data.delete_party")
def delete_party(uow: UnitOfWork, party_id: UUID) -> bool:
    """Delete a party entered by mistake; refused once any document references it."""
    session = uow.session
    row = _load(session, party_id)
    refuse_if_referenced(session, "party", row.id, f"{row.code} {row.legal_name}", "deleted", "মুছে ফেলা")
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
    keep, drop = _load(session, survivor_id), _load(session, duplicate_id)
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
    _store(session, keep, plan.result)
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
    return view(_load(uow.session, party_id))


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
    keep, drop = _load(uow.session, survivor_id), _load(uow.session, duplicate_id)
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
