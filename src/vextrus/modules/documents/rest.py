"""REST: /api/v1/documents/... — types, previews (PDF, nothing stored), generation, download, verification."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import DocumentTypeView, DocumentView, TemplateInput, TemplateView, Verification

router = APIRouter()


def pdf_response(pdf: bytes, name: str, inline: bool = True) -> Response:
    from vextrus.modules.files.api import content_disposition

    disposition = content_disposition(name)
    if inline:
        disposition = "inline" + disposition.removeprefix("attachment")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"})


def docx_response(content: bytes, name: str) -> Response:
    from vextrus.modules.files.api import content_disposition

    from .docx_render import CONTENT_TYPE

    return Response(content, media_type=CONTENT_TYPE,
                    headers={"Content-Disposition": content_disposition(name), "X-Content-Type-Options": "nosniff"})


@router.get("/types", response_model=list[DocumentTypeView])
def types() -> list[DocumentTypeView]:
    return service.document_types()


@router.get("/types/{doc_type}/sample.pdf")
def sample(doc_type: str, lang: str = "en") -> Response:
    """The template preview: the type's sample data in one language (`documents.template.view`)."""
    return pdf_response(service.sample_pdf(doc_type, lang), f"{doc_type}-sample-{lang}.pdf")


@router.get("/types/{doc_type}/sample.docx")
def sample_docx(doc_type: str, lang: str = "en") -> Response:
    """The sample of a Word document type (work order, contract summary) in one language."""
    return docx_response(service.sample_pdf(doc_type, lang, "docx"), f"{doc_type}-sample-{lang}.docx")


@router.post("/types/{doc_type}/preview.docx")
def preview_docx(doc_type: str, data: dict[str, Any], lang: str = "en") -> Response:
    """The Word file as it would be generated from this data, marked as a draft; nothing is stored."""
    return docx_response(service.preview_pdf(doc_type, lang, data, "docx"), f"{doc_type}-draft-{lang}.docx")


@router.post("/types/{doc_type}/preview.pdf")
def preview(doc_type: str, data: dict[str, Any], lang: str = "en") -> Response:
    """The PDF as it would be generated from this data, marked as a draft; nothing is numbered or stored."""
    return pdf_response(service.preview_pdf(doc_type, lang, data, "pdf"), f"{doc_type}-draft-{lang}.pdf")


@router.post("/types/{doc_type}", response_model=DocumentView)
def generate(doc_type: str, data: dict[str, Any], lang: str = "en", source_id: UUID | None = None,
             key: str | None = Depends(idempotency_key)) -> DocumentView:
    return service.generate(doc_type, lang, data, source_id=source_id, idempotency_key=key)


@router.post("/types/{doc_type}/batch", status_code=202)
def batch(doc_type: str, items: list[dict[str, Any]], lang: str = "en",
          key: str | None = Depends(idempotency_key)) -> Response:
    """Up to 500 documents as a background run: 202 with the run and `Location: /api/v1/jobs/{id}`;
    its result lists each generated document (index, id, number) and each refused one (index, error)."""
    from vextrus.platform.jobs_http import accepted

    return accepted(service.submit_batch(doc_type, lang, items, idempotency_key=key))


@router.get("/templates/{doc_type}/{lang}", response_model=TemplateView)
def get_template(doc_type: str, lang: str) -> TemplateView:
    """The template a document type uses in one language: the company's own text or the shipped one, with
    its revisions (`documents.template.view`)."""
    return service.get_template(doc_type, lang)


@router.put("/templates/{doc_type}/{lang}", response_model=TemplateView)
def save_template(doc_type: str, lang: str, body: TemplateInput,
                  key: str | None = Depends(idempotency_key)) -> TemplateView:
    """Save a new revision (`documents.template.manage`): refused with the line when it does not compile or
    does not render the sample; an empty `body` goes back to the shipped template."""
    return service.save_template(doc_type, lang, body, idempotency_key=key)


@router.post("/templates/{doc_type}/{lang}/preview.pdf")
def preview_template(doc_type: str, lang: str, body: TemplateInput) -> Response:
    """The sample rendered with an unsaved text, checked as a save would be; nothing is stored."""
    return pdf_response(service.preview_template(doc_type, lang, body.body), f"{doc_type}-template-{lang}.pdf")


@router.get("", response_model=list[DocumentView])
def list_documents(doc_type: str | None = None, source_id: UUID | None = None, limit: int = 100) -> list[DocumentView]:
    return service.list_documents(doc_type, source_id, limit)


@router.get("/{document_id}", response_model=DocumentView)
def get_document(document_id: UUID) -> DocumentView:
    return service.get_document(document_id)


@router.get("/{document_id}/pdf")
def pdf(document_id: UUID, download: bool = False) -> Response:
    doc, content = service.pdf_bytes(document_id, "pdf")
    return pdf_response(content, f"{doc.number.replace('/', '-')}-{doc.lang}.pdf", inline=not download)


@router.get("/{document_id}/docx")
def docx(document_id: UUID) -> Response:
    """A Word document's stored .docx (404 `format_not_offered` for a PDF document)."""
    doc, content = service.pdf_bytes(document_id, "docx")
    return docx_response(content, f"{doc.number.replace('/', '-')}-{doc.lang}.docx")


@router.get("/{document_id}/verify", response_model=Verification)
def verify(document_id: UUID, h: str | None = None) -> Verification:
    return service.verify(document_id, h)
