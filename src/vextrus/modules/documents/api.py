"""What other modules may call: declare a document type, generate or print a document, amounts in words, Excel."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel

from . import doc_types, service
from .doc_types import DocumentType
from .docx_render import CONTENT_TYPE as DOCX_CONTENT_TYPE
from .domain.words import amount_in_words
from .excel import Column, xlsx_table
from .schemas import DocumentView
from .service.printing import PrintedDocument, print_document  # generate once per content, read back

__all__ = ["DOCX_CONTENT_TYPE", "Column", "DocumentType", "DocumentView", "PrintedDocument", "amount_in_words", "generate",
           "print_document", "register_type", "xlsx_table"]


def register_type(t: DocumentType) -> DocumentType:
    """Add a document type (ship `templates/pdf/<code>.en.html` and `.bn.html` with it)."""
    return doc_types.register(t)


def generate(doc_type: str, lang: str, data: dict[str, Any] | BaseModel, source_type: str | None = None,
             source_id: UUID | None = None, idempotency_key: str | None = None) -> DocumentView:
    """Needs `documents.document.create` (declare it in `uses` and call within `context.calling_as`)."""
    return service.generate(doc_type, lang, data, source_type, source_id, idempotency_key=idempotency_key)

