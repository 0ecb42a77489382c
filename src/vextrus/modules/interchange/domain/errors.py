"""Errors of interchange that carry row problems."""

from __future__ import annotations

from collections.abc import Sequence

from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.row_problems import RowProblem


class RowsRefused(ValidationFailed):
    """A target refused rows when writing (another user saved the same identifier meanwhile): nothing
    was written; the problems name the rows."""

    def __init__(self, problems: Sequence[RowProblem]):
        first = problems[0] if problems else None
        n = len({p.row for p in problems})
        super().__init__("interchange.rows_refused",
                         f"{n} row(s) were refused while writing; nothing was saved"
                         + (f" (row {first.row}: {first.message})" if first else ""),
                         f"লেখার সময় {to_bangla_digits(str(n))}টি সারি প্রত্যাখ্যাত হয়েছে; কিছুই সংরক্ষিত হয়নি"
                         + (f" (সারি {to_bangla_digits(str(first.row))}: {first.message_bn})" if first else ""),
                         field="file", details={"rows": sorted({p.row for p in problems})[:100]})
        self.problems = list(problems)


class ResultFileMissing(DomainError):
    """The import has no file of refused rows (nothing was refused, or it was not committed yet)."""

    status = 404

    def __init__(self, run_id: object):
        super().__init__("interchange.no_result_file", f"Import '{run_id}' has no file of refused rows",
                         "এই আমদানির প্রত্যাখ্যাত সারির কোনো ফাইল নেই", field="run_id",
                         details={"object": "result file", "key": str(run_id)})
