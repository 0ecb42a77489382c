"""Generate a document: validate its data (the type's model) → number it → render the PDF in the chosen
language with the company's letterhead, the amount in words and a QR code linking to its verification
page → store the PDF as an immutable file (files module) → record the document with the hash of the
data it was made from. Previews render the same way without numbering or storing anything."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from vextrus.modules.files import api as files
from vextrus.modules.organization import api as organization
from vextrus.platform import clock, context, forms, runtime
from vextrus.platform.errors import NotFound, PermissionDenied
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork, command, query

from .. import MODULE, doc_types, docx_render, rendering
from ..domain import DocumentMissing, FormatNotOffered
from ..domain.hashing import data_hash
from ..domain.numbering import document_number, fiscal_year_label
from ..domain.words import amount_in_words
from ..events import DocumentGenerated
from ..schemas import DocumentTypeView, DocumentView, Verification
from ..tables import Document, Sequence

VIEW, CREATE = "documents.document.view", "documents.document.create"
TEMPLATE_VIEW = "documents.template.view"
OBJECT_TYPE = "documents.document"

files.register_object_type(files.ObjectType(OBJECT_TYPE, VIEW, CREATE, "Document", "দলিল"))


def _parse(t: doc_types.DocumentType, data: dict[str, Any] | BaseModel) -> BaseModel:
    if isinstance(data, t.model):
        return data
    try:
        return t.model.model_validate(data if isinstance(data, dict) else data.model_dump())
    except ValidationError as exc:
        raise forms.explain(list(exc.errors())) from None


def _doc_date(model: BaseModel) -> date:
    for name in ("voucher_date", "doc_date", "date"):
        value = getattr(model, name, None)
        if isinstance(value, date):
            return value
    return clock.today()


def _company_id() -> UUID | None:
    ctx = context.current()
    if ctx.company_id is not None:
        return ctx.company_id
    with context.calling_as(MODULE):
        companies = organization.list_companies()
    return companies[0].id if companies else None


def letterhead(company_id: UUID | None) -> dict[str, Any]:
    """The company's name (both languages), address, BIN and TIN, and its logo when one is attached to
    the company (an image file whose name starts with "logo")."""
    company = organization.get_company(company_id) if company_id else None
    if company is None:
        return {"name": "", "name_bn": "", "address": "", "bin": "", "tin": "", "logo": None}
    logo = None
    try:
        with context.calling_as(MODULE):
            for f in files.list_files("organization.company", company.id):
                v = f.versions[-1]
                if f.name.lower().startswith("logo") and v.content_type in ("image/png", "image/jpeg") \
                        and v.size <= 512 * 1024:
                    import base64

                    logo = f"data:{v.content_type};base64," + base64.b64encode(files.read(f.id)).decode()
                    break
    except PermissionDenied:
        logo = None
    return {"name": company.name, "name_bn": company.name_bn or company.name, "address": company.address or "",
            "bin": company.bin or "", "tin": company.tin or "", "logo": logo}


def verify_url(document_id: UUID, digest: str) -> str:
    base = (runtime.current().settings.base_url or "").rstrip("/")
    return f"{base}/documents/verify/{document_id}?h={digest[:16]}"


def _values(t: doc_types.DocumentType, lang: str, model: BaseModel, number: str, document_id: UUID | None,
            digest: str, company: dict[str, Any]) -> dict[str, Any]:
    totals = t.totals(model)
    total = totals.get("total")
    currency = getattr(model, "currency", "BDT")
    url = verify_url(document_id, digest) if document_id else None
    return {
        "company": company, "data": model, "number": number, "doc_type": t, "draft": document_id is None,
        "total": total, **totals,
        "words": amount_in_words(total, lang, currency) if total is not None else "",
        "words_en": amount_in_words(total, "en", currency) if total is not None else "",
        "qr": rendering.qr_png(url) if url else None, "verify_url": url, "data_hash": digest,
    }


def _render(uow: UnitOfWork, t: doc_types.DocumentType, lang: str, values: dict[str, Any]) -> bytes:
    """The type's output: a PDF from its HTML template (the tenant's own, when one was saved), or a Word
    file (docx_render)."""
    if t.output == "docx":
        return docx_render.render_docx(t, lang, values)
    from .templates import current_body

    return rendering.render_pdf(t.code, lang, values, current_body(uow, t.code, lang))


def _offered(t: doc_types.DocumentType, fmt: str) -> None:
    if t.output != fmt:
        raise FormatNotOffered(t.code, fmt, t.output)


def _next_serial(uow: UnitOfWork, company_id: UUID | None, doc_type: str, fiscal_year: str) -> int:
    # FOR UPDATE: two people generating at once take turns for the next serial (PostgreSQL; SQLite's
    # writers already take turns) instead of one of them getting a stale-version error
    seq = uow.session.scalar(select(Sequence).where(Sequence.company_id.is_(None) if company_id is None
                                                    else Sequence.company_id == company_id,
                                                    Sequence.doc_type == doc_type,
                                                    Sequence.fiscal_year == fiscal_year).with_for_update())
    if seq is None:
        seq = Sequence(tenant_id=context.require_tenant(), company_id=company_id, doc_type=doc_type,
                       fiscal_year=fiscal_year, last=0)
        uow.session.add(seq)
    seq.last += 1
    uow.session.flush()
    return seq.last


def generate(doc_type: str, lang: str, data: dict[str, Any] | BaseModel, source_type: str | None = None,
             source_id: UUID | None = None, idempotency_key: str | None = None) -> DocumentView:
    """Number, render and store a document (`documents.document.create`)."""
    t = doc_types.get(doc_type)
    doc_types.check_lang(lang)
    model = _parse(t, data)
    return _generate(doc_type, lang, model.model_dump(mode="json"), source_type or t.source_type, source_id,
                     idempotency_key=idempotency_key)


@command(CREATE, scope="documents.generate")
def _generate(uow: UnitOfWork, doc_type: str, lang: str, data: dict[str, Any], source_type: str | None,
              source_id: UUID | None) -> DocumentView:
    ctx = context.current()
    t = doc_types.get(doc_type)
    model = _parse(t, data)
    digest = data_hash(data)
    day = _doc_date(model)
    company_id = _company_id()
    number = document_number(t.prefix, day, _next_serial(uow, company_id, doc_type, fiscal_year_label(day)))
    document_id = new_id()
    content = _render(uow, t, lang, _values(t, lang, model, number, document_id, digest, letterhead(company_id)))
    with context.calling_as(MODULE):
        stored = files.store_immutable(OBJECT_TYPE, document_id, f"{number.replace('/', '-')}-{lang}.{t.output}", content,
                                       note=f"{t.title} {number}")
    row = Document(id=document_id, tenant_id=ctx.require_tenant(), company_id=company_id, doc_type=doc_type,
                   lang=lang, number=number, doc_date=day, title=t.title_bn if lang == "bn" else t.title,
                   data=data, data_hash=digest, file_id=stored.id, pdf_sha256=stored.versions[0].sha256,
                   source_type=source_type if source_id else None, source_id=source_id,
                   created_by=ctx.actor[:120])
    uow.session.add(row)
    uow.session.flush()
    uow.emit(DocumentGenerated(document_id=row.id, doc_type=doc_type, lang=lang, number=number, file_id=stored.id,
                               data_hash=digest, source_type=row.source_type, source_id=source_id))
    return view(row)


@query(CREATE, scope="documents.preview")
def _preview(uow: UnitOfWork, doc_type: str, lang: str, data: dict[str, Any]) -> bytes:
    t = doc_types.get(doc_type)
    model = _parse(t, data)
    draft = "DRAFT" if lang == "en" else "খসড়া"
    return _render(uow, t, lang, _values(t, lang, model, draft, None, data_hash(data), letterhead(_company_id())))


def preview_pdf(doc_type: str, lang: str, data: dict[str, Any] | BaseModel, fmt: str = "pdf") -> bytes:
    """The PDF (or Word file) as it would be generated, marked as a draft: nothing numbered or stored."""
    t = doc_types.get(doc_type)
    doc_types.check_lang(lang)
    _offered(t, fmt)
    return _preview(doc_type, lang, _parse(t, data).model_dump(mode="json"))


@query(TEMPLATE_VIEW, scope="documents.sample")
def sample_pdf(uow: UnitOfWork, doc_type: str, lang: str, fmt: str = "pdf") -> bytes:
    """The template preview: the type's sample data rendered in one language (a PDF, or for Word types
    with `fmt="docx"` a .docx)."""
    t = doc_types.get(doc_type)
    doc_types.check_lang(lang)
    _offered(t, fmt)
    return _render(uow, t, lang, sample_values(doc_type, lang))


def sample_values(doc_type: str, lang: str) -> dict[str, Any]:
    """What a template gets for the type's sample data: the preview's values, and a template's check."""
    t = doc_types.get(doc_type)
    model = t.sample()
    draft = "SAMPLE" if lang == "en" else "নমুনা"
    return _values(t, lang, model, draft, None, data_hash(model.model_dump(mode="json")), letterhead(_company_id()))


@query(VIEW, scope="documents.get")
def get_document(uow: UnitOfWork, document_id: UUID) -> DocumentView:
    return view(_load(uow, document_id))


@query(VIEW, scope="documents.list")
def list_documents(uow: UnitOfWork, doc_type: str | None = None, source_id: UUID | None = None,
                   limit: int = 100) -> list[DocumentView]:
    stmt = select(Document)
    if doc_type:
        stmt = stmt.where(Document.doc_type == doc_type)
    if source_id:
        stmt = stmt.where(Document.source_id == source_id)
    company = context.current().company_id
    if company is not None:
        stmt = stmt.where(Document.company_id == company)
    rows = uow.session.scalars(stmt.order_by(Document.created_at.desc(), Document.id.desc()).limit(min(limit, 500)))
    return [view(r) for r in rows]


@query(VIEW, scope="documents.pdf")
def pdf_bytes(uow: UnitOfWork, document_id: UUID, fmt: str | None = None) -> tuple[DocumentView, bytes]:
    """The stored file (PDF or .docx); with `fmt`, refused (404) when the document is not in that format."""
    row = _load(uow, document_id)
    if fmt is not None:
        _offered(doc_types.get(row.doc_type), fmt)
    with context.calling_as(MODULE):
        return view(row), files.read(row.file_id)


def verify(document_id: UUID, digest_prefix: str | None = None) -> Verification:
    """The QR code's page: is this our document, made from the data it shows? The stored data is hashed
    again and compared with the hash recorded (and printed) when the PDF was made, and the PDF with the
    stored file."""
    try:
        doc, pdf = pdf_bytes(document_id)
    except NotFound:
        return Verification(genuine=False, reason="not_found")
    import hashlib

    if data_hash(doc.data) != doc.data_hash:
        return Verification(genuine=False, document=doc, reason="data_changed")
    if hashlib.sha256(pdf).hexdigest() != doc.pdf_sha256:
        return Verification(genuine=False, document=doc, reason="pdf_changed")
    if digest_prefix and not doc.data_hash.startswith(digest_prefix.lower()):
        return Verification(genuine=False, document=doc, reason="hash_mismatch")
    return Verification(genuine=True, document=doc)


def document_types() -> list[DocumentTypeView]:
    return [document_type_view(t) for t in doc_types.known()]


def document_type_view(t: doc_types.DocumentType) -> DocumentTypeView:
    return DocumentTypeView(code=t.code, title=t.title, title_bn=t.title_bn, prefix=t.prefix,
                            source_type=t.source_type, fields=t.model.model_json_schema(), output=t.output)


def _load(uow: UnitOfWork, document_id: UUID) -> Document:
    row = uow.session.get(Document, document_id)
    company = context.current().company_id
    if row is None or (company is not None and row.company_id not in (None, company)):
        raise DocumentMissing(document_id)
    return row


def view(row: Document) -> DocumentView:
    return DocumentView(id=row.id, doc_type=row.doc_type, lang=row.lang, number=row.number, doc_date=row.doc_date,
                        title=row.title, data=row.data, data_hash=row.data_hash, file_id=row.file_id,
                        pdf_sha256=row.pdf_sha256, source_type=row.source_type, source_id=row.source_id,
                        created_by=row.created_by, created_at=row.created_at,
                        output=doc_types.get(row.doc_type).output if row.doc_type in doc_types.codes() else "pdf",
                        verify_path=f"/documents/verify/{row.id}?h={row.data_hash[:16]}")
