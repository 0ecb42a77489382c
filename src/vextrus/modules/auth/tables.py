"""Tables of the auth module (schema `auth`). Secrets are stored only as hashes, except the
TOTP seed, which the server needs to compute codes: it is stored encrypted (Fernet, key derived
from the app secret)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vextrus.platform import clock
from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("auth")


class User(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "auth_user"
    email: Mapped[str] = mapped_column(String(200), unique=True)  # the login name, unique across tenants
    username: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str | None] = mapped_column(String(200))
    mobile: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="en")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    mfa_enabled: Mapped[bool] = mapped_column(default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("tenant_id", "username"),)
    __unversioned__ = ("last_login_at", "password_hash")  # written by sign-in (rehash), not by an edit


class Role(IdPk, TenantScoped, Timestamped, Base):
    """A named set of grants within one company (seeded from the default construction roles)."""

    __tablename__ = "auth_role"
    company_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    name_bn: Mapped[str] = mapped_column(String(120))
    system: Mapped[bool] = mapped_column(default=False)
    grants: Mapped[list[RoleGrant]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                   order_by="RoleGrant.pattern")
    __table_args__ = (UniqueConstraint("company_id", "code"),)


class RoleGrant(IdPk, TenantScoped, Base):
    """A permission pattern of a role, optionally capped at an amount (BDT)."""

    __tablename__ = "auth_role_grant"
    role_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("auth.auth_role.id", ondelete="CASCADE"), index=True)
    pattern: Mapped[str] = mapped_column(String(120))
    amount_limit: Mapped[Decimal | None] = mapped_column(Amount(2))
    __table_args__ = (UniqueConstraint("role_id", "pattern"),)


class RoleAssignment(IdPk, TenantScoped, Base):
    """A user holds a role in a company, optionally only for one project or cost centre."""

    __tablename__ = "auth_role_assignment"
    user_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("auth.auth_user.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("auth.auth_role.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[UUID] = mapped_column(Uuid)
    scope_kind: Mapped[str | None] = mapped_column(String(20))  # project | cost_centre
    scope_id: Mapped[UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now)


class MfaRequirement(IdPk, TenantScoped, Base):
    """Company setting: holders of this role must use two-step verification."""

    __tablename__ = "auth_mfa_requirement"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    role_code: Mapped[str] = mapped_column(String(60))
    __table_args__ = (UniqueConstraint("company_id", "role_code"),)


class RefreshFamilyRow(TenantScoped, Base):
    """A session: the chain of refresh tokens started by one sign-in."""

    __tablename__ = "auth_refresh_family"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(String(40))
    client: Mapped[str | None] = mapped_column(String(200))
    company_id: Mapped[UUID | None] = mapped_column(Uuid)  # the company chosen last (None = default)


class RefreshTokenRow(TenantScoped, Base):
    __tablename__ = "auth_refresh_token"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("auth.auth_refresh_family.id", ondelete="CASCADE"),
                                            index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    replaced_by: Mapped[str | None] = mapped_column(String(64))


class LoginAttempt(Base):
    """Lockout state and rate-limit log per typed identifier or client address.

    Not tenant-scoped on purpose: before sign-in nobody knows the tenant, and an unknown
    email must be limited exactly like a real one."""

    __tablename__ = "auth_login_attempt"
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    failures: Mapped[list[Any]] = mapped_column(JSON, default=list)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    events: Mapped[list[Any]] = mapped_column(JSON, default=list)


class SignInThrottle(Base):
    """Failed sign-ins per typed identifier + client address ("pair:…") and per address
    ("addr:…"), with when the next attempt may come (domain/throttle.py). Not tenant-scoped for
    the same reason as `LoginAttempt`; `identifier` lets an administrator clear an account."""

    __tablename__ = "auth_signin_throttle"
    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    identifier: Mapped[str | None] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(100))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_failure_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ApiKey(IdPk, TenantScoped, Base):
    __tablename__ = "auth_api_key"
    prefix: Mapped[str] = mapped_column(String(12), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    owner_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("auth.auth_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    company_id: Mapped[UUID | None] = mapped_column(Uuid)  # acts within this company (None = default)


class TotpState(TenantScoped, Base):
    __tablename__ = "auth_totp"
    user_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("auth.auth_user.id", ondelete="CASCADE"),
                                          primary_key=True)
    secret: Mapped[str] = mapped_column(String(255))  # "v1:<fernet token>" (domain/secretbox.py)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_used_step: Mapped[int | None] = mapped_column(BigInteger)


class RecoveryCodeRow(IdPk, TenantScoped, Base):
    __tablename__ = "auth_recovery_code"
    user_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("auth.auth_user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PasswordReset(IdPk, TenantScoped, Base):
    __tablename__ = "auth_password_reset"
    user_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("auth.auth_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
