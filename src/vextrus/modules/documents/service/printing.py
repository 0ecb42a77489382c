"""Print a module's document for a reader: generate it within the document's company, once per content, and
read the PDF back. Every module that prints (quotations, RA bills, sale agreements, the buyer's statements)
goes through here, so a reprint of the same data gives back the same stored, numbered document."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from vextrus.modules.files import api as files
from vextrus.platform import context

from .. import MODULE
from ..domain.hashing import data_hash
from .generation import generate


@dataclass(frozen=True)
class PrintedDocument:
    """A stored document (id, archive number, SHA-256 of the file) and the file itself."""

    document_id: UUID
    number: str
    sha256: str
    lang: str
    filename: str
    content: bytes


def print_document(doc_type: str, lang: str, data: BaseModel | dict[str, Any], *, company_id: UUID | None,
                   source_id: UUID, filename: str, source_type: str | None = None,
                   key: str | None = None) -> PrintedDocument:
    """Generate (or find again: the idempotency key names the type, the source or `key`, the language and a
    digest of the data) the document within `company_id` (its letterhead and numbering; the reader's own
    company when None) and read its file back. The caller runs inside `context.calling_as(its module)`, whose
    `uses` hold `documents.document.create`."""
    plain = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    ctx = context.current()
    with context.acting_as(replace(ctx, company_id=company_id) if company_id is not None else ctx):
        doc = generate(doc_type, lang, data, source_type=source_type, source_id=source_id,
                       idempotency_key=f"{doc_type}:{key or source_id}:{lang}:{data_hash(plain)[:20]}")
        with context.calling_as(MODULE):  # the document just made: read back as its owner
            content = files.read(doc.file_id)
    return PrintedDocument(document_id=doc.id, number=doc.number, sha256=doc.pdf_sha256, lang=lang,
                           filename=filename, content=content)
