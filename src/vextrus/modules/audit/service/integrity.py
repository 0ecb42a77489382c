"""Verifying a tenant's chain: the archive files (each checked against the manifest's SHA-256) and
the live records together, in sequence order, against the chain head."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context, runtime
from vextrus.platform.tables import Tenant
from vextrus.platform.uow import UnitOfWork, query

from .. import repository
from ..domain import chain
from ..schemas import FindingView, VerifyReport
from ..tables import AuditArchive, AuditChainHead


def archive_dir(tenant_id: UUID) -> Path:
    return Path(runtime.current().settings.data_dir) / "audit" / tenant_id.hex


def read_archive(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@query("audit.chain.verify", scope="audit.verify")
def verify(uow: UnitOfWork) -> VerifyReport:
    """Check the current tenant's whole chain (archives and live records); each finding names the
    record (sequence number and id) that was altered, deleted or re-linked, or the archive file."""
    tid = context.require_tenant()
    s = uow.session
    code = s.execute(select(Tenant.code).where(Tenant.id == tid)).scalar_one_or_none() or (
        "platform" if tid == chain.PLATFORM_CHAIN else str(tid))
    findings: list[chain.Finding] = []
    records: list[dict[str, Any]] = []
    archived = 0
    folder = archive_dir(tid)
    purged: list[chain.Purged] = []
    for a in s.execute(select(AuditArchive).where(AuditArchive.tenant_id == tid)
                       .order_by(AuditArchive.first_seq)).scalars():
        if a.purged_at is not None:  # deleted at the end of retention: linked over by its ends' hashes
            purged.extend(chain.Purged(int(f), int(last), str(ph), str(h), a.file_name)
                          for f, last, ph, h in a.purged_runs or ())
            continue
        path = folder / a.file_name
        if not path.exists():
            findings.append(chain.Finding(a.first_seq, None, "archive_missing",
                                          f"archive file of records {a.first_seq}-{a.last_seq} is missing", a.file_name))
            continue
        if file_sha256(path) != a.sha256:
            findings.append(chain.Finding(a.first_seq, None, "archive_altered",
                                          "the file's SHA-256 differs from the one recorded when it was written "
                                          "(the records below name what changed)", a.file_name))
        for rec in read_archive(path):
            rec["where"] = a.file_name
            records.append(rec)
            archived += 1
    live = 0
    for rec in repository.chain_rows(s, tid):
        records.append(rec)
        live += 1
    head = s.execute(select(AuditChainHead).where(AuditChainHead.tenant_id == tid)).scalar_one_or_none()
    report = chain.verify(records, head_seq=head.last_seq if head else None, head_hash=head.last_hash if head else None,
                          purged=purged)
    every = findings + list(report.findings)
    return VerifyReport(
        tenant_id=tid, tenant_code=code, ok=not every, checked=report.checked, live=live, archived=archived,
        last_seq=report.last_seq, purged=sum(p.last_seq - p.first_seq + 1 for p in purged),
        findings=[FindingView(seq=f.seq, record_id=f.record_id, problem=f.problem, detail=f.detail, where=f.where)
                  for f in sorted(every, key=lambda f: f.seq)])
