"""Rule-set evaluations per second: a rule set of 100 CEL rules, compiled once per version.

    PYTHONPATH=src python bench/rules.py [--size tiny|full]

Prints two figures: the compiled evaluation alone (the issue's target: >= 50,000/s for 100 rules,
"compiled") in first-match and all-match mode, and `rules.api.evaluate` through the service on a real
database (one read of the rule set's current version per call, the compiled program from the cache).
Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from decimal import Decimal
from pathlib import Path


def _rules(n: int) -> list:
    from vextrus.modules.rules.schemas import OutcomeModel, RuleModel

    kinds = ["contractor", "supplier", "salary", "rent"]
    return [RuleModel(key=f"r{i}", priority=i, condition=f'payment_kind == "{kinds[i % 4]}" && amount > '
                      f'{(n - i) * 100000}.0 && payee_has_tin', outcome=OutcomeModel(kind="value", value={"i": i}))
            for i in range(n)]


def compiled_rate(mode: str, n_rules: int, n_evals: int) -> tuple[float, int]:
    from vextrus.modules.rules import subjects
    from vextrus.modules.rules.domain import compile_version, rule_from_dict

    rules = [rule_from_dict(r.model_dump(), i) for i, r in enumerate(_rules(n_rules))]
    c = compile_version("bench", 1, mode, subjects.get("tax.withholding"), rules)
    docs = [{"payment_kind": k, "amount": Decimal(a), "payee_has_tin": True, "on": "2025-08-01"}
            for k in ("contractor", "supplier", "rent") for a in ("150000.00", "2500000.00", "9999999.99")]
    matched = 0
    t = time.perf_counter()
    for i in range(n_evals):
        matched += len(c.run(docs[i % len(docs)]).matches)
    return n_evals / (time.perf_counter() - t), matched


def service_rate(n_rules: int, n_evals: int) -> float:
    from vextrus.modules.rules import api, service
    from vextrus.modules.rules.schemas import RuleSetInput
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    tmp = Path(tempfile.mkdtemp())
    settings = load_settings(data_dir=tmp, secret_key="b" * 48, log_level="warning",
                             database_url=os.environ.get("VEXTRUS_DATABASE_URL") or f"sqlite:///{tmp / 'bench.db'}")
    rt = runtime.start(settings)
    migrations.upgrade(rt.engine)
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        tenant = Tenant(code=f"bench{int(time.time())}", name="Bench Ltd.")
        s.add(tenant)
    with context.acting_as(context.system_context(tenant.id)):
        service.save_rule_set("bench.wht", RuleSetInput(subject="tax.withholding", name="bench", mode="first",
                                                        rules=_rules(n_rules)))
        doc = {"payment_kind": "contractor", "amount": Decimal("2500000.00"), "payee_has_tin": True,
               "on": "2025-08-01"}
        api.evaluate("bench.wht", doc)
        t = time.perf_counter()
        for _ in range(n_evals):
            api.evaluate("bench.wht", doc)
        rate = n_evals / (time.perf_counter() - t)
    rt.close()
    return rate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    size = ap.parse_args().size
    n_rules = 100
    n_evals, n_service = (2_000, 200) if size == "tiny" else (100_000, 3_000)
    for mode in ("first", "all"):
        rate, matched = compiled_rate(mode, n_rules, n_evals)
        print(f"rules compiled {mode}-match: {n_rules} rules, {n_evals} evaluations: {rate:,.0f}/s "
              f"(target >= 50,000/s; {matched} matches)")
    print(f"rules.api.evaluate (service, database read of the current version + cached program): "
          f"{service_rate(n_rules, n_service):,.0f}/s over {n_service} calls")


if __name__ == "__main__":
    main()
