"""DTOs of invoicing: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field


class NoteInput(BaseModel):
    code: str = Field(max_length=40)
    title: str = Field(max_length=200)
    title_bn: str = Field(default="", max_length=200)


class NoteChange(BaseModel):
    """A partial update (REST PATCH): fields left out stay as they are."""

    title: str | None = Field(default=None, max_length=200)
    title_bn: str | None = Field(default=None, max_length=200)


class NoteView(BaseModel):
    id: UUID
    code: str
    title: str
    title_bn: str
    version: int


class NotePage(BaseModel):
    """A page of notes by code; pass `end_cursor` as `after` for the next one."""

    items: list[NoteView]
    end_cursor: str | None
    has_next_page: bool
