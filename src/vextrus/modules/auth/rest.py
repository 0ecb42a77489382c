"""REST: /api/v1/auth/... sign-in, sessions, two-step verification, users, roles, API keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from vextrus.platform import context
from vextrus.platform.errors import Unauthenticated
from vextrus.platform.http import idempotency_key
from vextrus.platform.rest import CursorPage, VersionCheck, created, cursor_page, merged, patch_of

from . import service
from .domain.errors import AuthError
from .schemas import ApiKeyView, Enrolment, LoginResult, NewApiKeyView
from .service import AssignmentView, GrantView, RoleView, UserInput, UserView, sessions
from .service import api_keys as api_key_service
from .service import roles as role_service

router = APIRouter()
T = TypeVar("T")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


class LoginInput(BaseModel):
    email: str
    password: str
    totp_code: str | None = None
    recovery_code: str | None = None


class MfaInput(BaseModel):
    mfa_token: str
    code: str | None = None
    recovery_code: str | None = None


class RefreshInput(BaseModel):
    refresh_token: str


class CodeInput(BaseModel):
    code: str


class ResetRequest(BaseModel):
    email: str


class ResetConfirm(BaseModel):
    token: str
    new_password: str


class PasswordChange(BaseModel):
    current_password: str
    new_password: str


class NewUser(UserInput):
    password: str | None = None
    company_id: UUID | None = None
    roles: list[str] = []


class UserUpdate(UserInput, VersionCheck):
    """PUT (the whole user; kept for one release): fields left out take their defaults."""

    active: bool | None = None


class UserPatch(patch_of(UserInput, "UserPatchFields")):  # type: ignore[misc]
    """PATCH: the fields sent change, the others keep their values; `active` switches the user on or off."""

    active: bool | None = None


class RoleInput(BaseModel):
    name: str
    name_bn: str
    grants: list[GrantView]


class AssignInput(BaseModel):
    user_id: UUID
    company_id: UUID
    role_code: str
    scope_kind: str | None = None
    scope_id: UUID | None = None


class ApiKeyInput(BaseModel):
    name: str
    scopes: list[str]
    expires_at: datetime | None = None


class Me(BaseModel):
    user: UserView
    permissions: list[str]
    roles: list[str]
    company_id: UUID | None = None  # the active company (permissions and roles are of this one)
    companies: list[UUID] = []  # companies the user may switch to


class SwitchCompany(BaseModel):
    company_id: UUID


def _told_when(fn: Callable[[], T]) -> T | JSONResponse:
    """A refusal that knows when to come back (`auth.throttled` 429, `auth.busy` 503,
    `auth.too_many_attempts` 429) says so in a `Retry-After` header too."""
    try:
        return fn()
    except AuthError as exc:
        seconds = exc.details.get("retry_after_seconds")
        if seconds is None:
            raise
        return JSONResponse(exc.to_dict(), status_code=exc.status, headers={"Retry-After": str(int(seconds))})


@router.post("/login", response_model=LoginResult)
def login(body: LoginInput, request: Request) -> LoginResult | JSONResponse:
    return _told_when(lambda: sessions.login(body.email, body.password, client_address(request),
                                             totp_code=body.totp_code, recovery_code=body.recovery_code))


@router.post("/login/mfa", response_model=LoginResult)
def login_mfa(body: MfaInput, request: Request) -> LoginResult | JSONResponse:
    return _told_when(lambda: sessions.complete_mfa(body.mfa_token, body.code, body.recovery_code,
                                                    client_address(request)))


@router.post("/refresh", response_model=LoginResult)
def refresh(body: RefreshInput) -> LoginResult:
    return sessions.refresh(body.refresh_token)


def _signed_in() -> context.RequestContext:
    ctx = context.current()
    if ctx.user_id is None:
        raise Unauthenticated()
    return ctx


@router.post("/logout", status_code=204)
def logout(request: Request) -> None:
    _signed_in()
    from .domain.tokens import AccessTokens  # noqa: F401  (claims decoded again for the session id)

    token = request.headers.get("authorization", "").partition(" ")[2]
    sessions.logout(UUID(sessions.tokens().verify(token).sid))


@router.post("/revoke-all")
def revoke_all() -> dict[str, int]:
    _signed_in()
    return {"revoked": sessions.revoke_all()}


@router.get("/me", response_model=Me)
def me() -> Me:
    ctx = _signed_in()
    return Me(user=service.get_user(ctx.user_id), permissions=sorted(ctx.permissions),  # type: ignore[arg-type]
              roles=sorted(ctx.roles), company_id=ctx.company_id,
              companies=service.companies_of_user(ctx.user_id))  # type: ignore[arg-type]


@router.post("/switch-company", response_model=LoginResult)
def switch_company(body: SwitchCompany, request: Request) -> LoginResult:
    """A new access token acting within another of the user's companies (the session keeps it)."""
    _signed_in()
    token = request.headers.get("authorization", "").partition(" ")[2]
    if not token:
        raise Unauthenticated()
    return sessions.switch_company(UUID(sessions.tokens().verify(token).sid), body.company_id)


@router.post("/me/password", status_code=204)
def change_password(body: PasswordChange) -> None:
    _signed_in()
    sessions.change_own_password(body.current_password, body.new_password)


@router.post("/mfa/enrol", response_model=Enrolment)
def mfa_enrol() -> Enrolment:
    return sessions.begin_mfa_enrolment()


@router.post("/mfa/confirm")
def mfa_confirm(body: CodeInput) -> dict[str, list[str]]:
    return {"recovery_codes": sessions.confirm_mfa_enrolment(body.code)}


@router.post("/mfa/disable", status_code=204)
def mfa_disable(body: CodeInput) -> None:
    sessions.disable_mfa(body.code)


@router.post("/password-reset", status_code=202, response_model=None)
def password_reset(body: ResetRequest, request: Request) -> dict[str, str] | JSONResponse:
    refused = _told_when(lambda: sessions.request_password_reset(body.email, client_address(request)))
    if isinstance(refused, JSONResponse):
        return refused
    return {"status": "If the account exists, a reset link has been sent."}


@router.post("/password-reset/confirm", status_code=204)
def password_reset_confirm(body: ResetConfirm) -> None:
    sessions.confirm_password_reset(body.token, body.new_password)


@router.get("/users", response_model=CursorPage[UserView] | list[UserView])
def list_users(company_id: UUID | None = None, first: int | None = None,
               after: str | None = None) -> CursorPage[UserView] | list[UserView]:
    """A cursor page (`first`, `after`) of users, oldest first; without either, the whole list as an array
    (the old answer, kept for one release)."""
    if first is None and after is None:
        return service.list_users(company_id)
    return CursorPage[UserView](**cursor_page(service.users_page(company_id, first=50 if first is None else first, after=after)))


@router.post("/users", response_model=UserView, status_code=201)
def create_user(body: NewUser, request: Request, response: Response,
                key: str | None = Depends(idempotency_key)) -> UserView:
    data = UserInput(**body.model_dump(include=set(UserInput.model_fields)))
    view = service.create_user(data, body.password, body.company_id, body.roles, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/users/{user_id}", response_model=UserView)
def get_user(user_id: UUID) -> UserView:
    return service.get_user(user_id)


@router.patch("/users/{user_id}", response_model=UserView)
def patch_user(user_id: UUID, body: UserPatch) -> UserView:
    data = merged(service.get_user(user_id), body, UserInput)
    view = service.update_user(user_id, data, body.expected_version)
    if body.active is not None and body.active != view.active:
        view = service.set_active(user_id, body.active)
    return view


@router.put("/users/{user_id}", response_model=UserView, deprecated=True)
def update_user(user_id: UUID, body: UserUpdate) -> UserView:
    data = UserInput(**body.model_dump(include=set(UserInput.model_fields)))
    view = service.update_user(user_id, data, body.expected_version)
    if body.active is not None and body.active != view.active:
        view = service.set_active(user_id, body.active)
    return view


@router.post("/users/{user_id}/unlock-sign-in")
def unlock_sign_in(user_id: UUID) -> dict[str, int]:
    """Let the user sign in again at once from every address (clears the throttling of their
    account); `cleared` = how many addresses were being slowed down."""
    return {"cleared": service.unlock_sign_in(user_id)}


_PAGED = ("A cursor page (`first`, `after`); without either, the whole list as an array (the old answer, kept "
          "for one release).")


@router.get("/users/{user_id}/roles", response_model=CursorPage[AssignmentView] | list[AssignmentView],
            description=_PAGED + " In the order they were given.")
def user_roles(user_id: UUID, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.assignments_of(user_id)
    return cursor_page(role_service.page_assignments(user_id, 50 if first is None else first, after))


@router.get("/companies/{company_id}/roles", response_model=CursorPage[RoleView] | list[RoleView],
            description=_PAGED + " By code.")
def list_roles(company_id: UUID, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_roles(company_id)
    return cursor_page(role_service.page_roles(company_id, 100 if first is None else first, after))


@router.put("/companies/{company_id}/roles/{code}", response_model=RoleView)
def save_role(company_id: UUID, code: str, body: RoleInput) -> RoleView:
    return service.save_role(company_id, code, body.name, body.name_bn, body.grants)


@router.put("/companies/{company_id}/mfa-required/{role_code}")
def mfa_required(company_id: UUID, role_code: str, required: bool = True) -> dict[str, bool]:
    return {"required": service.set_mfa_required(company_id, role_code, required)}


@router.post("/assignments", response_model=AssignmentView, status_code=201)
def assign(request: Request, response: Response, body: AssignInput,
           key: str | None = Depends(idempotency_key)) -> AssignmentView:
    view = service.assign_role(body.user_id, body.company_id, body.role_code, body.scope_kind, body.scope_id,
                               idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/assignments/{assignment_id}", response_model=AssignmentView)
def get_assignment(assignment_id: UUID) -> AssignmentView:
    return role_service.get_assignment(assignment_id)


@router.delete("/assignments/{assignment_id}", status_code=204)
def unassign(assignment_id: UUID) -> None:
    service.unassign_role(assignment_id)


@router.get("/users/{user_id}/limit")
def amount_limit(user_id: UUID, permission: str, company_id: UUID | None = None) -> dict[str, Decimal | None]:
    context.current().require("auth.user.view")
    # the active company's limit (another company is NotFound); every company for system work
    company_id = company_id or context.company_scope()
    if company_id is not None:
        context.require_company(company_id, "company", company_id, field="company_id")
    return {"limit": service.amount_limit(user_id, permission, company_id)}


@router.get("/api-keys", response_model=CursorPage[ApiKeyView] | list[ApiKeyView],
            description=_PAGED + " In the order they were made.")
def list_keys(first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return sessions.list_api_keys()
    return cursor_page(api_key_service.page_api_keys(50 if first is None else first, after))


@router.post("/api-keys", response_model=NewApiKeyView, status_code=201)
def create_key(request: Request, response: Response, body: ApiKeyInput) -> NewApiKeyView:
    view = sessions.create_api_key(body.name, body.scopes, body.expires_at)
    created(request, response, view.id)
    return view


@router.get("/api-keys/{key_id}", response_model=ApiKeyView)
def get_key(key_id: UUID) -> ApiKeyView:
    return api_key_service.get_api_key(key_id)


@router.delete("/api-keys/{key_id}", response_model=ApiKeyView)
def revoke_key(key_id: UUID) -> ApiKeyView:
    return sessions.revoke_api_key(key_id)
