"""REST: /api/v1/invoicing/... (thin: the service decides everything)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Response

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import NoteChange, NoteInput, NotePage, NoteView

router = APIRouter()


class NotePatch(NoteChange):
    expected_version: int | None = None


@router.get("/notes", response_model=NotePage)
def list_notes(first: int = 50, after: str | None = None) -> NotePage:
    return service.list_notes(first, after)


@router.get("/notes/{note_id}", response_model=NoteView)
def get_note(note_id: UUID) -> NoteView:
    return service.get_note(note_id)


@router.post("/notes", response_model=NoteView, status_code=201)
def create_note(body: NoteInput, response: Response, key: str | None = Depends(idempotency_key)) -> NoteView:
    note = service.create_note(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/invoicing/notes/{note.id}"
    return note


@router.patch("/notes/{note_id}", response_model=NoteView)
def change_note(note_id: UUID, body: NotePatch, key: str | None = Depends(idempotency_key)) -> NoteView:
    """Change the fields given; `expected_version` (from the view you edited) refuses a stale edit (409)."""
    data = NoteChange.model_validate(body.model_dump(exclude={"expected_version"}, exclude_unset=True))
    return service.change_note(note_id, data, body.expected_version, idempotency_key=key)
