"""The PostgreSQL pool pings a connection only when it sat idle (issue 13, the decision rate): a connection
given back moments ago is reused without a round trip; an idle one whose server side died is replaced before
anyone uses it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from vextrus.platform import db as platform_db


@pytest.fixture
def pg_engine(scratch_postgres):
    scratch = scratch_postgres()
    engine = platform_db.make_engine(scratch.url, [], pool_size=1, max_overflow=0)
    try:
        yield engine
    finally:
        engine.dispose()
        scratch.drop()


def _pid(engine: sa.Engine) -> int:
    with engine.connect() as c:
        return c.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_used_moments_ago_is_not_pinged(pg_engine, monkeypatch):
    pings: list[object] = []
    ping = pg_engine.dialect.do_ping
    monkeypatch.setattr(pg_engine.dialect, "do_ping", lambda conn: pings.append(conn) or ping(conn))
    first = _pid(pg_engine)  # a new connection: alive, not pinged
    assert _pid(pg_engine) == first
    assert pings == []
    monkeypatch.setattr(platform_db, "PING_AFTER_IDLE", 0.0)  # every connection counts as idle now
    assert _pid(pg_engine) == first
    assert len(pings) == 1


def test_an_idle_connection_whose_server_side_died_is_replaced_before_use(pg_engine, monkeypatch):
    first = _pid(pg_engine)
    admin = sa.create_engine(pg_engine.url)  # the same role may end its own backends
    with admin.connect() as c:  # the server ends the pooled connection (a restart, an idle timeout)
        c.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": first})
    admin.dispose()
    monkeypatch.setattr(platform_db, "PING_AFTER_IDLE", 0.0)
    assert _pid(pg_engine) != first  # pinged, found dead, replaced: the caller saw no error
