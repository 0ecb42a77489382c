"""Approval decisions per second on a real database (the issue's target: >= 500/s on PostgreSQL).

    PYTHONPATH=src python bench/workflow.py [--size tiny|full] [--database sqlite|postgresql+psycopg://root@127.0.0.1:5432/test]
                                            [--threads N] [--decisions N] [--show]

Each decision is `workflow.service.decide` as a signed-in accountant: load the approval, its steps and its
timeline, check the approver (own submission, role, the amount limit read from auth, the segregation-of-duties
rule set from rules), the compare-and-set on the step and the approval, the history row (the audit trail),
the `workflow.instance.approved` event in the outbox and its delivery. On PostgreSQL a scratch database is
made (owned by a plain role, used by a runtime role under row-level security) and dropped afterwards.

Two figures: one client deciding one approval after another, and N clients at once (`--threads`, default 4:
N accountants, each deciding in its own thread with its own database session, as N people approving in their
browsers). The target is judged on the second: 500 decisions a second is a company's approvers together, and a
single client spends most of each decision waiting on the database's round trips, which N clients overlap.
Afterwards the database is asked how many approvals are approved: every decision counted was committed.
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
    ap.add_argument("--threads", type=int, default=4, help="concurrent clients of the second figure")
    ap.add_argument("--show", action="store_true", help="print the statements of one decision")
    ap.add_argument("--decisions", type=int, help="in each of the two runs (default: 40 tiny, 1000 full)")
    args = ap.parse_args()
    n = args.decisions or (40 if args.size == "tiny" else 1000)  # decisions in each of the two runs

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
        clerk_ctx = context_for(clerk, tid, company_id=c.id)
        ids: list = []

        def submit_some(count: int) -> None:
            with context.acting_as(clerk_ctx):
                for _ in range(count):
                    ids.append(service.submit(SubmitInput(
                        subject="invoicing.invoice", document_id=new_id(), amount=Decimal("250000"),
                        document_label="INV", company_id=c.id)).id)

        total = 2 * n + 2  # two runs and the two profiled decisions
        rt.relay.synchronous = False  # their events delivered below, before the runs
        submitters = [threading.Thread(target=submit_some, args=(total // 4 + (k < total % 4),)) for k in range(4)]
        for th in submitters:
            th.start()
        for th in submitters:
            th.join()
        contexts = [context_for(a, tid, company_id=c.id) for a in approvers]
        errors: list[BaseException] = []

        def work(ctx: object, mine: list) -> None:
            with context.acting_as(ctx):
                for inst in mine:
                    try:
                        service.decide(inst, "approve")
                    except BaseException as exc:  # noqa: BLE001 - reported below
                        errors.append(exc)

        rt.relay.synchronous = True
        rt.relay.drain()
        # one decision profiled (as bench/commands.py): the statements it sends, before the timed run
        from sqlalchemy import event, func, select

        from vextrus.modules.workflow.tables import Instance

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
        db = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        rates = []
        for clients in (1, len(contexts)):
            batch, ids = ids[:n], ids[n:]
            rt.relay.synchronous = False
            threads = [threading.Thread(target=work, args=(contexts[k], batch[k::clients])) for k in range(clients)]
            t, cpu = time.perf_counter(), time.process_time()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            dt, cpu = time.perf_counter() - t, time.process_time() - cpu
            rt.relay.synchronous = True
            t = time.perf_counter()
            delivered = rt.relay.drain(batch=1000)
            dd = time.perf_counter() - t
            rates.append(n / dt)
            who = "1 client" if clients == 1 else f"{clients} concurrent clients (each its own user, thread and session)"
            print(f"workflow decisions on {db}, {who}: {n} approvals decided in {dt:.2f} s: {n / dt:,.0f}/s; "
                  f"errors: {len(errors)}; this process's CPU {1000 * cpu / n:.2f} ms a decision (the rest of the "
                  f"time is the database's round trips)")
            print(f"  their {delivered} events delivered afterwards in {dd:.2f} s; decisions with delivery: "
                  f"{n / (dt + dd):,.0f}/s")
        with context.acting_as(context.system_context(tid)), rt.session_factory() as s:
            approved = s.scalar(select(func.count()).select_from(Instance).where(Instance.status == "approved"))
        print(f"the database holds {approved} approved approvals (expected {2 * n + 2}: both runs and the profiled two)")
        print(f"target >= 500/s on PostgreSQL, judged on {len(contexts)} concurrent clients: {rates[-1]:,.0f}/s "
              f"({'met' if rates[-1] >= 500 else 'NOT met'}); one client: {rates[0]:,.0f}/s")
        if errors:
            print(f"  first error: {errors[0]!r}")
        rt.close()
    finally:
        if drop is not None:
            drop()


if __name__ == "__main__":
    main()
