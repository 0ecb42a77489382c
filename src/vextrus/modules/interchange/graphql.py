"""The interchange subgraph: the targets and a user's import runs (uploads go through REST)."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Subgraph
from vextrus.platform.ids import parse_id

from . import service
from .schemas import ImportRunView, RowProblemView, TargetView


@strawberry.type(name="InterchangeTarget")
class Target:
    name: str
    title: str
    title_bn: str
    importable: bool
    exportable: bool

    @classmethod
    def of(cls, v: TargetView) -> Target:
        return cls(name=v.name, title=v.title, title_bn=v.title_bn, importable=v.importable, exportable=v.exportable)


@strawberry.type(name="InterchangeRowProblem")
class RowProblem:
    """A row's problem: severity `error` refuses the row, `warning` does not (the row is saved)."""

    row: int
    line: int | None
    column: str | None
    field: str | None
    code: str
    message: str
    message_bn: str
    severity: str

    @classmethod
    def of(cls, v: RowProblemView) -> RowProblem:
        return cls(row=v.row, line=v.line, column=v.column, field=v.field, code=v.code, message=v.message,
                   message_bn=v.message_bn, severity=v.severity)


@strawberry.type(name="InterchangeImportRun")
class ImportRun:
    id: strawberry.ID
    target: str
    file_name: str
    status: str
    mode: str | None
    rows_total: int
    rows_valid: int
    rows_refused: int
    rows_written: int
    rows_warned: int
    problems: list[RowProblem]  # errors, then warnings (the first 1,000 of each)

    @classmethod
    def of(cls, v: ImportRunView) -> ImportRun:
        return cls(id=strawberry.ID(str(v.id)), target=v.target, file_name=v.file_name, status=v.status, mode=v.mode,
                   rows_total=v.rows_total, rows_valid=v.rows_valid, rows_refused=v.rows_refused,
                   rows_written=v.rows_written, rows_warned=v.rows_warned,
                   problems=[RowProblem.of(p) for p in v.problems])


@strawberry.type
class InterchangeQuery:
    @strawberry.field
    def interchange_targets(self, kind: str = "import") -> list[Target]:
        return [Target.of(t) for t in service.targets("export" if kind == "export" else "import")]

    @strawberry.field
    def interchange_import_run(self, id: strawberry.ID) -> ImportRun:  # noqa: A002
        return ImportRun.of(service.get_run(parse_id(id, "id")))


SUBGRAPH = Subgraph(query=InterchangeQuery, types=(Target, RowProblem, ImportRun))
