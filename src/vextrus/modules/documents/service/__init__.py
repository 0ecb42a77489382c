"""The documents module's commands and queries."""

from .batch import BatchResult, run_batch, submit_batch
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
from .templates import get_template, preview_template, save_template

__all__ = ["BatchResult", "document_type_view", "document_types", "generate", "get_document", "letterhead", "list_documents",
           "pdf_bytes", "preview_pdf", "run_batch", "sample_pdf", "submit_batch", "verify", "get_template",
           "preview_template", "save_template"]
