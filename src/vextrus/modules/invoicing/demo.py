"""Demo rows of invoicing for the demo company."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context

from . import service
from .schemas import NoteInput


def load(tenant_id: UUID) -> None:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        if not service.list_notes().items:
            service.create_note(NoteInput(code="WELCOME", title="Welcome", title_bn="স্বাগতম"))
