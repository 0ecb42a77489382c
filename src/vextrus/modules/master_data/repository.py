"""Where master data meets the tables: parties and items to and from their rows (the domain
validates on construction), the identifier and search-term indexes, per-tenant code series, and
bulk inserts of prepared parties (one INSERT per table) for the CSV import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from vextrus.platform import context, sequences
from vextrus.platform.errors import NotFound
from vextrus.platform.ids import new_id

from . import domain, search
from .domain.lifecycle import ACTIVE
from .schemas import AddressIn, BankAccountIn, ContactIn, DocumentIn, ItemInput, PartyInput, WalletIn
from .tables import (
    AddressRow,
    BankAccountRow,
    CodeCounterRow,
    ComplianceDocumentRow,
    ContactRow,
    ItemConversionRow,
    ItemRow,
    PartyIdentifierRow,
    PartyRoleRow,
    PartyRow,
    SearchTermRow,
    WalletRow,
)

# ---- parties: input -> domain -> rows -------------------------------------------------------

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


def identifier_pairs(p: domain.Party) -> set[tuple[str, str]]:
    pairs = {(k, v) for k, v in (("tin", p.tin), ("bin", p.bin), ("nid", p.nid)) if v}
    if p.bin:
        pairs.add(("bin_registration", p.bin[:9]))
    pairs |= {("mobile", m) for m in p.mobiles()}
    if p.trade_licence:
        pairs.add(("trade_licence", f"{domain.normalise_key(p.trade_licence)}|"
                                    f"{domain.normalise_key(p.trade_licence_authority or '')}"))
    return pairs


def store(session: Session, row: PartyRow, p: domain.Party) -> None:
    """Write the validated domain party onto the row and its children; refresh the indexes."""
    fill(row, p)
    session.flush()
    search.reindex(session, "party", row.id, row.tenant_id, terms(row, p))


def terms(row: PartyRow, p: domain.Party) -> set[str]:
    return search.party_terms(p.legal_name, p.legal_name_bn, row.code, (p.tin, p.bin, p.nid, *p.mobiles()))


def fill(row: PartyRow, p: domain.Party) -> None:
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
    row.identifiers = [PartyIdentifierRow(kind=k, value=v, tenant_id=tid) for k, v in sorted(identifier_pairs(p))]


def load_party(session: Session, party_id: UUID) -> PartyRow:
    row = session.get(PartyRow, party_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise NotFound("party", party_id, field="id")
    return row


# ---- duplicate candidates and identifier owners ---------------------------------------------

def candidates(session: Session, p: domain.Party, exclude: UUID | None) -> list[PartyRow]:
    """Parties sharing an identifier or a name word with `p` (merged parties never count)."""
    pairs = identifier_pairs(p)
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


# ---- code series -----------------------------------------------------------------------------

def next_number(session: Session, series: str, start_after: int = 0, count: int = 1) -> int:
    """The next number of a per-tenant series, taken inside the caller's transaction: the
    UPDATE ... RETURNING holds the counter row until commit (PostgreSQL), and SQLite's
    BEGIN IMMEDIATE already serialises writers, so concurrent creates never share a number and
    a rolled-back create leaves no gap. `start_after` seeds a new series (existing data). With
    `count`, the last of `count` consecutive numbers taken at once (a bulk import)."""
    return sequences.next_value(session, CodeCounterRow, {"tenant_id": context.require_tenant(), "series": series},
                                count=count, start_after=start_after)  # the platform's one mechanism


def next_code(session: Session) -> str:
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


def reserve_codes(session: Session, n: int, taken: set[str]) -> list[str]:
    """`n` new codes P-…, consecutive numbers of the tenant's series taken in one step; numbers
    already used (typed by hand, or in `taken`) are skipped as `next_code` skips them."""
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


# ---- bulk inserts (the CSV import) -----------------------------------------------------------

@dataclass
class NewParties:
    """Parties for a bulk insert, mapped to column values before any transaction (`prepare_parties`),
    so the write transaction (`insert_parties`) only numbers them and runs one INSERT per table."""

    parties: list[tuple[dict[str, Any], list[str]]]  # the party row's values (its code "" until numbered), roles
    rows: dict[Any, list[dict[str, Any]]]  # table -> column values (the party table first; children carry party_id)
    terms: list[tuple[UUID, set[str]]]  # search terms of each party, its code's terms not yet


_DEFAULTS: dict[Any, list[tuple[str, Any, bool]]] = {}


def _values(table: Any, given: dict[str, Any]) -> dict[str, Any]:
    """A row of `table` as a flush would insert it: the given values, the column defaults for the rest."""
    cols = _DEFAULTS.get(table)
    if cols is None:
        cols = _DEFAULTS[table] = [(c.key, c.default.arg if c.default is not None else None,
                                    bool(c.default is not None and c.default.is_callable)) for c in table.columns]
    out = {}
    for key, arg, call in cols:
        value = given.get(key)
        if value is None and arg is not None:
            value = arg(None) if call else arg
        out[key] = value
    return out


def party_values(p: domain.Party, party_id: UUID, code: str | None, tid: UUID) -> dict[Any, list[dict[str, Any]]]:
    """The rows `fill` would give a new party (the party and its children), as column values: no ORM
    objects (a bulk import maps 100,000 of them)."""
    out: dict[Any, list[dict[str, Any]]] = {PartyRow.__table__: [_values(PartyRow.__table__, {
        "id": party_id, "tenant_id": tid, "code": code or "", "status": ACTIVE, "version": 1,
        "legal_name": p.legal_name, "legal_name_bn": p.legal_name_bn, "party_type": p.party_type.value,
        "tin": p.tin, "bin": p.bin, "nid": p.nid, "mobile": p.mobile, "email": p.email,
        "trade_licence": p.trade_licence, "trade_licence_authority": p.trade_licence_authority,
        "payment_terms_days": p.payment_terms.net_days, "payment_terms_text": p.payment_terms.description,
        "credit_limit": p.credit_limit, "currency": p.currency, "retention_percent": p.retention_percent,
        "vendor_categories": sorted(c.value for c in p.vendor_categories),
        "default_vat_category": p.default_vat_category,
        "default_withholding_category": p.default_withholding_category,
        "vendor_status": p.vendor_status.value if p.vendor_status else None, "status_reason": p.status_reason,
        "flags": sorted(p.flags), "search_key": domain.normalise_name(p.legal_name)[:300]})]}
    base = {"tenant_id": tid, "party_id": party_id}

    def child(row: Any, values: dict[str, Any]) -> None:
        out.setdefault(row.__table__, []).append(_values(row.__table__, base | values))

    for r in sorted(p.roles):
        child(PartyRoleRow, {"role": r.value})
    for i, c in enumerate(p.contacts):
        child(ContactRow, {"position": i, "name": c.name, "designation": c.designation, "mobile": c.mobile,
                           "email": c.email, "is_primary": c.is_primary})
    for i, a in enumerate(p.addresses):
        child(AddressRow, {"position": i, "kind": a.kind, "line1": a.line1, "line2": a.line2, "city": a.city,
                           "division": a.division, "district": a.district, "upazila": a.upazila,
                           "postcode": a.postcode, "country": a.country})
    for i, b in enumerate(p.bank_accounts):
        child(BankAccountRow, {"position": i, "bank_name": b.bank_name, "branch_name": b.branch_name,
                               "account_name": b.account_name, "account_number": b.account_number,
                               "routing_number": b.routing_number, "is_default": b.is_default})
    for i, w in enumerate(p.wallets):
        child(WalletRow, {"position": i, "provider": w.provider.value, "number": w.number})
    for i, d in enumerate(p.compliance_documents):
        child(ComplianceDocumentRow, {"position": i, "kind": d.kind.value, "number": d.number,
                                      "issued_on": d.issued_on, "expires_on": d.expires_on,
                                      "issuing_authority": d.issuing_authority, "file_id": d.file_id})
    for k, v in sorted(identifier_pairs(p)):
        child(PartyIdentifierRow, {"kind": k, "value": v})
    return out


def prepare_parties(parties: Iterable[tuple[domain.Party, str | None]]) -> NewParties:
    """Map validated parties (duplicates checked by the caller: the CSV import) to column values
    (`party_values`, the same rows as `fill`); no I/O, no ORM objects."""
    tid = context.require_tenant()
    out = NewParties([], {PartyRow.__table__: []}, [])
    for p, code in parties:
        pid = new_id()
        for table, values in party_values(p, pid, code, tid).items():
            out.rows.setdefault(table, []).extend(values)
        out.parties.append((out.rows[PartyRow.__table__][-1], sorted(r.value for r in p.roles)))
        out.terms.append((pid, search.party_terms(p.legal_name, p.legal_name_bn, "",
                                                  (p.tin, p.bin, p.nid, *p.mobiles()))))
    return out


def insert_terms(conn: Any, tid: UUID, terms: list[tuple[UUID, set[str]]]) -> None:
    """The search index is most of the rows of a bulk insert (~30 a party). PostgreSQL: one
    `INSERT … SELECT FROM unnest(arrays)` per 50,000 rows (executemany would be a round trip per row,
    and COPY is not allowed under row-level security). SQLite: the driver's executemany of tuples, the
    ids converted once per party instead of once per term by the column type."""
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
    name = f'"{schema}"."{st.name}"' if schema else f'"{st.name}"'
    sql = f"INSERT INTO {name} (tenant_id, kind, entity_id, term) VALUES (?, 'party', ?, ?)"
    t_id = uuid(tid)
    rows: list[tuple[Any, Any, str]] = []
    for pid, ts in terms:  # tuples straight to the driver's executemany: no per-row statement bookkeeping
        eid = uuid(pid)
        rows += ((t_id, eid, t) for t in ts)
        if len(rows) >= 50_000:
            conn.exec_driver_sql(sql, rows)
            rows = []
    if rows:
        conn.exec_driver_sql(sql, rows)


# ---- items ----------------------------------------------------------------------------------

def item_to_domain(data: ItemInput) -> domain.Item:
    return domain.Item(
        code=data.code, name=data.name, name_bn=data.name_bn, kind=data.kind, base_unit=data.base_unit,
        hs_code=data.hs_code or None, vat_category=data.vat_category or None,
        withholding_category=data.withholding_category or None, standard_cost=data.standard_cost,
        currency=data.currency,
        conversions=tuple(domain.ItemConversion(c.from_unit, c.to_unit, c.factor) for c in data.conversions),
        specification=tuple(sorted(data.specification.items())),
    )


def item_row_to_domain(row: ItemRow) -> domain.Item:
    return domain.Item(
        code=row.code, name=row.name, name_bn=row.name_bn, kind=row.kind, base_unit=row.base_unit,
        hs_code=row.hs_code, vat_category=row.vat_category, withholding_category=row.withholding_category,
        standard_cost=row.standard_cost, currency=row.currency,
        conversions=tuple(domain.ItemConversion(c.from_unit, c.to_unit, c.factor) for c in row.conversions),
    )


def store_item(session: Session, row: ItemRow, it: domain.Item) -> None:
    row.code, row.name, row.name_bn, row.kind, row.base_unit = it.code, it.name, it.name_bn, it.kind.value, \
        it.base_unit
    row.hs_code, row.vat_category, row.withholding_category = it.hs_code, it.vat_category, it.withholding_category
    row.standard_cost, row.currency = it.standard_cost, it.currency
    row.specification = dict(it.specification)
    row.search_key = domain.normalise_key(it.name)[:300]
    row.conversions = [ItemConversionRow(from_unit=domain.get_unit(c.from_unit).code,
                                         to_unit=domain.get_unit(c.to_unit).code, factor=c.factor,
                                         tenant_id=row.tenant_id) for c in it.conversions]
    session.flush()
    search.reindex(session, "item", row.id, row.tenant_id, search.item_terms(it.name, it.name_bn, it.code, it.hs_code))


def load_item(session: Session, item_id: UUID) -> ItemRow:
    row = session.get(ItemRow, item_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise NotFound("item", item_id, field="id")
    return row


def item_by_code(session: Session, code: str) -> ItemRow | None:
    return session.execute(select(ItemRow).where(ItemRow.code == code)).scalar_one_or_none()
