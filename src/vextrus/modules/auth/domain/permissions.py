"""Permission names, wildcard patterns, and amount limits.

A permission is `module.object.action`, each part lower-case `[a-z][a-z0-9_]*`
(`finance.journal.post`). A grant holds a *pattern*: the same three parts where any part
may be `*`, or a shorter prefix ending in `*` that covers everything below it
(`finance.*`, `finance.journal.*`, `*`). A grant may carry an amount limit in BDT.

Grants are additive (a user's roles are unioned), so the most permissive matching grant
wins: `limit_for` is the largest limit among matching grants, and `None` (no limit) if
any matching grant has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .errors import AuthError

_PART = re.compile(r"^[a-z][a-z0-9_]*$")
WILDCARD = "*"
LIMIT_CURRENCY = "BDT"

# Conventional actions (not enforced, so a module can add its own).
STANDARD_ACTIONS = (
    "view",
    "read",
    "create",
    "update",
    "delete",
    "approve",
    "post",
    "export",
    "manage",
)


def validate_permission(permission: str) -> str:
    """Return `permission` if it is a concrete `module.object.action`, else raise."""
    parts = permission.split(".") if isinstance(permission, str) else []
    if len(parts) != 3 or not all(_PART.match(p) for p in parts):
        raise AuthError.of("auth.permission_invalid", field="permission", value=str(permission))
    return permission


def validate_pattern(pattern: str) -> str:
    """Return `pattern` if it is a valid grant pattern, else raise."""
    parts = pattern.split(".") if isinstance(pattern, str) else []
    ok = 1 <= len(parts) <= 3 and all(p == WILDCARD or _PART.match(p) for p in parts)
    if ok and len(parts) < 3 and parts[-1] != WILDCARD:
        ok = False  # "finance.journal" would be ambiguous: write "finance.journal.*"
    if not ok:
        raise AuthError.of("auth.permission_invalid", field="permission", value=str(pattern))
    return pattern


def is_valid_permission(permission: str) -> bool:
    try:
        validate_permission(permission)
    except AuthError:
        return False
    return True


@lru_cache(maxsize=16384)
def pattern_matches(pattern: str, permission: str) -> bool:
    """Does the grant `pattern` cover the concrete `permission`? Cached (pure, and asked for the same pairs on
    every request: an approval's amount limit checks each grant of the user)."""
    p_parts = pattern.split(".")
    q_parts = permission.split(".")
    if len(p_parts) < 3:  # trailing "*" covers the remaining parts
        return all(p in (WILDCARD, q) for p, q in zip(p_parts[:-1], q_parts, strict=False))
    return all(p in (WILDCARD, q) for p, q in zip(p_parts, q_parts, strict=True))


def _check_limit(limit: Decimal | None) -> Decimal | None:
    if limit is None:
        return None
    if not isinstance(limit, Decimal) or not limit.is_finite() or limit < 0:
        raise AuthError.of("auth.limit_invalid", field="limit", value=str(limit))
    return limit


@dataclass(frozen=True)
class Grant:
    """A permission pattern, optionally capped at `limit` BDT per transaction."""

    pattern: str
    limit: Decimal | None = None

    def __post_init__(self) -> None:
        validate_pattern(self.pattern)
        _check_limit(self.limit)

    def covers(self, permission: str) -> bool:
        return pattern_matches(self.pattern, permission)


GrantLike = Grant | str


def as_grants(grants: Iterable[GrantLike]) -> tuple[Grant, ...]:
    return tuple(g if isinstance(g, Grant) else Grant(g) for g in grants)


def allows(grants: Iterable[GrantLike], permission: str) -> bool:
    validate_permission(permission)
    return any(g.covers(permission) for g in as_grants(grants))


_DENIED = object()


def _limit(grants: Iterable[GrantLike], permission: str) -> Decimal | None | object:
    validate_permission(permission)
    best: Decimal | None | object = _DENIED
    for g in as_grants(grants):
        if not g.covers(permission):
            continue
        if g.limit is None:
            return None
        if best is _DENIED or (isinstance(best, Decimal) and g.limit > best):
            best = g.limit
    return best


def limit_for(grants: Iterable[GrantLike], permission: str) -> Decimal | None:
    """The amount limit (BDT) for `permission`: `None` = unlimited.

    Raises `auth.permission_denied` when no grant covers `permission`, so "no limit"
    is never confused with "not allowed".
    """
    result = _limit(grants, permission)
    if result is _DENIED:
        raise AuthError.of("auth.permission_denied", permission=permission)
    assert result is None or isinstance(result, Decimal)
    return result


def within_limit(grants: Iterable[GrantLike], permission: str, amount: Decimal) -> bool:
    """May the holder do `permission` for `amount` BDT? False when not granted at all."""
    if not isinstance(amount, Decimal):
        raise TypeError("amount must be a Decimal")
    result = _limit(grants, permission)
    if result is _DENIED:
        return False
    return result is None or (isinstance(result, Decimal) and amount <= result)


class PermissionSet:
    """A user's effective grants (the union of their roles and direct grants)."""

    def __init__(self, grants: Iterable[GrantLike] = ()) -> None:
        self.grants: tuple[Grant, ...] = as_grants(grants)

    def __or__(self, other: PermissionSet) -> PermissionSet:
        return PermissionSet(self.grants + other.grants)

    def allows(self, permission: str) -> bool:
        return allows(self.grants, permission)

    def require(self, permission: str) -> None:
        """Raise `auth.permission_denied` unless allowed."""
        if not self.allows(permission):
            raise AuthError.of("auth.permission_denied", permission=permission)

    def limit_for(self, permission: str) -> Decimal | None:
        return limit_for(self.grants, permission)

    def within_limit(self, permission: str, amount: Decimal) -> bool:
        return within_limit(self.grants, permission, amount)

    def require_within_limit(self, permission: str, amount: Decimal) -> None:
        self.require(permission)
        if not self.within_limit(permission, amount):
            raise AuthError.of(
                "auth.permission_denied",
                permission=permission,
                amount=str(amount),
                limit=str(self.limit_for(permission)),
                currency=LIMIT_CURRENCY,
            )
