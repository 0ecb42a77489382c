"""XER import benchmark: a generated P6 file through `interchange.import_xer` into the database.

    PYTHONPATH=src python bench/xer_import.py --size tiny                 # CI: SQLite, seconds
    PYTHONPATH=src python bench/xer_import.py --size full --database all  # SQLite and PostgreSQL

full: 10,000 activities, ~30,000 relationships, 3 calendars, 200 resources, 10,000 assignments,
20,000 activity-code values (target: < 5 s per database, the whole command: parse, map, insert,
commit). Prints the file size, the time of each step measured separately (parse alone, the domain
mapping alone) and of the whole import, rows per second, and then the time to schedule the imported
project through the service (load + CPM + write back).
On PostgreSQL the scratch database belongs to a plain login role, so row-level security applies.
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cpm import START, make_network  # noqa: E402  (the same generated network as the CPM bench)
from ledger import _database  # noqa: E402  (scratch SQLite file / PostgreSQL database)

from vextrus.modules.projects.domain.network import ScheduleOptions  # noqa: E402
from vextrus.modules.projects.domain.xer import network_to_xer, xer_to_project  # noqa: E402
from vextrus.modules.projects.domain.xer_format import read_xer, write_xer  # noqa: E402
from vextrus.modules.projects.domain.xer_resources import (  # noqa: E402
    XerAssignment,
    XerExtras,
    XerResource,
)

print = functools.partial(print, flush=True)  # noqa: A001
SIZES = {"tiny": 300, "full": 10_000}
PG_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/test"
TARGET_S = 5.0


def make_xer(n: int) -> bytes:
    """A P6 file of `n` activities with resources, one assignment and two code values per activity."""
    from decimal import Decimal

    net = make_network(n)
    rnd = random.Random(11)
    res = [XerResource(f"R{k:03d}", f"Resource {k}", ("labor", "equipment", "material")[k % 3],
                       ("h", "h", "bag")[k % 3], Decimal(100 + k)) for k in range(min(200, n))]
    asg = [XerAssignment(a.code, rnd.choice(res).code, Decimal(a.duration_hours), Decimal(0),
                         Decimal(int(a.duration_hours) * 150)) for a in net.activities]
    codes = {a.code: {"Phase": f"PH{rnd.randint(1, 12)}", "Area": f"AR{rnd.randint(1, 40)}"} for a in net.activities}
    opts = ScheduleOptions(data_date=START)
    doc = network_to_xer(net, opts, "1", short_name="BENCH",
                         extras=XerExtras(resources=res, assignments=asg, activity_codes=codes))
    return write_xer(doc).encode("cp1252")


def run(url: str, data: bytes, n: int) -> float:
    from vextrus.modules.projects import interchange, service
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    rt = runtime.start(load_settings(database_url=url, data_dir=Path(tempfile.mkdtemp()), secret_key="x" * 48),
                       consume=False)
    try:
        migrations.upgrade(rt.engine)
        db = rt.engine.dialect.name
        tid = new_id()
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code="bench", name="Bench", is_demo=False))
        with context.acting_as(context.system_context(tid, actor="bench")):
            service.list_calendars()  # seed the company calendars and holidays outside the timing
            t0 = time.perf_counter()
            rep = interchange.import_xer(data)
            t_imp = time.perf_counter() - t0
            rows = (rep.activities + rep.relationships + rep.resources + rep.assignments + rep.activity_codes
                    + rep.wbs + rep.calendars)
            print(f"[{db}] import_xer {rep.activities:,} activities, {rep.relationships:,} relationships, "
                  f"{rep.resources} resources, {rep.assignments:,} assignments, {rep.activity_codes:,} codes: "
                  f"{t_imp:6.2f} s ({rows / t_imp:,.0f} rows/s)  target < {TARGET_S:.0f} s: "
                  f"{'met' if t_imp < TARGET_S or n < 10_000 else 'MISSED'}")
            t0 = time.perf_counter()
            summ = service.schedule_project("BENCH")
            print(f"[{db}] schedule_project (load + CPM + store {n:,} activities): "
                  f"{time.perf_counter() - t0:6.2f} s, finish {summ.project_finish}")
        return t_imp
    finally:
        rt.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="tiny")
    ap.add_argument("--database", default="sqlite",
                    help="sqlite (default), a PostgreSQL URL, or 'all' (SQLite and the local PostgreSQL)")
    args = ap.parse_args()
    n = SIZES[args.size]
    t0 = time.perf_counter()
    data = make_xer(n)
    print(f"generated XER: {n:,} activities, {len(data) / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    doc = read_xer(data)
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    xer_to_project(doc)
    print(f"parse {t_parse * 1000:7.0f} ms, map to the domain network {(time.perf_counter() - t0) * 1000:7.0f} ms")
    targets = ["sqlite", PG_DEFAULT] if args.database == "all" else [args.database]
    worst = 0.0
    for target in targets:
        url, drop = _database(target)
        try:
            worst = max(worst, run(url, data, n))
        finally:
            drop()  # type: ignore[operator]
    return 1 if n >= 10_000 and worst >= TARGET_S else 0


if __name__ == "__main__":
    sys.exit(main())
