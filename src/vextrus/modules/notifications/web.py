"""Pages: the notification centre (the bell's list, mark read), one's preferences, and for administrators
the template editor with a preview in both languages and the delivery log with its dead letters."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import service
from .domain import catalogue
from .schemas import PreferenceInput, TemplateInput

router = APIRouter(prefix="/notifications", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def centre(request: Request, unread: bool = False) -> HTMLResponse:
    return render(request, "notifications/centre.html", box=service.inbox(unread), unread_only=unread)


@router.get("/bell", response_class=HTMLResponse)
def bell(request: Request) -> HTMLResponse:
    """The header's bell (loaded by htmx on every page): the unread count."""
    ctx = context.current()
    count = service.unread_count() if ctx.user_id and ctx.can("notifications.inbox.read") else 0
    return render(request, "notifications/_bell_count.html", count=count)


@router.post("/read")
def mark_read(request: Request, id: UUID | None = Form(None)) -> Response:  # noqa: A002 - the form field
    service.mark_read([id] if id else None)
    return RedirectResponse("/notifications", status_code=303)


@router.get("/preferences", response_class=HTMLResponse)
def preferences(request: Request, saved: bool = False) -> HTMLResponse:
    return render(request, "notifications/preferences.html", prefs=service.my_preferences(), saved=saved,
                  modes=catalogue.MODES)


@router.post("/preferences", response_class=HTMLResponse)
def save_preferences(request: Request, form: FormBody) -> Response:
    items = [PreferenceInput(event=k.split("|")[0], channel=k.split("|")[1], mode=str(v))
             for k, v in form.items() if "|" in k]
    try:
        service.set_preferences(items)
    except DomainError as exc:
        prefs = service.my_preferences()
        return render(request, "notifications/preferences.html", prefs=prefs, modes=catalogue.MODES,
                      error=error_text(request, exc), status_code=exc.status)
    return RedirectResponse("/notifications/preferences?saved=1", status_code=303)


@router.get("/templates", response_class=HTMLResponse)
def templates(request: Request) -> HTMLResponse:
    return render(request, "notifications/templates.html", templates=service.list_templates(),
                  events=catalogue.EVENTS)


def _editor(request: Request, event: str, channel: str, **values: object) -> HTMLResponse:
    spec = catalogue.spec(event)
    en = values.pop("en", None) or service.get_template(event, channel, "en")
    bn = values.pop("bn", None) or service.get_template(event, channel, "bn")
    preview = values.pop("preview", None)
    if preview is None:
        try:
            preview = service.preview(event, channel)
        except DomainError:
            preview = None
    return render(request, "notifications/template.html", spec=spec, event=event, channel=channel, en=en, bn=bn,
                  preview=preview, sample=sorted((spec.sample if spec else {}).keys()), **values)


@router.get("/templates/{event}/{channel}", response_class=HTMLResponse)
def template(request: Request, event: str, channel: str) -> HTMLResponse:
    return _editor(request, event, channel)


@router.post("/templates/{event}/{channel}/preview", response_class=HTMLResponse)
def preview(request: Request, event: str, channel: str, en_subject: str = Form(""), en_body: str = Form(""),
            bn_subject: str = Form(""), bn_body: str = Form("")) -> HTMLResponse:
    """The live preview fragment: both languages as typed, with the event's sample values."""
    try:
        p = service.preview(event, channel, TemplateInput(subject=en_subject, body=en_body),
                            TemplateInput(subject=bn_subject, body=bn_body))
        return render(request, "notifications/_preview.html", preview=p)
    except DomainError as exc:
        return render(request, "notifications/_preview.html", preview=None, error=error_text(request, exc),
                      status_code=422)


@router.post("/templates/{event}/{channel}", response_class=HTMLResponse)
def save_template(request: Request, event: str, channel: str, en_subject: str = Form(""), en_body: str = Form(""),
                  bn_subject: str = Form(""), bn_body: str = Form(""), en_version: int = Form(0),
                  bn_version: int = Form(0)) -> Response:
    try:
        for loc, subject, body, version in (("en", en_subject, en_body, en_version),
                                            ("bn", bn_subject, bn_body, bn_version)):
            current = service.get_template(event, channel, loc)
            if (current.subject, current.body) != (subject, body):
                service.save_template(event, channel, loc, TemplateInput(subject=subject, body=body), version or None)
    except DomainError as exc:
        return _editor(request, event, channel, error=error_text(request, exc), status_code=exc.status)
    return RedirectResponse(f"/notifications/templates/{event}/{channel}?saved=1", status_code=303)


@router.get("/deliveries", response_class=HTMLResponse)
def deliveries(request: Request, status: str | None = None, channel: str | None = None) -> HTMLResponse:
    return render(request, "notifications/deliveries.html", rows=service.deliveries(status or None, channel or None),
                  status=status or "", channel=channel or "")


@router.post("/deliveries/{delivery_id}/retry")
def retry(request: Request, delivery_id: UUID) -> Response:
    service.retry(delivery_id)
    return RedirectResponse("/notifications/deliveries?status=dead", status_code=303)
