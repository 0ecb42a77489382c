"""The auth module's DTOs (pydantic): what its commands take and its queries return, so idempotent
commands can replay them and GraphQL types, REST schemas and pages derive from one declaration."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel

# ---- users, roles, assignments ---------------------------------------------------------------

class UserView(BaseModel):
    id: UUID
    email: str
    username: str
    name: str
    name_bn: str | None = None
    mobile: str | None = None
    language: str
    active: bool
    mfa_enabled: bool
    last_login_at: datetime | None = None
    version: int


class UserInput(BaseModel):
    email: str
    username: str | None = None
    name: str
    name_bn: str | None = None
    mobile: str | None = None
    language: str = "en"


class GrantView(BaseModel):
    pattern: str
    amount_limit: Decimal | None = None


class RoleView(BaseModel):
    id: UUID
    company_id: UUID
    code: str
    name: str
    name_bn: str
    system: bool
    grants: list[GrantView]
    mfa_required: bool = False


class AssignmentView(BaseModel):
    id: UUID
    user_id: UUID
    company_id: UUID
    role_code: str
    scope_kind: str | None = None
    scope_id: UUID | None = None


# ---- sessions, two-step verification, password links, API keys -------------------------------

class LoginResult(BaseModel):
    mfa_required: bool = False
    mfa_token: str | None = None  # present when mfa_required: send it back with the code
    access_token: str | None = None
    refresh_token: str | None = None
    token_type: str = "Bearer"
    expires_in: int = 0
    session_id: UUID | None = None
    user_id: UUID | None = None


class Enrolment(BaseModel):
    secret: str
    otpauth_uri: str
    qr_svg: str


class PendingResetLink(BaseModel):
    user_id: UUID
    email: str
    link: str
    expires_at: datetime


class ApiKeyView(BaseModel):
    id: UUID
    prefix: str
    name: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class NewApiKeyView(ApiKeyView):
    key: str  # shown once
