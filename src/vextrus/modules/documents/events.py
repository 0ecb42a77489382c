"""Events the documents module publishes (its public contract)."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.events import Event


class DocumentGenerated(Event):
    """A document was generated and stored as an immutable file."""

    name = "documents.document.generated"
    document_id: UUID
    doc_type: str
    lang: str
    number: str
    file_id: UUID
    data_hash: str
    source_type: str | None = None
    source_id: UUID | None = None


class TemplateSaved(Event):
    """A tenant's template of a document type in one language was saved (a new revision)."""

    name = "documents.template.saved"
    doc_type: str
    lang: str
    revision: int
    restored_default: bool  # the shipped template is in use again
    characters: int
