"""Imports: upload → mapping → dry run → commit (all or nothing, or valid rows only) → result file.

The file is read and the rows checked outside any write transaction (the target's check runs in a
read-only unit of work: no write lock on SQLite); the run's own record is written in short commands
between the steps. The upload is kept on the run until it is committed (a dry run and the commit
read the same bytes), then dropped. A file of more than `INLINE_MAX_ROWS` rows is checked and
committed as a background run of the user (`platform.background`: 202 + `/api/v1/jobs/{id}`, a
progress bar on the page); smaller files are answered in the request unless the caller asks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import background, clock, context, runtime
from vextrus.platform.errors import Conflict, DomainError, NotFound, ValidationFailed
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query

from .. import MODULE
from ..domain import (
    ImportTarget,
    RowProblem,
    apply_mapping,
    auto_mapping,
    check_mapping,
    get_target,
    known_targets,
    problem,
    refused_csv,
    refused_rows,
)
from ..domain.errors import ResultFileMissing, RowsRefused
from ..domain.result import error_header, error_texts
from ..reading import read_sheet
from ..repository import PROBLEMS_SHOWN, target_view, view
from ..schemas import CommitInput, ImportRunPage, ImportRunView, MappingInput, TargetView
from ..tables import ImportRunRow, MappingRow

IMPORT = "interchange.import.run"
MANAGE = "interchange.import.manage"  # see (and download the result of) other users' imports
RESULT_OBJECT = "interchange.import_run"
INLINE_MAX_ROWS = 1000
INLINE_MAX_XLSX_BYTES = 64 * 1024  # an XLSX row count is not known before parsing: judge by size


@dataclass(frozen=True)
class Upload:
    """The uploaded bytes; printed as their SHA-256 (so an idempotency key's request hash stays small)."""

    content: bytes

    def __str__(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _running(t: ImportTarget) -> bool:
    try:
        return t.module in runtime.current().registry.names
    except Exception:  # noqa: BLE001 - no runtime: a pure unit test
        return True


def importable(name: str) -> ImportTarget:
    t = get_target(name)
    if not t.importable or not _running(t):
        raise ValidationFailed("interchange.target_not_importable", f"{t.title} cannot be imported here",
                               f"{t.title_bn} এখানে আমদানি করা যায় না", field="target")
    return t


def targets(kind: str = "import") -> list[TargetView]:
    """The targets the current user may import (their own permission on the owner's list) or export."""
    ctx = context.current()
    out = []
    for t in known_targets("import" if kind == "import" else "export"):
        perm = t.permission if kind == "import" else (t.export_permission or t.permission)
        if _running(t) and (not perm or ctx.can(perm)):
            out.append(target_view(t))
    return out


# ---- upload and mapping -------------------------------------------------------------------------


def upload(target: str, file_name: str, content: bytes, lang: str = "en",
           idempotency_key: str | None = None) -> ImportRunView:
    """Keep an uploaded file for `target` and propose a mapping of its columns (the user's saved one
    first, then by header similarity). The size limit and the format are checked here; the rows in
    the dry run. Needs `interchange.import.run` and the owner's import permission."""
    ctx = context.current()
    ctx.require(IMPORT)
    t = importable(target)
    ctx.require(t.permission)
    sheet = read_sheet(content, file_name, header_only=True)
    if not any(sheet.header):
        raise ValidationFailed("interchange.no_header", "The first row of the file should name its columns",
                               "ফাইলের প্রথম সারিতে কলামের নাম থাকা উচিত", field="file")
    dupes = sorted({h for h in sheet.header if h and sheet.header.count(h) > 1})
    if dupes:
        shown = ", ".join(dupes)  # the file's column names, as written there
        raise ValidationFailed("interchange.header_repeated", f"Column names repeat: {', '.join(dupes)}",
                               f"কলামের নাম একাধিকবার আছে: {shown}", field="file",
                               details={"columns": dupes})
    return _record_upload(t.name, (file_name or "upload")[:200], Upload(content), sheet.format, sheet.encoding,
                          sheet.header, "bn" if lang == "bn" else "en", idempotency_key=idempotency_key)


@command(IMPORT, scope="interchange.upload")
def _record_upload(uow: UnitOfWork, target: str, file_name: str, upload: Upload, file_format: str,
                   encoding: str | None, header: list[str], lang: str) -> ImportRunView:
    ctx = context.current()
    t = get_target(target)
    saved = _saved(uow, t.name)
    mapping = auto_mapping(header, t, saved)
    row = ImportRunRow(tenant_id=ctx.require_tenant(), company_id=ctx.company_id, user_id=_user(), actor=ctx.actor[:120],
                       target=t.name, file_name=file_name, file_format=file_format, encoding=encoding,
                       size=len(upload.content), content=upload.content, header=header, mapping=mapping, lang=lang,
                       status="uploaded", rows_total=0, rows_valid=0, rows_refused=0, rows_written=0, problems=[])
    uow.session.add(row)
    uow.session.flush()
    return view(row, t)


def _user() -> UUID:
    uid = context.current().user_id
    if uid is None:
        raise ValidationFailed("interchange.user_missing", "Imports are made by a signed-in user",
                               "আমদানি সাইন-ইন করা ব্যবহারকারী করেন")
    return uid


def _saved(uow: UnitOfWork, target: str) -> dict[str, str]:
    uid = context.current().user_id
    if uid is None:
        return {}
    row = uow.session.scalar(select(MappingRow).where(MappingRow.user_id == uid, MappingRow.target == target))
    return dict(row.columns) if row is not None else {}


@query(IMPORT)
def saved_mapping(uow: UnitOfWork, target: str) -> dict[str, str]:
    """The current user's saved mapping for `target` ({header: field})."""
    return _saved(uow, target)


@command(IMPORT, scope="interchange.set_mapping")
def set_mapping(uow: UnitOfWork, run_id: UUID, data: MappingInput) -> ImportRunView:
    """Choose which column fills which field (checked: required fields covered, no field twice) and
    save it as the user's mapping for the target, reused for their next file."""
    row = _load(uow, run_id, mine=True)
    t = get_target(row.target)
    if row.status not in ("uploaded", "checked", "refused", "failed"):
        raise _wrong_status(row, "change the mapping of", "এর ম্যাপিং বদলানো")
    mapping = check_mapping(row.header, data.columns, t)
    row.mapping = mapping
    row.status = "uploaded"
    row.problems, row.rows_valid, row.rows_refused = [], 0, 0
    _save_mapping(uow, t.name, mapping)
    uow.session.flush()
    return view(row, t)


def _save_mapping(uow: UnitOfWork, target: str, mapping: dict[str, str]) -> None:
    uid = _user()
    saved = uow.session.scalar(select(MappingRow).where(MappingRow.user_id == uid, MappingRow.target == target))
    if saved is None:
        uow.session.add(MappingRow(tenant_id=context.require_tenant(), user_id=uid, target=target,
                                   columns=dict(mapping)))
    else:
        saved.columns = {**saved.columns, **mapping}


# an import's status inside a Bangla sentence ("সংরক্ষিত অবস্থার আমদানি ...")
STATUS_BN = {"uploaded": "আপলোড করা", "checking": "যাচাই চলমান", "checked": "যাচাই করা", "committing": "সংরক্ষণ চলমান",
             "committed": "সংরক্ষিত", "refused": "প্রত্যাখ্যাত", "failed": "ব্যর্থ", "expired": "মেয়াদোত্তীর্ণ"}


def _wrong_status(row: ImportRunRow, what: str, what_bn: str) -> Conflict:
    return Conflict("interchange.run_status", f"Cannot {what} an import that is {row.status}",
                    f"{STATUS_BN.get(row.status, 'এই')} অবস্থার আমদানি{what_bn} যায় না", field="status",
                    details={"status": row.status})


def _load(uow: UnitOfWork, run_id: UUID, mine: bool = False) -> ImportRunRow:
    ctx = context.current()
    row = uow.session.get(ImportRunRow, run_id)
    scope = context.company_scope()
    if row is None or (row.user_id != ctx.user_id and (mine or not ctx.can(MANAGE))) \
            or (scope is not None and row.company_id not in (None, scope)):
        raise NotFound("Import", run_id)
    return row


@query(IMPORT)
def get_run(uow: UnitOfWork, run_id: UUID) -> ImportRunView:
    row = _load(uow, run_id)
    return view(row, get_target(row.target))


@query(IMPORT)
def list_runs(uow: UnitOfWork, first: int = 50, after: str | None = None) -> ImportRunPage:
    """The current user's imports, newest id last (ids are time-ordered UUIDv7)."""
    stmt = select(ImportRunRow).where(ImportRunRow.user_id == context.current().user_id)
    page = paginate(uow.session, stmt, ImportRunRow.id, first=first, after=after)
    return ImportRunPage(items=[view(r, get_target(r.target)) for r in page.items], end_cursor=page.end_cursor,
                         has_next_page=page.has_next_page)


# ---- reading the rows ---------------------------------------------------------------------------


@dataclass
class _Read:
    t: ImportTarget
    header: list[str]
    cells: list[tuple[int, list[str]]]
    rows: list[tuple[int, dict[str, str]]]
    problems: list[RowProblem]
    lines: dict[int, int]
    mapping: dict[str, str]


@query(IMPORT)
def _snapshot(uow: UnitOfWork, run_id: UUID) -> tuple[str, bytes, str, dict[str, str], list[dict], str, str]:
    row = _load(uow, run_id, mine=True)
    if row.content is None:
        raise _wrong_status(row, "read the file of", "এর ফাইল পড়া")
    return row.target, bytes(row.content), row.file_name, dict(row.mapping), list(row.problems or []), row.status, \
        row.lang


def _read(target: str, content: bytes, file_name: str, mapping: dict[str, str],
          progress: background.ProgressFn | None) -> _Read:
    t = get_target(target)
    if progress:
        progress("read", 0, 1)
    sheet = read_sheet(content, file_name)
    mapping = check_mapping(sheet.header, mapping, t)
    rows, problems, lines = apply_mapping(sheet.header, sheet.rows, mapping, t)
    if progress:
        progress("read", 1, 1)
    return _Read(t, sheet.header, sheet.rows, rows, problems, lines, mapping)


def _located(r: _Read, problems: list[RowProblem]) -> list[RowProblem]:
    """The target's problems with the file's column and line filled in."""
    column_of = {f: h for h, f in r.mapping.items()}
    out = []
    for p in problems:
        field = (p.field or "").split(".")[0].split("[")[0] or None
        col = p.column or (column_of.get(field) if field else None)
        out.append(problem(p.row, p.code, p.message, p.message_bn, field=p.field, column=col,
                           line=p.line or r.lines.get(p.row), severity=p.severity))
    return out


# ---- dry run ------------------------------------------------------------------------------------


def _inline(content: bytes, file_format: str, in_background: bool | None) -> bool:
    if in_background is not None:
        return not in_background
    if file_format == "xlsx":
        return len(content) <= INLINE_MAX_XLSX_BYTES
    return content.count(b"\n") <= INLINE_MAX_ROWS


def check(run_id: UUID, in_background: bool | None = None, idempotency_key: str | None = None) \
        -> ImportRunView | background.RunView:
    """The dry run: every row read, mapped and checked by the target's own rules; nothing written.
    Answers the run with each refused row's problems (row, column, code, English and Bangla), or,
    for a large file, the background run doing it (its result is the same view)."""
    ctx = context.current()
    ctx.require(IMPORT)
    target, content, name, _mapping, _p, status, _lang = _snapshot(run_id)
    ctx.require(get_target(target).permission)
    if status not in ("uploaded", "checked", "refused", "failed"):
        raise Conflict("interchange.run_status", f"Cannot check an import that is {status}",
                       f"{STATUS_BN.get(status, 'এই')} অবস্থার আমদানি যাচাই করা যায় না", field="status", details={"status": status})
    fmt = "xlsx" if content.startswith(b"PK") else "csv"
    if _inline(content, fmt, in_background):
        return run_check(run_id)
    return _submit(run_id, "check", {}, idempotency_key)


def run_check(run_id: UUID, progress: background.ProgressFn | None = None) -> ImportRunView:
    target, content, name, mapping, _p, _s, _lang = _snapshot(run_id)
    _set_status(run_id, "checking")
    try:
        r = _read(target, content, name, mapping, progress)
        problems = r.problems + _located(r, r.t.check_rows(r.rows, progress) if r.rows else [])
        if progress:
            progress("check", len(r.cells), len(r.cells))
    except DomainError as exc:
        _fail(run_id, exc)
        raise
    problems.sort(key=lambda p: (p.row, not p.refuses))
    return _record_check(run_id, len(r.cells), problems)


@command(IMPORT, scope="interchange.record_check")
def _record_check(uow: UnitOfWork, run_id: UUID, rows: int, problems: list[RowProblem]) -> ImportRunView:
    row = _load(uow, run_id, mine=True)
    refused = len(refused_rows(problems))  # a row with warnings only is valid (and will be saved)
    row.status, row.rows_total, row.rows_refused, row.rows_valid = "checked", rows, refused, rows - refused
    row.problems = _stored(problems)
    row.error, row.checked_at = None, clock.now()
    uow.session.flush()
    return view(row, get_target(row.target))


@command(IMPORT, scope="interchange.set_status")
def _set_status(uow: UnitOfWork, run_id: UUID, status: str, job_id: UUID | None = None) -> None:
    row = _load(uow, run_id, mine=True)
    row.status = status
    if job_id is not None:
        row.job_id = job_id


@command(IMPORT, scope="interchange.fail")
def _record_fail(uow: UnitOfWork, run_id: UUID, error: dict[str, Any]) -> None:
    row = _load(uow, run_id, mine=True)
    row.status, row.error = "failed", error


def _fail(run_id: UUID, exc: DomainError) -> None:
    _record_fail(run_id, {"code": exc.code, "message": exc.message, "message_bn": exc.message_bn,
                          "field": exc.field})


def _stored(problems: list[RowProblem], warnings: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The run's `problems` JSON: every error in full (the commit and the result file need them); the
    first `PROBLEMS_SHOWN` warnings in full (all the view shows) and the others as {row, code, severity}
    only (counted, not shown: 10,000 similar rows would otherwise store ~10 MB of messages)."""
    out, shown = [], 0
    for p in problems:
        if p.refuses or shown < PROBLEMS_SHOWN:
            shown += not p.refuses
            out.append(p.as_dict())
        else:
            out.append({"row": p.row, "code": p.code, "severity": p.severity})
    return out + (warnings or [])


# ---- commit -------------------------------------------------------------------------------------


def commit(run_id: UUID, data: CommitInput, in_background: bool | None = None,
           idempotency_key: str | None = None) -> ImportRunView | background.RunView:
    """Write the checked rows: `all_or_nothing` writes nothing when any row is refused; `valid_only`
    writes the rows the dry run accepted and puts the refused ones, with an error column, in the
    result file. A warning never refuses a row (nor, in all-or-nothing, the run). The target's commit checks its own permission and the rows once more."""
    ctx = context.current()
    ctx.require(IMPORT)
    target, content, _n, _m, _p, status, _lang = _snapshot(run_id)
    ctx.require(get_target(target).permission)
    if status != "checked":
        raise Conflict("interchange.not_checked", "Run the dry run first: an import is committed after its check",
                       "আগে পরীক্ষামূলক যাচাই চালান: যাচাইয়ের পরে আমদানি সম্পন্ন হয়", field="status",
                       details={"status": status})
    fmt = "xlsx" if content.startswith(b"PK") else "csv"
    if _inline(content, fmt, in_background):
        return run_commit(run_id, data)
    return _submit(run_id, "commit", data.model_dump(), idempotency_key)


def run_commit(run_id: UUID, data: CommitInput, progress: background.ProgressFn | None = None,
               queued: bool = False) -> ImportRunView:
    """The commit itself (inline, or in the job consumer with `queued`: the run was marked committing
    when it was submitted, so the page shows its progress and offers no second commit)."""
    target, content, name, mapping, stored, status, lang = _snapshot(run_id)
    if status != "checked" and not (queued and status == "committing"):
        raise Conflict("interchange.not_checked", "Run the dry run first: an import is committed after its check",
                       "আগে পরীক্ষামূলক যাচাই চালান: যাচাইয়ের পরে আমদানি সম্পন্ন হয়", field="status")
    _set_status(run_id, "committing")
    try:
        r = _read(target, content, name, mapping, progress)
        # the dry run's errors (a problem stored before severities existed is one) and, as stored, its warnings
        known = [RowProblem(**p) for p in stored if p.get("severity", "error") != "warning"]
        warnings = [p for p in stored if p.get("severity", "error") == "warning"]
        bad = refused_rows(known)
        written: list[str] = []
        if data.mode == "all_or_nothing":
            if not bad:
                try:
                    written = r.t.commit_rows(r.rows, progress)
                except RowsRefused as exc:
                    known = _located(r, exc.problems)
        else:
            good = [x for x in r.rows if x[0] not in bad]
            for _attempt in range(2):  # rows refused meanwhile (another user saved them) leave, once
                if not good:
                    break
                try:
                    written = r.t.commit_rows(good, progress)
                    break
                except RowsRefused as exc:
                    late = _located(r, exc.problems)
                    known += late
                    gone = {p.row for p in late}
                    good = [x for x in good if x[0] not in gone]
        known.sort(key=lambda p: (p.row, not p.refuses))
        bad = refused_rows(known)
        status = "committed" if written or not bad else "refused"
        if data.mode == "all_or_nothing" and bad:
            status, written = "refused", []
        file_id = _result_file(run_id, r, known, data.result_format, lang) if bad else None
    except DomainError as exc:
        _fail(run_id, exc)
        raise
    return _record_commit(run_id, data.mode, status, len(written), known, file_id, data.result_format, warnings)


@command(IMPORT, scope="interchange.record_commit")
def _record_commit(uow: UnitOfWork, run_id: UUID, mode: str, status: str, written: int,
                   problems: list[RowProblem], file_id: UUID | None, result_format: str,
                   warnings: list[dict[str, Any]] | None = None) -> ImportRunView:
    row = _load(uow, run_id, mine=True)
    refused = len(refused_rows(problems))
    row.status, row.mode, row.rows_written = status, mode, written
    row.rows_refused, row.rows_valid = refused, row.rows_total - refused
    row.problems = _stored(problems, warnings)  # the errors (the dry run's and any refused meanwhile), warnings
    row.result_file_id, row.result_format = file_id, (result_format if file_id else None)
    row.committed_at = clock.now()
    if status == "committed":
        row.content = None  # written: the upload is no longer needed (the result file keeps the refused rows)
    uow.session.flush()
    return view(row, get_target(row.target))


def _result_bytes(r: _Read, problems: list[RowProblem], fmt: str, lang: str) -> bytes:
    if fmt == "xlsx":
        from vextrus.modules.documents import api as documents

        texts = error_texts(problems, lang)
        cols = [documents.Column(f"c{i}", h or f"#{i + 1}", h or f"#{i + 1}") for i, h in enumerate(r.header)]
        cols.append(documents.Column("error", error_header(lang), error_header(lang), width=60))
        rows = ({**{f"c{i}": v for i, v in enumerate(cells[:len(r.header)])}, "error": texts[n]}
                for n, (_line, cells) in enumerate(r.cells, start=1) if n in texts)
        return documents.xlsx_table(cols, rows, sheet="refused", locale=lang)
    return refused_csv(r.header, r.cells, problems, lang)


def _result_file(run_id: UUID, r: _Read, problems: list[RowProblem], fmt: str, lang: str) -> UUID:
    """The refused rows as a file in `files`, attached to the run (immutable)."""
    from vextrus.modules.files import api as files

    content = _result_bytes(r, problems, fmt, lang)
    with context.calling_as(MODULE):
        f = files.store_immutable(RESULT_OBJECT, run_id, f"refused-{run_id}.{fmt}", content)
    return f.id


def result_file(run_id: UUID) -> tuple[str, bytes]:
    """(file name, bytes) of the run's result file (its submitter, or a holder of interchange.import.manage)."""
    from vextrus.modules.files import api as files

    run = get_run(run_id)
    if run.result_file_id is None:
        raise ResultFileMissing(run_id)
    with context.calling_as(MODULE):
        content = files.read(run.result_file_id)
    return f"refused-{run.target.replace('.', '-')}-{str(run_id)[:8]}.{run.result_format or 'csv'}", content


# ---- background ---------------------------------------------------------------------------------


def _submit(run_id: UUID, action: str, data: dict[str, Any], key: str | None) -> background.RunView:
    run = background.submit(f"interchange.import.{action}", f"{__name__}:run_job",
                            {"run_id": str(run_id), "action": action, "data": data}, view_permission=MANAGE,
                            idempotency_key=key)
    _set_status(run_id, "checking" if action == "check" else "committing", job_id=run.id)
    return run


def run_job(payload: dict[str, Any], progress: background.ProgressFn) -> ImportRunView:
    """A background check or commit (as the user who asked, in the job consumer)."""
    run_id = UUID(payload["run_id"])
    if payload["action"] == "check":
        return run_check(run_id, progress)
    return run_commit(run_id, CommitInput(**payload.get("data") or {}), progress, queued=True)
