"""Counting the SQL statements a read sends (the list-query tests: no query a row)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from vextrus.platform import runtime


@contextmanager
def counting(rt: runtime.Runtime) -> Iterator[list[str]]:
    """The statements this thread sends to the database while the block runs."""
    seen: list[str] = []
    me = threading.get_ident()

    def hook(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if threading.get_ident() == me:
            seen.append(statement)

    event.listen(rt.engine, "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        event.remove(rt.engine, "before_cursor_execute", hook)
