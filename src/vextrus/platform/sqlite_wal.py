"""SQLite write-ahead-log housekeeping: checkpoints run in a background thread.

By default SQLite checkpoints inside the commit that happens to push the WAL past 1,000 pages, so one
request pays for copying everybody's pages into the database file. Here commits only wake a thread
that checkpoints (PASSIVE: it never blocks readers or writers) a moment later, coalescing a burst of
commits into one checkpoint; the I/O then overlaps the next request's work. A high
`wal_autocheckpoint` stays as a safety net should the thread fall behind.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from typing import Any

import structlog

log = structlog.get_logger("vextrus.db")

SAFETY_NET_PAGES = 20_000  # ~80 MB of WAL: a commit checkpoints itself past this (SQLite's own rule)
COALESCE_SECONDS = 0.2  # commits within this window share one checkpoint


class Checkpointer:
    """One per SQLite database file and engine; `notify()` after a commit, `stop()` at shutdown."""

    def __init__(self, path: str, coalesce: float = COALESCE_SECONDS):
        self.path = path
        self.coalesce = coalesce
        self.checkpoints = 0  # how many ran (for tests and /metrics-style curiosity)
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"wal-checkpoint:{path}", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        self._dirty.set()

    def _run(self) -> None:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            while not self._stop.is_set():
                self._dirty.wait()
                self._stop.wait(self.coalesce)  # let the burst finish; wakes at once on stop
                self._dirty.clear()
                self._checkpoint(con, "PASSIVE")
            self._checkpoint(con, "TRUNCATE")  # shutdown: leave a small WAL behind
        finally:
            con.close()

    def _checkpoint(self, con: sqlite3.Connection, mode: str) -> None:
        try:
            con.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
            self.checkpoints += 1
        except sqlite3.Error as exc:  # busy or locked: the next commit wakes us again
            log.warning("wal checkpoint skipped", path=self.path, mode=mode, error=str(exc))

    def stop(self) -> None:
        self._stop.set()
        self._dirty.set()
        self._thread.join(timeout=30)


_checkpointers: weakref.WeakKeyDictionary[Any, Checkpointer] = weakref.WeakKeyDictionary()


def attach(engine: Any, path: str) -> Checkpointer:  # noqa: ANN401
    """Checkpoint `engine`'s database in the background from now on (see the module docstring)."""
    from sqlalchemy import event

    cp = Checkpointer(path)
    base = engine.engine

    @event.listens_for(base, "connect")
    def _safety_net(dbapi_conn: Any, _rec: Any) -> None:  # noqa: ANN401
        dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={SAFETY_NET_PAGES}")

    @event.listens_for(base, "commit")
    def _after_commit(_conn: Any) -> None:  # noqa: ANN401
        cp.notify()

    _checkpointers[base] = cp
    return cp


def checkpointer_of(engine: Any) -> Checkpointer | None:  # noqa: ANN401
    return _checkpointers.get(engine.engine)


def detach(engine: Any) -> None:  # noqa: ANN401
    """Stop the engine's checkpointer (a final TRUNCATE checkpoint), if it has one."""
    cp = _checkpointers.pop(engine.engine, None)
    if cp is not None:
        cp.stop()
