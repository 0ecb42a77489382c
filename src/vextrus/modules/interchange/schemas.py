"""DTOs of interchange: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

Mode = Literal["all_or_nothing", "valid_only"]
FileFormat = Literal["csv", "xlsx"]


class FieldView(BaseModel):
    name: str
    label: str
    label_bn: str
    required: bool
    type: str


class TargetView(BaseModel):
    name: str
    title: str
    title_bn: str
    fields: list[FieldView]
    importable: bool
    exportable: bool
    export_filters: list[str] = Field(default_factory=list)


class RowProblemView(BaseModel):
    """A problem of one row: an `error` refuses the row; a `warning` (e.g. a party similar to an existing
    one) does not: the row is saved all the same."""

    row: int  # 1 = the first data row
    line: int | None = None  # the line (CSV) or sheet row (XLSX) of the file
    column: str | None = None  # the file's own header
    field: str | None = None  # the target's field
    code: str
    message: str
    message_bn: str
    severity: Literal["error", "warning"] = "error"


class RunError(BaseModel):
    code: str
    message: str
    message_bn: str
    field: str | None = None


class MappingInput(BaseModel):
    """{the file's header: the target's field}; a header mapped to "" or left out is not imported."""

    columns: dict[str, str] = Field(default_factory=dict, max_length=200)


class CommitInput(BaseModel):
    mode: Mode = "all_or_nothing"
    result_format: FileFormat = "csv"


class ImportRunView(BaseModel):
    id: UUID
    target: str
    target_title: str
    target_title_bn: str
    file_name: str
    file_format: str
    encoding: str | None
    size: int
    header: list[str]
    mapping: dict[str, str]
    fields: list[FieldView]
    lang: str
    status: str  # uploaded, checking, checked, committing, committed, refused, failed
    mode: str | None
    rows_total: int
    rows_valid: int
    rows_refused: int  # rows with an error (refused)
    rows_written: int
    problems: list[RowProblemView]  # errors, then warnings: the first `PROBLEMS_SHOWN` of each kind
    problems_total: int  # errors and warnings (the result file holds every refused row)
    rows_warned: int = 0  # rows not refused that carry a warning (they are saved all the same)
    errors_total: int = 0
    warnings_total: int = 0
    error: RunError | None = None
    result_file_id: UUID | None = None
    result_format: str | None = None
    job_id: UUID | None = None
    created_at: datetime
    checked_at: datetime | None = None
    committed_at: datetime | None = None


class ImportRunPage(BaseModel):
    items: list[ImportRunView]
    end_cursor: str | None
    has_next_page: bool
