"""The hash chain: each record of a tenant carries the hash of the record before it.

A record's hash is SHA-256 over the canonical JSON of its content (sorted keys, no spaces, UTF-8,
instants as UTC ISO text with microseconds) including `prev_hash`. Changing any stored field of a
record changes its hash; deleting a record leaves a gap in the sequence and breaks the next
record's link. `verify` walks a tenant's records in sequence order and names each broken record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

GENESIS = "0" * 64  # the `prev_hash` of a tenant's first record
PLATFORM_CHAIN = UUID(int=0)  # the chain of events that belong to no tenant (platform, failed sign-ins)

# the fields a record's hash covers (everything but the hash itself)
HASHED_FIELDS = ("id", "tenant_id", "company_id", "seq", "prev_hash", "event_id", "event_name", "event_version",
                 "occurred_at", "recorded_at", "actor", "request_id", "client_address", "object_type",
                 "object_id", "object_label", "action", "changes", "before_known", "data")


def instant(value: datetime) -> str:
    """An instant as canonical text: UTC, microseconds."""
    if value.tzinfo is None:
        raise ValueError("naive datetime in an audit record")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return instant(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # UUID, Decimal, date


def canonical_json(content: Mapping[str, Any]) -> str:
    """The text a record's hash is taken of."""
    return json.dumps(_plain(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def normalised(value: Any) -> Any:
    """`value` as it comes back from a JSON column (so a hash taken before storing equals the one
    taken after reading it back)."""
    return json.loads(json.dumps(_plain(value), ensure_ascii=False))


def record_hash(content: Mapping[str, Any]) -> str:
    missing = [f for f in HASHED_FIELDS if f not in content]
    if missing:
        raise ValueError(f"audit record content lacks {missing}")
    body = {f: content[f] for f in HASHED_FIELDS}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def link(head_seq: int, head_hash: str, contents: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """`contents` (records without `seq`, `prev_hash` and `hash`) numbered and hashed after the chain head,
    in order: the first names the head's hash, each next one the hash of the record before it. Appending
    records one at a time or a run at once gives the same chain."""
    linked: list[dict[str, Any]] = []
    seq, prev = head_seq, head_hash
    for content in contents:
        seq += 1
        record = {**content, "seq": seq, "prev_hash": prev}
        record["hash"] = prev = record_hash(record)
        linked.append(record)
    return linked


@dataclass(frozen=True)
class Finding:
    """One break in the chain: the record (by sequence number and id, when it exists) and what is wrong."""

    seq: int
    record_id: str | None
    problem: str  # altered | missing | relinked | missing_tail | archive_altered | duplicate
    detail: str
    where: str = "live"  # live | archive file name

    def text(self) -> str:
        rid = f" ({self.record_id})" if self.record_id else ""
        return f"record {self.seq}{rid} in {self.where}: {self.problem}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    last_seq: int
    last_hash: str
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class Purged:
    """A range of records deleted at the end of their retention, known by its ends' hashes."""

    first_seq: int
    last_seq: int
    first_prev_hash: str
    last_hash: str
    where: str = "purged"


def verify(records: Iterable[Mapping[str, Any]], *, head_seq: int | None = None,
           head_hash: str | None = None, purged: Iterable[Purged] = ()) -> ChainReport:
    """Walk records (content with `hash`, and optionally `where`) in sequence order.

    - a record whose content does not give its stored hash: `altered` (that record);
    - a sequence number with no record: `missing` (deleted);
    - a record whose `prev_hash` is not the previous record's hash although both hash correctly:
      `relinked` (the previous record was rewritten with a recomputed hash, or the chain re-linked);
    - the chain head (`head_seq`/`head_hash`, kept apart from the records) beyond the last record:
      `missing_tail` (the newest records were deleted).
    A purged range (records deleted at the end of their retention) stands for its records: the record
    before it must give its `first_prev_hash`, and the record after it names its `last_hash`."""
    findings: list[Finding] = []
    expected_seq = 1
    prev_hash = GENESIS
    prev_ok = True
    prev_id: str | None = None
    prev_where = "live"
    checked = 0
    seen: set[int] = set()
    items: list[Mapping[str, Any] | Purged] = [*records, *purged]
    for rec in sorted(items, key=lambda r: r.first_seq if isinstance(r, Purged) else int(r["seq"])):
        if isinstance(rec, Purged):
            if rec.first_seq < expected_seq:
                continue  # overlaps records already walked: nothing to link
            while expected_seq < rec.first_seq:
                findings.append(Finding(expected_seq, None, "missing", "no record with this sequence number (deleted)"))
                expected_seq += 1
                prev_ok = False
            if rec.first_prev_hash != prev_hash and prev_ok:
                findings.append(Finding(rec.first_seq - 1, prev_id, "relinked",
                                        f"the purged records {rec.first_seq}-{rec.last_seq} name a different "
                                        f"previous hash: record {rec.first_seq - 1} was rewritten", prev_where))
            prev_hash, prev_id, prev_where, prev_ok = rec.last_hash, None, rec.where, True
            expected_seq = rec.last_seq + 1
            continue
        seq = int(rec["seq"])
        where = str(rec.get("where", "live"))
        rid = str(rec["id"])
        if seq in seen:
            findings.append(Finding(seq, rid, "duplicate", "a second record with this sequence number", where))
            continue
        seen.add(seq)
        checked += 1
        while expected_seq < seq:
            findings.append(Finding(expected_seq, None, "missing", "no record with this sequence number (deleted)"))
            expected_seq += 1
            prev_ok = False
        computed = record_hash(rec)
        own_ok = computed == rec["hash"]
        if not own_ok:
            findings.append(Finding(seq, rid, "altered",
                                    f"its content does not give its stored hash ({rec['hash'][:12]}…)", where))
        elif rec["prev_hash"] != prev_hash and prev_ok:
            # this record is intact, the previous one hashes correctly too: the previous was rewritten
            # (and rehashed) or this one re-linked. The previous record is the one that changed.
            findings.append(Finding(seq - 1, prev_id, "relinked",
                                    f"record {seq} names a different previous hash: record {seq - 1} was "
                                    "rewritten with a recomputed hash", prev_where))
        prev_hash, prev_id, prev_where = rec["hash"], rid, where
        prev_ok = own_ok  # a record found altered is reported once, not again as its successor's broken link
        expected_seq = seq + 1
    last_seq = expected_seq - 1
    if head_seq is not None and head_seq > last_seq:
        findings.append(Finding(last_seq + 1, None, "missing_tail",
                                f"records {last_seq + 1} to {head_seq} are missing (the chain head says {head_seq})"))
    elif head_hash is not None and head_seq == last_seq and last_seq > 0 and head_hash != prev_hash:
        findings.append(Finding(last_seq, prev_id, "relinked", "the chain head names a different last hash",
                                prev_where))
    return ChainReport(checked=checked, last_seq=last_seq, last_hash=prev_hash, findings=tuple(findings))
