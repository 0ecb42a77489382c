"""ORM <-> views of invoicing (reads in bulk live here too)."""

from __future__ import annotations

from .schemas import NoteView
from .tables import NoteRow


def view(row: NoteRow) -> NoteView:
    return NoteView(id=row.id, code=row.code, title=row.title, title_bn=row.title_bn, version=row.version)
