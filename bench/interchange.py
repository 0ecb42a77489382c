"""Interchange benchmark: 100,000 parties imported from an XLSX file through the one import mechanism
(issue 15: dry run < 20 s, commit < 60 s on SQLite, memory under 300 MB).

    PYTHONPATH=src python bench/interchange.py --size tiny                  # CI: SQLite, seconds
    PYTHONPATH=src python bench/interchange.py --size full                  # 100,000 rows, SQLite
    PYTHONPATH=src python bench/interchange.py --size full --database all   # SQLite and PostgreSQL
    PYTHONPATH=src python bench/interchange.py --rows 20000 --tracemalloc   # any size; Python heap peak too

The file is bench/party_import.py's party file (names from a small vocabulary, 40% near-copies of an
earlier row, a third with a Bangla name, each row its own mobile number) written as an XLSX workbook
with xlsxwriter (constant memory). In a fresh tenant, as a signed-in user holding every permission:
upload (header only, mapping proposed), the dry run (the whole sheet streamed by openpyxl in
read-only mode, mapped and checked by master data's own rules and duplicate matcher) and the commit
(all or nothing: the sheet read again, checked again and written in one transaction). Printed per
step: seconds, the process's CPU seconds (the figure to compare on a shared machine), rows/s, the
load average, and the process's peak resident memory (`resource.getrusage` maxrss, which
includes the interpreter and every module loaded: the baseline before the upload is printed too);
with `--tracemalloc`, the Python heap's peak per step as well (slower: tracing every allocation).
"""

from __future__ import annotations

import argparse
import functools
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from ledger import _database  # noqa: E402  (scratch SQLite file / PostgreSQL database)
from party_import import make_csv  # noqa: E402  (the same party file as the CSV import's benchmark)

print = functools.partial(print, flush=True)  # noqa: A001
SIZES = {"tiny": 500, "full": 100_000}
PG_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/test"
TARGETS = {"dry run": 20.0, "commit": 60.0}  # seconds, on SQLite (issue 15)
MEMORY_TARGET_MB = 300


def register_mechanism_target() -> str:
    """A target that keeps no rules of its own beyond a mobile-number check and writes nothing: what is
    left is interchange itself (streaming the sheet, mapping, the dry run's bookkeeping, choosing the
    rows, the result file). Named inside interchange so that it counts as running."""
    import re

    from vextrus.modules.interchange import api as interchange
    from vextrus.modules.interchange.master_data_targets import PARTY_FIELDS

    mobile = re.compile(r"^01[3-9]\d{8}$")

    def check(rows, progress):  # noqa: ANN001, ANN202
        return [interchange.RowProblem(n, "bench.mobile", "not a mobile number", "মোবাইল নম্বর নয়", field="mobile")
                for n, r in rows if not mobile.match(r.get("mobile", ""))]

    def commit(rows, progress):  # noqa: ANN001, ANN202
        return [str(n) for n, _r in rows]

    interchange.register_target(interchange.ImportTarget(
        name="interchange.bench_parties", title="Bench parties", title_bn="বেঞ্চ পার্টি", fields=PARTY_FIELDS,
        permission="interchange.import.run", check_rows=check, commit_rows=commit))
    return "interchange.bench_parties"


def make_xlsx(n: int, broken_every: int = 0) -> bytes:
    import csv

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False, "tmpdir": tempfile.gettempdir()})
    ws = book.add_worksheet("Parties")
    header = ["Legal name", "বাংলায় আইনি নাম", "Roles", "Mobile"]  # English and Bangla headers, mapped by label
    for c, h in enumerate(header):
        ws.write_string(0, c, h)
    text = make_csv(n, 1, 0).decode()
    for r, cells in enumerate(csv.reader(io.StringIO(text)), start=0):
        if r == 0:
            continue
        if broken_every and r % broken_every == 0:
            cells[3] = "12345"  # a refused row for the result file
        for c, v in enumerate(cells):
            if v:
                ws.write_string(r, c, v)
    book.close()
    return out.getvalue()


def _load() -> str:
    """The 1-minute load average (the machine may be shared: CPU time is the figure to compare)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(url: str, n: int, trace: bool, mechanism: bool = False) -> dict[str, float]:
    from vextrus.modules.interchange import service
    from vextrus.modules.interchange.schemas import CommitInput
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    t0 = time.perf_counter()
    data = make_xlsx(n, 100 if mechanism else 0)
    target = register_mechanism_target() if mechanism else "master_data.parties"
    mode = "valid_only" if mechanism else "all_or_nothing"
    print(f"file: {n:,} parties, XLSX {len(data) / 1048576:.1f} MiB, made in {time.perf_counter() - t0:.1f} s; "
          f"target {target}, {mode}")
    rt = runtime.start(load_settings(database_url=url, data_dir=Path(tempfile.mkdtemp()), secret_key="x" * 48,
                                     import_max_rows=max(n, 1000), max_upload_bytes=max(len(data) + 1024, 1 << 20)),
                       consume=False)
    figures: dict[str, float] = {}
    try:
        migrations.upgrade(rt.engine)
        db = rt.engine.dialect.name
        tid = new_id()
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code=f"ix{tid.hex[-8:]}", name="Bench", is_demo=False))
        user = context.RequestContext(tenant_id=tid, user_id=new_id(), permissions=frozenset({"*"}),
                                      actor="bench@ix.example")
        print(f"[{db}] baseline peak RSS {peak_mb():6.0f} MB (interpreter, modules, the file)")
        with context.acting_as(user):
            steps = (
                ("upload", lambda: service.upload(target, "parties.xlsx", data)),
                ("dry run", lambda: service.check(run_id, in_background=False)),
                ("commit", lambda: service.commit(run_id, CommitInput(mode=mode), in_background=False)),
            )
            run_id = None
            for label, step in steps:
                if trace:
                    tracemalloc.start()
                t0, c0 = time.perf_counter(), time.process_time()
                view = step()
                dt, cpu = time.perf_counter() - t0, time.process_time() - c0
                heap = ""
                if trace:
                    heap = f"  Python heap peak {tracemalloc.get_traced_memory()[1] / 1048576:6.0f} MB"
                    tracemalloc.stop()
                if label == "upload":
                    run_id = view.id
                    assert set(view.mapping.values()) == {"legal_name", "legal_name_bn", "roles", "mobile"}, view.mapping
                figures[label], figures[f"{label} cpu"] = dt, cpu
                target = TARGETS.get(label)
                verdict = f" (target < {target:.0f} s on SQLite)" if target and db == "sqlite" else ""
                print(f"[{db}] {n:>7,} rows  {label:<8} {dt:7.2f} s (CPU {cpu:7.2f} s)  {n / dt:9,.0f} rows/s  "
                      f"peak RSS {peak_mb():6.0f} MB{heap}{verdict}  load {_load()}")
                rt.relay.drain()
            refused = n // 100 if mechanism else 0
            assert view.status == "committed" and view.rows_written == n - refused, (view.status, view.problems[:3])
            if mechanism:
                assert view.rows_refused == refused and view.result_file_id is not None
        figures["peak_mb"] = peak_mb()
        print(f"[{db}] peak RSS {figures['peak_mb']:.0f} MB (target < {MEMORY_TARGET_MB} MB)")
    finally:
        rt.close()
    return figures


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="tiny")
    ap.add_argument("--rows", type=int, default=None, help="rows instead of the size's")
    ap.add_argument("--database", default="sqlite",
                    help="sqlite (default), a PostgreSQL URL, or 'all' (SQLite and the local PostgreSQL)")
    ap.add_argument("--target", choices=["master_data", "mechanism", "both"], default="both",
                    help="master_data: the parties target with master data's rules and duplicate matcher; "
                         "mechanism: a target with no rules of its own (interchange's own cost); both (default)")
    ap.add_argument("--master-data-rows", type=int, default=None,
                    help="rows for the master_data target when --target both (default: the size's)")
    ap.add_argument("--tracemalloc", action="store_true", help="also the Python heap's peak per step (slower)")
    args = ap.parse_args()
    n = args.rows or SIZES[args.size]
    targets = ["sqlite", PG_DEFAULT] if args.database == "all" else [args.database]
    for target in targets:
        url, drop = _database(target)
        try:
            if args.target in ("mechanism", "both"):
                run(url, n, args.tracemalloc, mechanism=True)
            if args.target in ("master_data", "both"):
                run(url, args.master_data_rows or n, args.tracemalloc)
        finally:
            drop()  # type: ignore[operator]
    return 0


if __name__ == "__main__":
    sys.exit(main())
