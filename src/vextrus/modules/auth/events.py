"""Events the auth module publishes (the audit module will consume them).

Payloads never carry passwords or tokens, except the reset link of
`auth.password_reset.requested`, which the notifications module delivers to the user."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from vextrus.platform.changes import Changes
from vextrus.platform.events import Event


class UserCreated(Event):
    name = "auth.user.created"
    user_id: UUID
    email: str


class UserUpdated(Event):
    name = "auth.user.updated"
    user_id: UUID
    changed: list[str]
    changes: Changes = {}  # field: {before, after} (the audit trail's "from → to")


class LoginSucceeded(Event):
    name = "auth.login.succeeded"
    user_id: UUID
    address: str
    method: str  # password | password+totp | password+recovery_code


class LoginFailed(Event):
    """The identifier typed is recorded, never whether it names an account."""

    name = "auth.login.failed"
    identifier: str
    address: str
    reason: str


class AccountLocked(Event):
    name = "auth.login.locked"
    identifier: str
    address: str
    locked_until: datetime


class SignInUnlocked(Event):
    """An administrator cleared the sign-in throttling of an account (from every address)."""

    name = "auth.signin.unlocked"
    user_id: UUID
    cleared: int  # how many addresses were being slowed down


class SessionRevoked(Event):
    name = "auth.session.revoked"
    user_id: UUID
    session_id: UUID | None = None
    reason: str  # logout | revoke_all | reuse | deactivated | password_changed


class MfaChanged(Event):
    name = "auth.mfa.changed"
    user_id: UUID
    change: str  # enabled | disabled | recovery_codes_regenerated | recovery_code_used


class MfaPolicyChanged(Event):
    name = "auth.mfa_policy.changed"
    company_id: UUID
    role_code: str
    required: bool


class RoleChanged(Event):
    name = "auth.role.changed"
    company_id: UUID
    role_code: str
    grants: list[str]


class RoleAssigned(Event):
    name = "auth.role.assigned"
    user_id: UUID
    company_id: UUID
    role_code: str
    scope_kind: str | None = None
    scope_id: UUID | None = None


class RoleUnassigned(Event):
    name = "auth.role.unassigned"
    user_id: UUID
    company_id: UUID
    role_code: str


class PasswordChanged(Event):
    name = "auth.password.changed"
    user_id: UUID
    by: str  # self | reset_link | administrator


class PasswordResetRequested(Event):
    name = "auth.password_reset.requested"
    user_id: UUID
    email: str
    link: str
    expires_at: datetime


class ApiKeyCreated(Event):
    name = "auth.api_key.created"
    key_id: UUID
    owner_id: UUID
    scopes: list[str]


class ApiKeyRevoked(Event):
    name = "auth.api_key.revoked"
    key_id: UUID


class ApiKeyUsed(Event):
    """Emitted at most once a minute per key, so an integration does not flood the outbox."""

    name = "auth.api_key.used"
    key_id: UUID
    owner_id: UUID
