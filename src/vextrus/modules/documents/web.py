"""UI: generated documents, template preview in both languages, the payment voucher form (preview as a
draft PDF, generate), a document's page (PDF preview, download, attachments) and the verification page
the QR code opens."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import clock, context, forms
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import format_count
from vextrus.platform.ids import parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import doc_types, service
from .rest import docx_response, pdf_response
from .schemas import MAX_TEMPLATE_CHARS, TemplateInput

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


@router.get("/types/{doc_type}/sample.docx")
def sample_docx(doc_type: str, lang: str = "en") -> Response:
    return docx_response(service.sample_pdf(doc_type, lang, "docx"), f"{doc_type}-sample-{lang}.docx")


def _editor(request: Request, doc_type: str, tlang: str, error: DomainError | None = None,
            typed: dict[str, str] | None = None) -> HTMLResponse:
    tpl = service.get_template(doc_type, tlang)
    return render(request, "documents/template_edit.html", status_code=422 if error else 200,
                  dt=doc_types.get(doc_type), tpl=tpl, tlang=tlang, error=error_text(request, error) if error else None,
                  error_line=(error.details or {}).get("line") if error else None,
                  body=typed["body"] if typed else tpl.body, note=typed.get("note", "") if typed else "",
                  expected=typed.get("expected_revision", str(tpl.revision)) if typed else str(tpl.revision))


def _template_input(form: Any) -> TemplateInput:
    if len(str(form.get("body") or "")) > MAX_TEMPLATE_CHARS:
        raise ValidationFailed("documents.template_too_long", f"A template has at most {MAX_TEMPLATE_CHARS:,} characters",
                               f"টেমপ্লেটে সর্বোচ্চ {format_count(MAX_TEMPLATE_CHARS, 'bn')} অক্ষর থাকতে পারে", field="body")
    return TemplateInput(body=str(form.get("body") or ""), note=str(form.get("note") or "")[:200],
                         expected_revision=forms.integer(form.get("expected_revision"), "expected_revision"))


@router.get("/types/{doc_type}/edit/{tlang}", response_class=HTMLResponse)
def template_editor(request: Request, doc_type: str, tlang: str) -> HTMLResponse:
    """The template's text in one language, its revisions, save / preview / restore the shipped one."""
    return _editor(request, doc_type, tlang)


@router.post("/types/{doc_type}/edit/{tlang}")
def template_save(request: Request, doc_type: str, tlang: str, form: FormBody) -> Response:
    typed = {k: str(form.get(k) or "") for k in ("body", "note", "expected_revision")}
    try:
        data = _template_input(form)
        if form.get("restore"):
            data = TemplateInput(body="", note=data.note, expected_revision=data.expected_revision)
        service.save_template(doc_type, tlang, data, idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return _editor(request, doc_type, tlang, exc, typed)
    return RedirectResponse(f"/documents/types/{doc_type}/edit/{tlang}", status_code=303)


@router.post("/types/{doc_type}/edit/{tlang}/preview")
def template_preview_pdf(request: Request, doc_type: str, tlang: str, form: FormBody) -> Response:
    typed = {k: str(form.get(k) or "") for k in ("body", "note", "expected_revision")}
    try:
        pdf = service.preview_template(doc_type, tlang, typed["body"])
    except DomainError as exc:
        return _editor(request, doc_type, tlang, exc, typed)
    return pdf_response(pdf, f"{doc_type}-template-{tlang}.pdf")


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
def voucher_form(request: Request, journal_entry_id: UUID | None = None, journal_number: str | None = None,
                 payee: str | None = None, voucher_date: str | None = None,
                 line: list[str] = Query(default=[])) -> HTMLResponse:
    """The voucher form; another module's page links here to print a voucher for one of its objects:
    `?journal_entry_id=…&journal_number=JV/…&payee=…&voucher_date=YYYY-MM-DD&line=5110|Materials|1000.00`
    (repeated `line`). The document then names the entry as its source. Without them: sample values."""
    context.current().require("documents.document.create")  # the form is for those who may generate it
    values = doc_types.get("payment_voucher").sample().model_dump(mode="json")
    if journal_entry_id or journal_number or payee or line:
        values = {"voucher_date": voucher_date or clock.today().isoformat(), "payee": payee or "",
                  "pay_mode": "cash", "narration": "", "journal_number": journal_number,
                  "lines": [dict(zip(("account_code", "account_name", "amount"), (p.strip() for p in ln.split("|", 2)),
                                     strict=False)) for ln in line[:LINE_ROWS]]}
    return render(request, "documents/voucher_form.html", values=values, rows=LINE_ROWS, error=None,
                  key=uuid4().hex, source_id=journal_entry_id)


@router.post("/types/payment_voucher/preview")
def voucher_preview(request: Request, form: FormBody) -> Response:
    lang = str(form.get("lang") or "en")
    try:
        return pdf_response(service.preview_pdf("payment_voucher", lang, _voucher_data(form)), "draft.pdf")
    except DomainError as exc:
        return render(request, "documents/voucher_form.html", values=_voucher_data(form), rows=LINE_ROWS,
                      error=error_text(request, exc), status_code=422, key=str(form.get("idempotency_key") or ""),
                      source_id=form.get("source_id"))


@router.post("/types/payment_voucher/new")
def voucher_generate(request: Request, form: FormBody) -> Response:
    lang = str(form.get("lang") or "en")
    try:
        source = str(form.get("source_id") or "").strip()
        doc = service.generate("payment_voucher", lang, _voucher_data(form),
                               source_id=parse_id(source, "source_id") if source else None,
                               idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return render(request, "documents/voucher_form.html", values=_voucher_data(form), rows=LINE_ROWS,
                      error=error_text(request, exc), status_code=422, key=uuid4().hex,
                      source_id=form.get("source_id"))
    return RedirectResponse(f"/documents/{doc.id}", status_code=303)


@router.get("/verify/{document_id}", response_class=HTMLResponse)
def verify(request: Request, document_id: UUID, h: str | None = None) -> HTMLResponse:
    return render(request, "documents/verify.html", result=service.verify(document_id, h))


@router.get("/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: UUID) -> HTMLResponse:
    return render(request, "documents/document.html", doc=service.get_document(document_id))


@router.get("/{document_id}/pdf")
def document_pdf(document_id: UUID, download: bool = False) -> Response:
    doc, content = service.pdf_bytes(document_id, "pdf")
    return pdf_response(content, f"{doc.number.replace('/', '-')}-{doc.lang}.pdf", inline=not download)


@router.get("/{document_id}/docx")
def document_docx(document_id: UUID) -> Response:
    doc, content = service.pdf_bytes(document_id, "docx")
    return docx_response(content, f"{doc.number.replace('/', '-')}-{doc.lang}.docx")
