"""No lost update on a party (issue 21): two clerks both read version N and save; exactly one wins,
the other gets StaleVersion, and the stored party holds the winner's values. On PostgreSQL the two
saves run at once on two threads and connections (both pass the version check; the compare-and-set
decides); SQLite lets one writer in at a time, so there the check refuses the second."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, select

from vextrus.modules.master_data import service
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.tables import PartyRow
from vextrus.platform import context
from vextrus.platform.errors import StaleVersion


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


def _stored(db, party_id) -> PartyRow:
    with db.session_factory() as s:
        return s.execute(select(PartyRow).where(PartyRow.id == party_id)).scalar_one()


def _edit(party_id, name: str, version: int):
    return service.update_party(party_id, PartyInput(legal_name=name, roles=["customer"]), version)


@pytest.mark.postgres_only
def test_two_concurrent_party_edits_one_wins_none_is_lost(db, admin):
    p = service.create_party(PartyInput(legal_name="Meghna Traders", roles=["customer"]))
    results = _both_read_then_write(PartyRow, admin, lambda: _edit(p.id, "Meghna Traders Ltd.", p.version),
                                    lambda: _edit(p.id, "Meghna Trading House", p.version))
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, StaleVersion)]
    assert len(won) == 1 and len(lost) == 1, results
    stored = _stored(db, p.id)
    assert (stored.legal_name, stored.version) == (won[0].legal_name, p.version + 1)
    assert service.get_party(p.id).legal_name == won[0].legal_name


def test_a_party_edit_from_a_stale_read_is_refused(db, admin):
    p = service.create_party(PartyInput(legal_name="Meghna Traders", roles=["customer"]))
    first = _edit(p.id, "Meghna Traders Ltd.", p.version)
    with pytest.raises(StaleVersion):
        _edit(p.id, "Meghna Trading House", p.version)
    stored = _stored(db, p.id)
    assert (stored.legal_name, stored.version) == ("Meghna Traders Ltd.", first.version) and first.version == 2
