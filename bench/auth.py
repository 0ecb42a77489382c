"""Auth throughput on a real database: sign-ins per second at the production argon2id cost,
and the overhead an authenticated request pays (JWT verify + context build: from the database on a
cache miss, from the in-process per-session cache on a hit), for bearer tokens and API keys.

    PYTHONPATH=src python bench/auth.py [--size tiny|small]

Runs on a temporary SQLite file (VEXTRUS_DATABASE_URL to use another database).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

PASSWORD = "Rod&Cement-2025"


def bench_tenant(tmp: Path):  # noqa: ANN201
    """A migrated SQLite database in `tmp` with one tenant, company B and its project manager
    pm@bench.example (password PASSWORD): (runtime, tenant, password). bench/signin.py uses it too."""
    from vextrus.modules.auth import service
    from vextrus.modules.organization import api as org
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    settings = load_settings(data_dir=tmp, secret_key="b" * 48, log_level="warning",
                             database_url=f"sqlite:///{tmp / 'bench.db'}")  # not ./vextrus.db
    rt = runtime.start(settings)
    migrations.upgrade(rt.engine)
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        tenant = Tenant(code="bench", name="Bench Ltd.")
        s.add(tenant)
    with context.acting_as(context.system_context(tenant.id)):
        c = org.create_company(org.CompanyInput(code="B", name="Bench Ltd."))
        service.seed_default_roles(c.id)
        service.create_user(service.UserInput(email="pm@bench.example", name="PM"), PASSWORD, c.id,
                            ["project_manager"])
    return rt, tenant, PASSWORD


def main() -> None:
    size = sys.argv[sys.argv.index("--size") + 1] if "--size" in sys.argv else "small"
    n_login, n_req = (3, 200) if size == "tiny" else (20, 3000)
    tmp = Path(tempfile.mkdtemp())
    os.environ.setdefault("VEXTRUS_DATABASE_URL", f"sqlite:///{tmp / 'bench.db'}")
    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.modules.auth.domain.passwords import PRODUCTION
    from vextrus.modules.auth.service import sessions
    from vextrus.platform import context, runtime

    rt, tenant, password = bench_tenant(tmp)
    settings = rt.settings
    p = PRODUCTION
    # one account signs in repeatedly: step the platform clock 7 s per sign-in so the
    # sign-in throttling measures nothing but the real work
    from vextrus.platform import clock

    stepped = clock.FrozenClock(clock.now())
    clock.set_clock(stepped)
    start = time.perf_counter()
    for _ in range(n_login):
        stepped.advance(seconds=7)
        res = sessions.login("pm@bench.example", password, f"10.0.0.{_ % 250}")
    rate = n_login / (time.perf_counter() - start)  # the clock stays stepped: tokens are from its future
    print(f"logins/s: {rate:.1f} (argon2id t={p.time_cost} m={p.memory_cost // 1024}MiB p={p.parallelism}, "
          f"full sign-in incl. throttling bookkeeping, refresh session and events; {n_login} logins)")

    token = res.access_token
    from vextrus.modules.auth import context_cache

    cache = context_cache.CACHE
    start = time.perf_counter()
    for _ in range(n_req):
        cache.clear()
        sessions.context_from_token(token)
    miss_us = (time.perf_counter() - start) / n_req * 1e6
    sessions.context_from_token(token)
    start = time.perf_counter()
    for _ in range(n_req):
        sessions.context_from_token(token)
    hit_us = (time.perf_counter() - start) / n_req * 1e6
    verifier = sessions.tokens()
    start = time.perf_counter()
    for _ in range(n_req):
        verifier._verify_signed(token)  # what a token's first request pays (signature, header, claims)
    jwt_us = (time.perf_counter() - start) / n_req * 1e6
    print(f"context from bearer token, cache miss (user, session, grants from the database): "
          f"{miss_us:.0f} µs")
    print(f"context from bearer token, cache hit (JWT verify + in-process lookup): {hit_us:.0f} µs "
          f"(cache TTL {cache.ttl:g} s; the token's "
          f"signature is checked on its first request, {jwt_us:.0f} µs, expiry on every one)")

    client = TestClient(create_app(settings, start_runtime=False))
    auth = {"Authorization": f"Bearer {token}"}

    def timed(headers: dict[str, str]) -> float:
        t0 = time.perf_counter()
        for _ in range(n_req):
            client.get("/health/live", headers=headers)
        return (time.perf_counter() - t0) / n_req * 1e6

    timed(auth)  # warm up
    anon, authed = timed({}), timed(auth)
    print(f"GET /health/live via TestClient: anonymous {anon:.0f} µs, authenticated (cache hit) {authed:.0f} µs "
          f"→ overhead {authed - anon:.0f} µs per request ({n_req} requests each)")
    ttl, cache.ttl = cache.ttl, 0
    cache.clear()
    uncached = timed(auth)
    cache.ttl = ttl
    print(f"  with the cache off (VEXTRUS_AUTH_CONTEXT_CACHE_SECONDS=0): authenticated {uncached:.0f} µs "
          f"→ overhead {uncached - anon:.0f} µs")

    # API keys: the same cache (keyed by the key's hash); last use written at most once a minute
    me = sessions.context_from_token(token)
    with context.acting_as(context.RequestContext(tenant_id=me.tenant_id, user_id=me.user_id, actor=me.actor,
                                                  permissions=me.permissions | {"auth.api_key.manage"},
                                                  company_id=me.company_id)):
        key = sessions.create_api_key("bench", ["projects.*"]).key
    start = time.perf_counter()
    for _ in range(n_req):
        cache.clear()
        stepped.advance(seconds=61)  # every miss also records a use (one UPDATE + outbox event)
        sessions.context_from_api_key(key)
    key_miss_us = (time.perf_counter() - start) / n_req * 1e6
    start = time.perf_counter()
    for _ in range(n_req):
        sessions.context_from_api_key(key)
    key_hit_us = (time.perf_counter() - start) / n_req * 1e6
    print(f"context from X-API-Key: cache miss (key, owner, grants from the database + last-use write) "
          f"{key_miss_us:.0f} µs; cache hit (sha256 + lookup, expiry check, no write) {key_hit_us:.0f} µs")
    key_headers = {"X-API-Key": key}
    timed(key_headers)  # warm up
    anon, keyed = timed({}), timed(key_headers)
    print(f"GET /health/live with X-API-Key (cache hit): {keyed:.0f} µs vs anonymous {anon:.0f} µs "
          f"→ overhead {keyed - anon:.0f} µs per request; last_used_at written at most once a minute per key")
    clock.set_clock(None)
    runtime.stop()


if __name__ == "__main__":
    main()
