"""Pages: the approval inbox (mine, delegated, overdue), an approval's timeline with approve/reject/
comment, and the workflows with a live "which steps would this document need?" preview and an editor."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform.errors import DomainError
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import service
from .schemas import DefinitionInput, StepModel

router = APIRouter(prefix="/workflow", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def inbox(request: Request) -> HTMLResponse:
    return render(request, "workflow/inbox.html", box=service.inbox())


def _instance_page(request: Request, instance_id: UUID, **values: Any) -> HTMLResponse:
    return render(request, "workflow/instance.html", inst=service.get_instance(instance_id), **values)


@router.get("/instances/{instance_id}", response_class=HTMLResponse)
def instance(request: Request, instance_id: UUID) -> HTMLResponse:
    return _instance_page(request, instance_id)


@router.post("/instances/{instance_id}/decide", response_class=HTMLResponse)
def decide(request: Request, instance_id: UUID, form: FormBody) -> Response:
    action = str(form.get("action", ""))
    text = str(form.get("comment", ""))
    try:
        if action == "comment":
            service.add_comment(instance_id, text)
        elif action == "withdraw":
            service.withdraw(instance_id, text)
        else:
            service.decide(instance_id, action, text)
    except DomainError as exc:
        return _instance_page(request, instance_id, error=error_text(request, exc), status_code=exc.status)
    return RedirectResponse(f"/workflow/instances/{instance_id}", status_code=303)


@router.get("/definitions", response_class=HTMLResponse)
def definitions(request: Request) -> HTMLResponse:
    return render(request, "workflow/definitions.html", definitions=service.list_definitions())


def _definition_page(request: Request, code: str, **values: Any) -> HTMLResponse:
    d = service.get_definition(code)
    values.setdefault("steps_json", json.dumps([s.model_dump(mode="json") for s in d.steps], ensure_ascii=False,
                                               indent=2))
    return render(request, "workflow/definition.html", d=d, **values)


@router.get("/definitions/{code}", response_class=HTMLResponse)
def definition(request: Request, code: str) -> HTMLResponse:
    return _definition_page(request, code)


@router.post("/definitions/{code}/preview", response_class=HTMLResponse)
def preview(request: Request, code: str, form: FormBody) -> HTMLResponse:
    data = {k: str(v) for k, v in form.items() if k != "csrf_token" and str(v) != ""}
    data.setdefault("currency", "BDT")
    try:
        return render(request, "workflow/_preview.html", steps=service.preview(code, data))
    except DomainError as exc:
        return render(request, "workflow/_preview.html", error=error_text(request, exc), field=exc.field,
                      status_code=422)


@router.post("/definitions/{code}/edit", response_class=HTMLResponse)
def edit(request: Request, code: str, form: FormBody) -> HTMLResponse:
    d = service.get_definition(code)
    text = str(form.get("steps", ""))
    try:
        try:
            steps = [StepModel.model_validate(s) for s in json.loads(text)]
        except (ValueError, TypeError) as exc:
            raise DomainError("steps_json_invalid", f"The steps are not valid: {str(exc)[:160]}",
                              "ধাপগুলো বৈধ নয়", field="steps") from None
        data = DefinitionInput(subject=d.subject, name=str(form.get("name") or d.name),
                               name_bn=str(form.get("name_bn") or d.name_bn), mode=str(form.get("mode") or d.mode),
                               steps=steps, sod_rule_set=str(form.get("sod_rule_set") or "") or None,
                               active=form.get("active") == "on", note=str(form.get("note") or ""))
        service.save_definition(code, data, int(str(form.get("version") or d.version)))
    except DomainError as exc:
        return _definition_page(request, code, edit_error=error_text(request, exc), edit_field=exc.field,
                                steps_json=text, status_code=422)
    return _definition_page(request, code, saved=True)
