"""No lost update on a feature flag (issue 21): two administrators both read version N and save;
exactly one wins, the other gets StaleVersion, and the stored flag holds the winner's values. On
PostgreSQL the two saves run at once on two threads and connections (both pass the version check; the
compare-and-set decides); SQLite lets one writer in at a time, so there the check refuses the second."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, select

from vextrus.modules.configuration import service
from vextrus.modules.configuration.tables import FeatureFlag
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


KEY = "projects.race_board"


def _stored(db) -> FeatureFlag:
    with db.session_factory() as s:
        return s.execute(select(FeatureFlag).where(FeatureFlag.key == KEY)).scalar_one()


def _save(description: str, percent: int, version: int) -> service.FlagView:
    return service.save_flag(KEY, True, description, rollout_percent=percent, expected_version=version)


@pytest.mark.postgres_only
def test_two_concurrent_flag_saves_one_wins_none_is_lost(db, admin):
    read = service.save_flag(KEY, False, "Race board")
    results = _both_read_then_write(FeatureFlag, admin, lambda: _save("Half the users", 50, read.version),
                                    lambda: _save("A tenth of the users", 10, read.version))
    won = [r for r in results if isinstance(r, service.FlagView)]
    lost = [r for r in results if isinstance(r, StaleVersion)]
    assert len(won) == 1 and len(lost) == 1, results
    stored = _stored(db)
    assert (stored.description, stored.rollout_percent, stored.version) == (
        won[0].description, won[0].rollout_percent, read.version + 1)


def test_a_flag_save_from_a_stale_read_is_refused(db, admin):
    read = service.save_flag(KEY, False, "Race board")
    first = _save("Half the users", 50, read.version)
    with pytest.raises(StaleVersion):
        _save("A tenth of the users", 10, read.version)
    stored = _stored(db)
    assert (stored.rollout_percent, stored.version) == (50, first.version) and first.version == read.version + 1
