"""Kernel issue #21, item 7: the flag list reads every flag's overrides at once.

The list is read with 10 and with 100 stored flags (each with overrides for a user and a role) and
the SQL statements sent to the database are counted (SQLAlchemy `before_cursor_execute` on the
runtime engine, this thread only): the same number either way.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event

from vextrus.modules.configuration import service


def _count(rt: Any, read: Any) -> tuple[int, Any]:
    seen: list[str] = []
    me = threading.get_ident()

    def hook(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if threading.get_ident() == me:
            seen.append(statement)

    event.listen(rt.engine, "before_cursor_execute", hook)
    try:
        out = read()
    finally:
        event.remove(rt.engine, "before_cursor_execute", hook)
    return len(seen), out


def _flags(start: int, stop: int) -> None:
    for i in range(start, stop):
        key = f"test.flag_{i:03d}"
        service.save_flag(key, i % 2 == 0, f"Flag {i}", rollout_percent=i % 100)
        service.set_flag_override(key, "user", f"user-{i}", True)
        service.set_flag_override(key, "role", "site_engineer", False)


def test_the_flag_list_takes_the_same_statements_for_10_and_100_flags(db, admin) -> None:
    declared = len(service.declared_flags())
    _flags(0, 10)
    ten, small = _count(db, service.list_flags)
    _flags(10, 100)
    hundred, large = _count(db, service.list_flags)
    print(f"{db.engine.dialect.name} configuration.list_flags: 10 rows {ten}, 100 rows {hundred} statements")
    assert (len(small), len(large)) == (10 + declared, 100 + declared)
    assert hundred == ten
    f = next(f for f in large if f.key == "test.flag_042")
    assert f.enabled and f.rollout_percent == 42 and f.version == 3
    assert {(o.kind, o.subject, o.enabled) for o in f.overrides} == {("user", "user-42", True),
                                                                     ("role", "site_engineer", False)}
