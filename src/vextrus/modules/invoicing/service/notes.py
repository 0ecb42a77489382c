"""Notes: load -> guard -> pure rule (domain) -> store -> emit -> view."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..events import NoteChanged, NoteCreated
from ..repository import view
from ..schemas import NoteChange, NoteInput, NotePage, NoteView
from ..tables import NoteRow


@command("invoicing.note.write", scope="invoicing.create_note")
def create_note(uow: UnitOfWork, data: NoteInput) -> NoteView:
    code = domain.note_code(data.code)
    if uow.session.scalar(select(NoteRow.id).where(NoteRow.code == code)) is not None:
        raise Conflict("invoicing.note_exists", f"Note {code} already exists", f"নোট {code} আগে থেকেই আছে",
                       field="code")
    row = NoteRow(tenant_id=context.require_tenant(), code=code, title=domain.title(data.title),
                  title_bn=data.title_bn.strip())
    uow.session.add(row)
    uow.session.flush()
    uow.emit(NoteCreated(note_id=row.id, code=code))
    return view(row)


@command("invoicing.note.write", scope="invoicing.change_note")
def change_note(uow: UnitOfWork, note_id: UUID, data: NoteChange, expected_version: int | None = None) -> NoteView:
    row = _load(uow, note_id)
    check_version(row, expected_version, f"note {row.code}")  # the caller read an older version: 409
    if data.title is not None:
        row.title = domain.title(data.title)
    if data.title_bn is not None:
        row.title_bn = data.title_bn.strip()
    uow.session.flush()  # the version moves on here (Versioned: a compare-and-set in the UPDATE)
    uow.emit(NoteChanged(note_id=row.id, code=row.code))
    return view(row)


@query("invoicing.note.read")
def list_notes(uow: UnitOfWork, first: int = 50, after: str | None = None) -> NotePage:
    page = paginate(uow.session, select(NoteRow), NoteRow.code, first=first, after=after)
    return NotePage(items=[view(r) for r in page.items], end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@query("invoicing.note.read")
def get_note(uow: UnitOfWork, note_id: UUID) -> NoteView:
    return view(_load(uow, note_id))


def _load(uow: UnitOfWork, note_id: UUID) -> NoteRow:
    row = uow.session.get(NoteRow, note_id)
    if row is None:
        raise domain.NoteNotFound(note_id)
    return row
