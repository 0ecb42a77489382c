"""Pages: rule sets, one rule set with its versions, a test/explain form and an editor (htmx)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vextrus.platform.errors import DomainError
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import service
from .schemas import RuleModel, RuleSetInput

router = APIRouter(prefix="/rules", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return render(request, "rules/index.html", rule_sets=service.list_rule_sets(), subjects=service.list_subjects())


def _page(request: Request, code: str, **values: Any) -> HTMLResponse:
    rs = service.get_rule_set(code)
    subject = service.subject_view(rs.subject)
    values.setdefault("rules_json", json.dumps([r.model_dump() for r in rs.rules], ensure_ascii=False, indent=2))
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
    text = str(form.get("rules", ""))
    try:
        try:
            rules = [RuleModel.model_validate(r) for r in json.loads(text)]
        except (ValueError, TypeError) as exc:
            raise DomainError("rules_json_invalid", f"The rules are not valid JSON: {str(exc)[:120]}",
                              "নিয়মগুলো বৈধ JSON নয়", field="rules") from None
        data = RuleSetInput(subject=rs.subject, name=str(form.get("name") or rs.name),
                            name_bn=str(form.get("name_bn") or rs.name_bn), mode=str(form.get("mode") or rs.mode),
                            rules=rules, active=form.get("active") == "on", note=str(form.get("note") or ""))
        service.save_rule_set(code, data, int(str(form.get("version") or rs.version)))
    except DomainError as exc:
        return _page(request, code, edit_error=error_text(request, exc), edit_field=exc.field,
                     edit_details=exc.details, rules_json=text, status_code=422)
    return _page(request, code, saved=True)
