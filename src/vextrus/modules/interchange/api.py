"""What other modules may call: declare an import/export target for a list the module owns.

    from vextrus.modules.interchange import api as interchange
    interchange.register_target(interchange.ImportTarget(
        name="hr.employees", title="Employees", title_bn="কর্মচারী", permission="hr.employee.import",
        fields=(interchange.Field("code", "Code", "কোড", required=True), ...),
        check_rows=check, commit_rows=commit))

`check_rows(rows, progress)` gets `(row number, {field: text})` pairs and answers the problems of the
rows it refuses (`RowProblem`: row, code, message, message_bn, field); `commit_rows(rows, progress)`
writes them all or nothing (checking its own permission) and answers the codes it created, or raises
`RowsRefused(problems)`. Interchange reads the file, maps the columns, runs the dry run, chooses the
rows by the user's commit mode and writes the result file; the owner keeps its rules.
"""

from __future__ import annotations

from .domain import ExportColumn, Field, ImportTarget, RowProblem, get_target, known_targets, register_target
from .domain.errors import RowsRefused

__all__ = ["ExportColumn", "Field", "ImportTarget", "RowProblem", "RowsRefused", "get_target", "known_targets",
           "register_target"]
