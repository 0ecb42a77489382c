"""Pure rules of interchange (no I/O beyond the bytes handed in; no SQLAlchemy, FastAPI or Strawberry):
the import/export target registry, column mapping, the dry-run
problems in words and the file of refused rows."""

from __future__ import annotations

from vextrus.platform.row_problems import RowProblem, Severity, problem, refused_rows, warned_rows

from .mapping import apply_mapping, auto_mapping, check_mapping, normalise
from .result import refused_csv
from .targets import ExportColumn, Field, ImportTarget, RowsFn, get_target, known_targets, register_target

__all__ = ["ExportColumn", "Field", "ImportTarget", "RowProblem", "RowsFn", "Severity", "apply_mapping",
           "auto_mapping", "check_mapping", "get_target", "known_targets", "normalise", "problem",
           "refused_csv", "refused_rows", "register_target", "warned_rows"]
