"""SQLite checkpoints run in a background thread, not in the commit that crosses the WAL limit: the
data reaches the database file, a shutdown leaves a truncated WAL, and nothing is lost."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

from sqlalchemy import text

from vextrus.platform import sqlite_wal
from vextrus.platform.db import dispose_engine, make_engine


def _engine(tmp_path):
    return make_engine(f"sqlite:///{tmp_path / 'w.db'}", ["platform"])


def test_commits_wake_a_background_checkpoint_that_moves_pages_into_the_database_file(tmp_path):
    engine = _engine(tmp_path)
    cp = sqlite_wal.checkpointer_of(engine)
    assert cp is not None and cp.checkpoints == 0
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == sqlite_wal.SAFETY_NET_PAGES
    done = threading.Event()
    original = cp._checkpoint

    def watched(con, mode):  # noqa: ANN001, ANN202
        original(con, mode)
        done.set()
    cp._checkpoint = watched  # type: ignore[method-assign]
    with engine.begin() as c:
        c.execute(text("CREATE TABLE t (n INTEGER, pad TEXT)"))
    with engine.begin() as c:
        c.execute(text("INSERT INTO t VALUES (:n, :pad)"), [{"n": i, "pad": "x" * 200} for i in range(5000)])
    # A reader that ignores the WAL (immutable) sees the rows: they are in the database file itself. The first
    # checkpoint may be the CREATE's, run while the INSERT was still open: wait for the one after the INSERT.
    deadline = time.monotonic() + 10
    while True:
        assert done.wait(max(0.0, deadline - time.monotonic())), "no checkpoint moved the rows after the commits"
        done.clear()
        raw = sqlite3.connect(f"file:{tmp_path / 'w.db'}?immutable=1", uri=True)
        try:
            seen = raw.execute("SELECT count(*), sum(n) FROM t").fetchone()
        finally:
            raw.close()
        if seen == (5000, sum(range(5000))):
            break
    dispose_engine(engine)


def test_shutdown_truncates_the_wal_and_stops_the_thread(tmp_path):
    engine = _engine(tmp_path)
    cp = sqlite_wal.checkpointer_of(engine)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE t (n INTEGER)"))
        c.execute(text("INSERT INTO t VALUES (1)"))
    dispose_engine(engine)
    assert not cp._thread.is_alive() and sqlite_wal.checkpointer_of(engine) is None
    wal = tmp_path / "w.db-wal"
    assert not wal.exists() or os.path.getsize(wal) == 0
    again = _engine(tmp_path)
    with again.connect() as c:
        assert c.execute(text("SELECT n FROM t")).scalar() == 1
    dispose_engine(again)


def test_an_in_memory_database_has_no_checkpointer():
    engine = make_engine("sqlite://", ["platform"])
    assert sqlite_wal.checkpointer_of(engine) is None
    dispose_engine(engine)
