"""Approval decisions per second on a real database (the issue's target: >= 500/s on PostgreSQL).

    PYTHONPATH=src python bench/workflow.py [--size tiny|full] [--database sqlite|postgresql+psycopg://root@127.0.0.1:5432/test]
                                            [--threads N] [--processes N] [--decisions N] [--show] [--profile]

Each decision is `workflow.service.decide` as a signed-in accountant: load the approval, its steps and its
timeline, check the approver (own submission, role, the amount limit read from auth, the segregation-of-duties
rule set from rules), the compare-and-set on the step and the approval, the history row (the audit trail),
the `workflow.instance.approved` event in the outbox and its delivery. On PostgreSQL a scratch database is
made (owned by a plain role, used by a runtime role under row-level security) and dropped afterwards.

Three figures: one client deciding one approval after another; N clients at once in one process (`--threads`,
default 4: N accountants, each deciding in its own thread with its own database session, as N people approving in
their browsers); and N clients in N processes (`--processes`, default 4, 2 with `--size tiny`: each process starts
its own runtime and engine, as `vextrus serve --workers N` runs, so Python's GIL is not shared). Each figure prints the CPU a decision
(this process's for the threads; the workers' own CPU summed for the processes) and the statements a decision
sends. The target is judged on the best concurrent figure: 500 decisions a second is a company's approvers
together, and a single client spends most of each decision waiting on the database's round trips, which N
clients overlap. `--profile` prints cProfile's top functions of the one-client run (in process). Afterwards the
database is asked how many approvals are approved: every decision counted was committed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path


def _process_worker(url: str, data_dir: str, tid: object, company_id: object, approver: object, mine: list,
                    ready: object, go: object, results: object) -> None:
    """One `--processes` client: its own runtime (engine, pool), deciding its share as one accountant."""
    from sqlalchemy import event

    from vextrus.modules.auth import api as auth_api  # noqa: F401 - loads auth
    from vextrus.modules.workflow import service
    from vextrus.platform import context, runtime
    from vextrus.platform.modules import available_modules
    from vextrus.platform.settings import load_settings

    settings = load_settings(database_url=url, data_dir=Path(data_dir), secret_key="b" * 48, log_level="warning")
    rt = runtime.start(settings, consume=False)
    rt.relay.synchronous = False  # the events stay in the outbox: the parent delivers them afterwards
    am = available_modules()["auth"]
    ctx = am.load(am.acts_for)(approver, tid, company_id=company_id)
    statements = [0]

    def count(*_a: object) -> None:
        statements[0] += 1

    with context.acting_as(ctx):  # warm: imports, compiled statements, the rule set's compiled version
        service.decide(mine[0], "approve")
    event.listen(rt.engine, "before_cursor_execute", count)
    errors: list[str] = []
    ready.put(1)  # type: ignore[attr-defined]
    go.wait()  # type: ignore[attr-defined]
    cpu = time.process_time()
    with context.acting_as(ctx):
        for inst in mine[1:]:
            try:
                service.decide(inst, "approve")
            except Exception as exc:  # noqa: BLE001 - reported by the parent
                errors.append(repr(exc))
    results.put((len(mine) - 1, time.process_time() - cpu, statements[0], errors))  # type: ignore[attr-defined]
    rt.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    ap.add_argument("--database", default="postgresql+psycopg://root@127.0.0.1:5432/test")
    ap.add_argument("--threads", type=int, default=4, help="concurrent clients of the second figure")
    ap.add_argument("--processes", type=int, help="concurrent clients of the third figure, each in a process of "
                    "its own (default: 2 tiny, as each starts an interpreter; 4 full; 0: no such run)")
    ap.add_argument("--show", action="store_true", help="print the statements of one decision")
    ap.add_argument("--profile", action="store_true", help="cProfile the one-client run, print the top functions")
    ap.add_argument("--decisions", type=int, help="in each of the three runs (default: 40 tiny, 1000 full)")
    args = ap.parse_args()
    n = args.decisions or (40 if args.size == "tiny" else 1000)  # decisions in each run
    procs = max(0, args.processes if args.processes is not None else (2 if args.size == "tiny" else 4))

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
                                          "Pass-word-123", c.id, ["accountant"]).id
                         for i in range(max(1, args.threads, procs))]
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

        runs = [("1 client", 1, False), (f"{args.threads} concurrent clients (threads of one process, each its "
                                         f"own user and session)", args.threads, False)]
        if procs:
            runs.append((f"{procs} concurrent clients (processes, each its own runtime, engine and user)", procs, True))
        total = len(runs) * n + 2 + procs  # the runs, the two profiled decisions, each process's warm-up
        rt.relay.synchronous = False  # their events delivered below, before the runs
        submitters = [threading.Thread(target=submit_some, args=(total // 4 + (k < total % 4),)) for k in range(4)]
        for th in submitters:
            th.start()
        for th in submitters:
            th.join()
        contexts = [context_for(a, tid, company_id=c.id) for a in approvers[:max(1, args.threads)]]
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
        load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
        print(f"load average (1 min) before the runs: {load}; this machine: {os.cpu_count()} CPUs")
        statements = [0]

        def count_one(*_a: object) -> None:
            statements[0] += 1

        rates: dict[str, float] = {}
        for label, clients, in_processes in runs:
            batch, ids = ids[:n + (clients if in_processes else 0)], ids[n + (clients if in_processes else 0):]
            rt.relay.synchronous = False
            if in_processes:
                dt, cpu, sent_n, errs = _in_processes(url, str(settings.data_dir), tid, c.id, approvers[:clients],
                                                      batch, clients)
                errors.extend(errs)
            else:
                statements[0] = 0
                event.listen(rt.engine, "before_cursor_execute", count_one)
                threads = [threading.Thread(target=work, args=(contexts[k], batch[k::clients])) for k in range(clients)]
                prof = None
                if args.profile and clients == 1:
                    import cProfile

                    prof = cProfile.Profile(time.process_time)  # CPU, not the waits on round trips
                    prof.enable()
                t, cpu = time.perf_counter(), time.process_time()
                if prof is not None:  # in this thread: cProfile sees only the thread it was enabled in
                    work(contexts[0], batch)
                for th in threads if prof is None else ():
                    th.start()
                for th in threads if prof is None else ():
                    th.join()
                dt, cpu = time.perf_counter() - t, time.process_time() - cpu
                if prof is not None:
                    import pstats

                    prof.disable()
                    pstats.Stats(prof).sort_stats("tottime").print_stats(25)
                    pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
                event.remove(rt.engine, "before_cursor_execute", count_one)
                sent_n = statements[0]
            rt.relay.synchronous = True
            t = time.perf_counter()
            delivered = rt.relay.drain(batch=1000)
            dd = time.perf_counter() - t
            rates[label] = n / dt
            load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
            print(f"workflow decisions on {db}, {label}: {n} approvals decided in {dt:.2f} s: {n / dt:,.0f}/s; "
                  f"errors: {len(errors)}; CPU {1000 * cpu / n:.2f} ms a decision "
                  f"({'the workers summed' if in_processes else 'this process'}); "
                  f"{sent_n / n:.1f} statements a decision; load {load}")
            print(f"  their {delivered} events delivered afterwards in {dd:.2f} s; decisions with delivery: "
                  f"{n / (dt + dd):,.0f}/s")
        with context.acting_as(context.system_context(tid)), rt.session_factory() as s:
            approved = s.scalar(select(func.count()).select_from(Instance).where(Instance.status == "approved"))
        print(f"the database holds {approved} approved approvals (expected {total}: the runs, the profiled two and "
              f"the processes' warm-up decisions)")
        best = max((r, k) for k, r in rates.items() if not k.startswith("1 client"))
        print(f"target >= 500/s on {db}, judged on the best concurrent figure: {best[0]:,.0f}/s with {best[1]} "
              f"({'met' if best[0] >= 500 else 'NOT met'}); one client: {rates['1 client']:,.0f}/s")
        if errors:
            print(f"  first error: {errors[0]!r}")
        rt.close()
    finally:
        if drop is not None:
            drop()


def _in_processes(url: str, data_dir: str, tid: object, company_id: object, approvers: list, batch: list,
                  clients: int) -> tuple[float, float, int, list[str]]:
    """`batch` decided by `clients` processes (each first decides one approval to warm up, untimed): the wall time
    from the moment all are ready to the last one's end, their CPU summed, their statements summed, errors."""
    mp = multiprocessing.get_context("spawn")  # a fresh interpreter each, as a server's worker
    ready, results, go = mp.Queue(), mp.Queue(), mp.Event()
    shares = [batch[k::clients] for k in range(clients)]
    workers = [mp.Process(target=_process_worker, args=(url, data_dir, tid, company_id, approvers[k], shares[k],
                                                         ready, go, results)) for k in range(clients)]
    for w in workers:
        w.start()
    for _ in workers:
        ready.get(timeout=600)
    t = time.perf_counter()
    go.set()
    done = [results.get(timeout=600) for _ in workers]
    dt = time.perf_counter() - t
    for w in workers:
        w.join()
    return dt, sum(d[1] for d in done), sum(d[2] for d in done), [e for d in done for e in d[3]]


if __name__ == "__main__":
    main()
