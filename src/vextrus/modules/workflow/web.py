"""Pages: the approval inbox (mine, delegated, overdue), an approval's timeline with approve/reject/
comment, and the workflows with a live "which steps would this document need?" preview and an editor.

The definition editor is a form (one fieldset a step: names, when it is needed, who approves with the
picker of that kind, quorum, amount limit, timeout and its action; add, remove, move up/down re-render the
form through htmx without saving); saving goes through `service.save_definition`, the call the JSON editor
("advanced", `?advanced=1`) and REST use. A refusal is shown at the input its field path names
(`steps[2].approver.role` → the role picker of step 3), and nothing is saved."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from vextrus.platform import forms, runtime
from vextrus.platform.errors import DomainError
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import service
from .domain import WorkflowError
from .schemas import ApproverModel, DefinitionInput, StepModel

router = APIRouter(prefix="/workflow", include_in_schema=False)

STEP_FIELDS = ("key", "name", "name_bn", "cond_kind", "amount_over", "condition", "kind", "role", "project_role",
               "quorum", "limit_permission", "timeout", "timeout_unit", "timeout_action", "with_previous")
EDITOR_FIELDS = {"csrf_token", "version", "name", "name_bn", "mode", "sod_rule_set", "active", "note", "op",
                 "step_count", "steps", "advanced", "lang"}
MAX_STEPS = 30
AMOUNT_OVER = re.compile(r"\s*amount\s*>\s*([0-9]+(?:\.[0-9]+)?)\s*")
KEY = re.compile(r"[a-z0-9][a-z0-9_]{0,39}")
# where a refusal's field path (after `steps[i].`) is shown: the input of that step
_INPUT_OF = {"approver.role": "role", "approver.user_ids": "user_ids", "approver.project_role": "project_role",
             "approver.kind": "kind", "approver": "kind", "condition": "condition", "quorum": "quorum",
             "timeout_hours": "timeout", "timeout_action": "timeout_action", "key": "name", "name": "name",
             "name_bn": "name_bn", "limit_permission": "limit_permission"}


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


# ---- the definition editor: rows (what the form holds) <-> steps (what the service takes) ----------------------


def _blank_row() -> dict[str, Any]:
    return {"key": "", "name": "", "name_bn": "", "cond_kind": "always", "amount_over": "", "condition": "",
            "kind": "role", "role": "", "project_role": "", "quorum": "any", "limit_permission": "",
            "timeout": "", "timeout_unit": "days", "timeout_action": "remind", "with_previous": "", "user_ids": []}


def _row_of(s: StepModel) -> dict[str, Any]:
    cond = s.condition.strip()
    m = AMOUNT_OVER.fullmatch(cond)
    cond_kind = "always" if cond in ("", "true") else ("amount" if m else "cel")
    hours = s.timeout_hours
    days = hours is not None and hours % 24 == 0
    return {"key": s.key, "name": s.name, "name_bn": s.name_bn, "cond_kind": cond_kind,
            "amount_over": _plain(Decimal(m.group(1))) if m else "", "condition": cond if cond_kind == "cel" else "",
            "kind": s.approver.kind, "role": s.approver.role or "", "project_role": s.approver.project_role or "",
            "quorum": s.quorum, "limit_permission": s.limit_permission or "",
            "timeout": "" if hours is None else str(hours // 24 if days else hours),
            "timeout_unit": "days" if days or hours is None else "hours", "timeout_action": s.timeout_action,
            "with_previous": "1" if s.with_previous else "", "user_ids": [str(u) for u in s.approver.user_ids]}


def _plain(d: Decimal) -> str:
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")


def _rows_of_form(form: FormData) -> list[dict[str, Any]]:
    try:
        count = min(int(str(form.get("step_count") or "0")), MAX_STEPS)
    except ValueError:
        count = 0
    rows = []
    for i in range(max(count, 0)):
        row = {f: str(form.get(f"steps-{i}-{f}") or "").strip() for f in STEP_FIELDS}
        row["user_ids"] = [str(u) for u in form.getlist(f"steps-{i}-user_ids") if str(u)]
        rows.append(row)
    return rows


def _apply(rows: list[dict[str, Any]], op: str) -> list[dict[str, Any]]:
    """add / remove-i / up-i / down-i / refresh (a changed approver kind shows its picker)."""
    rows = list(rows)
    what, _, at = op.partition("-")
    i = int(at) if at.isdigit() else -1
    if what == "add" and len(rows) < MAX_STEPS:
        rows.append(_blank_row())
    elif what == "remove" and 0 <= i < len(rows):
        rows.pop(i)
    elif what == "up" and 0 < i < len(rows):
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif what == "down" and 0 <= i < len(rows) - 1:
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    return rows


def _key(row: dict[str, Any], i: int, used: set[str]) -> str:
    key = row["key"] if KEY.fullmatch(row["key"] or "") else \
        re.sub(r"[^a-z0-9]+", "_", row["name"].lower()).strip("_")[:36] or f"step_{i + 1}"
    if not KEY.fullmatch(key):
        key = f"step_{i + 1}"
    base, n = key, 2
    while key in used:
        key, n = f"{base[:36]}_{n}", n + 1
    used.add(key)
    return key


def _condition(row: dict[str, Any], i: int) -> str:
    at, n_bn = f"steps[{i}].condition", to_bangla_digits(str(i + 1))
    if row["cond_kind"] == "amount":
        amount = forms.decimal(row["amount_over"], at, label=f"Step {i + 1}: amount above",
                               label_bn=f"ধাপ {n_bn}: যে পরিমাণের বেশি হলে", required=True)
        if amount is None or amount < 0:
            raise WorkflowError("step_amount_invalid", f"Step {i + 1}: the amount is zero or more",
                                f"ধাপ {n_bn}: পরিমাণ শূন্য বা তার বেশি হতে হবে", field=at)
        whole = amount == amount.to_integral_value()
        return f"amount > {int(amount)}.0" if whole else f"amount > {format(amount.normalize(), 'f')}"
    if row["cond_kind"] == "cel":
        if not row["condition"]:
            raise WorkflowError("step_condition_missing", f"Step {i + 1}: write the condition",
                                f"ধাপ {n_bn}: শর্তটি লিখুন", field=at)
        return row["condition"]
    return "true"


def _timeout(row: dict[str, Any], i: int) -> int | None:
    at, n_bn = f"steps[{i}].timeout_hours", to_bangla_digits(str(i + 1))
    n = forms.integer(row["timeout"], at, label=f"Step {i + 1}: timeout", label_bn=f"ধাপ {n_bn}: সময়সীমা")
    if n is None:
        return None
    hours = n * 24 if row["timeout_unit"] != "hours" else n
    if n <= 0 or hours > 24 * 90:
        raise WorkflowError("step_timeout_invalid", f"Step {i + 1}: the timeout is a whole number of days or hours "
                            "above zero, at most 90 days", f"ধাপ {n_bn}: সময়সীমা শূন্যের বেশি পূর্ণ দিন বা ঘণ্টা, "
                            "সর্বোচ্চ ৯০ দিন", field=at, details={"value": row["timeout"]})
    return hours


def _steps_of(rows: list[dict[str, Any]]) -> list[StepModel]:
    """The steps a form holds, or a field-pathed refusal (English and Bangla) of the first bad value."""
    used: set[str] = set()
    steps = []
    for i, row in enumerate(rows):
        n_bn = to_bangla_digits(str(i + 1))
        if not row["name"]:
            raise WorkflowError("step_name_missing", f"Step {i + 1}: give the step a name",
                                f"ধাপ {n_bn}: ধাপের একটি নাম দিন", field=f"steps[{i}].name")
        user_ids = []
        for raw in row["user_ids"] if row["kind"] == "user" else []:
            try:
                user_ids.append(UUID(raw))
            except ValueError:
                raise WorkflowError("approver_user_unknown", f"Step {i + 1}: pick the approvers from the list",
                                    f"ধাপ {n_bn}: তালিকা থেকে অনুমোদনকারী বেছে নিন",
                                    field=f"steps[{i}].approver.user_ids") from None
        approver = {"kind": row["kind"], "role": row["role"] or None if row["kind"] == "role" else None,
                    "user_ids": user_ids,
                    "project_role": row["project_role"] or None if row["kind"] == "project_role" else None}
        try:
            steps.append(StepModel(key=_key(row, i, used), name=row["name"], name_bn=row["name_bn"],
                                   condition=_condition(row, i), approver=ApproverModel(**approver),
                                   quorum=row["quorum"] or "any", limit_permission=row["limit_permission"] or None,
                                   timeout_hours=_timeout(row, i), timeout_action=row["timeout_action"] or "remind",
                                   with_previous=i > 0 and row["with_previous"] == "1"))
        except ValidationError as exc:
            raise forms.explain([{**e, "loc": ("steps", i, *e["loc"])} for e in exc.errors()]) from None
    return steps


def input_of(field: str | None) -> str | None:
    """The id of the input a refusal's field path names: `steps[2].approver.role` → `steps-2-role`."""
    if not field:
        return None
    m = re.fullmatch(r"steps\[(\d+)\]\.?(.*)", field)
    if m:
        return f"steps-{m.group(1)}-{_INPUT_OF.get(m.group(2), 'name')}"
    return field if field in ("name", "name_bn", "mode", "sod_rule_set", "note", "steps") else None


def _pickers() -> dict[str, Any]:
    projects = None
    if "projects" in runtime.current().registry.names:
        from vextrus.modules.projects import api as projects_api

        projects = [(code, en, bn) for code, (en, bn) in projects_api.TEAM_ROLES.items()]
    return {"roles": service.company_roles() or [], "users": service.company_users(), "team_roles": projects or []}


def _definition_page(request: Request, code: str, **values: Any) -> HTMLResponse:
    d = service.get_definition(code)
    values.setdefault("steps_json", json.dumps([s.model_dump(mode="json") for s in d.steps], ensure_ascii=False,
                                               indent=2))
    values.setdefault("rows", [_row_of(s) for s in d.steps])
    values.setdefault("head", {"name": d.name, "name_bn": d.name_bn, "mode": d.mode,
                               "sod_rule_set": d.sod_rule_set or "", "active": d.active, "note": ""})
    from vextrus.modules.rules import api as rules

    values.setdefault("advanced", request.query_params.get("advanced") == "1")
    return render(request, "workflow/definition.html", d=d, fields=rules.subject_view(d.subject).fields,
                  **_pickers(), **values)


@router.get("/definitions/{code}", response_class=HTMLResponse)
def definition(request: Request, code: str) -> HTMLResponse:
    return _definition_page(request, code)


_BLANK = {"money": "0", "number": "0", "int": "0", "string": "", "bool": False, "list": []}


def _preview_data(form: FormData, subject: str) -> dict[str, Any]:
    """The sample document of the preview form: a value per declared field; a blank one is empty or zero (the
    preview asks "which steps for this amount?" without making the administrator type every field)."""
    from vextrus.modules.rules import api as rules

    data: dict[str, Any] = {}
    for f in rules.subject_view(subject).fields:
        raw = str(form.get(f.name) or "").strip()
        if f.type == "bool":
            data[f.name] = raw in ("on", "true", "1")
        elif f.type == "list":
            data[f.name] = [x.strip() for x in raw.split(",") if x.strip()]
        elif raw:
            data[f.name] = raw
        elif f.name == "currency":
            data[f.name] = "BDT"
        elif not f.nullable and f.type in _BLANK:
            data[f.name] = _BLANK[f.type]
    return data


@router.post("/definitions/{code}/preview", response_class=HTMLResponse)
def preview(request: Request, code: str, form: FormBody) -> HTMLResponse:
    try:
        d = service.get_definition(code)
        data = _preview_data(form, d.subject)
        if "step_count" in form:  # the editor's current form, not saved yet
            steps = service.preview_draft(d.subject, _steps_of(_rows_of_form(form)), data)
        else:
            steps = service.preview(code, data)
        return render(request, "workflow/_preview.html", steps=steps)
    except DomainError as exc:
        return render(request, "workflow/_preview.html", error=error_text(request, exc), field=exc.field,
                      status_code=422)


def _head_of_form(form: FormData, d: Any) -> dict[str, Any]:
    return {"name": str(form.get("name") or d.name), "name_bn": str(form.get("name_bn") or d.name_bn),
            "mode": str(form.get("mode") or d.mode), "sod_rule_set": str(form.get("sod_rule_set") or ""),
            "active": form.get("active") == "on", "note": str(form.get("note") or "")}


@router.post("/definitions/{code}/edit", response_class=HTMLResponse)
def edit(request: Request, code: str, form: FormBody) -> HTMLResponse:
    d = service.get_definition(code)
    head = _head_of_form(form, d)
    as_json = "steps" in form and "step_count" not in form  # the advanced (JSON) editor
    rows = [] if as_json else _rows_of_form(form)
    op = str(form.get("op") or "save")
    if not as_json and op != "save":  # add / remove / move / refresh: the form again, nothing saved
        return _definition_page(request, code, rows=_apply(rows, op), head=head)
    text = str(form.get("steps", ""))
    try:
        if as_json:
            try:
                steps = [StepModel.model_validate(s) for s in json.loads(text)]
            except (ValueError, TypeError) as exc:
                raise DomainError("steps_json_invalid", f"The steps are not valid: {str(exc)[:160]}",
                                  "ধাপগুলো বৈধ নয়", field="steps") from None
        else:
            steps = _steps_of(rows)
        data = DefinitionInput(subject=d.subject, name=head["name"], name_bn=head["name_bn"], mode=head["mode"],
                               steps=steps, sod_rule_set=head["sod_rule_set"] or None, active=head["active"],
                               note=head["note"])
        service.save_definition(code, data, int(str(form.get("version") or d.version)))
    except DomainError as exc:
        values: dict[str, Any] = {"steps_json": text, "advanced": True} if as_json else {"rows": rows}
        return _definition_page(request, code, edit_error=error_text(request, exc), edit_field=exc.field,
                                edit_at=input_of(exc.field), edit_details=exc.details, head=head,
                                status_code=exc.status if exc.status >= 400 else 422, **values)
    return _definition_page(request, code, saved=True)
