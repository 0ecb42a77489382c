"""What other modules may call: where an object's history is shown (for a "History" link or an
htmx tab on the object's own page)."""

from __future__ import annotations

from urllib.parse import urlencode


def history_url(object_type: str, object_id: object, *, fragment: bool = False) -> str:
    """`/audit/history?object_type=…&object_id=…` (`fragment=True`: the table alone, for `hx-get`)."""
    params = {"object_type": object_type, "object_id": str(object_id)}
    if fragment:
        params["fragment"] = "1"
    return "/audit/history?" + urlencode(params)
