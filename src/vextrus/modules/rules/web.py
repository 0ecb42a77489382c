"""Pages: rule sets, one rule set with its versions, a test/explain form and an editor (htmx).

The editor is a form (one fieldset a rule: names en/bn, priority, the CEL condition with the subject's declared
fields as help, the outcome's kind and its fields; add, remove, move up/down and a change of kind re-render it
through htmx without saving); saving goes through `service.save_rule_set`, like the JSON editor (kept as
"advanced", `?advanced=1`) and REST. A refusal is shown at the input its field path names (`rules[1].condition`
with its line and column), and nothing is saved."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from vextrus.platform import forms
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import service
from .schemas import OutcomeModel, RuleModel, RuleSetInput

router = APIRouter(prefix="/rules", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return render(request, "rules/index.html", rule_sets=service.list_rule_sets(), subjects=service.list_subjects())


RULE_FIELDS = ("key", "name", "name_bn", "priority", "condition", "kind", "value", "level", "message", "message_bn")
MAX_RULES = 500
KEY = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")
_INPUT_OF = {"condition": "condition", "priority": "priority", "outcome.kind": "kind", "outcome.value": "value",
             "outcome.level": "level", "outcome.message": "message", "outcome.message_bn": "message_bn",
             "outcome": "kind", "key": "name", "name": "name", "name_bn": "name_bn"}


def _row_of(r: RuleModel) -> dict[str, Any]:
    o = r.outcome
    value = "" if o.value is None else (o.value if isinstance(o.value, str) else json.dumps(o.value, ensure_ascii=False))
    return {"key": r.key, "name": r.name, "name_bn": r.name_bn, "priority": str(r.priority), "condition": r.condition,
            "kind": o.kind, "value": value, "level": "" if o.level is None else str(o.level), "message": o.message,
            "message_bn": o.message_bn}


def _blank_row(priority: int) -> dict[str, Any]:
    return {"key": "", "name": "", "name_bn": "", "priority": str(priority), "condition": "", "kind": "value",
            "value": "", "level": "", "message": "", "message_bn": ""}


def _rows_of_form(form: FormData) -> list[dict[str, Any]]:
    try:
        count = min(int(str(form.get("rule_count") or "0")), MAX_RULES)
    except ValueError:
        count = 0
    return [{f: str(form.get(f"rules-{i}-{f}") or "").strip() for f in RULE_FIELDS} for i in range(max(count, 0))]


def _apply(rows: list[dict[str, Any]], op: str) -> list[dict[str, Any]]:
    """add / remove-i / up-i / down-i / refresh (a changed outcome kind shows its fields)."""
    rows = list(rows)
    what, _, at = op.partition("-")
    i = int(at) if at.isdigit() else -1
    if what == "add" and len(rows) < MAX_RULES:
        top = max((int(r["priority"]) for r in rows if r["priority"].lstrip("-").isdigit()), default=0)
        rows.append(_blank_row(top + 10))
    elif what == "remove" and 0 <= i < len(rows):
        rows.pop(i)
    elif what == "up" and 0 < i < len(rows):
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif what == "down" and 0 <= i < len(rows) - 1:
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    return rows


def _key(row: dict[str, Any], i: int, used: set[str]) -> str:
    key = row["key"] if KEY.fullmatch(row["key"] or "") else \
        re.sub(r"[^a-z0-9]+", "_", row["name"].lower()).strip("_")[:70] or f"rule_{i + 1}"
    if not KEY.fullmatch(key):
        key = f"rule_{i + 1}"
    base, n = key, 2
    while key in used:
        key, n = f"{base[:70]}_{n}", n + 1
    used.add(key)
    return key


def _value(raw: str) -> Any:
    """A value outcome as typed: a number, true/false or {...}/[...] as JSON, anything else as text."""
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw


def _rules_of(rows: list[dict[str, Any]]) -> list[RuleModel]:
    used: set[str] = set()
    out = []
    for i, row in enumerate(rows):
        n_bn = to_bangla_digits(str(i + 1))
        priority = forms.integer(row["priority"], f"rules[{i}].priority", label=f"Rule {i + 1}: priority",
                                 label_bn=f"নিয়ম {n_bn}: অগ্রাধিকার")
        if not row["condition"]:
            raise ValidationFailed("rule_condition_missing", f"Rule {i + 1}: write the condition",
                                   f"নিয়ম {n_bn}: শর্তটি লিখুন", field=f"rules[{i}].condition")
        kind = row["kind"]
        level = forms.integer(row["level"], f"rules[{i}].outcome.level", label=f"Rule {i + 1}: approval level",
                              label_bn=f"নিয়ম {n_bn}: অনুমোদনের স্তর") if kind == "approval_level" else None
        outcome = OutcomeModel(kind=kind, value=_value(row["value"]) if kind == "value" else None, level=level,
                               message=row["message"] if kind == "block" else "",
                               message_bn=row["message_bn"] if kind == "block" else "")
        try:
            out.append(RuleModel(key=_key(row, i, used), name=row["name"], name_bn=row["name_bn"],
                                 condition=row["condition"], priority=100 if priority is None else priority,
                                 outcome=outcome))
        except ValidationError as exc:
            raise forms.explain([{**e, "loc": ("rules", i, *e["loc"])} for e in exc.errors()]) from None
    return out


def input_of(field: str | None) -> str | None:
    """The id of the input a refusal's field path names: `rules[1].condition` → `rules-1-condition`."""
    if not field:
        return None
    m = re.fullmatch(r"rules\[(\d+)\]\.?(.*)", field)
    if m:
        return f"rules-{m.group(1)}-{_INPUT_OF.get(m.group(2), 'name')}"
    return field if field in ("name", "name_bn", "mode", "note", "rules") else None


def _page(request: Request, code: str, **values: Any) -> HTMLResponse:
    rs = service.get_rule_set(code)
    subject = service.subject_view(rs.subject)
    values.setdefault("rules_json", json.dumps([r.model_dump() for r in rs.rules], ensure_ascii=False, indent=2))
    values.setdefault("rows", [_row_of(r) for r in rs.rules])
    values.setdefault("head", {"name": rs.name, "name_bn": rs.name_bn, "mode": rs.mode, "active": rs.active,
                               "note": ""})
    values.setdefault("advanced", request.query_params.get("advanced") == "1")
    return render(request, "rules/rule_set.html", rs=rs, subject=subject, **values)


@router.get("/{code}", response_class=HTMLResponse)
def rule_set_page(request: Request, code: str) -> HTMLResponse:
    return _page(request, code)


@router.post("/{code}/test", response_class=HTMLResponse)
def test(request: Request, code: str, form: FormBody) -> HTMLResponse:
    rs = service.get_rule_set(code)
    subject = service.subject_view(rs.subject)
    data: dict[str, Any] = {}
    for f in subject.fields:
        raw = str(form.get(f.name, "")).strip()
        if f.type == "bool":
            data[f.name] = raw in ("on", "true", "1")
        elif f.type == "list":
            data[f.name] = [x.strip() for x in raw.split(",") if x.strip()]
        elif raw != "":
            data[f.name] = raw
    try:
        result = service.test_rule_set(code, data)
        return render(request, "rules/_explain.html", result=result, rs=rs)
    except DomainError as exc:
        return render(request, "rules/_explain.html", error=error_text(request, exc), field=exc.field, rs=rs,
                      status_code=422)


@router.post("/{code}/edit", response_class=HTMLResponse)
def edit(request: Request, code: str, form: FormBody) -> HTMLResponse:
    rs = service.get_rule_set(code)
    head = {"name": str(form.get("name") or rs.name), "name_bn": str(form.get("name_bn") or rs.name_bn),
            "mode": str(form.get("mode") or rs.mode), "active": form.get("active") == "on",
            "note": str(form.get("note") or "")}
    as_json = "rules" in form and "rule_count" not in form  # the advanced (JSON) editor
    rows = [] if as_json else _rows_of_form(form)
    op = str(form.get("op") or "save")
    if not as_json and op != "save":  # add / remove / move / refresh: the form again, nothing saved
        return _page(request, code, rows=_apply(rows, op), head=head)
    text = str(form.get("rules", ""))
    try:
        if as_json:
            try:
                rules = [RuleModel.model_validate(r) for r in json.loads(text)]
            except (ValueError, TypeError) as exc:
                raise DomainError("rules_json_invalid", f"The rules are not valid JSON: {str(exc)[:120]}",
                                  "নিয়মগুলো বৈধ জেসন নয়", field="rules") from None
        else:
            rules = _rules_of(rows)
        data = RuleSetInput(subject=rs.subject, name=head["name"], name_bn=head["name_bn"], mode=head["mode"],
                            rules=rules, active=head["active"], note=head["note"])
        service.save_rule_set(code, data, int(str(form.get("version") or rs.version)))
    except DomainError as exc:
        values: dict[str, Any] = {"rules_json": text, "advanced": True} if as_json else {"rows": rows}
        return _page(request, code, edit_error=error_text(request, exc), edit_field=exc.field,
                     edit_at=input_of(exc.field), edit_details=exc.details, head=head,
                     status_code=exc.status if exc.status >= 400 else 422, **values)
    return _page(request, code, saved=True)
