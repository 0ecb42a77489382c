"""Administration pages (htmx, en/bn): users (invite, activate/deactivate, role assignments per
company with an optional project or cost-centre scope), roles (create/edit with the permission
matrix and amount limits) and the signed-in user's API keys (shown once, revocable).

Every action goes through `service`/`sessions`, so the same permission checks apply as in
REST, GraphQL and the CLI; a refused action shows its message instead of the change."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from vextrus.modules.organization import api as organization
from vextrus.platform import context, forms
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.ids import parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, render

from . import service
from .service import GrantView, UserInput, sessions

router = APIRouter(include_in_schema=False)


def _companies() -> list[Any]:
    return organization.list_companies()


# ---- users ---------------------------------------------------------------------------------


@router.post("/auth/users/invite", response_class=HTMLResponse, response_model=None)
def invite(request: Request, form: FormBody) -> HTMLResponse | RedirectResponse:
    """Create the user without a password: they get a one-time link to set it (outbox)."""
    try:
        data = forms.model_from_form(UserInput, form)  # the same DTO as the API's body
        company = parse_id(form.get("company_id"), "company_id") if form.get("company_id") else None
        role = str(form.get("role") or "")
        service.create_user(data, None, company, [role] if role and company else [])
    except DomainError as exc:  # the form again, the message next to its field, what was typed kept
        return forms.refused(request, "auth/users.html", exc, form=form, status_code=exc.status,
                             users=service.list_users(), companies=_companies(), company=None)
    return RedirectResponse("/auth/users?invited=1", status_code=303)


@router.post("/auth/users/{user_id}/active", response_class=HTMLResponse)
def set_active(request: Request, user_id: UUID, active: bool = Form(...)) -> HTMLResponse:
    """htmx: the user's row with its new state (or the refusal)."""
    try:
        u, error = service.set_active(user_id, active), None
    except DomainError as exc:
        u, error = service.get_user(user_id), error_text(request, exc)
    return render(request, "auth/_user_row.html", u=u, error=error, status_code=200 if error is None else 422)


@router.post("/auth/users/{user_id}/unlock-sign-in", response_class=HTMLResponse)
def unlock_sign_in(request: Request, user_id: UUID) -> HTMLResponse:
    """htmx: let the user sign in again at once from every address (their row, or the refusal)."""
    error, status = None, 200
    try:
        service.unlock_sign_in(user_id)
    except DomainError as exc:
        error, status = error_text(request, exc), exc.status
    return render(request, "auth/_user_row.html", u=service.get_user(user_id), error=error,
                  throttled=service.sign_in_throttled([user_id]), status_code=status)


@router.get("/auth/users/{user_id}", response_class=HTMLResponse)
def user_page(request: Request, user_id: UUID, error: str | None = None) -> HTMLResponse:
    companies = _companies()
    names = {c.id: c for c in companies}
    return render(request, "auth/user.html", u=service.get_user(user_id), assignments=service.assignments_of(user_id),
                  companies=companies, names=names, error=error,
                  roles=service.list_roles(context.company_scope() or companies[0].id) if companies else [])


@router.get("/auth/roles/options", response_class=HTMLResponse)
def role_options(request: Request, company_id: UUID) -> HTMLResponse:
    """htmx: the roles of the chosen company for the assignment form."""
    return render(request, "auth/_role_options.html", roles=service.list_roles(company_id))


@router.post("/auth/users/{user_id}/assignments", response_class=HTMLResponse, response_model=None)
def assign(request: Request, user_id: UUID, company_id: UUID = Form(...), role: str = Form(""),
           scope_kind: str = Form(""), scope_id: str = Form("")) -> HTMLResponse | RedirectResponse:
    try:
        sid = _uuid(scope_id, "scope_id") if scope_kind else None
        service.assign_role(user_id, company_id, role, scope_kind or None, sid)
    except DomainError as exc:
        return user_page(request, user_id, error=error_text(request, exc))
    return RedirectResponse(f"/auth/users/{user_id}", status_code=303)


@router.post("/auth/assignments/{assignment_id}/remove", response_model=None)
def unassign(request: Request, assignment_id: UUID, user_id: UUID = Form(...)) -> HTMLResponse | RedirectResponse:
    try:
        service.unassign_role(assignment_id)
    except DomainError as exc:
        return user_page(request, user_id, error=error_text(request, exc))
    return RedirectResponse(f"/auth/users/{user_id}", status_code=303)


def _uuid(raw: str, field: str) -> UUID:
    try:
        return UUID(raw.strip())
    except ValueError:
        raise ValidationFailed("id_invalid", "Not a valid id", "আইডি সঠিক নয়", field=field) from None


# ---- roles ---------------------------------------------------------------------------------


def _editor_values(company_id: UUID, role: service.RoleView | None) -> dict[str, Any]:
    """Each permission of the vocabulary with: granted exactly, its limit, or covered by a
    wildcard pattern of the role (those patterns are edited as text, so saving never turns
    `finance.*` into today's list of finance permissions)."""
    from .domain.permissions import PermissionSet

    vocab = service.permission_vocabulary()
    codes = {code for _m, code, _n, _b in vocab}
    grants = {g.pattern: g.amount_limit for g in (role.grants if role else [])}
    patterns = {p: lim for p, lim in grants.items() if p not in codes}
    wide = PermissionSet(list(patterns)) if patterns else None
    rows = [{"module": m, "code": code, "name": n, "name_bn": b, "checked": code in grants,
             "limit": grants.get(code), "via": bool(wide and wide.allows(code))} for m, code, n, b in vocab]
    text = "\n".join(f"{p} {lim}" if lim is not None else p for p, lim in sorted(patterns.items()))
    return {"company_id": company_id, "role": role, "rows": rows, "patterns": text}


@router.get("/auth/roles/{company_id}/edit", response_class=HTMLResponse)
def role_editor(request: Request, company_id: UUID, code: str | None = None) -> HTMLResponse:
    """htmx: the editor of one role (or an empty one for a new role)."""
    context.current().require("auth.role.manage")  # the editor is for those who may save it
    role = next((r for r in service.list_roles(company_id) if r.code == code), None) if code else None
    return render(request, "auth/_role_edit.html", error=None, **_editor_values(company_id, role))


def parse_grants(form: dict[str, Any], vocabulary: list[str]) -> list[GrantView]:
    """Checked permissions (`perm` values) with their optional `limit:<code>` (BDT), plus the
    free patterns, one per line: `pattern [limit]`. Limits are Decimal; empty = unlimited."""
    out: dict[str, Decimal | None] = {}
    checked = form.get("perm", [])
    for code in checked if isinstance(checked, list) else [checked]:
        if code in vocabulary:
            out[code] = _limit(form.get(f"limit:{code}", ""), code)
    for line in str(form.get("patterns", "")).splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) > 2:
            text = line  # the line as typed
            raise ValidationFailed("pattern_line", f"One pattern and an optional limit per line: {line}",
                                   f"প্রতি লাইনে একটি প্যাটার্ন ও ঐচ্ছিক সীমা: {text}", field="patterns")
        out[parts[0]] = _limit(parts[1] if len(parts) == 2 else "", parts[0])
    return [GrantView(pattern=p, amount_limit=lim) for p, lim in out.items()]


def _limit(raw: str, code: str) -> Decimal | None:
    from vextrus.platform.i18n import to_ascii_digits

    raw = to_ascii_digits(str(raw)).replace(",", "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise ValidationFailed("limit_invalid", f"The limit of {code} must be an amount in BDT",
                               f"{code} এর সীমা টাকায় একটি পরিমাণ হতে হবে", field=f"limit:{code}")
    return value


@router.post("/auth/roles/{company_id}/save", response_class=HTMLResponse, response_model=None)
def role_save(request: Request, company_id: UUID, raw: FormBody) -> HTMLResponse | RedirectResponse:
    form: dict[str, Any] = {k: raw.get(k) for k in raw}
    form["perm"] = raw.getlist("perm")
    code, name, name_bn = (str(form.get(k) or "").strip() for k in ("code", "name", "name_bn"))

    def save() -> str | None:
        try:
            vocab = [c for _m, c, _n, _b in service.permission_vocabulary()]
            if not name or not name_bn:
                raise ValidationFailed("role_name", "A role needs a name in English and in Bangla",
                                       "ভূমিকার ইংরেজি ও বাংলা নাম প্রয়োজন", field="name")
            service.save_role(company_id, code, name, name_bn, parse_grants(form, vocab))
            return None
        except DomainError as exc:
            return error_text(request, exc)

    error = save()
    if error is None:
        response = RedirectResponse(f"/auth/roles?company={company_id}", status_code=303)
        if request.headers.get("hx-request"):
            response.headers["HX-Redirect"] = f"/auth/roles?company={company_id}"
        return response

    def again() -> HTMLResponse:
        role = service.RoleView(id=UUID(int=0), company_id=company_id, code=code, name=name, name_bn=name_bn,
                                system=False, grants=[])
        values = _editor_values(company_id, role)
        picked = set(form["perm"])
        for row in values["rows"]:
            row["checked"] = row["code"] in picked
            row["limit"] = form.get(f"limit:{row['code']}") or None
        values["patterns"] = form.get("patterns") or ""
        return render(request, "auth/_role_edit.html", error=error, status_code=422, **values)

    return again()


# ---- API keys ------------------------------------------------------------------------------


@router.get("/auth/api-keys", response_class=HTMLResponse)
def api_keys(request: Request) -> HTMLResponse:
    if context.current().user_id is None:
        return RedirectResponse("/login?next=/auth/api-keys", status_code=303)  # type: ignore[return-value]
    context.current().require("auth.api_key.manage")
    return render(request, "auth/api_keys.html", keys=sessions.list_api_keys(), new=None, error=None)


@router.post("/auth/api-keys", response_class=HTMLResponse)
def api_key_create(request: Request, name: str = Form(""), scopes: str = Form("")) -> HTMLResponse:
    """The key is in this one response only (stored as a hash)."""
    try:
        new, error = sessions.create_api_key(name.strip(), scopes.replace(",", " ").split()), None
    except DomainError as exc:
        new, error = None, error_text(request, exc)
    return render(request, "auth/api_keys.html", keys=sessions.list_api_keys(), new=new, error=error,
                  status_code=201 if error is None else 422)


@router.post("/auth/api-keys/{key_id}/revoke", response_class=HTMLResponse)
def api_key_revoke(request: Request, key_id: UUID) -> HTMLResponse:
    """htmx: the key's row, now revoked."""
    return render(request, "auth/_api_key_row.html", k=sessions.revoke_api_key(key_id))
