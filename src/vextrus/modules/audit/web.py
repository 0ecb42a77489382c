"""Pages: audit search (filters, free text, export), one object's history (a full page, or with
`fragment=1` the table alone for another page's history tab), chain check, retention and archives."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, register_link, render

from . import api, service
from .schemas import AuditSearch, RetentionPolicyInput

router = APIRouter(prefix="/audit", include_in_schema=False)
register_link("history", "audit", api.history_url)  # the History tab on other modules' object pages
FIELDS = ("object_type", "object_id", "actor", "action", "date_from", "date_to", "q")


def _criteria(request: Request) -> tuple[AuditSearch, dict[str, str]]:
    raw = {k: request.query_params.get(k, "").strip()[:200] for k in FIELDS}

    def day(v: str) -> date | None:
        try:
            return date.fromisoformat(v) if v else None
        except ValueError:
            return None
    return AuditSearch(object_type=raw["object_type"] or None, object_id=raw["object_id"] or None,
                       actor=raw["actor"] or None, action=raw["action"] or None, date_from=day(raw["date_from"]),
                       date_to=day(raw["date_to"]), text=raw["q"] or None), raw


@router.get("", response_class=HTMLResponse)
def index(request: Request, after: str | None = None) -> HTMLResponse:
    criteria, raw = _criteria(request)
    query = urlencode({k: v for k, v in raw.items() if v})  # the search again, for export and next-page links
    try:
        page = service.search(criteria, after=after, limit=50)
        error = None
    except PermissionDenied:
        raise
    except (DomainError, ValidationError) as exc:
        page, error = None, error_text(request, exc) if isinstance(exc, DomainError) else str(exc)
    return render(request, "audit/index.html", page=page, form=raw, query=query, error=error)


@router.get("/history", response_class=HTMLResponse)
def history(request: Request, object_type: str = Query(max_length=120), object_id: str = Query(max_length=120),
            after: str | None = None, fragment: bool = False) -> HTMLResponse:
    page = service.history(object_type, object_id, after=after, limit=100)
    values: dict[str, Any] = {"page": page, "object_type": object_type, "object_id": object_id}
    return render(request, "audit/_history.html" if fragment else "audit/history.html", **values)


@router.get("/export")
def export(request: Request, format: str = Query("csv", pattern="^(csv|xlsx)$")) -> Response:
    criteria, _raw = _criteria(request)
    content, media, name = service.export(criteria, format)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/verify", response_class=HTMLResponse)
def verify(request: Request) -> HTMLResponse:
    return render(request, "audit/verify.html", report=service.verify())


@router.get("/retention", response_class=HTMLResponse)
def retention(request: Request, saved: str | None = None) -> HTMLResponse:
    return render(request, "audit/retention.html", policies=service.retention_policies(),
                  archives=service.archives(), saved=saved)


@router.post("/retention", response_class=HTMLResponse, response_model=None)
def set_policy(request: Request, form: FormBody) -> Response:
    try:
        data = RetentionPolicyInput(pattern=str(form.get("pattern", "")), live_days=int(str(form.get("live_days", "0"))),
                                    retain_years=int(str(form.get("retain_years", "0"))))
        service.set_retention_policy(data, idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return render(request, "audit/retention.html", policies=service.retention_policies(),
                      archives=service.archives(), error=error_text(request, exc), status_code=422)
    except ValueError:
        return render(request, "audit/retention.html", policies=service.retention_policies(),
                      archives=service.archives(), error_key="audit.whole_numbers", status_code=422)
    return RedirectResponse("/audit/retention?saved=policy", status_code=303)


@router.post("/archives", response_model=None)
def archive_now(request: Request, form: FormBody) -> Response:
    service.archive_now(idempotency_key=str(form.get("idempotency_key") or "") or None)
    return RedirectResponse("/audit/retention?saved=archive", status_code=303)
