"""No lost update on an account (issue 21), over GraphQL: two accountants both read version N and
rename it; exactly one wins, the other gets the error code `stale_version` (the GraphQL extension code
of `StaleVersion`, like every domain error), and the stored account holds the winner's name. On
PostgreSQL the two requests run at once (both pass the version check; the compare-and-set at the UPDATE
decides); SQLite lets one writer in at a time, so there the check refuses the second."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from vextrus.app import create_app
from vextrus.modules.finance import service
from vextrus.modules.finance.tables import Account, Book
from vextrus.platform import context
from vextrus.platform.errors import StaleVersion


def _both_read_then_write(table: type, ctx: context.RequestContext, *saves: Callable[[], Any]) -> list[Any]:
    """Run the saves on their own threads; none writes the row before all have read it."""
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


@pytest.fixture
def client(db, admin):
    service.ensure_book("PADMA", "Padma Builders Ltd.")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def _account(code: str = "1120") -> service.AccountView:
    return next(a for a in service.list_accounts("PADMA") if a.code == code)


def _stored(db, tenant_id, code: str = "1120") -> Account:
    with db.session_factory() as s:
        return s.execute(select(Account).join(Book, Book.id == Account.book_id).where(
            Book.tenant_id == tenant_id, Book.code == "PADMA", Account.code == code)).scalar_one()


def _rename(client: TestClient, name: str, version: int) -> dict[str, Any]:
    q = (f'mutation {{ updateAccount(book: "PADMA", code: "1120", name: "{name}", version: {version}) '
         "{ code name } }")
    return client.post("/graphql", json={"query": q}).json()


def _outcome(answer: dict[str, Any]) -> str:
    if answer.get("errors"):
        return answer["errors"][0]["extensions"]["code"]
    return "renamed to " + answer["data"]["updateAccount"]["name"]


@pytest.mark.postgres_only
def test_two_concurrent_account_renames_over_graphql_one_wins_none_is_lost(db, admin, client):
    read = _account()
    answers = _both_read_then_write(Account, admin, lambda: _rename(client, "Cash at Sonali Bank", read.version),
                                    lambda: _rename(client, "Cash at Janata Bank", read.version))
    outcomes = sorted(_outcome(a) for a in answers)
    assert outcomes[1] == "stale_version" and outcomes[0].startswith("renamed to "), answers
    lost = next(a for a in answers if a.get("errors"))["errors"][0]
    assert lost["extensions"]["field"] == "version" and lost["extensions"]["message_bn"]
    winner = outcomes[0].removeprefix("renamed to ")
    stored = _stored(db, admin.tenant_id)
    assert (stored.name, stored.version) == (winner, read.version + 1)


def test_an_account_rename_from_a_stale_read_is_refused(db, admin, client):
    read = _account()
    assert _outcome(_rename(client, "Cash at Sonali Bank", read.version)) == "renamed to Cash at Sonali Bank"
    answer = _rename(client, "Cash at Janata Bank", read.version)
    assert _outcome(answer) == "stale_version" and answer["errors"][0]["extensions"]["field"] == "version"
    with pytest.raises(StaleVersion):  # the service refuses it the same way
        service.update_account("PADMA", "1120", service.AccountUpdate(name="Cash at Janata Bank",
                                                                      version=read.version))
    stored = _stored(db, admin.tenant_id)
    assert (stored.name, stored.version) == ("Cash at Sonali Bank", read.version + 1)
