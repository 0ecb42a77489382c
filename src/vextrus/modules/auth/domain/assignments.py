"""Where a role is held: the whole company, or one project or cost centre of it."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.errors import ValidationFailed

SCOPE_KINDS = ("project", "cost_centre")


def check_scope(scope_kind: str | None, scope_id: UUID | None) -> None:
    """No scope (the whole company), or a project or cost centre together with its id."""
    if scope_kind not in (None, *SCOPE_KINDS) or (scope_kind is None) != (scope_id is None):
        raise ValidationFailed("scope_invalid", "A scope is a project or a cost centre with its id",
                               "পরিধি হলো একটি প্রকল্প বা কস্ট সেন্টার ও তার আইডি", field="scope_kind")


def widest_example(pattern: str) -> str:
    """A concrete permission only the pattern's widest holders have (wildcards become a name no
    module uses), for the 'no more than you hold' check."""
    parts = pattern.split(".")
    parts += ["*"] * (3 - len(parts))
    return ".".join("zz_any" if p == "*" else p for p in parts)
