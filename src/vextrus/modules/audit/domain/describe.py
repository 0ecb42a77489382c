"""What an event says about the object it concerns: type, id, label, action and changed fields.

Events carry what they carry. The name `module.object.verb` gives the object type (`module.object`)
and the action (`verb`). The object's id is the payload's `<object>_id`, else a field named for the
object type in `OBJECT_ID_FIELDS`, else `id`, else the first `…_id` field. Changes:
- `changes: {field: {before, after}}` (updates made with `platform.changes.field_changes`) gives both;
- `from_X`/`to_X`, `old_X`/`new_X`, `X_before`/`X_after` pairs give before and after of `X`;
- `changed: [fields]` (updates that list what changed) gives those fields, after values where the
  payload carries them, with no before value (`before_known` is false);
- anything else: every payload field is an after value (a creation, a posting), before unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# object types whose id field is not `<object>_id`
OBJECT_ID_FIELDS: dict[str, tuple[str, ...]] = {
    "finance.journal": ("entry_id",),
    "finance.period": ("book_id",),
    "finance.fiscal_year": ("book_id",),
    "finance.revaluation": ("entry_id", "book_id"),
    "master_data.party": ("party_id", "survivor_id"),
    "procurement.purchase_order": ("order_id",),
    "auth.login": ("user_id",),
    "auth.signin": ("user_id",),
    "auth.session": ("session_id", "user_id"),
    "auth.mfa": ("user_id",),
    "auth.password": ("user_id",),
    "auth.password_reset": ("user_id",),
    "auth.api_key": ("key_id",),
    "auth.role": ("user_id", "company_id"),
    "auth.mfa_policy": ("company_id",),
}
LABEL_FIELDS = ("code", "number", "party_code", "survivor_code", "identifier", "email", "role_code", "name")
SECRET_FIELDS = frozenset({"link", "token", "password", "secret", "recovery_codes"})  # never kept in the trail
_PAIRS = (("from_", "to_", "prefix"), ("old_", "new_", "prefix"), ("_before", "_after", "suffix"))


@dataclass(frozen=True)
class Described:
    object_type: str
    object_id: str
    object_label: str
    action: str
    changes: dict[str, dict[str, Any]]
    before_known: bool
    data: dict[str, Any]


def split_name(name: str) -> tuple[str, str]:
    """`finance.journal.posted` -> (`finance.journal`, `posted`); a two-part name is its own object."""
    parts = name.split(".")
    if len(parts) >= 3:
        return ".".join(parts[:-1]), parts[-1]
    return name, "event"


def object_id_of(object_type: str, payload: Mapping[str, Any]) -> str:
    short = object_type.split(".")[-1]
    for key in (f"{short}_id", *OBJECT_ID_FIELDS.get(object_type, ()), "id"):
        value = payload.get(key)
        if value:
            return str(value)
    for key, value in payload.items():
        if key.endswith("_id") and value and isinstance(value, str) and key != "company_id":
            return value
    return ""


def label_of(payload: Mapping[str, Any]) -> str:
    for key in LABEL_FIELDS:
        value = payload.get(key)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


def describe(name: str, payload: Mapping[str, Any]) -> Described:
    object_type, action = split_name(name)
    data = {k: ("[withheld]" if k in SECRET_FIELDS else v) for k, v in payload.items()}
    changes: dict[str, dict[str, Any]] = {}
    used: set[str] = {"changes"}
    given = data.get("changes")
    if isinstance(given, dict):
        for field, c in given.items():
            if isinstance(c, dict) and "before" in c and "after" in c:
                changes[str(field)] = ({"before": "[withheld]", "after": "[withheld]"} if field in SECRET_FIELDS
                                       else {"before": c["before"], "after": c["after"]})
    for a, b, kind in _PAIRS:
        for key in data:
            if kind == "prefix" and key.startswith(a):
                field = key[len(a):]
                other = b + field
            elif kind == "suffix" and key.endswith(a):
                field = key[: -len(a)]
                other = field + b
            else:
                continue
            if other in data and field not in changes:
                changes[field] = {"before": data[key], "after": data[other]}
                used.update((key, other))
    listed = data.get("changed")
    if isinstance(listed, list) and all(isinstance(f, str) for f in listed):
        for field in listed:
            if field not in changes:
                changes[field] = {"after": data[field]} if field in data else {}
    if not changes:
        changes = {k: {"after": v} for k, v in data.items() if k not in used}
    before_known = all("before" in c for c in changes.values()) and bool(changes)
    return Described(object_type=object_type, object_id=object_id_of(object_type, payload),
                     object_label=label_of(payload), action=action, changes=changes,
                     before_known=before_known, data=data)


def search_text(*parts: Any) -> str:
    """The words a record is found by: flattened values of its fields (both languages as given)."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, Mapping):
            for k, x in v.items():
                out.append(str(k))
                walk(x)
        elif isinstance(v, list | tuple):
            for x in v:
                walk(x)
        elif v is not None and v != "":
            out.append(str(v))

    for p in parts:
        walk(p)
    return " ".join(out)[:20000]
