"""A problem with one row of an imported file (interchange's imports, HR's attendance files), in words: the
row number (1 = the first data row), the line or sheet row it came from, the column of the file it names
(the user's own header, not our field name), a code and a message in English and Bangla, and its severity: an `error` refuses the row; a `warning`
(a row that looks like an existing party, say) never does: the row is saved, the user is told."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from vextrus.platform.i18n import to_bangla_digits

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    code: str
    message: str
    message_bn: str
    field: str | None = None  # the target's field
    column: str | None = None  # the file's header for that field
    line: int | None = None  # the line (CSV) or sheet row (XLSX) the row starts on
    severity: Severity = "error"  # a stored problem without one (written before warnings) is an error

    @property
    def refuses(self) -> bool:
        return self.severity != "warning"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self, lang: str = "en") -> str:
        msg = self.message_bn if lang == "bn" else self.message
        where = (f"সারি {to_bangla_digits(str(self.row))}" if lang == "bn" else f"Row {self.row}")
        if self.column:
            where += f", {'কলাম' if lang == 'bn' else 'column'} “{self.column}”"
        return f"{where}: {msg}"


def problem(row: int, code: str, message: str, message_bn: str, field: str | None = None,
            column: str | None = None, line: int | None = None, severity: Severity = "error") -> RowProblem:
    return RowProblem(row=row, code=code, message=message, message_bn=message_bn, field=field, column=column,
                      line=line, severity=severity)


def refused_rows(problems: Sequence[RowProblem]) -> set[int]:
    """The rows an error refuses (a row with warnings only is not refused)."""
    return {p.row for p in problems if p.refuses}


def warned_rows(problems: Sequence[RowProblem]) -> set[int]:
    """The rows not refused that carry a warning (saved all the same)."""
    return {p.row for p in problems if not p.refuses} - refused_rows(problems)
