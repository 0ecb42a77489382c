"""Events invoicing publishes (its public contract, with api.py)."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.events import Event


class NoteCreated(Event):
    name = "invoicing.note.created"
    note_id: UUID
    code: str


class NoteChanged(Event):
    name = "invoicing.note.changed"
    note_id: UUID
    code: str
