"""The tenant of a sign-in email on PostgreSQL with many tenants: the key directory (auth_0006, one
index probe) against auth_0005's lookup that tried each tenant in turn under row-level security.
Each sign-in, token refresh, password reset and API-key request begins with this lookup.

    PYTHONPATH=src python bench/tenant_lookup.py [--size tiny|full] [--database postgresql+psycopg://...]

tiny: 50 tenants; full: 2,000. Each has one user; the email looked up is the last tenant's in id
order (the old loop's worst case) and an unknown one (every tenant tried). Needs PostgreSQL (a
scratch database of its own); SQLite has no row-level security and so no such lookup.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def _users(rt, n: int) -> list[tuple[object, str]]:  # noqa: ANN001
    """n tenants with one user each, written directly (the bench is about the lookup, not sign-up)."""
    from vextrus.modules.auth.tables import User
    from vextrus.platform import context, tenancy
    from vextrus.platform.tables import Tenant

    tenants = [Tenant(code=f"tl{i:05d}", name=f"Tenant {i}") for i in range(n)]
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        s.add_all(tenants)
    out = []
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        for t in tenants:
            email = f"owner@{t.code}.example.com"
            with tenancy.within_tenant(s, t.id):
                s.add(User(tenant_id=t.id, email=email, username=t.code, name="Owner", password_hash=None))
                s.flush()
            out.append((t.id, email))
    return sorted(out, key=lambda p: str(p[0]))


def _timed(rt, email: str, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    """Median milliseconds of one lookup (its own short transaction, as sign-in does) and its answer."""
    from vextrus.modules.auth.tables import User
    from vextrus.platform import context, tenancy

    times, found = [], None
    with context.acting_as(context.system_context()):
        for _ in range(repeat):
            start = time.perf_counter()
            with rt.session_factory() as s:
                found = tenancy.find_tenant(s, "auth.tenant_of_email", User.email, email)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), found


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    ap.add_argument("--database", default="postgresql+psycopg://root@127.0.0.1:5432/test")
    args = ap.parse_args()
    n, repeat = (50, 20) if args.size == "tiny" else (2000, 50)

    from vextrus.platform import bootstrap, runtime
    from vextrus.platform.scratch import scratch_database
    from vextrus.platform.settings import load_settings

    scratch = scratch_database(args.database, owner="vextrus_app_bench", runtime="vextrus_runtime_bench",
                               prefix="vextrus_bench")
    try:
        settings = load_settings(database_url=scratch.url, migration_database_url=scratch.owner_url,
                                 data_dir=Path(tempfile.mkdtemp()), secret_key="b" * 48, log_level="warning")
        rt = runtime.start(settings)
        bootstrap.migrate(rt)
        start = time.perf_counter()
        users = _users(rt, n)
        print(f"tenant lookup, PostgreSQL: {n} tenants of one user each (written in "
              f"{time.perf_counter() - start:.1f} s); median of {repeat} lookups")
        (last_tid, last), unknown = users[-1], "nobody@nowhere.example.com"
        rows = []
        for label in ("key directory (auth_0006)", "tenant by tenant (auth_0005)"):
            if label.startswith("tenant by tenant"):
                _downgrade(scratch.owner_url)
            hit_ms, hit = _timed(rt, last, repeat)
            miss_ms, miss = _timed(rt, unknown, repeat)
            assert hit == last_tid and miss is None, (label, hit, miss)
            rows.append((label, hit_ms, miss_ms))
        for label, hit_ms, miss_ms in rows:
            print(f"  {label:30s} last tenant's email {hit_ms:8.2f} ms   unknown email {miss_ms:8.2f} ms")
        print(f"  speed-up on an unknown email: {rows[1][2] / rows[0][2]:.0f}x")
        rt.close()
    finally:
        scratch.drop()


def _downgrade(owner_url: str) -> None:
    """auth back to auth_0005 as the owner (the directory and its triggers go, the loop comes back)."""
    import sqlalchemy as sa

    from vextrus.platform import migrations

    engine = sa.create_engine(owner_url)
    try:
        migrations.downgrade(engine, "auth_0005")
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
