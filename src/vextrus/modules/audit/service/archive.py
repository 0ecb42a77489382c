"""Retention policies per object type and archiving: records past their live period move to a
gzip JSON-lines file under the data directory (`audit/<tenant>/`), written whole before the rows
are deleted in the same transaction that records the file's SHA-256 in the manifest; `verify`
reads the files with the live rows, so the chain stays verifiable end to end."""

from __future__ import annotations

import gzip
import json
import os
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, text

from vextrus.platform import clock, context
from vextrus.platform.uow import UnitOfWork, command, query

from .. import repository
from ..domain import chain, retention
from ..events import ArchivePurged, RecordsArchived, RetentionPolicySet
from ..schemas import ArchiveReport, ArchiveView, PurgeReport, RetentionPolicyInput, RetentionPolicyView
from ..tables import AuditArchive, AuditRecord, AuditRetentionPolicy
from .integrity import archive_dir, file_sha256, read_archive

MAX_ARCHIVE = 200_000  # records per archive run (the nightly job continues the next night)


def _policies(uow: UnitOfWork) -> list[retention.Policy]:
    stored = {p.pattern: retention.Policy(p.pattern, p.live_days, p.retain_years)
              for p in uow.session.execute(select(AuditRetentionPolicy)).scalars()}
    return [*stored.values(), *(d for d in retention.DEFAULTS if d.pattern not in stored)]


@query("audit.record.view", scope="audit.retention_policies")
def retention_policies(uow: UnitOfWork) -> list[RetentionPolicyView]:
    defaults = {d.pattern: d for d in retention.DEFAULTS}
    return sorted((RetentionPolicyView(pattern=p.pattern, live_days=p.live_days, retain_years=p.retain_years,
                                       default=defaults.get(p.pattern) == p) for p in _policies(uow)),
                  key=lambda v: (v.pattern != "*", v.pattern))


@command("audit.archive.manage", scope="audit.set_retention_policy")
def set_retention_policy(uow: UnitOfWork, data: RetentionPolicyInput) -> RetentionPolicyView:
    p = retention.check(data.pattern, data.live_days, data.retain_years)
    row = uow.session.execute(select(AuditRetentionPolicy).where(AuditRetentionPolicy.pattern == p.pattern)
                              ).scalar_one_or_none()
    old = next((d for d in _policies(uow) if d.pattern == p.pattern), None)
    if row is None:
        row = AuditRetentionPolicy(pattern=p.pattern)
        uow.session.add(row)
    row.live_days, row.retain_years = p.live_days, p.retain_years
    row.updated_by, row.updated_at = context.current().recorded_actor[:120], clock.now()
    uow.session.flush()
    uow.emit(RetentionPolicySet(pattern=p.pattern, from_live_days=old.live_days if old else None,
                                to_live_days=p.live_days, from_retain_years=old.retain_years if old else None,
                                to_retain_years=p.retain_years))
    return RetentionPolicyView(pattern=p.pattern, live_days=p.live_days, retain_years=p.retain_years)


def _archive_view(a: AuditArchive) -> ArchiveView:
    return ArchiveView(id=a.id, file_name=a.file_name, records=a.records, first_seq=a.first_seq, last_seq=a.last_seq,
                       oldest_at=a.oldest_at, newest_at=a.newest_at, created_at=a.created_at, created_by=a.created_by,
                       purged_at=a.purged_at)


@query("audit.record.view", scope="audit.archives")
def archives(uow: UnitOfWork) -> list[ArchiveView]:
    return [_archive_view(a) for a in uow.session.execute(
        select(AuditArchive).order_by(AuditArchive.first_seq.desc())).scalars()]


@command("audit.archive.manage", scope="audit.archive_now")
def archive_now(uow: UnitOfWork) -> ArchiveReport:
    """Move every live record past its policy's live period to one new archive file."""
    tid = context.require_tenant()
    s = uow.session
    policies = _policies(uow)
    now = clock.now()
    shortest = min(p.live_days for p in policies)
    candidates = s.execute(select(AuditRecord).where(AuditRecord.tenant_id == tid,
                                                     AuditRecord.occurred_at <= now - timedelta(days=shortest))
                           .order_by(AuditRecord.seq).limit(MAX_ARCHIVE)).scalars()
    chosen = [r for r in candidates if retention.archivable(r.object_type, r.occurred_at, now, policies)]
    if not chosen:
        return ArchiveReport(archived=0, archive=None)
    folder = archive_dir(tid)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"audit-{chosen[0].seq:012d}-{chosen[-1].seq:012d}-{now.strftime('%Y%m%dT%H%M%S%f')}.jsonl.gz"
    path = folder / name
    tmp = path.with_suffix(".part")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        for r in chosen:
            fh.write(json.dumps(chain._plain(repository.content_of(r)), ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(tmp, path)
    try:
        archive = AuditArchive(file_name=name, sha256=file_sha256(path), records=len(chosen),
                               first_seq=chosen[0].seq, last_seq=chosen[-1].seq,
                               oldest_at=min(r.occurred_at for r in chosen), newest_at=max(r.occurred_at for r in chosen),
                               created_by=context.current().recorded_actor[:120], created_at=now)
        s.add(archive)
        ids = [r.id for r in chosen]
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            s.execute(delete(AuditRecord).where(AuditRecord.id.in_(part)).execution_options(synchronize_session=False))
            if s.get_bind().dialect.name != "postgresql":
                s.execute(text("DELETE FROM audit_record_fts WHERE record_id IN (SELECT value FROM json_each(:ids))"),
                          {"ids": json.dumps([x.hex for x in part])})
        s.flush()
        uow.emit(RecordsArchived(archive_id=archive.id, file_name=name, records=len(chosen),
                                 first_seq=chosen[0].seq, last_seq=chosen[-1].seq))
        return ArchiveReport(archived=len(chosen), archive=_archive_view(archive))
    except BaseException:
        path.unlink(missing_ok=True)  # the rows stay live; no file without a manifest row
        raise


def _runs(records: list[dict[str, Any]]) -> list[list[Any]]:
    """The file's records as runs of consecutive sequence numbers: [first seq, last seq, the first's
    `prev_hash`, the last's `hash`] (other records, live or in other files, may sit between runs)."""
    runs: list[list[Any]] = []
    for r in sorted(records, key=lambda r: int(r["seq"])):
        if runs and int(r["seq"]) == runs[-1][1] + 1:
            runs[-1][1], runs[-1][3] = int(r["seq"]), r["hash"]
        else:
            runs.append([int(r["seq"]), int(r["seq"]), r["prev_hash"], r["hash"]])
    return runs


@command("audit.archive.manage", scope="audit.purge_expired")
def _purge(uow: UnitOfWork) -> tuple[PurgeReport, list[str]]:
    tid = context.require_tenant()
    s = uow.session
    policies, now, folder = _policies(uow), clock.now(), archive_dir(tid)
    purged: list[ArchiveView] = []
    files: list[str] = []
    records = 0
    for a in s.execute(select(AuditArchive).where(AuditArchive.purged_at.is_(None))
                       .order_by(AuditArchive.first_seq)).scalars():
        path = folder / a.file_name
        if not path.exists() or file_sha256(path) != a.sha256:
            continue  # `verify` reports it; a file that is not what was written is not purged on its word
        content = list(read_archive(path))
        if not content or any(
                retention.kept_until(str(r["object_type"]), datetime.fromisoformat(str(r["occurred_at"])), policies)
                > now for r in content):
            continue
        a.purged_at, a.purged_runs = now, _runs(content)
        s.flush()
        uow.emit(ArchivePurged(archive_id=a.id, file_name=a.file_name, records=a.records, first_seq=a.first_seq,
                               last_seq=a.last_seq))
        purged.append(_archive_view(a))
        files.append(a.file_name)
        records += a.records
    return PurgeReport(purged=records, archives=purged), files


def purge_expired() -> PurgeReport:
    """Delete the archive files whose every record is past its policy's `retain_years` (by the policies in
    force now). The manifest row stays, marked purged, with the ends of each run of records, so `verify`
    links the chain over the gap; the files are deleted after that is committed (a failed delete leaves a
    file nothing reads)."""
    report, files = _purge()
    folder = archive_dir(context.require_tenant())
    for name in files:
        (folder / name).unlink(missing_ok=True)
    return report


def archive_old_records() -> dict[str, Any]:
    """The nightly job (acting as the system for one tenant): archive, then purge what is past retention."""
    report = archive_now()
    return {"archived": report.archived, "purged": purge_expired().purged}
