"""Pages: sign-in (and its second step), sign-out, profile with two-step enrolment, users,
roles and the permissions matrix. The session cookie is httpOnly and SameSite=Lax; form
posts carry the CSRF token the shell checks."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.modules.organization import api as organization
from vextrus.platform import context, runtime
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.ui import error_text, render

from . import service, web_admin
from .rest import client_address
from .service import sessions
from .web_auth import SESSION_COOKIE

router = APIRouter(include_in_schema=False)
router.include_router(web_admin.router)


def _signed_in(request: Request, result: sessions.LoginResult, to: str = "/") -> RedirectResponse:
    response = RedirectResponse(to if to.startswith("/") and not to.startswith("//") else "/", status_code=303)
    secure = (runtime.current().settings.base_url or "").startswith("https")
    response.set_cookie(SESSION_COOKIE, result.access_token or "", httponly=True, samesite="lax", secure=secure,
                        max_age=int(sessions.WEB_SESSION_TTL.total_seconds()))
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", reset: str = "") -> HTMLResponse:  # noqa: A002
    return render(request, "auth/login.html", next=next, error=None, email="", reset_done=bool(reset))


@router.post("/login", response_class=HTMLResponse, response_model=None)
def login_submit(request: Request, email: str = Form(""), password: str = Form(""),
                 next: str = Form("/")) -> HTMLResponse | RedirectResponse:  # noqa: A002
    try:
        result = sessions.login(email, password, client_address(request), audience=sessions.WEB_AUDIENCE)
    except DomainError as exc:
        return render(request, "auth/login.html", next=next, error=error_text(request, exc), email=email,
                      status_code=exc.status)
    if result.mfa_required:
        return render(request, "auth/mfa_challenge.html", mfa_token=result.mfa_token, next=next, error=None)
    return _signed_in(request, result, next)


@router.post("/login/mfa", response_class=HTMLResponse, response_model=None)
def mfa_submit(request: Request, mfa_token: str = Form(""), code: str = Form(""), recovery_code: str = Form(""),
               next: str = Form("/")) -> HTMLResponse | RedirectResponse:  # noqa: A002
    try:
        result = sessions.complete_mfa(mfa_token, code or None, recovery_code or None, client_address(request),
                                       audience=sessions.WEB_AUDIENCE)
    except DomainError as exc:
        return render(request, "auth/mfa_challenge.html", mfa_token=mfa_token, next=next,
                      error=error_text(request, exc), status_code=exc.status)
    return _signed_in(request, result, next)


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        try:
            sessions.logout(UUID(sessions.tokens(sessions.WEB_AUDIENCE).verify(cookie).sid))
        except DomainError:
            pass
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/auth/profile", response_class=HTMLResponse)
def profile(request: Request) -> HTMLResponse:
    ctx = context.current()
    if ctx.user_id is None:
        return RedirectResponse("/login?next=/auth/profile", status_code=303)  # type: ignore[return-value]
    return render(request, "auth/profile.html", me=service.get_user(ctx.user_id), enrolment=None, codes=None,
                  error=None, roles=service.assignments_of(ctx.user_id))


@router.post("/auth/mfa/enrol", response_class=HTMLResponse)
def mfa_enrol(request: Request) -> HTMLResponse:
    ctx = context.current()
    enrolment = sessions.begin_mfa_enrolment()
    return render(request, "auth/profile.html", me=service.get_user(ctx.user_id), enrolment=enrolment,  # type: ignore[arg-type]
                  codes=None, error=None, roles=[])


@router.post("/auth/mfa/confirm", response_class=HTMLResponse)
def mfa_confirm(request: Request, code: str = Form("")) -> HTMLResponse:
    ctx = context.current()
    try:
        codes, error = sessions.confirm_mfa_enrolment(code), None
    except DomainError as exc:
        codes, error = None, error_text(request, exc)
    return render(request, "auth/profile.html", me=service.get_user(ctx.user_id), enrolment=None,  # type: ignore[arg-type]
                  codes=codes, error=error, roles=[], status_code=200 if error is None else 422)


@router.get("/auth/users", response_class=HTMLResponse)
def users_page(request: Request, company: UUID | None = None) -> HTMLResponse:
    users = service.list_users(company)
    links = sessions.pending_reset_links([u.id for u in users]) \
        if context.current().can("auth.user.reset_password") else []  # until notifications deliver them
    return render(request, "auth/users.html", users=users, companies=organization.list_companies(), company=company,
                  throttled=service.sign_in_throttled([u.id for u in users]), reset_links=links)


# ---- passwords: change one's own, forgotten, set from a link ---------------------------------


def _set_session_cookie(response: Response, result: sessions.LoginResult) -> None:
    secure = (runtime.current().settings.base_url or "").startswith("https")
    response.set_cookie(SESSION_COOKIE, result.access_token or "", httponly=True, samesite="lax", secure=secure,
                        max_age=int(sessions.WEB_SESSION_TTL.total_seconds()))


def _two_alike(new: str, again: str) -> None:
    if new != again:
        raise ValidationFailed("auth.passwords_differ", "The two new passwords differ",
                               "নতুন পাসওয়ার্ড দুটি মেলেনি", field="new_password_again")


@router.get("/auth/password", response_class=HTMLResponse)
def password_page(request: Request) -> HTMLResponse:
    if context.current().user_id is None:
        return RedirectResponse("/login?next=/auth/password", status_code=303)  # type: ignore[return-value]
    return render(request, "auth/password.html", error=None, field=None, done=False)


@router.post("/auth/password", response_class=HTMLResponse)
def password_submit(request: Request, current_password: str = Form(""), new_password: str = Form(""),
                    new_password_again: str = Form("")) -> HTMLResponse:
    """The signed-in user's own password: the current one, the new one twice (the policy applies);
    every other session ends and this browser gets a new one."""
    if context.current().user_id is None:
        return RedirectResponse("/login?next=/auth/password", status_code=303)  # type: ignore[return-value]
    try:
        _two_alike(new_password, new_password_again)
        result = sessions.change_own_password(current_password, new_password, address=client_address(request),
                                              audience=sessions.WEB_AUDIENCE)
    except DomainError as exc:
        return render(request, "auth/password.html", error=error_text(request, exc), field=exc.field, done=False,
                      status_code=exc.status)
    response = render(request, "auth/password.html", error=None, field=None, done=True)
    assert result is not None
    _set_session_cookie(response, result)
    return response


@router.get("/forgot-password", response_class=HTMLResponse)
def forgot_page(request: Request) -> HTMLResponse:
    return render(request, "auth/forgot.html", error=None, sent=False, email="")


@router.post("/forgot-password", response_class=HTMLResponse)
def forgot_submit(request: Request, email: str = Form("")) -> HTMLResponse:
    """The same answer whether or not the account exists; the link goes through the outbox."""
    try:
        sessions.request_password_reset(email.strip(), client_address(request))
    except DomainError as exc:
        return render(request, "auth/forgot.html", error=error_text(request, exc), sent=False, email=email,
                      status_code=exc.status)
    return render(request, "auth/forgot.html", error=None, sent=True, email=email)


@router.get("/reset-password", response_class=HTMLResponse)
def reset_page(request: Request, token: str = "") -> HTMLResponse:
    return render(request, "auth/reset.html", token=token, error=None, field=None)


@router.post("/reset-password", response_class=HTMLResponse, response_model=None)
def reset_submit(request: Request, token: str = Form(""), new_password: str = Form(""),
                 new_password_again: str = Form("")) -> HTMLResponse | RedirectResponse:
    """Set the password from a one-time link (used once, expires), then sign in with it."""
    try:
        _two_alike(new_password, new_password_again)
        sessions.confirm_password_reset(token, new_password)
    except DomainError as exc:
        return render(request, "auth/reset.html", token=token, error=error_text(request, exc), field=exc.field,
                      status_code=exc.status)
    return RedirectResponse("/login?reset=1", status_code=303)


@router.get("/auth/roles", response_class=HTMLResponse)
def roles_page(request: Request, company: UUID | None = None) -> HTMLResponse:
    companies = organization.list_companies()
    # the active company's roles by default (another company's are NotFound; system work: the first)
    selected = company or context.company_scope() or (companies[0].id if companies else None)
    matrix = service.permission_matrix(selected) if selected else {"roles": [], "rows": []}
    return render(request, "auth/roles.html", companies=companies, company=selected, matrix=matrix)


# ---- the active company (top-bar switcher) -------------------------------------------------


def _safe_next(to: str | None) -> str:
    return to if to and to.startswith("/") and not to.startswith("//") else "/"


@router.get("/auth/company-switch", response_class=HTMLResponse)
def company_switch(request: Request) -> HTMLResponse:
    ctx = context.current()
    if ctx.user_id is None:
        return HTMLResponse('<span id="company-switch"></span>')
    companies = [c for c in (organization.get_company(cid) for cid in service.companies_of_user(ctx.user_id)) if c]
    referer = request.headers.get("hx-current-url") or request.headers.get("referer") or "/"
    path = "/" + referer.split("://", 1)[-1].partition("/")[2] if "://" in referer else referer
    return render(request, "auth/_company_switch_menu.html", companies=companies, active=ctx.company_id,
                  next=_safe_next(path))


@router.post("/auth/company", response_model=None)
def company_switch_submit(request: Request, company_id: UUID = Form(...), next: str = Form("/")) -> Response:  # noqa: A002
    """Act within another company: a new session cookie carrying it; htmx reloads the page."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie or context.current().user_id is None:
        return RedirectResponse("/login", status_code=303)
    sid = UUID(sessions.tokens(sessions.WEB_AUDIENCE).verify(cookie).sid)
    result = sessions.switch_company(sid, company_id, sessions.WEB_AUDIENCE)
    if request.headers.get("hx-request"):
        response: Response = Response(status_code=204, headers={"HX-Refresh": "true"})
        secure = (runtime.current().settings.base_url or "").startswith("https")
        response.set_cookie(SESSION_COOKIE, result.access_token or "", httponly=True, samesite="lax", secure=secure,
                            max_age=int(sessions.WEB_SESSION_TTL.total_seconds()))
        return response
    return _signed_in(request, result, _safe_next(next))


def home_cards() -> list:
    """Home page: how many people can sign in."""
    from vextrus.platform.modules import HomeCard

    users = service.list_users()
    active = sum(1 for u in users if u.active)
    return [HomeCard("Active users", "সক্রিয় ব্যবহারকারী", str(active), "/auth/users")]
