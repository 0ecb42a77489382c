"""The documents module's commands and queries."""

from .generation import (
    document_type_view,
    document_types,
    generate,
    get_document,
    letterhead,
    list_documents,
    pdf_bytes,
    preview_pdf,
    sample_pdf,
    verify,
)

__all__ = ["document_type_view", "document_types", "generate", "get_document", "letterhead", "list_documents",
           "pdf_bytes", "preview_pdf", "sample_pdf", "verify"]
