"""ORM rows → views."""

from __future__ import annotations

from .domain import ImportTarget, RowProblem
from .schemas import FieldView, ImportRunView, RowProblemView, RunError, TargetView
from .tables import ImportRunRow

PROBLEMS_SHOWN = 1000


def field_views(t: ImportTarget) -> list[FieldView]:
    return [FieldView(name=f.name, label=f.label, label_bn=f.label_bn, required=f.required, type=f.type)
            for f in t.fields]


def target_view(t: ImportTarget) -> TargetView:
    return TargetView(name=t.name, title=t.title, title_bn=t.title_bn, fields=field_views(t),
                      importable=t.importable, exportable=t.exportable, export_filters=list(t.export_filters))


def problem_view(p: RowProblem | dict) -> RowProblemView:
    return RowProblemView.model_validate(p if isinstance(p, dict) else p.as_dict())


def _is_error(p: dict) -> bool:
    return p.get("severity", "error") != "warning"  # stored before severities existed: an error


def view(row: ImportRunRow, t: ImportTarget) -> ImportRunView:
    stored = row.problems or []
    errors = [p for p in stored if _is_error(p)]
    warnings = [p for p in stored if not _is_error(p)]
    problems = errors[:PROBLEMS_SHOWN] + warnings[:PROBLEMS_SHOWN]
    refused = {p["row"] for p in errors}
    return ImportRunView(
        id=row.id, target=row.target, target_title=t.title, target_title_bn=t.title_bn, file_name=row.file_name,
        file_format=row.file_format, encoding=row.encoding, size=row.size, header=list(row.header or []),
        mapping=dict(row.mapping or {}), fields=field_views(t), lang=row.lang, status=row.status, mode=row.mode,
        rows_total=row.rows_total, rows_valid=row.rows_valid, rows_refused=row.rows_refused,
        rows_written=row.rows_written, problems=[problem_view(p) for p in problems],
        problems_total=len(stored), errors_total=len(errors), warnings_total=len(warnings),
        rows_warned=len({p["row"] for p in warnings} - refused), error=RunError(**row.error) if row.error else None,
        result_file_id=row.result_file_id, result_format=row.result_format, job_id=row.job_id,
        created_at=row.created_at, checked_at=row.checked_at, committed_at=row.committed_at)
