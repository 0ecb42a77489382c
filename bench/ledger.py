"""Ledger benchmark: posting throughput (service bulk path vs plain INSERTs), report latency from the
projection, and `verify` time, on SQLite or PostgreSQL. Prints every figure.

    python bench/ledger.py --size tiny                      # CI
    python bench/ledger.py --size 10m --database postgresql+psycopg://root@127.0.0.1:5432/test

On PostgreSQL the scratch database belongs to a plain login role (no superuser, no BYPASSRLS) and the
bench connects as that owner, so the tables' FORCE ROW LEVEL SECURITY policies filter every query
the way they do for the application. Beyond the throughput sample, PostgreSQL is filled with COPY
(`--fill copy`, the default there): entries and lines are streamed with psycopg `cursor.copy()`,
secondary indexes rebuilt afterwards, and the balance projection rebuilt with one
INSERT ... SELECT ... GROUP BY. `--fill service` fills through `post_bulk` instead (SQLite always).
"""

from __future__ import annotations

import argparse
import functools
import random
import secrets
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows when output is redirected

SIZES = {"tiny": 2_000, "small": 50_000, "1m": 1_000_000, "10m": 10_000_000}  # ledger lines


OWNER = "vextrus_bench_owner"


def _database(url: str | None) -> tuple[str, object]:
    """A scratch database: SQLite file, or a PostgreSQL database owned by a non-superuser role, whose
    URL (connecting as that owner) is returned."""
    if url is None or url == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}", lambda: None
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"vextrus_bench_{secrets.token_hex(4)}"
    with admin.connect() as c:
        if not c.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{OWNER}'").first():
            c.exec_driver_sql(f"CREATE ROLE {OWNER} LOGIN NOSUPERUSER NOBYPASSRLS")
        c.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER {OWNER}')

    def drop() -> None:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    u = sa.engine.make_url(url).set(username=OWNER, password=None, database=name)
    return u.render_as_string(hide_password=False), drop


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="tiny")
    ap.add_argument("--database", default=None, help="sqlite (default) or a PostgreSQL URL (a scratch db is made)")
    ap.add_argument("--batch", type=int, default=5_000, help="entries per bulk transaction")
    ap.add_argument("--fill", choices=["copy", "service"], default=None,
                    help="how to fill beyond the throughput sample (default: copy on PostgreSQL)")
    ap.add_argument("--sample", type=int, default=20_000, help="entries posted through the service per run")
    ap.add_argument("--runs", type=int, default=1, help="throughput runs (median reported)")
    ap.add_argument("--posting-copy", type=int, default=None, metavar="ROWS",
                    help="PostgreSQL: the posting path COPYs batches of at least ROWS rows (0: never; default: "
                         "posting.COPY_MIN_ROWS)")
    args = ap.parse_args()
    url, drop = _database(args.database)
    try:
        run(url, SIZES[args.size], args.batch, args.fill, args.sample, args.runs, args.posting_copy)
    finally:
        drop()  # type: ignore[operator]


def _entries(n: int, rnd: random.Random):  # noqa: ANN202
    from vextrus.modules.finance.service import EntryIn, LineIn

    start = date(2025, 7, 1)
    out = []
    for _ in range(n):
        dr, cr = rnd.choice(PAIRS)
        amt = Decimal(rnd.randrange(100, 10_000_000)) / 100
        out.append(EntryIn(entry_date=start + timedelta(days=rnd.randrange(365)),
                           lines=[LineIn(account_code=dr, debit=amt), LineIn(account_code=cr, credit=amt)]))
    return out


PAIRS = [("5110", "2110"), ("1120", "1130"), ("5150", "1111"), ("1130", "4100"), ("2111", "1120")]
LINE_INDEXES = ("ix_finance_journal_line_account_date", "ix_finance_journal_line_period_date",
                "ix_finance_journal_line_entry_id", "ix_finance_journal_entry_book_date")


def _ids(n: int):  # noqa: ANN202
    """n time-ordered UUIDv7 strings (one clock read, counting up), as the posting path makes them."""
    from vextrus.modules.finance.posting import line_ids

    return (str(u) for u in line_ids(n))


def copy_fill(rt, tid, book: str, n: int, rnd: random.Random, chunk: int = 20_000) -> None:  # noqa: ANN001
    """Add `n` posted two-line entries to the book with COPY (PostgreSQL), then rebuild indexes and the
    balance projection. Rows are the ones the posting path writes (numbers continue the sequence,
    amounts as scaled integers); COPY FROM refuses tables under row-level security, so the owner
    lifts FORCE for the load and restores it before anything is measured."""
    from vextrus.modules.finance import posting
    from vextrus.modules.finance.domain.numbering import format_document_number
    from vextrus.modules.finance.service import accounts_of, get_book
    from vextrus.platform import clock
    from vextrus.platform.uow import unit_of_work

    with unit_of_work() as uow:
        b = get_book(uow, book)
        bid = str(b.id)
        accts = {c: str(a.id) for c, a in accounts_of(uow, b.id).items()}
        cal = posting.load_calendar(uow.session, b.id)
    label = cal.periods[0].fy_label
    fy_id = cal.periods[0].fiscal_year_id
    prefix = format_document_number("general", label, 1).rsplit("/", 1)[0] + "/"
    start = date(2025, 7, 1)
    days = [(str(start + timedelta(days=i)), str(cal.for_date(start + timedelta(days=i)).id)) for i in range(365)]
    pairs = [(accts[d], accts[c]) for d, c in PAIRS]
    now = clock.now().isoformat()
    tables = ("finance.finance_journal_entry", "finance.finance_journal_line")
    t0 = time.perf_counter()
    with rt.engine.begin() as c:
        defs = dict(c.exec_driver_sql("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'finance' "
                                      f"AND indexname IN {LINE_INDEXES!r}").all())
        for name in defs:
            c.exec_driver_sql(f"DROP INDEX finance.{name}")
        for t in tables:
            c.exec_driver_sql(f"ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY")
    with unit_of_work() as uow:
        last = uow.session.execute(sa.text(
            "SELECT last_value FROM finance.finance_sequence WHERE book_id = :b AND journal_type = 'general' "
            "AND fiscal_year_id = :f FOR UPDATE"), {"b": b.id, "f": fy_id}).scalar_one_or_none() or 0
        cur = uow.session.connection().connection.driver_connection.cursor()
        entry_cols = ", ".join(posting.ENTRY_COLS)
        line_cols = ", ".join(posting.LINE_COLS)
        eids, lids = _ids(n), _ids(2 * n)
        rest = "\t\\N\t\\N\t\\N\t\\N\t\\N\n"
        for lo in range(0, n, chunk):
            ents, lines = [], []
            for k in range(lo, min(n, lo + chunk)):
                seq = last + k + 1
                eid = next(eids)
                d, pid = days[rnd.randrange(365)]
                dr, cr = pairs[rnd.randrange(len(pairs))]
                amt = rnd.randrange(100, 10_000_000)  # poisha
                num = f"{prefix}{seq:06d}" if seq < 10**6 else f"{prefix}{seq:09d}"
                ents.append(f"{eid}\t{tid}\t{bid}\t{num}\tgeneral\t{d}\t{pid}\tposted\t\t\t\t\t\tbench"
                            f"\t\\N\t\\N\t\\N\t{now}\tbench\t1\t{now}\t{now}\n")
                common = f"\t{tid}\t{eid}\t{bid}\t"
                lines.append(f"{next(lids)}{common}1\t{dr}\t{d}\t{pid}\tt\tBDT\t{amt * 10_000}\t10000000000"
                             f"\t\\N\t\\N\t\\N\t\\N\t{amt}\t0\t{rest}")
                lines.append(f"{next(lids)}{common}2\t{cr}\t{d}\t{pid}\tt\tBDT\t{-amt * 10_000}\t10000000000"
                             f"\t\\N\t\\N\t\\N\t\\N\t0\t{amt}\t{rest}")
            with cur.copy(f"COPY finance.finance_journal_entry ({entry_cols}) FROM STDIN") as cp:
                cp.write("".join(ents))
            with cur.copy(f"COPY finance.finance_journal_line ({line_cols}) FROM STDIN") as cp:
                cp.write("".join(lines))
            if lo and lo % 1_000_000 == 0:
                print(f"  copied {lo:,} entries, {time.perf_counter() - t0:.0f} s")
        uow.session.execute(sa.text(
            "INSERT INTO finance.finance_sequence (book_id, journal_type, fiscal_year_id, tenant_id, last_value) "
            "VALUES (:b, 'general', :f, :t, :v) ON CONFLICT (book_id, journal_type, fiscal_year_id) "
            "DO UPDATE SET last_value = excluded.last_value"), {"b": b.id, "f": fy_id, "t": tid, "v": last + n})
    print(f"  COPY of {n:,} entries / {2 * n:,} lines: {time.perf_counter() - t0:.1f} s")
    t1 = time.perf_counter()
    with rt.engine.begin() as c:
        c.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
        for ddl in defs.values():
            c.exec_driver_sql(ddl)
        for t in tables:
            c.exec_driver_sql(f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
    print(f"  secondary indexes rebuilt, FORCE ROW LEVEL SECURITY restored: {time.perf_counter() - t1:.1f} s")
    t1 = time.perf_counter()
    with unit_of_work() as uow:
        uow.session.execute(sa.text("SET LOCAL work_mem = '256MB'"))
        uow.session.execute(sa.text("DELETE FROM finance.finance_balance WHERE book_id = :b"), {"b": b.id})
        dims = ("cost_centre_id", "project_id", "department_id", "party_id")
        key = ("CASE WHEN " + " AND ".join(f"{d} IS NULL" for d in dims) + " THEN '' ELSE concat("
               + ", '|', ".join(f"coalesce({d}::text, '')" for d in dims) + ") END || CASE WHEN entry_id IN "
               "(SELECT id FROM finance.finance_journal_entry WHERE book_id = :b AND journal_type = 'closing') "
               "THEN '#closing' ELSE '' END")
        uow.session.execute(sa.text(
            "INSERT INTO finance.finance_balance (book_id, account_id, period_id, commodity, dim_key, "
            f"{', '.join(dims)}, base_debit, base_credit, quantity, line_count, tenant_id) "
            f"SELECT book_id, account_id, period_id, coalesce(cost_commodity, commodity), {key}, {', '.join(dims)}, "
            "sum(base_debit), sum(base_credit), sum(coalesce(cost_quantity, quantity)), count(*), tenant_id "
            "FROM finance.finance_journal_line WHERE book_id = :b AND posted "
            f"GROUP BY book_id, account_id, period_id, coalesce(cost_commodity, commodity), {key}, "
            f"{', '.join(dims)}, tenant_id"), {"b": b.id})
    with rt.engine.connect() as c:
        c.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "ANALYZE finance.finance_journal_entry, finance.finance_journal_line, finance.finance_balance")
    print(f"  balance projection rebuilt (one INSERT ... SELECT ... GROUP BY) and analysed: "
          f"{time.perf_counter() - t1:.1f} s")


def run(url: str, lines: int, batch: int, fill: str | None = None, sample_size: int = 20_000, runs: int = 1,
        copy_min_rows: int | None = None) -> None:
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    rt = runtime.start(load_settings(database_url=url, data_dir=Path(tempfile.mkdtemp()), secret_key="b" * 48),
                       consume=False)
    migrations.upgrade(rt.engine)
    db = rt.engine.dialect.name
    fill = fill or ("copy" if db == "postgresql" else "service")
    if fill == "copy" and db != "postgresql":
        raise SystemExit("--fill copy needs PostgreSQL")
    if db == "postgresql":
        with rt.engine.connect() as c:
            who = c.exec_driver_sql("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles "
                                    "WHERE rolname = current_user").one()
        print(f"[{db}] connected as {who[0]} (superuser={who[1]}, bypassrls={who[2]}): RLS applies")
    tid = new_id()
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        s.add(Tenant(id=tid, code="bench", name="Bench", is_demo=False))
    from vextrus.modules.finance import posting, service
    from vextrus.modules.finance.service import reporting

    if copy_min_rows is not None:
        posting.COPY_MIN_ROWS = copy_min_rows or None

    rnd = random.Random(7)
    with context.acting_as(context.system_context(tid, actor="bench")):
        service.ensure_book("BENCH", "Bench")
        service.open_fiscal_year("BENCH", "2025-26")
        n_entries = lines // 2
        # 1) throughput sample through the service (bulk path), then the same lines as plain INSERTs
        sample = min(n_entries // runs, sample_size)
        timings = []
        for _ in range(runs):  # several runs, median reported (the machine is shared)
            ents = _entries(sample, rnd)
            t0 = time.perf_counter()
            for i in range(0, sample, batch):
                service.post_bulk("BENCH", ents[i:i + batch])
            timings.append(time.perf_counter() - t0)
            if runs > 1:
                print(f"[{db}] service bulk run: {sample / timings[-1]:,.0f} entries/s")
        svc = sorted(timings)[len(timings) // 2]
        # the raw baseline: plain INSERTs of the very lines the service wrote, as the database stores them
        # (read back through the driver, so nothing is converted while timed), one driver executemany per
        # transaction of as many lines as a service batch, into a bare copy of the table (no keys, no
        # indexes, no foreign keys)
        from vextrus.modules.finance.posting import LINE_COLS, write_rows
        from vextrus.modules.finance.tables import JournalLine

        src = JournalLine.__table__
        meta = sa.MetaData()
        bare = sa.Table("bench_bare_line", meta, *(sa.Column(c, src.c[c].type) for c in LINE_COLS))
        # and a twin with the journal's primary key and line indexes (no foreign keys): what the
        # database alone charges for the indexes a ledger needs, with no service code at all
        keyed = sa.Table("bench_keyed_line", meta, *(sa.Column(c, src.c[c].type, primary_key=c == "id")
                                                      for c in LINE_COLS))
        for ix in src.indexes:
            sa.Index(f"bench_{ix.name}", *(keyed.c[c.name] for c in ix.columns))
        meta.create_all(rt.engine)
        name = f"{src.schema}.{src.name}" if db == "postgresql" else src.name
        with rt.session_factory() as s:  # a session: on PostgreSQL it sets the tenant the RLS policy wants
            raw_rows = [tuple(r) for r in s.connection().exec_driver_sql(f"SELECT {', '.join(LINE_COLS)} "
                                                                         f"FROM {name} ORDER BY id")]
            # for comparison with earlier figures: the same lines as Python values (UUID, date, Decimal),
            # converted while timed (what the baseline did before; it flatters the ratio)
            py_rows = [tuple(r) for r in s.execute(sa.select(*(src.c[c] for c in LINE_COLS)).order_by(src.c.id))]
        assert len(raw_rows) == len(py_rows) == 2 * sample * runs, (len(raw_rows), sample, runs)

        def raw_rate(rows: list[tuple], encoded: bool, table: sa.Table = bare) -> float:
            """Lines per second of plain INSERTs of `rows`; best of three (the machine is shared, so
            the ratio errs against the service)."""
            best = float("inf")
            for _ in range(3):
                with rt.engine.begin() as c:
                    c.execute(table.delete())
                t0 = time.perf_counter()
                for i in range(0, len(rows), batch * 2):
                    with rt.engine.begin() as c:
                        write_rows(c, table, LINE_COLS, rows[i:i + batch * 2], encoded=encoded)
                best = min(best, time.perf_counter() - t0)
            return len(rows) / best

        svc_lines = 2 * sample / svc
        raw_py = raw_rate(py_rows, False)
        raw = raw_rate(raw_rows, True)
        keyed_rate = raw_rate(raw_rows, True, keyed)
        how = (f"COPY for batches >= {posting.COPY_MIN_ROWS} rows" if posting.COPY_MIN_ROWS and db == "postgresql"
               else "executemany")
        med = f" (median of {runs})" if runs > 1 else ""
        print(f"[{db}] service bulk posting{med}: {sample / svc:,.0f} "
              f"entries/s, {svc_lines:,.0f} lines/s ({sample} two-line entries, batches of {batch}, "
              f"rows by {how})")
        print(f"[{db}] plain INSERT of the same lines (Python values, one executemany per batch): "
              f"{raw_py:,.0f} lines/s; ratio service/raw = {svc_lines / raw_py:.2f} (target >= 0.3)")
        print(f"[{db}]   floor: the same lines pre-encoded as stored (nothing converted while timed): "
              f"{raw:,.0f} lines/s; ratio {svc_lines / raw:.2f}")
        print(f"[{db}]   the same pre-encoded lines into a twin with the journal's key and line indexes, no "
              f"service code: {keyed_rate:,.0f} lines/s; ratio to the floor {keyed_rate / raw:.2f}")
        # 2) fill up to the requested size
        sample *= runs
        done = sample
        t0 = time.perf_counter()
        if fill == "copy" and n_entries > sample:
            copy_fill(rt, tid, "BENCH", n_entries - sample, rnd)
            done = n_entries
        while done < n_entries:
            k = min(batch, n_entries - done)
            service.post_bulk("BENCH", _entries(k, rnd))
            done += k
        if n_entries > sample:
            print(f"[{db}] filled to {2 * n_entries:,} lines in {time.perf_counter() - t0:.1f} s via {fill}")
            nxt = service.post_bulk("BENCH", _entries(1, rnd))  # the sequence goes on, gapless
            print(f"[{db}] next entry posted through the service after the fill: {nxt.first_number}")
        # 3) reports from the projection
        for name, fn in (("trial balance", lambda: reporting.trial_balance("BENCH", date(2025, 7, 1),
                                                                           date(2026, 6, 30))),
                         ("balance sheet", lambda: reporting.balance_sheet("BENCH", date(2026, 6, 30)))):
            fn()
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
            print(f"[{db}] {name} at {2 * n_entries:,} lines: {min(times) * 1000:.1f} ms (best of 5), "
                  f"{sorted(times)[2] * 1000:.1f} ms median")
        t0 = time.perf_counter()
        r = reporting.verify("BENCH")
        print(f"[{db}] ledger verify of {r.lines:,} lines: {time.perf_counter() - t0:.2f} s, "
              f"{len(r.differences)} differences, {len(r.unbalanced_entries)} unbalanced entries")
    rt.close()


if __name__ == "__main__":
    main()
