"""UI: generated documents, template preview in both languages, the payment voucher form (preview as a
draft PDF, generate), a document's page (PDF preview, download, attachments) and the verification page
the QR code opens."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform.errors import DomainError
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import doc_types, service
from .rest import pdf_response

router = APIRouter(prefix="/documents", include_in_schema=False)
LINE_ROWS = 5


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return render(request, "documents/index.html", documents=service.list_documents(limit=50),
                  types=doc_types.known())


@router.get("/types/{doc_type}", response_class=HTMLResponse)
def template_preview(request: Request, doc_type: str) -> HTMLResponse:
    return render(request, "documents/template.html", dt=doc_types.get(doc_type))


@router.get("/types/{doc_type}/sample.pdf")
def sample(doc_type: str, lang: str = "en") -> Response:
    return pdf_response(service.sample_pdf(doc_type, lang), f"{doc_type}-sample-{lang}.pdf")


def _voucher_data(form: Any) -> dict[str, Any]:
    lines = []
    for i in range(LINE_ROWS):
        row = {k: str(form.get(f"lines-{i}-{k}") or "").strip() for k in ("account_code", "account_name",
                                                                          "description", "amount")}
        if any(row.values()):
            lines.append(row)
    data = {k: str(form.get(k) or "").strip() or None for k in (
        "voucher_date", "payee", "pay_mode", "reference", "bank_account", "narration", "journal_number")}
    data["narration"] = data["narration"] or ""
    data["lines"] = lines
    return {k: v for k, v in data.items() if v is not None}


@router.get("/types/payment_voucher/new", response_class=HTMLResponse)
def voucher_form(request: Request) -> HTMLResponse:
    sample = doc_types.get("payment_voucher").sample().model_dump(mode="json")
    return render(request, "documents/voucher_form.html", values=sample, rows=LINE_ROWS, error=None,
                  key=uuid4().hex)


@router.post("/types/payment_voucher/preview")
def voucher_preview(request: Request, form: FormBody) -> Response:
    lang = str(form.get("lang") or "en")
    try:
        return pdf_response(service.preview_pdf("payment_voucher", lang, _voucher_data(form)), "draft.pdf")
    except DomainError as exc:
        return render(request, "documents/voucher_form.html", values=_voucher_data(form), rows=LINE_ROWS,
                      error=error_text(request, exc), status_code=422, key=str(form.get("idempotency_key") or ""))


@router.post("/types/payment_voucher/new")
def voucher_generate(request: Request, form: FormBody) -> Response:
    lang = str(form.get("lang") or "en")
    try:
        doc = service.generate("payment_voucher", lang, _voucher_data(form),
                               idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return render(request, "documents/voucher_form.html", values=_voucher_data(form), rows=LINE_ROWS,
                      error=error_text(request, exc), status_code=422, key=uuid4().hex)
    return RedirectResponse(f"/documents/{doc.id}", status_code=303)


@router.get("/verify/{document_id}", response_class=HTMLResponse)
def verify(request: Request, document_id: UUID, h: str | None = None) -> HTMLResponse:
    return render(request, "documents/verify.html", result=service.verify(document_id, h))


@router.get("/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: UUID) -> HTMLResponse:
    return render(request, "documents/document.html", doc=service.get_document(document_id))


@router.get("/{document_id}/pdf")
def document_pdf(document_id: UUID, download: bool = False) -> Response:
    doc, content = service.pdf_bytes(document_id)
    return pdf_response(content, f"{doc.number.replace('/', '-')}-{doc.lang}.pdf", inline=not download)
