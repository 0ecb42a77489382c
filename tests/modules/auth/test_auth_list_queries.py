"""Kernel issue #21, item 7: no per-row queries in list endpoints.

User, role and assignment lists are read for 10 and for 100 rows and the SQL statements sent to
the database are counted (SQLAlchemy `before_cursor_execute` on the runtime engine, this thread
only). A role's grants and its two-step rule are read for all roles at once, so 100 rows take no
more statements than 10.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from statement_count import counting
from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context, runtime  # noqa: E402


def statements(rt: runtime.Runtime, read: Callable[[], Any], rows: int) -> int:
    with counting(rt) as seen:
        out = read()
    items = out.items if hasattr(out, "items") else out
    assert len(items) == rows, f"expected {rows} rows, got {len(items)}"
    return len(seen)


def mail(local: str) -> str:
    return f"{local}@t{context.current().tenant_id.hex[-10:]}.example.com"


def _users(company_id: Any, start: int, stop: int) -> None:
    for i in range(start, stop):
        service.create_user(service.UserInput(email=mail(f"engineer{i}"), name=f"Engineer {i}"),
                            company_id=company_id, roles=["viewer"])


def test_user_lists_take_the_same_statements_for_10_and_100_rows(db, admin) -> None:
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    service.seed_default_roles(c.id)
    _users(c.id, 0, 10)
    small = {"list_users": statements(db, service.list_users, 10),
             "list_users(company)": statements(db, lambda: service.list_users(c.id), 10),
             "users_page": statements(db, lambda: service.users_page(first=10), 10)}
    _users(c.id, 10, 100)
    large = {"list_users": statements(db, service.list_users, 100),
             "list_users(company)": statements(db, lambda: service.list_users(c.id), 100),
             "users_page": statements(db, lambda: service.users_page(first=100), 100)}
    for name in small:
        print(f"{db.engine.dialect.name} auth.{name}: 10 rows {small[name]}, 100 rows {large[name]} statements")
        assert large[name] == small[name], f"{name}: {small[name]} statements for 10 rows, {large[name]} for 100"
    ids = [u.id for u in service.list_users(c.id)]
    ten = statements(db, lambda: list(service.assignments_of_users(ids[:10]).values()), 10)
    hundred = statements(db, lambda: list(service.assignments_of_users(ids).values()), 100)
    one_by_one = statements(db, lambda: [service.assignments_of(i) for i in ids[:10]], 10)
    print(f"{db.engine.dialect.name} auth.assignments_of_users: 10 users {ten}, 100 users {hundred} statements "
          f"(assignments_of user by user: {one_by_one} for 10)")
    assert hundred == ten < one_by_one
    assert service.assignments_of_users(ids) == {i: service.assignments_of(i) for i in ids}  # as user by user


def _roles(company_id: Any, n: int) -> None:
    for i in range(n):
        service.save_role(company_id, f"crew_{i}", f"Crew {i}", f"দল {i}",
                          [service.GrantView(pattern="projects.*.read"),
                           service.GrantView(pattern="finance.journal.post", amount_limit=1000 * (i + 1))])
        if i % 2:
            service.set_mfa_required(company_id, f"crew_{i}", True)


def test_role_lists_take_the_same_statements_for_10_and_100_rows(db, admin) -> None:
    a = org.create_company(org.CompanyInput(code="PB1", name="Padma Builders One Ltd."))
    b = org.create_company(org.CompanyInput(code="PB2", name="Padma Builders Two Ltd."))
    seeded = len(service.list_roles(a.id))  # a new company has the default roles
    _roles(a.id, 10)
    _roles(b.id, 100)
    holder = {}
    for cid, n in ((a.id, 10), (b.id, 100)):
        holder[cid] = service.create_user(service.UserInput(email=mail(f"foreman{n}"), name="Foreman")).id
        for i in range(n):
            service.assign_role(holder[cid], cid, f"crew_{i}")
    reads: dict[str, tuple[Callable[[Any], Any], int]] = {
        "list_roles": (service.list_roles, seeded),
        "permission_matrix": (lambda cid: service.permission_matrix(cid)["roles"], seeded),
        "assignments_of": (lambda cid: service.assignments_of(holder[cid]), 0),
    }
    for name, (read, extra) in reads.items():
        ten = statements(db, lambda read=read: read(a.id), extra + 10)
        hundred = statements(db, lambda read=read: read(b.id), extra + 100)
        print(f"{db.engine.dialect.name} auth.{name}: 10 rows {ten}, 100 rows {hundred} statements")
        assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"
    roles = {r.code: r for r in service.list_roles(b.id)}
    assert roles["crew_99"].mfa_required and not roles["crew_98"].mfa_required
    assert sorted(g.pattern for g in roles["crew_99"].grants) == ["finance.journal.post", "projects.*.read"]


def test_cursor_pages_take_a_fixed_number_of_statements(db, admin) -> None:
    """A cursor page of 10 and of 100 users, roles, API keys and a user's role assignments (REST `?first&after`)
    read as many statements: a page's role grants, two-step rules and role codes each in one query."""
    import dataclasses

    from vextrus.modules.auth.service import api_keys, roles

    c = org.create_company(org.CompanyInput(code="PCP", name="Paged Cursor Padma Ltd."))
    _roles(c.id, 100)
    _users(c.id, 0, 100)
    holder = service.create_user(service.UserInput(email=mail("keyholder"), name="Key Holder")).id
    for i in range(100):
        service.assign_role(holder, c.id, f"crew_{i}")
    me = dataclasses.replace(admin, user_id=holder)
    with context.acting_as(me):
        for i in range(100):
            service.sessions.create_api_key(f"tally {i}", ["finance.*.view"])
    reads: dict[str, Callable[[int], Any]] = {
        "users_page(company)": lambda n: service.users_page(c.id, first=n),
        "page_roles": lambda n: roles.page_roles(c.id, n),
        "page_assignments": lambda n: roles.page_assignments(holder, n),
    }
    for name, read in reads.items():
        ten = statements(db, lambda read=read: read(10), 10)
        hundred = statements(db, lambda read=read: read(100), 100)
        print(f"{db.engine.dialect.name} auth.{name}: 10 rows {ten}, 100 rows {hundred} statements")
        assert hundred == ten, f"{name}: {ten} statements for 10 rows, {hundred} for 100"
    with context.acting_as(me):
        ten = statements(db, lambda: api_keys.page_api_keys(10), 10)
        hundred = statements(db, lambda: api_keys.page_api_keys(100), 100)
    print(f"{db.engine.dialect.name} auth.page_api_keys: 10 rows {ten}, 100 rows {hundred} statements")
    assert hundred == ten, f"page_api_keys: {ten} statements for 10 rows, {hundred} for 100"
    # the pages say what the rows hold: a role's grants and two-step rule, an assignment's role code
    page = roles.page_roles(c.id, 100)
    crew = {r.code: r for r in page.items}
    assert crew["crew_9"].mfa_required and not crew["crew_8"].mfa_required
    assert sorted(g.pattern for g in crew["crew_9"].grants) == ["finance.journal.post", "projects.*.read"]
    assert {a.role_code for a in roles.page_assignments(holder, 100).items} == {f"crew_{i}" for i in range(100)}
