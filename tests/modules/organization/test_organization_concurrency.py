"""No lost update on a company (issue 21): two editors both read version N and save; exactly one
wins, the other gets StaleVersion, and the stored row holds the winner's values.

On PostgreSQL the two saves run on two threads and connections at once: each waits at the row's
UPDATE (a mapper hook) until the other has read it too, so both pass the version check and the
compare-and-set decides. SQLite lets one writer in at a time, so there the second save reads the
first one's version and `check_version` refuses it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, select

from vextrus.modules.organization import service
from vextrus.modules.organization.service import CompanyInput
from vextrus.modules.organization.tables import Company
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


def _stored(db, company_id) -> Company:
    with db.session_factory() as s:
        return s.execute(select(Company).where(Company.id == company_id)).scalar_one()


@pytest.mark.postgres_only
def test_two_concurrent_company_edits_one_wins_none_is_lost(db, admin):
    c = service.create_company(CompanyInput(code="RACE", name="Race Builders Ltd."))
    names = ["Meghna Builders Ltd.", "Padma Builders Ltd."]
    results = _both_read_then_write(Company, admin, *[
        (lambda n=n: service.update_company(c.id, CompanyInput(code="RACE", name=n), expected_version=c.version))
        for n in names])
    won = [r for r in results if isinstance(r, service.CompanyView)]
    lost = [r for r in results if isinstance(r, StaleVersion)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].status == 409 and lost[0].code == "stale_version"
    stored = _stored(db, c.id)
    assert (stored.name, stored.version) == (won[0].name, c.version + 1)


def test_a_company_edit_from_a_stale_read_is_refused(db, admin):
    c = service.create_company(CompanyInput(code="RACE", name="Race Builders Ltd."))
    read_by_both = service.get_company(c.id).version
    first = service.update_company(c.id, CompanyInput(code="RACE", name="Meghna Builders Ltd."),
                                   expected_version=read_by_both)
    with pytest.raises(StaleVersion):
        service.update_company(c.id, CompanyInput(code="RACE", name="Padma Builders Ltd."),
                               expected_version=read_by_both)
    stored = _stored(db, c.id)
    assert (stored.name, stored.version) == ("Meghna Builders Ltd.", first.version) and first.version == 2
