"""Events the audit module publishes. Archiving is itself audited: the record of an archive run
is the first record after the archived ones."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.events import Event


class RecordsArchived(Event):
    name = "audit.archive.created"
    archive_id: UUID
    file_name: str
    records: int
    first_seq: int
    last_seq: int


class ArchivePurged(Event):
    """An archive file deleted because every record in it is past its policy's `retain_years`."""

    name = "audit.archive.purged"
    archive_id: UUID
    file_name: str
    records: int
    first_seq: int
    last_seq: int


class RetentionPolicySet(Event):
    name = "audit.retention_policy.set"
    pattern: str
    from_live_days: int | None = None
    to_live_days: int
    from_retain_years: int | None = None
    to_retain_years: int
