"""No lost update on a user (issue 21): two administrators both read version N and save; exactly one
wins, the other gets StaleVersion, and the stored row holds the winner's values. On PostgreSQL the
two saves run at once on two threads and connections (both pass the version check; the compare-and-set
decides); SQLite lets one writer in at a time, so there the second save is refused by the check."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, select

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.auth.service import sessions
from vextrus.modules.auth.tables import User  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context  # noqa: E402
from vextrus.platform.errors import StaleVersion  # noqa: E402


def _both_read_then_write(table: type, ctx: context.RequestContext, *saves: Callable[[], Any]) -> list[Any]:
    """Run the saves on their own threads; none writes the row before all have read it (each waits at
    the row's UPDATE until the others get there)."""
    barrier = threading.Barrier(len(saves), timeout=30)
    arrivals, lock = [0], threading.Lock()

    def hold(_mapper: Any, _conn: Any, _target: Any) -> None:
        with lock:
            arrivals[0] += 1
            first_round = arrivals[0] <= len(saves)
        if first_round:
            barrier.wait()

    results: list[Any] = [None] * len(saves)

    def run(i: int) -> None:
        try:
            with context.acting_as(ctx):
                results[i] = saves[i]()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = exc

    event.listen(table, "before_update", hold)
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(saves))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        event.remove(table, "before_update", hold)
    return results


PW = "Rod&Cement-2025"


@pytest.fixture
def user(admin) -> service.UserView:
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    email = f"race@t{admin.tenant_id.hex[-10:]}.example.com"
    return service.create_user(service.UserInput(email=email, name="Karim"), password=PW, company_id=c.id,
                               roles=[])


def _stored(db, user_id) -> User:
    with db.session_factory() as s:
        return s.execute(select(User).where(User.id == user_id)).scalar_one()


def _edit(user: service.UserView, name: str, version: int) -> service.UserView:
    return service.update_user(user.id, service.UserInput(email=user.email, name=name), expected_version=version)


@pytest.mark.postgres_only
def test_two_concurrent_user_edits_one_wins_none_is_lost(db, admin, user):
    results = _both_read_then_write(User, admin, lambda: _edit(user, "Karim Uddin", user.version),
                                    lambda: _edit(user, "Karim Ahmed", user.version))
    won = [r for r in results if isinstance(r, service.UserView)]
    lost = [r for r in results if isinstance(r, StaleVersion)]
    assert len(won) == 1 and len(lost) == 1, results
    stored = _stored(db, user.id)
    assert (stored.name, stored.version) == (won[0].name, user.version + 1)


def test_a_user_edit_from_a_stale_read_is_refused(db, admin, user):
    first = _edit(user, "Karim Uddin", user.version)
    with pytest.raises(StaleVersion):
        _edit(user, "Karim Ahmed", user.version)
    stored = _stored(db, user.id)
    assert (stored.name, stored.version) == ("Karim Uddin", first.version) and first.version == user.version + 1


def _sign_in(user: service.UserView, n: int) -> sessions.LoginResult:
    return sessions.login(user.email, PW, f"race-{user.id.hex[-12:]}-{n}")


def test_signing_in_does_not_move_the_users_version(db, admin, user):
    """`last_login_at` is `__unversioned__`: an edit made from the version read before the user signed
    in still goes through."""
    assert _sign_in(user, 0).access_token
    stored = _stored(db, user.id)
    assert stored.last_login_at is not None and stored.version == user.version
    assert _edit(user, "Karim Uddin", user.version).version == user.version + 1


@pytest.mark.postgres_only
def test_two_concurrent_sign_ins_of_one_user_both_succeed(db, admin, user):
    results = _both_read_then_write(User, admin, lambda: _sign_in(user, 1), lambda: _sign_in(user, 2))
    assert all(isinstance(r, sessions.LoginResult) and r.access_token for r in results), results
    assert _stored(db, user.id).version == user.version
