"""The documents module's DTOs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel


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
