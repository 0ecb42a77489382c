"""Benchmark: master-data search latency (p50/p95) over many parties and items.

    python bench/master_data_search.py                       # 100,000 parties, 50,000 items, fresh PostgreSQL db
    python bench/master_data_search.py --size tiny           # 1,000 / 500 (CI)
    python bench/master_data_search.py --database-url sqlite:////tmp/md.db
    VEXTRUS_DATABASE_URL=... python bench/master_data_search.py

Rows are bulk-inserted with SQLAlchemy Core straight into the module's tables (including the
derived `search_term` index, built by the same functions the service uses); the queries go
through the real service (`search_parties` / `search_items`), i.e. tenant filter, RLS on
PostgreSQL, the prefix index and pagination (first page of 20).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

SIZES = {"tiny": (1_000, 500), "small": (10_000, 5_000), "full": (100_000, 50_000)}
PG_ADMIN = os.environ.get("VEXTRUS_BENCH_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")

EN_WORDS = ["Meghna", "Padma", "Jamuna", "Karnaphuli", "Shitalakshya", "Rupali", "Sonali", "Bengal", "Delta",
            "Sylhet", "Dhaka", "Chattogram", "Khulna", "Modern", "United", "Eastern", "Northern", "Apex", "Star",
            "Green", "Crescent", "Rahman", "Hossain", "Karim", "Alam", "Islam", "Chowdhury", "Ahmed", "Akter"]
EN_KINDS = ["Cement", "Steel", "Bricks", "Traders", "Builders", "Construction", "Engineering", "Enterprise",
            "Housing", "Developers", "Suppliers", "Transport", "Sand & Stone", "Hardware", "Electric"]
BN_WORDS = ["মেঘনা", "পদ্মা", "যমুনা", "কর্ণফুলী", "শীতলক্ষ্যা", "রূপালী", "সোনালী", "বেঙ্গল", "সিলেট", "ঢাকা",
            "চট্টগ্রাম", "খুলনা", "মডার্ন", "ইউনাইটেড", "রহমান", "হোসেন", "করিম", "আলম", "ইসলাম", "চৌধুরী"]
BN_KINDS = ["সিমেন্ট", "স্টিল", "ব্রিকস", "ট্রেডার্স", "বিল্ডার্স", "কনস্ট্রাকশন", "ইঞ্জিনিয়ারিং", "এন্টারপ্রাইজ",
            "হাউজিং", "ডেভেলপার্স"]
ITEM_WORDS = [("Cement", "সিমেন্ট"), ("MS rod", "এমএস রড"), ("Brick", "ইট"), ("Sand", "বালু"), ("Stone chips", "পাথর"),
              ("Tiles", "টাইলস"), ("Paint", "রং"), ("Pipe", "পাইপ"), ("Cable", "তার"), ("Glass", "কাচ")]


def _fresh_pg() -> tuple[str, object]:
    from vextrus.platform.scratch import scratch_database

    # owned by the administrator: the bulk loader writes every tenant's rows directly (no tenant
    # context), which row-level security would refuse; search latency under RLS is in docs/master_data.md
    owner = sa.engine.make_url(PG_ADMIN).username or "postgres"
    return scratch_database(PG_ADMIN, owner=owner, prefix="vextrus_bench")


def _insert_terms(conn, table, rows: list[dict]) -> None:  # noqa: ANN001
    """The search index is most of the rows: COPY on PostgreSQL, executemany on SQLite."""
    if conn.dialect.name != "postgresql":
        conn.execute(sa.insert(table), rows)
        return
    cols = ("tenant_id", "kind", "entity_id", "term")
    with conn.connection.dbapi_connection.cursor() as cur, \
            cur.copy(f"COPY master_data.master_data_search_term ({', '.join(cols)}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row(tuple(r[c] for c in cols))


def _generate(rt, tenant_id, n_parties: int, n_items: int, rng: random.Random) -> dict[str, list[str]]:  # noqa: ANN001
    from vextrus.modules.master_data import search
    from vextrus.modules.master_data.domain import normalise_key, normalise_name
    from vextrus.modules.master_data.tables import ItemRow, PartyRoleRow, PartyRow, SearchTermRow
    from vextrus.platform import clock
    from vextrus.platform.ids import new_id

    now = clock.now()
    samples: dict[str, list[str]] = {"tin": [], "mobile": [], "code": [], "item_code": []}
    batch = 5_000
    with rt.engine.begin() as conn:
        for start in range(0, n_parties, batch):
            parties, roles, terms = [], [], []
            for i in range(start, min(start + batch, n_parties)):
                pid = new_id()
                en = f"{rng.choice(EN_WORDS)} {rng.choice(EN_WORDS)} {rng.choice(EN_KINDS)} {i}"
                bn = f"{rng.choice(BN_WORDS)} {rng.choice(BN_KINDS)}"
                tin = f"{rng.randrange(10**11, 10**12)}"
                mobile = f"+8801{rng.choice('3456789')}{rng.randrange(10**7, 10**8)}"
                code = f"P-{i + 1:06d}"
                if rng.random() < 0.01:
                    samples["tin"].append(tin)
                    samples["mobile"].append("0" + mobile[4:])
                    samples["code"].append(code)
                parties.append({"id": pid, "tenant_id": tenant_id, "code": code, "legal_name": en, "legal_name_bn": bn,
                                "party_type": "company", "tin": tin, "mobile": mobile, "payment_terms_days": 30,
                                "currency": "BDT", "vendor_categories": [], "flags": [], "status": "active",
                                "search_key": normalise_name(en), "version": 1, "created_at": now, "updated_at": now})
                roles.append({"id": new_id(), "tenant_id": tenant_id, "party_id": pid,
                              "role": rng.choice(["customer", "vendor"])})
                terms += [{"tenant_id": tenant_id, "kind": "party", "entity_id": pid, "term": t}
                          for t in search.party_terms(en, bn, code, (tin, mobile))]
            conn.execute(sa.insert(PartyRow.__table__), parties)
            conn.execute(sa.insert(PartyRoleRow.__table__), roles)
            _insert_terms(conn, SearchTermRow.__table__, terms)
        for start in range(0, n_items, batch):
            items, terms = [], []
            for i in range(start, min(start + batch, n_items)):
                iid = new_id()
                en, bn = rng.choice(ITEM_WORDS)
                name, name_bn, code = f"{en} grade {i % 97} type {i}", f"{bn} গ্রেড {i % 97}", f"ITM-{i + 1:06d}"
                if rng.random() < 0.01:
                    samples["item_code"].append(code)
                items.append({"id": iid, "tenant_id": tenant_id, "code": code, "name": name, "name_bn": name_bn,
                              "kind": "material", "base_unit": "piece", "currency": "BDT", "specification": {},
                              "status": "active", "search_key": normalise_key(name), "version": 1,
                              "created_at": now, "updated_at": now})
                terms += [{"tenant_id": tenant_id, "kind": "item", "entity_id": iid, "term": t}
                          for t in search.item_terms(name, name_bn, code, None)]
            conn.execute(sa.insert(ItemRow.__table__), items)
            _insert_terms(conn, SearchTermRow.__table__, terms)
    if rt.engine.dialect.name == "postgresql":
        with rt.engine.connect() as conn:  # as autovacuum soon would: statistics and the visibility map
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return samples


def _queries(samples: dict[str, list[str]], rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    mix = []
    for _ in range(n):
        kind = rng.choice(["en_prefix", "en_two_words", "bn_prefix", "code", "tin", "mobile", "item_en", "item_bn",
                           "item_code"])
        if kind == "en_prefix":
            mix.append(("party", kind, rng.choice(EN_WORDS)[:3]))
        elif kind == "en_two_words":
            mix.append(("party", kind, f"{rng.choice(EN_WORDS)[:4]} {rng.choice(EN_KINDS)[:3]}"))
        elif kind == "bn_prefix":
            mix.append(("party", kind, rng.choice(BN_WORDS)[:3]))
        elif kind == "code":
            mix.append(("party", kind, rng.choice(samples["code"] or ["P-0001"])[:7]))
        elif kind == "tin":
            mix.append(("party", kind, rng.choice(samples["tin"] or ["1234"])[:8]))
        elif kind == "mobile":
            mix.append(("party", kind, rng.choice(samples["mobile"] or ["0171"])[:8]))
        elif kind == "item_en":
            mix.append(("item", kind, rng.choice(ITEM_WORDS)[0].split()[0][:4]))
        elif kind == "item_bn":
            mix.append(("item", kind, rng.choice(ITEM_WORDS)[1][:2]))
        else:
            mix.append(("item", kind, rng.choice(samples["item_code"] or ["ITM-0"])[:8]))
    return mix


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _existing(rt, rng: random.Random):  # noqa: ANN001
    """A bench tenant already loaded in this database (`--reuse`): its id and query samples."""
    with rt.engine.connect() as c:
        md = "master_data." if c.dialect.name == "postgresql" else ""
        if c.dialect.name == "postgresql":  # row-level security shows one tenant at a time: count each
            counts = []
            for t in c.exec_driver_sql("SELECT id FROM platform.tenant").scalars().all():
                c.exec_driver_sql("SELECT set_config('vextrus.tenant_id', %s, false)", (str(t),))
                counts.append((c.exec_driver_sql(f"SELECT count(*) FROM {md}party").scalar_one(), t))
            n, t = max(counts, default=(0, None))
            row = (t, n) if n else None
            if row is not None:
                c.exec_driver_sql("SELECT set_config('vextrus.tenant_id', %s, false)", (str(t),))
        else:
            row = c.exec_driver_sql(f"SELECT tenant_id, count(*) FROM {md}party GROUP BY tenant_id "
                                    "ORDER BY count(*) DESC LIMIT 1").first()
        if row is None:
            return None, None
        tid = row[0] if not isinstance(row[0], str) else __import__("uuid").UUID(row[0])
        parties = c.execute(sa.text(f"SELECT code, tin, mobile FROM {md}party ORDER BY code")).all()
        items = [r[0] for r in c.execute(sa.text(f"SELECT code FROM {md}item ORDER BY code")).all()]
    picked = rng.sample(parties, min(len(parties), max(1, len(parties) // 100)))
    return tid, {"tin": [p[1] for p in picked], "mobile": ["0" + p[2][4:] for p in picked],
                 "code": [p[0] for p in picked], "item_code": rng.sample(items, min(len(items), len(items) // 100 + 1))}


def run(url: str, n_parties: int, n_items: int, n_queries: int, seed: int, reuse: bool = False) -> None:
    from vextrus.modules.master_data import service
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    settings = load_settings(database_url=url, data_dir=Path(tempfile.mkdtemp()), secret_key="b" * 48,
                             modules="master_data")
    rt = runtime.start(settings, consume=False)
    migrations.upgrade(rt.engine)
    rng = random.Random(seed)
    tid, samples = _existing(rt, rng) if reuse else (None, None)
    t0 = time.perf_counter()
    if tid is None:
        tid = new_id()
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code=f"bench{tid.hex[-8:]}", name="Bench Builders"))
        with context.acting_as(context.system_context(tid)):
            samples = _generate(rt, tid, n_parties, n_items, rng)
    else:
        with rt.engine.connect() as c:
            md = "master_data." if c.dialect.name == "postgresql" else ""
            if md:
                c.exec_driver_sql("SELECT set_config('vextrus.tenant_id', %s, false)", (str(tid),))
            n_parties = c.exec_driver_sql(f"SELECT count(*) FROM {md}party").scalar_one()
            n_items = c.exec_driver_sql(f"SELECT count(*) FROM {md}item").scalar_one()
    load_s = time.perf_counter() - t0
    queries = _queries(samples, rng, n_queries)
    ctx = context.RequestContext(tenant_id=tid, permissions=frozenset({"master_data.*"}), actor="bench")
    timings: dict[str, list[float]] = {}
    hits = 0
    with context.acting_as(ctx):
        for target, _kind, q in queries[:20]:  # warm-up
            (service.search_parties if target == "party" else item_service.search_items)(q, first=20)
        for target, kind, q in queries:
            t = time.perf_counter()
            page = (service.search_parties if target == "party" else item_service.search_items)(q, first=20)
            timings.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
            hits += bool(page.items)
    all_ms = [v for vs in timings.values() for v in vs]
    db = url.split(":", 1)[0].split("+")[0]
    print(f"master_data search on {db}: {n_parties:,} parties, {n_items:,} items (bulk load {load_s:.1f} s)")
    print(f"  {len(all_ms)} queries, {hits} with results; first page of 20")
    print(f"  all         p50 {statistics.median(all_ms):7.2f} ms   p95 {_pct(all_ms, 95):7.2f} ms")
    for kind, vs in sorted(timings.items()):
        print(f"  {kind:<12}p50 {statistics.median(vs):7.2f} ms   p95 {_pct(vs, 95):7.2f} ms   (n={len(vs)})")
    rt.close()
    runtime._current = None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    ap.add_argument("--database-url", default=os.environ.get("VEXTRUS_DATABASE_URL"))
    ap.add_argument("--sqlite", action="store_true", help="Also run on a temporary SQLite file")
    ap.add_argument("--queries", type=int, default=None)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reuse", action="store_true",
                    help="With --database-url: query the data a previous run left there instead of loading")
    ap.add_argument("--keep", action="store_true", help="Keep the fresh PostgreSQL database (prints its URL)")
    args = ap.parse_args()
    n_parties, n_items = SIZES[args.size]
    n_queries = args.queries or (200 if args.size == "tiny" else 1000)
    targets: list[tuple[str, object]] = []
    if args.database_url:
        targets.append((args.database_url, None))
    else:
        url, drop = _fresh_pg()
        targets.append((url, None if args.keep else drop))
        if args.keep:
            print(f"keeping {url}")
    if args.sqlite:
        targets.append((f"sqlite:///{tempfile.mkdtemp()}/bench.db", None))
    for url, drop in targets:
        try:
            run(url, n_parties, n_items, n_queries, args.seed, reuse=args.reuse)
        finally:
            if drop:
                drop()  # type: ignore[operator]


if __name__ == "__main__":
    sys.exit(main())
