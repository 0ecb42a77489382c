"""Relay-style cursor pagination over a unique, ordered key (UUIDv7 ids sort by creation)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_number, to_bangla_digits

T = TypeVar("T")
MAX_PAGE = 500


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps([str(v) for v in values]).encode()).decode()


def decode_cursor(cursor: str) -> list[str]:
    try:
        out = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        assert isinstance(out, list)
        return out
    except Exception:
        raise ValidationFailed("cursor_invalid", "The page cursor is not valid", "পৃষ্ঠার কার্সার সঠিক নয়",
                               field="after") from None


MAX_OFFSET = 1_000_000


def check_limit_offset(limit: int, offset: int = 0, max_limit: int = MAX_PAGE) -> None:
    """Offset paging bounds, refused by name before a database sees them (SQLite cannot bind integers
    past 2^63; PostgreSQL refuses a negative LIMIT or OFFSET)."""
    if not 1 <= limit <= max_limit:
        raise ValidationFailed("page_size", f"limit must be between 1 and {max_limit}",
                               f"এক পাতায় ১ থেকে {to_bangla_digits(str(max_limit))}টি সারি দেখানো যায়", field="limit",
                               details={"max": max_limit})
    if not 0 <= offset <= MAX_OFFSET:
        raise ValidationFailed("offset_invalid", f"offset must be between 0 and {MAX_OFFSET:,}",
                               f"শুরুর অবস্থান ০ থেকে {format_number(MAX_OFFSET, 0, 'bn')} এর মধ্যে হতে হবে", field="offset",
                               details={"max": MAX_OFFSET})


@dataclass
class Page(Generic[T]):
    items: list[T]
    end_cursor: str | None
    has_next_page: bool
    total_count: int | None = None


def paginate(session: Session, stmt: Select[Any], key: Any, *, first: int = 50, after: str | None = None,
             convert: Any = None, plain: bool = False) -> Page[Any]:
    """`key` is a unique sortable column (e.g. Model.id, or Model.code when codes are unique). `plain`: the
    statement selects columns, so the page holds rows (with `key` among them) instead of ORM objects."""
    if first < 1 or first > MAX_PAGE:
        raise ValidationFailed("page_size", f"first must be between 1 and {MAX_PAGE}",
                               f"এক পাতায় ১ থেকে {to_bangla_digits(str(MAX_PAGE))}টি সারি দেখানো যায়", field="first")
    if after:
        raw = decode_cursor(after)[0]
        value = convert(raw) if convert else key.type.python_type(raw)
        stmt = stmt.where(key > value)
    result = session.execute(stmt.order_by(key).limit(first + 1))
    rows = result.all() if plain else result.scalars().all()
    has_next = len(rows) > first
    rows = rows[:first]
    end = encode_cursor([getattr(rows[-1], key.key)]) if rows else None
    return Page(list(rows), end, has_next)


def page_list(rows: list[T], key: Any, *, first: int = 50, after: str | None = None) -> Page[T]:
    """`paginate` for a list held in memory (declared settings and flags, the geography table): the rows
    by `key(row)` (unique strings), the same cursors, bounds and refusals."""
    if first < 1 or first > MAX_PAGE:
        raise ValidationFailed("page_size", f"first must be between 1 and {MAX_PAGE}",
                               f"এক পাতায় ১ থেকে {to_bangla_digits(str(MAX_PAGE))}টি সারি দেখানো যায়", field="first")
    ordered = sorted(rows, key=key)
    if after:
        last = str(decode_cursor(after)[0])
        ordered = [r for r in ordered if key(r) > last]
    page = ordered[:first]
    return Page(page, encode_cursor([key(page[-1])]) if page else None, len(ordered) > first)
