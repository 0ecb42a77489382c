"""Exports: any registered list as CSV or XLSX, with the filters of its page and the headers in the
chosen language. The rows are read by the owner (`export_rows`, with the user's own rights)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed

from ..domain import get_target

EXPORT = "interchange.export.run"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export(target: str, fmt: str = "csv", lang: str = "en", filters: Mapping[str, str] | None = None) \
        -> tuple[str, bytes, str]:
    """(file name, bytes, content type). Needs `interchange.export.run` and the owner's read permission."""
    ctx = context.current()
    ctx.require(EXPORT)
    t = get_target(target)
    if not t.exportable:
        raise ValidationFailed("interchange.target_not_exportable", f"{t.title} cannot be exported",
                               f"{t.title_bn} রপ্তানি করা যায় না", field="target")
    if t.export_permission:
        ctx.require(t.export_permission)
    if fmt not in CONTENT_TYPES:
        raise ValidationFailed("interchange.format", "Choose CSV or XLSX", "CSV বা XLSX বেছে নিন", field="format")
    lang = "bn" if lang == "bn" else "en"
    given = {k: str(v)[:200] for k, v in (filters or {}).items() if k in t.export_filters and v}
    rows = t.export_rows(given)  # type: ignore[misc]
    name = f"{t.name.replace('.', '-')}.{fmt}"
    if fmt == "xlsx":
        from vextrus.modules.documents import api as documents

        cols = [documents.Column(c.key, c.title, c.title_bn, c.kind) for c in t.export_columns]
        return name, documents.xlsx_table(cols, rows, sheet=t.title_in(lang), locale=lang), CONTENT_TYPES[fmt]
    out = io.StringIO(newline="")
    w = csv.writer(out)
    w.writerow([c.title_bn if lang == "bn" else c.title for c in t.export_columns])
    for r in rows:
        w.writerow(["" if r.get(c.key) is None else str(r.get(c.key)) for c in t.export_columns])
    return name, b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"), CONTENT_TYPES[fmt]
