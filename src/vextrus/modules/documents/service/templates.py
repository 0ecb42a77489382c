"""A tenant's own document templates, edited in the browser: each save is checked (it compiles in the sandbox
and renders the type's sample data in its language) and kept as a new revision; the latest is used for every
document, preview and sample of that type and language; an empty save goes back to the shipped template."""

from __future__ import annotations

import jinja2
from jinja2.exceptions import SecurityError
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.uow import UnitOfWork, command, query

from .. import doc_types, rendering
from ..events import TemplateSaved
from ..schemas import TemplateInput, TemplateRevision, TemplateView
from ..tables import Template

VIEW, MANAGE = "documents.template.view", "documents.template.manage"


def _rows(uow: UnitOfWork, doc_type: str, lang: str) -> list[Template]:
    return list(uow.session.scalars(select(Template).where(Template.doc_type == doc_type, Template.lang == lang)
                                    .order_by(Template.revision.desc())))


def current_body(uow: UnitOfWork, doc_type: str, lang: str) -> str | None:
    """The tenant's own text in use for this type and language, or None for the shipped template."""
    body = uow.session.scalar(select(Template.body).where(Template.doc_type == doc_type, Template.lang == lang)
                              .order_by(Template.revision.desc()).limit(1))
    return body or None


def _editable(doc_type: str, lang: str) -> str:
    t = doc_types.get(doc_type)
    doc_types.check_lang(lang)
    shipped = rendering.packaged_source(doc_type, lang) if t.output == "pdf" else None
    if shipped is None:
        raise ValidationFailed("documents.template_not_editable",
                               f"'{doc_type}' documents are made as Word files, without an HTML template",
                               f"{t.title_bn} দলিল ওয়ার্ড ফাইল হিসেবে তৈরি হয়, এর কোনো এইচটিএমএল টেমপ্লেট নেই",
                               field="doc_type")
    return shipped


def _view(uow: UnitOfWork, doc_type: str, lang: str, shipped: str) -> TemplateView:
    rows = _rows(uow, doc_type, lang)
    latest = rows[0] if rows else None
    return TemplateView(
        doc_type=doc_type, lang=lang, revision=latest.revision if latest else 0, own=bool(latest and latest.body),
        body=(latest.body if latest and latest.body else shipped), shipped_body=shipped,
        history=[TemplateRevision(revision=r.revision, saved_by=r.saved_by, saved_at=r.created_at, note=r.note,
                                  restored_default=not r.body) for r in rows])


@query(VIEW)
def get_template(uow: UnitOfWork, doc_type: str, lang: str) -> TemplateView:
    return _view(uow, doc_type, lang, _editable(doc_type, lang))


def check_template(doc_type: str, lang: str, body: str) -> None:
    """Refuse a text that does not compile in the sandbox or does not render the type's sample data, naming
    the line (`documents.template_syntax`, `documents.template_render`, field `body`)."""
    from .generation import sample_values

    try:
        template = rendering.compile_source(body)
    except jinja2.TemplateSyntaxError as exc:
        raise ValidationFailed("documents.template_syntax", f"The template does not compile, line {exc.lineno}: {exc.message}",
                               f"টেমপ্লেটটি চালু করা যায়নি, লাইন {to_bangla_digits(str(exc.lineno))}: লেখাটি দেখে আবার দিন", field="body",
                               details={"line": exc.lineno}) from None
    try:
        template.render(lang=lang, **sample_values(doc_type, lang))
    except SecurityError as exc:
        raise ValidationFailed("documents.template_unsafe", f"The template reaches what templates may not: {exc}",
                               "টেমপ্লেটটি নিষিদ্ধ কিছু ব্যবহার করেছে", field="body") from None
    except Exception as exc:  # noqa: BLE001 - any failure of a typed template is the user's to fix, in words
        raise ValidationFailed("documents.template_render",
                               f"The template fails on the sample data: {type(exc).__name__}: {exc}",
                               "নমুনা তথ্যে টেমপ্লেটটি ব্যর্থ: অজানা নাম বা ভুল ব্যবহার দেখে আবার দিন", field="body",
                               details={"error": type(exc).__name__}) from None


@command(MANAGE, scope="documents.save_template")
def save_template(uow: UnitOfWork, doc_type: str, lang: str, data: TemplateInput) -> TemplateView:
    """Save a new revision (checked first); an empty body restores the shipped template."""
    shipped = _editable(doc_type, lang)
    rows = _rows(uow, doc_type, lang)
    revision = rows[0].revision if rows else 0
    if data.expected_revision is not None and data.expected_revision != revision:
        name = rows[0].saved_by  # who saved it, as stored
        raise Conflict("stale_version", f"The template was saved by {rows[0].saved_by} meanwhile (revision {revision})",
                       f"এর মধ্যে {name} টেমপ্লেটটি সংরক্ষণ করেছেন (সংস্করণ {to_bangla_digits(str(revision))})",
                       field="expected_revision", details={"revision": revision})
    body = data.body.replace("\r\n", "\n")
    if body.strip() == shipped.strip():
        body = ""  # the shipped text saved as it is: use the shipped template (and follow its updates)
    if body:
        check_template(doc_type, lang, body)
    row = Template(tenant_id=context.require_tenant(), doc_type=doc_type, lang=lang, revision=revision + 1,
                   body=body, note=data.note.strip(), saved_by=context.current().actor[:120])
    uow.session.add(row)
    uow.session.flush()
    uow.emit(TemplateSaved(doc_type=doc_type, lang=lang, revision=row.revision, restored_default=not body,
                           characters=len(body)))
    return _view(uow, doc_type, lang, shipped)


@query(VIEW, scope="documents.preview_template")
def preview_template(uow: UnitOfWork, doc_type: str, lang: str, body: str) -> bytes:
    """The type's sample rendered with an unsaved text (checked as a save would be): a PDF, nothing stored."""
    _editable(doc_type, lang)
    if body.strip():
        check_template(doc_type, lang, body)
    from .generation import sample_values

    return rendering.render_pdf(doc_type, lang, sample_values(doc_type, lang), body.strip() and body or None)
