"""Kernel issue #21, item 7: the flag list reads every flag's overrides at once.

The list is read with 10 and with 100 stored flags (each with overrides for a user and a role) and
the SQL statements sent to the database are counted (SQLAlchemy `before_cursor_execute` on the
runtime engine, this thread only): the same number either way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
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


def test_cursor_pages_take_a_fixed_number_of_statements(db, admin, monkeypatch) -> None:
    """A cursor page of 10 and of 100 settings (by key; 100 declared for the test, each with a stored value,
    the tenant's cache dropped before each read) and of 10 and 100 flags with their overrides read as many
    statements."""
    from vextrus.platform import context
    from vextrus.platform.modules import SettingDef

    decl = service.declared_settings()
    for i in range(100):
        decl[f"test.limit_{i:03d}"] = ("test", SettingDef(f"test.limit_{i:03d}", "int", 0, f"Limit {i}", f"সীমা {i}"))
    monkeypatch.setattr(service, "declared_settings", lambda: decl)
    for i in range(100):
        service.set_setting(f"test.limit_{i:03d}", i + 1)
    _flags(0, 100)
    tenant = context.require_tenant()

    def page(read: Callable[[int], Any], n: int, drop_cache: bool) -> Callable[[], Any]:
        def run() -> Any:
            if drop_cache:  # a cold read: the stored values come from the database
                service.cache.invalidate(tenant)
            return read(n)
        return run

    reads: dict[str, tuple[Callable[[int], Any], bool]] = {
        "page_settings": (lambda n: service.page_settings("test", first=n), True),
        "page_settings(cached)": (lambda n: service.page_settings("test", first=n), False),
        "page_flags": (lambda n: service.page_flags(first=n), True)}
    pages = {}
    for name, (read, drop_cache) in reads.items():
        ten, small = _count(db, page(read, 10, drop_cache))
        hundred, large = _count(db, page(read, 100, drop_cache))
        print(f"{db.engine.dialect.name} configuration.{name}: 10 rows {ten}, 100 rows {hundred} statements")
        assert (len(small.items), len(large.items)) == (10, 100)
        assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"
        pages[name] = large
    assert [s.value for s in pages["page_settings"].items] == list(range(1, 101))  # the stored values, by key
    f = next(f for f in pages["page_flags"].items if f.key == "test.flag_042")
    assert f.enabled and f.rollout_percent == 42
    assert {(o.kind, o.subject, o.enabled) for o in f.overrides} == {("user", "user-42", True),
                                                                     ("role", "site_engineer", False)}
