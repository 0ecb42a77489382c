"""CSV import of parties and items (module-local; a generic import service comes later).

The file is read strictly and within bounds (`platform.csv_input`: size, rows, UTF-8, quotes).
Every row is then validated by the same domain rules as the UI and checked for duplicates in a
read-only transaction: against the tenant's parties (identifier owners and parties sharing a
name word, a few queries per 500 rows) and against the file's earlier valid rows (a blocked
`domain.matching.MatchIndex`, near-linear instead of all pairs). The dry run stops there, so its
report (row number, line, field, message in English and Bangla) is what the real run would say,
and it never takes a write lock. The real run writes nothing unless every row is valid, and then
writes all rows in one short transaction (identifiers and codes checked once more inside it).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ValidationError, field_validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vextrus.platform import background, context, csv_input
from vextrus.platform.db import reads_only
from vextrus.platform.errors import DomainError, NotFound, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.uow import unit_of_work

from . import service, settings
from .domain import matching
from .domain.party import REASON_BN, MatchReason
from .repository import reserve_codes
from .schemas import AddressIn, ConversionIn, ItemInput, PartyInput
from .service import items as item_service
from .tables import ItemRow, PartyIdentifierRow, PartyRow, SearchTermRow

PARTY_COLUMNS = ("code", "legal_name", "legal_name_bn", "party_type", "roles", "vendor_categories", "tin", "bin",
                 "nid", "mobile", "email", "trade_licence", "trade_licence_authority", "payment_terms_days",
                 "credit_limit", "address_line1", "division", "district", "upazila", "postcode")
ITEM_COLUMNS = ("code", "name", "name_bn", "kind", "base_unit", "hs_code", "vat_category", "withholding_category",
                "standard_cost", "conversions")


class RowError(BaseModel):
    row: int  # 1 = first data row (line 2 of the file when no row is blank)
    line: int | None = None  # the line of the file where the row starts
    code: str
    field: str | None = None
    message: str
    message_bn: str


class RowWarning(BaseModel):
    """A row that looks like another party (an existing one or an earlier row of the file): it is not
    refused, the user decides. At most `WARNINGS_PER_ROW` per row, the closest first."""

    row: int
    line: int | None = None
    code: str = "master_data.similar_party"
    field: str | None = None  # legal_name for a similar name; bin / trade_licence for those matches
    message: str
    message_bn: str
    reasons: list[str]  # MatchReason values: similar_name, bin_registration, trade_licence
    score: float  # the name similarity, 0..1
    similar_code: str | None = None  # the existing party's code (or the earlier row's own code, if it had one)
    similar_row: int | None = None  # the earlier row of the same file, when the match is one


class ImportReport(BaseModel):
    kind: str
    dry_run: bool
    rows: int
    valid: int
    errors: list[RowError]
    created: list[str]  # codes (written only when not a dry run and no errors)
    warnings: list[RowWarning] = []

    @field_validator("warnings", mode="before")
    @classmethod
    def _old_warnings(cls, value: Any) -> Any:
        """A background run's report stored before warnings had a shape held "row 3: similar to …"
        strings: read as warnings of that row with the old English text."""
        if not isinstance(value, list):
            return value
        out = []
        for w in value:
            if isinstance(w, str):
                head = w.split(":", 1)[0].removeprefix("row ").strip()
                w = {"row": int(head) if head.isdigit() else 0, "message": w, "message_bn": w, "reasons": [],
                     "score": 0.0}
            out.append(w)
        return out

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]


def _decimal(value: str, field: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise ValidationFailed("invalid_number", f"'{value}' is not a number", f"'{value}' সংখ্যা নয়",
                               field=field) from None


def party_from_row(r: dict[str, str]) -> PartyInput:
    address = []
    if r.get("address_line1"):
        address = [AddressIn(line1=r["address_line1"], division=r.get("division") or None,
                             district=r.get("district") or None, upazila=r.get("upazila") or None,
                             postcode=r.get("postcode") or None)]
    return PartyInput(
        code=r.get("code") or None, legal_name=r.get("legal_name", ""), legal_name_bn=r.get("legal_name_bn") or None,
        party_type=r.get("party_type") or "company", roles=_split(r.get("roles", "")) or ["customer"],
        vendor_categories=_split(r.get("vendor_categories", "")), tin=r.get("tin") or None,
        bin=r.get("bin") or None, nid=r.get("nid") or None, mobile=r.get("mobile") or None,
        email=r.get("email") or None, trade_licence=r.get("trade_licence") or None,
        trade_licence_authority=r.get("trade_licence_authority") or None,
        payment_terms_days=int(r.get("payment_terms_days") or 30),
        credit_limit=_decimal(r.get("credit_limit", ""), "credit_limit"), addresses=address)


def item_from_row(r: dict[str, str]) -> ItemInput:
    conversions = []
    for part in _split(r.get("conversions", "")):  # "bag:kg:50"
        bits = part.split(":")
        if len(bits) != 3:
            shown = part  # as typed
            raise ValidationFailed("invalid_conversion", f"'{part}' should look like bag:kg:50",
                                   f"'{shown}' এভাবে লিখুন bag:kg:50", field="conversions")
        conversions.append(ConversionIn(from_unit=bits[0], to_unit=bits[1], factor=_decimal(bits[2], "conversions")))
    return ItemInput(code=r.get("code", ""), name=r.get("name", ""), name_bn=r.get("name_bn", ""),
                     kind=r.get("kind") or "material", base_unit=r.get("base_unit", ""), hs_code=r.get("hs_code") or None,
                     vat_category=r.get("vat_category") or None,
                     withholding_category=r.get("withholding_category") or None,
                     standard_cost=_decimal(r.get("standard_cost", ""), "standard_cost"), conversions=conversions)


def _error(i: int, exc: Exception, line: int | None = None) -> RowError:
    if isinstance(exc, DomainError):
        return RowError(row=i, line=line, code=exc.code, field=exc.field, message=exc.message,
                        message_bn=exc.message_bn)
    if isinstance(exc, ValidationError):
        e = exc.errors()[0]
        return RowError(row=i, line=line, code="invalid_input", field=".".join(str(x) for x in e["loc"]),
                        message=e["msg"], message_bn="ইনপুট সঠিক নয়: " + e["msg"])
    return RowError(row=i, line=line, code="invalid_input", message=str(exc), message_bn=str(exc))


ProgressFn = Callable[[str, int, int], None]  # (phase, done, total): "check" then "write"
CHUNK = 500  # rows whose existing-party candidates are read together
TERM_CAP = 500  # parties read per name word (as `repository.candidates` reads at most 500)


def max_rows() -> int:
    return csv_input.limits()[1]


INLINE_MAX_ROWS = 1000  # a file with more lines runs as a background job unless the caller asks otherwise
VIEW_ALL = {"parties": "master_data.party.approve", "items": "master_data.item.price"}  # see others' runs


def _permission(kind: str) -> str:
    if kind not in ("parties", "items"):
        raise ValidationFailed("master_data.import_kind", "Import parties or items", "পার্টি বা পণ্য ইমপোর্ট করুন",
                               field="kind")
    return f"master_data.{'party' if kind == 'parties' else 'item'}.import"


def runs_inline(content: bytes, background: bool | None = None) -> bool:
    """Whether an upload is answered in the request (`background=False`, or a file of at most
    `INLINE_MAX_ROWS` lines when the caller does not say) or submitted as a background run."""
    if background is not None:
        return not background
    return content.count(b"\n") <= INLINE_MAX_ROWS


def submit_import(kind: str, content: bytes, dry_run: bool = True,
                  idempotency_key: str | None = None) -> background.RunView:
    """Queue the import as a background run acting as the current user (docs/modules.md,
    "Background work with progress"); `GET /api/v1/jobs/{id}` shows its progress and then the same
    report `run_import` returns. The permission is checked now and again when the run starts."""
    context.current().require(_permission(kind))
    return background.submit(f"master_data.import.{kind}", f"{__name__}:run_job",
                             {"kind": kind, "content": bytes(content), "dry_run": dry_run},
                             view_permission=VIEW_ALL[kind], idempotency_key=idempotency_key)


def import_run(run_id: UUID) -> tuple[background.RunView, ImportReport | None]:
    """A background import of the current user (or one they may supervise) and, once done, its report."""
    run = background.get_run(run_id)
    if not run.kind.startswith("master_data.import."):
        raise NotFound("Import", run_id)
    return run, ImportReport.model_validate(run.result) if run.status == "done" and run.result else None


def run_job(payload: dict[str, Any], progress: ProgressFn) -> ImportReport:
    """The background run of `submit_import` (as the submitter, in the job consumer)."""
    return run_import(payload["kind"], payload["content"], dry_run=payload["dry_run"], progress=progress)


def run_import(kind: str, content: bytes | str, dry_run: bool = True,
               progress: ProgressFn | None = None) -> ImportReport:
    """Import `parties` or `items` from CSV (UTF-8, BOM allowed, header row).

    Two phases (docs/master_data.md, "CSV import"): every row is parsed, validated and checked
    for duplicates in a read-only transaction (on SQLite a deferred one: no write lock, so a dry
    run never blocks other writers); then, only when it is not a dry run and every row is valid,
    all rows are written in one short transaction (all or nothing)."""
    context.current().require(_permission(kind))
    table = csv_input.read_table(content)  # size, rows, encoding and quotes: refused as a whole
    expected = PARTY_COLUMNS if kind == "parties" else ITEM_COLUMNS
    unknown = [c for c in table.header if c and c not in expected]
    if not table.header or unknown:
        shown, column_codes = ", ".join(unknown), ", ".join(expected)  # the file's columns; the column codes to use
        raise ValidationFailed("master_data.import_columns",
                               f"Unknown columns {unknown}; expected some of: {', '.join(expected)}",
                               f"অজানা কলাম {shown}; প্রত্যাশিত: {column_codes}", field="file",
                               details={"unknown": unknown, "expected": list(expected)})
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    for i, r in enumerate(table.rows, start=1):
        if len(r.cells) > len(table.header):
            errors.append(RowError(row=i, line=r.line, code="import_extra_cells", field=None,
                                   message=f"{len(r.cells)} cells but {len(table.header)} columns (a stray comma?)",
                                   message_bn=to_bangla_digits(f"{len(r.cells)}টি ঘর কিন্তু {len(table.header)}টি কলাম "
                                                               "(বাড়তি কমা?)")))
            continue
        rows.append((i, {h: c.strip() for h, c in zip(table.header, r.cells, strict=False) if h}))
    lines = {i: r.line for i, r in enumerate(table.rows, start=1)}
    report = ImportReport(kind=kind, dry_run=dry_run, rows=len(table.rows), valid=0, errors=errors, created=[])
    if kind == "parties":
        _import_parties(rows, lines, report, progress)
    else:
        _import_items(rows, lines, report, progress)
    report.errors.sort(key=lambda e: e.row)
    report.valid = report.rows - len({e.row for e in report.errors})
    return report


@contextmanager
def _read_only() -> Iterator[Any]:
    """A unit of work that only reads: SQLite begins it deferred (no write lock)."""
    token = reads_only.set(True)
    try:
        with unit_of_work() as uow:
            yield uow
    finally:
        reads_only.reset(token)


def _tick(progress: ProgressFn | None, phase: str, done: int, total: int) -> None:
    if progress is not None and (done % 100 == 0 or done == total):
        progress(phase, done, total)


# ---- parties --------------------------------------------------------------------------------


class _Existing:
    """The tenant's parties a chunk of rows could duplicate, read in a few queries per chunk:
    identifier owners, up to `TERM_CAP` parties per name word (cached per word), and their
    fingerprints (cached per party, kept in a blocked `MatchIndex`)."""

    def __init__(self, session: Session, threshold: float):
        self.session = session
        self.index = matching.MatchIndex(threshold)
        self.tid = context.require_tenant()
        self.owners: dict[tuple[str, str], set[UUID]] = {}
        self.by_word: dict[str, list[UUID]] = {}
        self.fps: dict[UUID, matching.Fingerprint] = {}
        self.codes: set[str] = set()

    @staticmethod
    def words(fp: matching.Fingerprint) -> set[str]:
        return {w for n in fp.names for w in n.norm.split() if len(w) >= 3}

    def load(self, fps: list[matching.Fingerprint], codes: list[str]) -> None:
        s = self.session
        keys = {k for fp in fps for k in fp.identifier_keys()} - set(self.owners)
        found = service.identifier_owners(s, keys)
        self.owners.update({k: found.get(k, set()) for k in keys})
        words = sorted({w for fp in fps for w in self.words(fp)} - set(self.by_word))
        t = SearchTermRow
        for start in range(0, len(words), 2000):
            part = words[start:start + 2000]
            ranked = select(t.term, t.entity_id, func.row_number().over(partition_by=t.term).label("n")).where(
                t.tenant_id == self.tid, t.kind == "party", t.term.in_(part)).subquery()
            got: dict[str, list[UUID]] = {w: [] for w in part}
            for term, eid in s.execute(select(ranked.c.term, ranked.c.entity_id).where(ranked.c.n <= TERM_CAP)):
                got[term].append(eid)
            self.by_word.update(got)
        need = ({i for fp in fps for k in fp.identifier_keys() for i in self.owners[k]}
                | {i for fp in fps for w in self.words(fp) for i in self.by_word[w]}) - set(self.fps)
        self._fingerprints(sorted(need))
        fresh = [c for c in codes if c]
        for start in range(0, len(fresh), 5000):
            self.codes |= set(s.execute(select(PartyRow.code).where(PartyRow.code.in_(fresh[start:start + 5000])))
                              .scalars())

    def _fingerprints(self, ids: list[UUID]) -> None:
        s, p, i = self.session, PartyRow, PartyIdentifierRow
        for start in range(0, len(ids), 5000):
            part = ids[start:start + 5000]
            mobiles: dict[UUID, set[str]] = {}
            licences: dict[UUID, str] = {}
            for pid, kind, value in s.execute(select(i.party_id, i.kind, i.value).where(
                    i.party_id.in_(part), i.kind.in_(("mobile", "trade_licence")))):
                if kind == "mobile":
                    mobiles.setdefault(pid, set()).add(value)
                else:
                    licences[pid] = value
            for r in s.execute(select(p.id, p.code, p.legal_name, p.legal_name_bn, p.tin, p.bin, p.nid).where(
                    p.id.in_(part), p.merged_into.is_(None))):
                names = tuple(n for n in (matching.prepare_name(r.legal_name), matching.prepare_name(r.legal_name_bn))
                              if n)
                fp = self.fps[r.id] = matching.Fingerprint(
                    r.id, f"{r.code} {r.legal_name}", names, r.tin, r.bin, r.nid, frozenset(mobiles.get(r.id, ())),
                    licences.get(r.id), r.legal_name, {"code": r.code, "legal_name_bn": r.legal_name_bn})
                self.index.add(fp)

    def matches(self, fp: matching.Fingerprint) -> list[matching.Match]:
        """The loaded parties similar to `fp`: compared through a blocked index like the file's rows
        (identifier owners always; by name at most `CANDIDATE_CAP` per name)."""
        return self.index.matches(fp)


def _duplicate_error(i: int, line: int | None, m: matching.Match) -> RowError:
    hard = m.hard
    what = ", ".join(r.value.upper() if r != MatchReason.MOBILE else "mobile number" for r in hard)
    what_bn = ", ".join(REASON_BN[r.value] for r in hard)
    label_bn = m.other.label
    extra = m.other.extra or {}
    if isinstance(m.other.ref, UUID):
        label_bn = f"{extra.get('code')} {extra.get('legal_name_bn') or m.other.legal_name}"
    elif isinstance(m.other.ref, int):  # an earlier row of the file
        own_code = f" ({extra['code']})" if extra.get("code") else ""  # the earlier row's code, as typed
        name = extra.get("legal_name_bn") or m.other.legal_name  # as typed
        label_bn = f"এই ফাইলের সারি {to_bangla_digits(str(m.other.ref))}{own_code} {name}"
    return RowError(row=i, line=line, code="master_data.duplicate_party", field=hard[0].value,
                    message=f"The same {what} already belongs to {m.other.label}",
                    message_bn=f"একই {what_bn} ইতিমধ্যে {label_bn} এর আছে")


WARNINGS_PER_ROW = 3  # similar parties reported per row (the closest): linear cost, a readable report
_REASON_WORDS = {
    MatchReason.SIMILAR_NAME: ("similar name", "নামের মিল"),
    MatchReason.BIN_REGISTRATION: ("same BIN registration, another branch", "একই বিআইএন নিবন্ধন, অন্য শাখা"),
    MatchReason.TRADE_LICENCE: ("same trade licence", "একই ট্রেড লাইসেন্স"),
    MatchReason.TIN: ("same e-TIN", "একই ই-টিআইএন"), MatchReason.BIN: ("same BIN", "একই বিআইএন"),
    MatchReason.NID: ("same NID", "একই জাতীয় পরিচয়পত্র"), MatchReason.MOBILE: ("same mobile number", "একই মোবাইল নম্বর"),
}


def _similar_warning(i: int, line: int | None, m: matching.Match) -> RowWarning:
    """A row similar to `m.other` in words: the other party's code and (in Bangla) its Bangla name
    where it has one, and why (the name's similarity as a percentage)."""
    other, extra = m.other, m.other.extra or {}
    code = extra.get("code") or None
    name_bn = extra.get("legal_name_bn") or other.legal_name
    pct = f"{round(m.score * 100)}%"
    words = [_REASON_WORDS[r] for r in m.reasons]
    why = "; ".join(en + (f" {pct}" if r == MatchReason.SIMILAR_NAME else "") for r, (en, _) in zip(m.reasons, words, strict=True))
    why_bn = "; ".join(bn + (f" {to_bangla_digits(pct)}" if r == MatchReason.SIMILAR_NAME else "")
                       for r, (_, bn) in zip(m.reasons, words, strict=True))
    if isinstance(other.ref, int):  # an earlier row of the same file
        own = own_code = f" ({code})" if code else ""  # the earlier row's code, as typed
        en, bn = f"row {other.ref}{own} {other.legal_name} of this file", \
            f"এই ফাইলের সারি {to_bangla_digits(str(other.ref))}{own_code} {name_bn}"
        row = other.ref
    else:
        en, bn, row = f"existing party {code} {other.legal_name}", f"বিদ্যমান পার্টি {code} {name_bn}", None
    field = "legal_name" if MatchReason.SIMILAR_NAME in m.reasons else m.reasons[0].value.replace("_registration", "")
    return RowWarning(row=i, line=line, field=field, reasons=[r.value for r in m.reasons], score=m.score,
                      similar_code=str(code) if code else None, similar_row=row,
                      message=f"Looks like {en} ({why}); saved unless you remove the row",
                      message_bn=f"{bn} এর মতো দেখাচ্ছে ({why_bn}); সারিটি বাদ না দিলে সংরক্ষিত হবে")


@dataclass(frozen=True)
class _Checked:
    """What phase 1 concluded about a file (kept for the commit that follows a dry run)."""

    stamp: tuple[Any, ...]  # `_stamp` of the tenant's parties when it was checked
    errors: tuple[RowError, ...]
    warnings: tuple[RowWarning, ...]
    valid: tuple[tuple[int, str | None], ...]  # (row number, code) of each valid row, in order


_CHECKED: OrderedDict[str, _Checked] = OrderedDict()  # by `_file_key`: the last few files checked in this process
CHECKED_KEPT = 4
WRITE_CHUNK = 5000  # parties mapped and inserted together in the write transaction


def _file_key(rows: list[tuple[int, dict[str, str]]], threshold: float) -> str:
    h = hashlib.sha256(f"{context.require_tenant()}|{threshold}".encode())
    for i, r in rows:
        h.update(repr((i, sorted(r.items()))).encode())
    return h.hexdigest()


def _stamp(session: Session) -> tuple[Any, ...]:
    """Moves whenever a party of the tenant is added, changed (its version), merged or deleted."""
    p = PartyRow
    return tuple(session.execute(select(func.count(), func.coalesce(func.sum(p.version), 0), func.max(p.updated_at))
                                 .where(p.tenant_id == context.require_tenant())).one())


def _check_parties(rows: list[tuple[int, dict[str, str]]], lines: dict[int, int], report: ImportReport,
                   progress: ProgressFn | None, key: str, stamp: tuple[Any, ...] | None) -> None:
    """Phase 1: every row parsed, validated and compared (the tenant's parties, the file's earlier
    rows) in a read-only transaction; its conclusion is kept under `key` for a commit that follows."""
    errors, warnings = report.errors, report.warnings
    valid: list[tuple[int, str | None]] = []
    with _read_only() as uow:  # phase 1: read only
        stamp = _stamp(uow.session) if stamp is None else stamp
        threshold = settings.name_threshold()
        index = matching.MatchIndex(threshold)
        existing = _Existing(uow.session, threshold)
        file_codes: dict[str, int] = {}
        done = 0
        for start in range(0, len(rows), CHUNK):  # parse, read candidates and match 500 rows at a time
            chunk: list[tuple[int, str | None, matching.Fingerprint]] = []
            for i, r in rows[start:start + CHUNK]:
                try:
                    data = party_from_row(r)
                    p = service.to_domain(data)
                except (DomainError, ValidationError, ValueError) as exc:
                    errors.append(_error(i, exc, lines.get(i)))
                    continue
                code = (data.code or "").strip().upper() or None
                fp = matching.fingerprint(p, i, f"row {i}" + (f" ({code})" if code else "") + f" {p.legal_name}")
                chunk.append((i, code, replace(fp, extra={"code": code, "legal_name_bn": p.legal_name_bn})))
            existing.load([fp for *_, fp in chunk], [c for _, c, _ in chunk if c])
            for i, code, fp in chunk:
                done += 1
                _tick(progress, "check", done, len(rows))
                found = matching.rank(existing.matches(fp) + index.matches(fp))
                hard = next((m for m in found if m.hard), None)
                if hard is not None:
                    errors.append(_duplicate_error(i, lines.get(i), hard))
                    continue
                # the closest few only (ranked): a row like 40 others says so 3 times, not 40
                warnings += [_similar_warning(i, lines.get(i), m) for m in found[:WARNINGS_PER_ROW]]
                if code and (code in existing.codes or code in file_codes):
                    errors.append(RowError(row=i, line=lines.get(i), code="master_data.duplicate_code", field="code",
                                           message=f"Party code {code} is already used",
                                           message_bn=f"পার্টি কোড {code} ইতিমধ্যে ব্যবহৃত"))
                    continue
                index.add(fp)
                if code:
                    file_codes[code] = i
                valid.append((i, code))
    _CHECKED[key] = _Checked(stamp, tuple(errors), tuple(warnings), tuple(valid))
    _CHECKED.move_to_end(key)
    while len(_CHECKED) > CHECKED_KEPT:
        _CHECKED.popitem(last=False)


def _import_parties(rows: list[tuple[int, dict[str, str]]], lines: dict[int, int], report: ImportReport,
                    progress: ProgressFn | None) -> None:
    """Phase 1 (`_check_parties`), unless this process checked the very same rows moments before and
    the tenant's parties have not changed since (a commit right after its dry run: the conclusion is
    the same, so it is reused); then, when not a dry run and every row is valid, phase 2
    (`_write_parties`)."""
    key = _file_key(rows, settings.name_threshold())
    kept = _CHECKED.get(key)
    stamp = None
    if kept is not None and not report.dry_run:
        with _read_only() as uow:
            stamp = _stamp(uow.session)
    if kept is not None and kept.stamp == stamp:
        report.errors += kept.errors
        report.warnings += kept.warnings
        _tick(progress, "check", len(rows), len(rows))
    else:
        _check_parties(rows, lines, report, progress, key, stamp)
        kept = _CHECKED[key]
    if report.dry_run or report.errors:
        return
    context.current().require(service.CREATE)
    try:
        _write_parties(rows, kept.valid, lines, report, progress)
    except _Rollback:
        return
    _CHECKED.pop(key, None)  # written: the parties changed, so the conclusion is of no further use


def _write_parties(rows: list[tuple[int, dict[str, str]]], valid: tuple[tuple[int, str | None], ...],
                   lines: dict[int, int], report: ImportReport, progress: ProgressFn | None) -> None:
    """Phase 2: one write transaction, all or nothing. The valid rows are mapped again (the domain
    objects of phase 1 are not kept) and written `WRITE_CHUNK` at a time; what another user saved
    since phase 1 (identifiers, codes) is checked again inside it, and any such row undoes all."""
    errors = report.errors
    by_number = dict(rows)
    created: list[str] = []
    with unit_of_work() as uow:
        codes = [c for _, c in valid if c]
        taken: set[str] = set()
        for start in range(0, len(codes), 5000):
            taken |= set(uow.session.execute(select(PartyRow.code).where(PartyRow.code.in_(codes[start:start + 5000])))
                         .scalars())
        errors += [RowError(row=i, line=lines.get(i), code="master_data.duplicate_code", field="code",
                            message=f"Party code {code} is already used", message_bn=f"পার্টি কোড {code} ইতিমধ্যে ব্যবহৃত")
                   for i, code in valid if code in taken]
        auto = iter(reserve_codes(uow.session, sum(1 for _, c in valid if not c), set(codes)))
        _tick(progress, "write", 0, len(valid))
        for start in range(0, len(valid), WRITE_CHUNK):
            chunk = [(i, code or next(auto), service.to_domain(party_from_row(by_number[i])))
                     for i, code in valid[start:start + WRITE_CHUNK]]
            keys = {k: i for i, _, p in chunk for k in service.identifier_pairs(p)
                    if k[0] in ("tin", "bin", "nid", "mobile")}
            for key, owners in service.identifier_owners(uow.session, set(keys)).items():
                if owners:
                    errors.append(RowError(row=keys[key], line=lines.get(keys[key]),
                                           code="master_data.duplicate_party", field=key[0],
                                           message=f"The same {key[0].upper()} was saved meanwhile",
                                           message_bn=f"একই {REASON_BN.get(key[0], 'পরিচয় নম্বর')} এর মধ্যে সংরক্ষিত হয়েছে"))
            if errors:
                continue  # nothing more is written; the rest is still checked, to report every such row
            created += service.insert_parties(uow, service.prepare_parties([(p, code) for _, code, p in chunk]))
            _tick(progress, "write", len(created), len(valid))
        if errors:
            raise _Rollback
    report.created = created


# ---- items ----------------------------------------------------------------------------------


def _import_items(rows: list[tuple[int, dict[str, str]]], lines: dict[int, int], report: ImportReport,
                  progress: ProgressFn | None) -> None:
    errors = report.errors
    valid: list[tuple[int, ItemInput]] = []
    with _read_only() as uow:  # phase 1: read only
        seen: set[str] = set()
        for start in range(0, len(rows), CHUNK):
            chunk = []
            for i, r in rows[start:start + CHUNK]:
                try:
                    data = item_from_row(r)
                    it = item_service.to_domain(data)
                except (DomainError, ValidationError, ValueError) as exc:
                    errors.append(_error(i, exc, lines.get(i)))
                    continue
                chunk.append((i, data, it.code))
            codes = sorted({c for *_, c in chunk})
            used = set(uow.session.execute(select(ItemRow.code).where(ItemRow.code.in_(codes))).scalars()) \
                if codes else set()
            for i, data, code in chunk:
                _tick(progress, "check", i, len(rows))
                if code in used or code in seen:
                    errors.append(RowError(row=i, line=lines.get(i), code="master_data.duplicate_item_code",
                                           field="code", message=f"Item code {code} is already used",
                                           message_bn=f"পণ্য কোড {code} ইতিমধ্যে ব্যবহৃত"))
                    continue
                seen.add(code)
                valid.append((i, data))
    if report.dry_run or errors:
        return
    created: list[str] = []
    try:
        with unit_of_work():  # phase 2: one write transaction, all or nothing
            for n, (i, data) in enumerate(valid, start=1):
                try:
                    created.append(item_service.create_item(data).code)
                except (DomainError, ValidationError, ValueError) as exc:  # saved meanwhile by someone else
                    errors.append(_error(i, exc, lines.get(i)))
                    raise _Rollback from None
                _tick(progress, "write", n, len(valid))
    except _Rollback:
        return
    report.created = created


def template(kind: str) -> str:
    """An empty CSV with the expected header, for download."""
    return ",".join(PARTY_COLUMNS if kind == "parties" else ITEM_COLUMNS) + "\n"


def report_lines(report: ImportReport, lang: str = "en") -> list[str]:
    """The report as text lines (the CLI): errors (refused rows), then warnings (rows saved all the same)."""
    bn = lang == "bn"
    n = to_bangla_digits if bn else str
    warned = len({w.row for w in report.warnings})
    if bn:
        kind_bn = "পার্টি" if report.kind == "parties" else "পণ্য"
        out = [to_bangla_digits(f"{kind_bn}: {report.rows}টি সারি, {report.valid}টি সঠিক, "
                                f"{len(report.errors)}টি ত্রুটি, {warned}টি সারিতে সতর্কতা"
                                f"{' (পরীক্ষামূলক যাচাই, কিছুই লেখা হয়নি)' if report.dry_run else ''}")]
    else:
        out = [f"{report.kind}: {report.rows} rows, {report.valid} valid, {len(report.errors)} with errors, "
               f"{warned} with warnings{' (dry run, nothing written)' if report.dry_run else ''}"]
    for e in report.errors:
        msg = e.message_bn if bn else e.message
        out.append(f"  {'সারি' if bn else 'row'} {n(str(e.row))}{' [' + e.field + ']' if e.field else ''}: {msg}")
    for w in report.warnings:
        msg = w.message_bn if bn else w.message
        out.append(f"  {'সারি' if bn else 'row'} {n(str(w.row))} ({'সতর্কতা' if bn else 'warning'}): {msg}")
    if report.created:
        out.append(f"{'তৈরি হয়েছে' if bn else 'created'} {n(str(len(report.created)))}: "
                   f"{', '.join(report.created[:20])}{' …' if len(report.created) > 20 else ''}")
    return out
