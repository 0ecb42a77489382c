"""No lost update on a project (issue 21), over REST: two planners both read version N and PATCH it;
exactly one wins, the other gets 409 `stale_version`, and the stored project holds the winner's
values. On PostgreSQL the two requests run at once (both pass the version check; the compare-and-set
at the UPDATE decides); SQLite lets one writer in at a time, so there the check refuses the second.
The same race on an activity and a BOQ item goes through the service."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from vextrus.app import create_app
from vextrus.modules.projects import service
from vextrus.modules.projects.service import costs
from vextrus.modules.projects.tables import Activity, BoqItem, Project
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
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def _stored(db, table: type, row_id) -> Any:
    with db.session_factory() as s:
        return s.execute(select(table).where(table.id == row_id)).scalar_one()


def _patch(client: TestClient, name: str, version: int) -> Any:
    return client.patch("/api/v1/projects/projects/RACE", json={"expected_version": version,
                                                                 "changes": {"name": name}})


@pytest.mark.postgres_only
def test_two_concurrent_project_patches_over_rest_one_wins_none_is_lost(db, admin, client):
    p = service.create_project("RACE", "Race tower")
    answers = _both_read_then_write(Project, admin, lambda: _patch(client, "Meghna tower", p.version),
                                    lambda: _patch(client, "Padma tower", p.version))
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    won = next(a for a in answers if a.status_code == 200).json()
    lost = next(a for a in answers if a.status_code == 409).json()
    assert (lost["code"], lost["field"]) == ("stale_version", "version")
    stored = _stored(db, Project, p.id)
    assert (stored.name, stored.version) == (won["name"], p.version + 1) and won["version"] == p.version + 1


def test_a_project_patch_from_a_stale_read_is_a_409(db, admin, client):
    p = service.create_project("RACE", "Race tower")
    assert _patch(client, "Meghna tower", p.version).status_code == 200
    r = _patch(client, "Padma tower", p.version)
    assert r.status_code == 409 and (r.json()["code"], r.json()["field"]) == ("stale_version", "version")
    stored = _stored(db, Project, p.id)
    assert (stored.name, stored.version) == ("Meghna tower", p.version + 1)


@pytest.mark.postgres_only
def test_two_concurrent_activity_and_boq_edits_one_wins_each(db, admin):
    p = service.create_project("RACE", "Race tower")
    a = service.add_activity("RACE", "A100", name="Piling", duration_hours=80)
    results = _both_read_then_write(
        Activity, admin, lambda: service.update_activity("RACE", "A100", a.version, name="Bored piling"),
        lambda: service.update_activity("RACE", "A100", a.version, name="Driven piling"))
    won = [r for r in results if not isinstance(r, Exception)]
    assert len(won) == 1 and sum(isinstance(r, StaleVersion) for r in results) == 1, results
    stored = _stored(db, Activity, a.id)
    assert (stored.name, stored.version) == (won[0].name, a.version + 1)

    b = costs.add_boq_item(p.code, "1.01", "Cement", "bag", Decimal("100"), Decimal("550"))
    results = _both_read_then_write(
        BoqItem, admin, lambda: costs.update_boq_item("RACE", "1.01", b.version, quantity=Decimal("120")),
        lambda: costs.update_boq_item("RACE", "1.01", b.version, quantity=Decimal("90")))
    won = [r for r in results if not isinstance(r, Exception)]
    assert len(won) == 1 and sum(isinstance(r, StaleVersion) for r in results) == 1, results
    stored = _stored(db, BoqItem, b.id)
    assert (stored.quantity, stored.version) == (won[0].quantity, b.version + 1)
