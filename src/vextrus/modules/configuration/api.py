"""What other modules may call: read a setting, ask whether a feature is on."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from . import service


def setting(key: str) -> Any:
    """The current tenant's effective value of a declared setting."""
    return service.get_value(key)


def feature_enabled(key: str, user_id: UUID | None = None, roles: frozenset[str] | None = None) -> bool:
    return service.is_enabled(key, user_id, roles).enabled
