"""The documents module's DTOs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class DocumentView(BaseModel):
    id: UUID
    doc_type: str
    lang: str
    number: str
    doc_date: date
    title: str
    data: dict[str, Any]
    data_hash: str
    file_id: UUID
    pdf_sha256: str  # the stored file's SHA-256 (the .docx for Word document types)
    source_type: str | None = None
    source_id: UUID | None = None
    created_by: str
    created_at: datetime
    verify_path: str
    output: str = "pdf"  # "docx": a Word document, downloaded from /{id}/docx


class DocumentTypeView(BaseModel):
    code: str
    title: str
    title_bn: str
    prefix: str
    source_type: str | None = None
    fields: dict[str, Any]  # the data's JSON schema
    output: str = "pdf"  # "docx": made as a Word file


class Verification(BaseModel):
    """What the QR code's link shows: the document is ours, and the data it was made from."""

    genuine: bool
    document: DocumentView | None = None
    reason: str | None = None


MAX_TEMPLATE_CHARS = 200_000


class TemplateInput(BaseModel):
    """A template's new text (empty: back to the one shipped with Vextrus) and the revision it was edited from."""

    body: str = Field(default="", max_length=MAX_TEMPLATE_CHARS)
    expected_revision: int | None = None  # the revision the editor showed; another save meanwhile is a 409
    note: str = Field(default="", max_length=200)


class TemplateRevision(BaseModel):
    revision: int
    saved_by: str
    saved_at: datetime
    note: str
    restored_default: bool  # this save went back to the shipped template


class TemplateView(BaseModel):
    """The template a document type uses in one language: the tenant's own (revision ≥ 1) or the shipped one."""

    doc_type: str
    lang: str
    revision: int  # 0: never edited
    own: bool  # False: the template shipped with Vextrus is in use
    body: str
    shipped_body: str
    history: list[TemplateRevision]
