"""The audit subgraph: search, object history, chain verification, retention (types derive from schemas.py)."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.graphql import Subgraph

from . import schemas, service


@strawberry.experimental.pydantic.type(model=schemas.AuditRecordView)
class AuditRecord:
    id: strawberry.auto
    seq: strawberry.auto
    event_id: strawberry.auto
    event_name: strawberry.auto
    occurred_at: strawberry.auto
    actor: strawberry.auto
    request_id: strawberry.auto
    client_address: strawberry.auto
    object_type: strawberry.auto
    object_id: strawberry.auto
    object_label: strawberry.auto
    action: strawberry.auto
    changes: JSON
    before_known: strawberry.auto
    hash: strawberry.auto
    prev_hash: strawberry.auto


@strawberry.type
class AuditRecordPage:
    items: list[AuditRecord]
    next_cursor: str | None


@strawberry.experimental.pydantic.type(model=schemas.FindingView, all_fields=True)
class AuditFinding:
    pass


@strawberry.experimental.pydantic.type(model=schemas.VerifyReport)
class AuditVerifyReport:
    tenant_id: strawberry.auto
    tenant_code: strawberry.auto
    ok: strawberry.auto
    checked: strawberry.auto
    live: strawberry.auto
    archived: strawberry.auto
    purged: strawberry.auto
    last_seq: strawberry.auto
    findings: list[AuditFinding]


@strawberry.experimental.pydantic.type(model=schemas.RetentionPolicyView, all_fields=True)
class AuditRetentionPolicy:
    pass


def _page(p: schemas.AuditPage) -> AuditRecordPage:
    return AuditRecordPage(items=[AuditRecord.from_pydantic(r) for r in p.items], next_cursor=p.next_cursor)


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Audit records, newest first; filters combine; `text` is full-text (English or Bangla)")
    def audit_records(self, object_type: str | None = None, object_id: str | None = None, actor: str | None = None,
                      action: str | None = None, date_from: date | None = None, date_to: date | None = None,
                      text: str | None = None, after: str | None = None, first: int = 50) -> AuditRecordPage:
        c = schemas.AuditSearch(object_type=object_type, object_id=object_id, actor=actor, action=action,
                                date_from=date_from, date_to=date_to, text=text)
        return _page(service.search(c, after=after, limit=first))

    @strawberry.field(description="Everything recorded about one object, newest first")
    def audit_history(self, object_type: str, object_id: str, after: str | None = None,
                      first: int = 100) -> AuditRecordPage:
        return _page(service.history(object_type, object_id, after=after, limit=first))

    @strawberry.field(description="Verify this tenant's audit chain (archives and live records)")
    def audit_verify(self) -> AuditVerifyReport:
        return AuditVerifyReport.from_pydantic(service.verify())

    @strawberry.field
    def audit_retention_policies(self) -> list[AuditRetentionPolicy]:
        return [AuditRetentionPolicy.from_pydantic(p) for p in service.retention_policies()]


@strawberry.type
class AuditMutation:
    @strawberry.mutation(description="Set how long records of an object type stay live and are kept")
    def set_audit_retention_policy(self, pattern: str, live_days: int, retain_years: int,
                                   idempotency_key: str | None = None) -> AuditRetentionPolicy:
        data = schemas.RetentionPolicyInput(pattern=pattern, live_days=live_days, retain_years=retain_years)
        return AuditRetentionPolicy.from_pydantic(service.set_retention_policy(data, idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=AuditQuery, mutation=AuditMutation)
