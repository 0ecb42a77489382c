"""Approval decisions per second on a real database (the issue's target: >= 500/s on PostgreSQL).

    PYTHONPATH=src python bench/workflow.py [--size tiny|full] [--database sqlite|postgresql+psycopg://root@127.0.0.1:5432/test]
                                            [--threads N]

Each decision is `workflow.service.decide` as a signed-in accountant: load the approval and its steps,
check the approver (own submission, role, the amount limit read from auth, the segregation-of-duties
rule set from rules), the compare-and-set on the step and the approval, the history row, the
`workflow.instance.approved` event in the outbox and its delivery. On PostgreSQL a scratch database is
made (owned by a plain role, used by a runtime role under row-level security) and dropped afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    ap.add_argument("--database", default="postgresql+psycopg://root@127.0.0.1:5432/test")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--show", action="store_true", help="print the statements of one decision")
    args = ap.parse_args()
    n = 40 if args.size == "tiny" else 2000

    from vextrus.modules.auth import api as auth_api  # noqa: F401 - loads auth
    from vextrus.modules.auth import service as auth
    from vextrus.modules.organization import api as org
    from vextrus.modules.workflow import service
    from vextrus.modules.workflow.schemas import ApproverModel, DefinitionInput, StepModel, SubmitInput
    from vextrus.platform import bootstrap, context, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.modules import available_modules
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    drop = None
    if args.database == "sqlite":
        url, owner_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}", None
    else:
        from vextrus.platform.scratch import scratch_database

        scratch = scratch_database(args.database, owner="vextrus_app_bench", runtime="vextrus_runtime_bench",
                                   prefix="vextrus_bench")
        url, owner_url, drop = scratch.url, scratch.owner_url, scratch.drop
    try:
        settings = load_settings(database_url=url, migration_database_url=owner_url, data_dir=Path(tempfile.mkdtemp()),
                                 secret_key="b" * 48, log_level="warning")
        rt = runtime.start(settings)
        bootstrap.migrate(rt)
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            tenant = Tenant(code="wfbench", name="Bench Ltd.")
            s.add(tenant)
        tid = tenant.id
        with context.acting_as(context.system_context(tid)):
            c = org.create_company(org.CompanyInput(code="WB", name="Bench Builders Ltd."))
            auth.seed_default_roles(c.id)
            clerk = auth.create_user(auth.UserInput(email="clerk@wfbench.example", name="Clerk"), "Pass-word-123",
                                     c.id, ["accounts_payable_clerk"]).id
            approvers = [auth.create_user(auth.UserInput(email=f"acct{i}@wfbench.example", name=f"Acct {i}"),
                                          "Pass-word-123", c.id, ["accountant"]).id for i in range(max(1, args.threads))]
            service.seed_defaults()  # the segregation-of-duties rule set
            service.save_definition("bench", DefinitionInput(
                subject="invoicing.invoice", name="Bench", sod_rule_set="workflow.sod", steps=[StepModel(
                    key="check", name="Check", approver=ApproverModel(kind="role", role="accountant"),
                    condition="amount > 1000.0", limit_permission="finance.invoice.approve", timeout_hours=48)]))
            service.save_definition("invoice", DefinitionInput(subject="invoicing.invoice", name="off", active=False,
                                                               steps=[StepModel(key="x", name="x", approver=ApproverModel(
                                                                   kind="role", role="owner"))]))
        am = available_modules()["auth"]
        context_for = am.load(am.acts_for)
        with context.acting_as(context_for(clerk, tid, company_id=c.id)):
            ids = [service.submit(SubmitInput(subject="invoicing.invoice", document_id=new_id(), amount=Decimal("250000"),
                                              document_label=f"INV-{i}", company_id=c.id)).id for i in range(n)]
        contexts = [context_for(a, tid, company_id=c.id) for a in approvers]
        chunks = [ids[i::len(contexts)] for i in range(len(contexts))]
        errors: list[BaseException] = []

        def work(k: int) -> None:
            with context.acting_as(contexts[k]):
                for inst in chunks[k]:
                    try:
                        service.decide(inst, "approve")
                    except BaseException as exc:  # noqa: BLE001 - reported below
                        errors.append(exc)

        rt.relay.drain()
        # one decision profiled (as bench/commands.py): the statements it sends, before the timed run
        from sqlalchemy import event

        sent: list[str] = []

        def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
            sent.append(" ".join(statement.split())[:150])

        rt.relay.synchronous = False
        with context.acting_as(contexts[0]):
            service.decide(ids.pop(), "approve")  # warm: the segregation-of-duties rule set compiled once
        event.listen(rt.engine, "before_cursor_execute", count)
        with context.acting_as(contexts[0]):
            service.decide(ids.pop(), "approve")
        event.remove(rt.engine, "before_cursor_execute", count)
        n -= 2
        chunks = [ids[i::len(contexts)] for i in range(len(contexts))]
        print(f"one decision (warm): {len(sent)} statements "
              f"({sum(s.startswith('SELECT') for s in sent)} SELECT, {sum(s.startswith('UPDATE') for s in sent)} UPDATE, "
              f"{sum(s.startswith('INSERT') for s in sent)} INSERT, other {sum(not s.startswith(('SELECT', 'UPDATE', 'INSERT')) for s in sent)})")
        if args.show:
            for st in sent:
                print("   ", st)
        rt.relay.synchronous = True
        rt.relay.drain()
        # as `vextrus serve` does: the decisions' events are delivered apart from the decisions (after the
        # response, on the relay's thread); timed here on their own after the decisions
        rt.relay.synchronous = False
        t = time.perf_counter()
        threads = [threading.Thread(target=work, args=(k,)) for k in range(len(contexts))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        dt = time.perf_counter() - t
        rt.relay.synchronous = True
        t = time.perf_counter()
        delivered = rt.relay.drain(batch=1000)
        dd = time.perf_counter() - t
        db = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"workflow decisions on {db}: {n} approvals decided in {dt:.2f} s by {len(contexts)} thread(s): "
              f"{n / dt:,.0f}/s (target >= 500/s on PostgreSQL); errors: {len(errors)}")
        print(f"  their {delivered} events delivered afterwards in {dd:.2f} s; decisions with delivery: "
              f"{n / (dt + dd):,.0f}/s")
        if errors:
            print(f"  first error: {errors[0]!r}")
        rt.close()
    finally:
        if drop is not None:
            drop()


if __name__ == "__main__":
    main()
