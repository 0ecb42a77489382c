"""Set-up shared by the benchmarks of modules that post through finance (and `median_time`): a runtime on a temporary SQLite
file (or VEXTRUS_DATABASE_URL), migrated, with a fresh tenant, an owner acting in it, and one company with
its book and fiscal year 2025-26 open. Not a benchmark itself (`.ci/run` skips files named `_*.py`)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any


def start_company(tenant_prefix: str, code: str = "BENCH", name: str = "Bench Builders Ltd.") -> tuple[Any, Any, Any]:
    """(runtime, owner context, company view); the caller acts as the owner for its own work."""
    from vextrus.modules.finance import service as finance
    from vextrus.modules.organization import api as org
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    work = Path(tempfile.mkdtemp())  # the database too: never ./vextrus.db of wherever the benchmark was started
    settings = load_settings(data_dir=work, secret_key="b" * 48, log_level="warning",
                             database_url=os.environ.get("VEXTRUS_DATABASE_URL") or f"sqlite:///{work / 'bench.db'}")
    rt = runtime.start(settings)
    migrations.upgrade(rt.engine)
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        tenant = Tenant(code=f"{tenant_prefix}{int(time.time())}", name=name)
        s.add(tenant)
    owner = context.RequestContext(tenant_id=tenant.id, user_id=new_id(), permissions=frozenset({"*"}),
                                   roles=frozenset({"owner"}), actor="bench")
    with context.acting_as(owner):
        company = org.create_company(org.CompanyInput(code=code, name=name))
        finance.ensure_book(code, name, company.id)
        finance.open_fiscal_year(code, "2025-26")
    return rt, owner, company


def median_time(fn: Any, runs: int = 5) -> float:
    """The median wall time of `runs` calls of `fn` in seconds, after one warm-up call."""
    import statistics

    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)
