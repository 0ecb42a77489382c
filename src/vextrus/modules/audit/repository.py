"""Audit rows: appending to a tenant's chain (one at a time per tenant), the full-text index of each
database, and searches."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, func, insert, or_, select, text
from sqlalchemy.orm import Session

from vextrus.platform import clock
from vextrus.platform.ids import new_id

from .domain import chain
from .domain.describe import Described, search_text
from .tables import AuditChainHead, AuditRecord

RECORD_COLUMNS = chain.HASHED_FIELDS


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_head(session: Session, tenant_id: UUID) -> AuditChainHead:
    """The tenant's chain head, locked until the transaction ends: a second appender (another relay
    worker) waits here, so each record links to the one committed before it. SQLite's writers
    are serialised by BEGIN IMMEDIATE already."""
    if _postgres(session):
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        # one round trip: creates the head on a tenant's first record, else touches it - either way
        # the row stays locked (ON CONFLICT DO UPDATE locks it) until this transaction ends
        stmt = pg_insert(AuditChainHead).values(
            tenant_id=tenant_id, last_seq=0, last_hash=chain.GENESIS, updated_at=clock.now())
        stmt = stmt.on_conflict_do_update(index_elements=["tenant_id"],
                                          set_={"tenant_id": stmt.excluded.tenant_id}).returning(AuditChainHead)
        return session.execute(select(AuditChainHead).from_statement(stmt),
                               execution_options={"populate_existing": True}).scalar_one()
    head = session.get(AuditChainHead, tenant_id)
    if head is None:
        head = AuditChainHead(tenant_id=tenant_id, last_seq=0, last_hash=chain.GENESIS, updated_at=clock.now())
        session.add(head)
        session.flush()
    return head


COMPANY_MODULES = ("finance", "projects", "organization")  # whose objects belong to one company


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def company_of(session: Session, tenant_id: UUID, described: Described, payload: dict[str, Any],
               emitter_company: str | None, recent: Sequence[Mapping[str, Any]] = ()) -> UUID | None:
    """The company whose object the event is about (None: the tenant's shared data, such as parties,
    items and users): the payload's `company_id`; else the company of a record already kept about an
    object the payload names (a journal's book, a project), the newest first (`recent`: records of the
    same run not stored yet, oldest first, newer than any stored); else a project's company (projects'
    api); else, for the modules whose objects belong to a company, the company the emitter acted in."""
    found = _uuid(payload.get("company_id"))
    if found:
        return found
    ids = [str(v) for k, v in payload.items() if k.endswith("_id") and k != "company_id" and _uuid(v)]
    if ids:
        wanted = set(ids)
        found = next((r["company_id"] for r in reversed(recent)
                      if r["company_id"] is not None and r["object_id"] in wanted), None)
        if found is None:
            found = session.execute(select(AuditRecord.company_id).where(
                AuditRecord.tenant_id == tenant_id, AuditRecord.object_id.in_(ids),
                AuditRecord.company_id.is_not(None)).order_by(AuditRecord.seq.desc()).limit(1)).scalar()
        if found:
            return found
    project = _uuid(payload.get("project_id"))
    if project is not None:
        try:
            from vextrus.modules.projects import api as projects
        except ImportError:  # projects is optional
            projects = None  # type: ignore[assignment]
        if projects is not None:
            found = projects.project_companies([project]).get(project)
            if found:
                return found
    if described.object_type.split(".")[0] in COMPANY_MODULES:
        return _uuid(emitter_company)
    return None


def record_content(*, tenant_id: UUID, event_id: UUID, event_name: str, event_version: int,
                   occurred_at: datetime, actor: str, request_id: str | None, client_address: str | None,
                   described: Described, company_id: UUID | None = None) -> dict[str, Any]:
    """A record's content before it is linked into the chain (no `seq`, `prev_hash`, `hash`)."""
    return {
        "id": new_id(), "tenant_id": tenant_id, "company_id": company_id,
        "event_id": event_id, "event_name": event_name, "event_version": event_version,
        "occurred_at": occurred_at, "recorded_at": clock.now(), "actor": actor[:120],
        "request_id": (request_id or None) and request_id[:120], "client_address": (client_address or None)
        and client_address[:120], "object_type": described.object_type[:120], "object_id": described.object_id[:120],
        "object_label": described.object_label[:200], "action": described.action[:60],
        "changes": chain.normalised(described.changes), "before_known": described.before_known,
        "data": chain.normalised(described.data),
    }


def _search_words(content: Mapping[str, Any], described: Described) -> str:
    return search_text(described.object_type, described.action, described.object_label, described.object_id,
                       content["actor"], described.changes, described.data)


def append(session: Session, *, tenant_id: UUID, event_id: UUID, event_name: str, event_version: int,
           occurred_at: datetime, actor: str, request_id: str | None, client_address: str | None,
           described: Described, company_id: UUID | None = None) -> dict[str, Any]:
    """Add one record at the end of the tenant's chain (a redelivered event is recorded once)."""
    head = lock_head(session, tenant_id)
    if session.execute(select(AuditRecord.id).where(AuditRecord.tenant_id == tenant_id,
                                                    AuditRecord.event_id == event_id)).first():
        return {}
    content = record_content(tenant_id=tenant_id, event_id=event_id, event_name=event_name,
                             event_version=event_version, occurred_at=occurred_at, actor=actor,
                             request_id=request_id, client_address=client_address, described=described,
                             company_id=company_id)
    return _store(session, head, [(content, described)])[0]


def recorded_events(session: Session, tenant_id: UUID, event_ids: Sequence[UUID]) -> set[UUID]:
    """Which of `event_ids` the tenant's chain records already (a redelivered event)."""
    found: set[UUID] = set()
    ids = list(event_ids)
    for i in range(0, len(ids), 500):
        found.update(session.execute(select(AuditRecord.event_id).where(
            AuditRecord.tenant_id == tenant_id, AuditRecord.event_id.in_(ids[i:i + 500]))).scalars())
    return found


def append_run(session: Session, head: AuditChainHead,
               records: Sequence[tuple[dict[str, Any], Described]]) -> list[dict[str, Any]]:
    """Add a run of records (content from `record_content`, in order, none recorded yet) at the end of
    the chain whose head the caller locked (`lock_head`): linked in Python, stored with one INSERT of
    every row (and on SQLite one of the full-text rows), the head moved once."""
    return _store(session, head, records)


def _store(session: Session, head: AuditChainHead,
           records: Sequence[tuple[dict[str, Any], Described]]) -> list[dict[str, Any]]:
    if not records:
        return []
    linked = chain.link(head.last_seq, head.last_hash, [content for content, _d in records])
    words = [_search_words(content, described) for content, (_c, described) in zip(linked, records, strict=True)]
    rows = [{**content, "search_text": w} for content, w in zip(linked, words, strict=True)]
    if len(rows) == 1:
        session.execute(insert(AuditRecord).values(**rows[0]))
    else:
        session.execute(insert(AuditRecord), rows)
    if not _postgres(session):
        fts = [{"r": c["id"].hex, "t": c["tenant_id"].hex, "b": w} for c, w in zip(linked, words, strict=True)]
        session.execute(text("INSERT INTO audit_record_fts (record_id, tenant_id, body) VALUES (:r, :t, :b)"), fts)
    head.last_seq = linked[-1]["seq"]
    head.last_hash = linked[-1]["hash"]
    head.updated_at = clock.now()
    session.flush()
    return linked


def content_of(row: AuditRecord) -> dict[str, Any]:
    return {**{f: getattr(row, f) for f in RECORD_COLUMNS}, "hash": row.hash}


def chain_rows(session: Session, tenant_id: UUID, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every live record of the tenant in sequence order, as hashed content (read in batches)."""
    last = 0
    while True:
        rows = list(session.execute(select(AuditRecord).where(AuditRecord.tenant_id == tenant_id,
                                                              AuditRecord.seq > last)
                                    .order_by(AuditRecord.seq).limit(batch)).scalars())
        for r in rows:
            yield content_of(r)
        if len(rows) < batch:
            return
        last = rows[-1].seq
        session.expunge_all()


@dataclass(frozen=True)
class Filters:
    object_type: str | None = None
    object_id: str | None = None
    actor: str | None = None
    action: str | None = None
    date_from: datetime | None = None  # inclusive
    date_to: datetime | None = None  # exclusive
    text: str | None = None
    company_id: UUID | None = None  # the active company of a company-scoped reader


def fts_words(query: str) -> list[str]:
    return [w for w in query.replace('"', " ").split() if w][:20]


def search_statement(session: Session, tenant_id: UUID, f: Filters) -> Select[tuple[AuditRecord]]:
    stmt = select(AuditRecord).where(AuditRecord.tenant_id == tenant_id)
    if f.company_id is not None:  # company scoping: that company's records and the tenant's shared ones
        stmt = stmt.where(or_(AuditRecord.company_id.is_(None), AuditRecord.company_id == f.company_id))
    if f.object_type:
        stmt = stmt.where(AuditRecord.object_type == f.object_type if not f.object_type.endswith("*")
                          else AuditRecord.object_type.startswith(f.object_type[:-1], autoescape=True))
    if f.object_id:
        stmt = stmt.where(AuditRecord.object_id == f.object_id)
    if f.actor:
        stmt = stmt.where(func.lower(AuditRecord.actor).contains(f.actor.lower(), autoescape=True))
    if f.action:
        stmt = stmt.where(AuditRecord.action == f.action)
    if f.date_from:
        stmt = stmt.where(AuditRecord.occurred_at >= f.date_from)
    if f.date_to:
        stmt = stmt.where(AuditRecord.occurred_at < f.date_to)
    words = fts_words(f.text or "")
    if words:
        if _postgres(session):
            stmt = stmt.where(func.to_tsvector(text("'simple'::regconfig"), AuditRecord.search_text)
                              .bool_op("@@")(func.plainto_tsquery(text("'simple'::regconfig"), " ".join(words))))
        else:
            # FTS5: each word a quoted string (no query syntax from the user), all of them required;
            # the index holds ids as SQLite's Uuid column stores them (32 hex digits)
            stmt = stmt.where(text("audit_record.id IN (SELECT record_id FROM audit_record_fts "
                                   "WHERE audit_record_fts MATCH :fts_q AND tenant_id = :fts_t)")
                              .bindparams(fts_q=" ".join(f'"{w}"' for w in words), fts_t=tenant_id.hex))
    return stmt
