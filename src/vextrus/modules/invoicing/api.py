"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import NoteView
from .service import get_note, list_notes

__all__ = ["NoteView", "get_note", "list_notes"]
