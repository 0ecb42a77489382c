"""Before and after of the fields a command changed, as an update event carries them (`changes`), so the
audit trail answers "from what to what" years later without reading old rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, JsonValue
from pydantic_core import to_jsonable_python


class FieldChange(BaseModel):
    """One field's value before and after (JSON: Decimals, dates and ids as text)."""

    before: JsonValue = None
    after: JsonValue = None


Changes = dict[str, FieldChange]


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any], fields: Iterable[str] | None = None,
                  withheld: frozenset[str] = frozenset()) -> Changes:
    """`{field: {"before": b, "after": a}}` for each field (default: all of `after`) whose value differs,
    JSON-ready (Decimals, dates and ids as text); a field in `withheld` shows that it changed, not its values."""
    out: Changes = {}
    for name in (after if fields is None else fields):
        b, a = before.get(name), after.get(name)
        if b == a:
            continue
        out[name] = FieldChange(before="[withheld]", after="[withheld]") if name in withheld else \
            FieldChange(before=to_jsonable_python(b), after=to_jsonable_python(a))
    return out
