"""`vextrus ledger ...`: verify, import, export and report, for people and scripts.

Commands act for a tenant (`--tenant CODE`, or the only tenant there is; a first tenant "default"
is created on an empty database) with system rights, and on a company book given by `--company CODE`.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from vextrus.platform.cli_support import TENANT_OPTION as TenantOpt

app = typer.Typer(help="General ledger: verify, import, export, report", no_args_is_help=True)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # an error line names a path: never broken at the terminal width


def _run(tenant: str | None, fn):  # noqa: ANN001, ANN202
    from vextrus.platform.cli_support import acting_for_tenant
    from vextrus.platform.errors import DomainError

    try:
        # a named tenant that does not exist yet is created (e.g. `ledger import` of a new book)
        with acting_for_tenant(tenant, create=True):
            return fn()
    except DomainError as exc:
        where = f" [{exc.field}]" if exc.field and exc.field not in exc.message else ""
        err.print(f"error: {exc.message}{where}", markup=False, highlight=False)
        raise typer.Exit(1) from None




@app.command()
def verify(company: str | None = typer.Option(None, "--company", help="Book code (default: every book)"),
           repair: bool = typer.Option(False, help="Rewrite the projection from the journal when it differs"),
           tenant: str | None = TenantOpt) -> None:
    """Rebuild balances from the journal lines and report differences (exit 1 if any)."""
    from vextrus.modules.finance import service
    from vextrus.modules.finance.service import reporting

    def go() -> int:
        books = [company] if company else [b.code for b in service.list_books()]
        bad = 0
        for code in books:
            r = reporting.verify(code, repair=repair)
            for d in r.differences:
                out.print(f"{code}: {d.account} {d.commodity} period {d.period_id} dims '{d.dim_key}': "
                          f"projected {d.projected} rebuilt {d.rebuilt}", markup=False)
            for n in r.unbalanced_entries:
                out.print(f"{code}: entry {n} does not balance in base currency", markup=False)
            bad += len(r.differences) + len(r.unbalanced_entries)
            out.print(f"{code}: {r.lines} lines, {r.keys} balance keys, {len(r.differences)} differences"
                      f"{' (repaired)' if repair and r.differences else ''}", markup=False)
        return bad

    raise typer.Exit(1 if _run(tenant, go) else 0)


@app.command("import")
def import_(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
            fmt: str = typer.Option(..., "--format", help="hledger or beancount"),
            company: str = typer.Option(..., "--company", help="Book code (created when missing)"),
            follow_includes: bool = typer.Option(False, "--follow-includes",
                                                 help="Read the files named by hledger include lines"),
            tenant: str | None = TenantOpt) -> None:
    """Import a plain-text book: accounts, commodities, prices, transactions; all or nothing."""
    from vextrus.modules.finance import plaintext_files
    from vextrus.modules.finance.service import plaintext as plaintext_io

    text = plaintext_files.read_journal_file(str(file))
    r = _run(tenant, lambda: plaintext_io.import_plaintext(text, fmt, company, source=str(file),
                                                            follow_includes=follow_includes))
    for w in r.warnings:
        err.print(f"warning: {w}", markup=False, highlight=False)
    out.print(f"imported {r.entries} entries ({r.lines} lines) into {r.book}; {r.accounts_created} accounts created; "
              f"commodities {', '.join(r.commodities)}; fiscal years {', '.join(r.fiscal_years)}", markup=False)


@app.command()
def export(company: str = typer.Option(..., "--company"),
           fmt: str = typer.Option("hledger", "--format", help="hledger or beancount"),
           output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)"),
           tenant: str | None = TenantOpt) -> None:
    """Write the book as an hledger journal or a Beancount file."""
    from vextrus.modules.finance.service import plaintext as plaintext_io

    text = _run(tenant, lambda: plaintext_io.export_plaintext(company, fmt))
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


_KINDS = {"trial-balance": None, "balance-sheet": ("asset", "liability", "equity"),
          "income-statement": ("income", "expense")}


def _num(d: Decimal) -> str:
    s = format(d, "f")
    return s


@app.command()
def report(kind: str = typer.Argument(..., help="trial-balance | balance-sheet | income-statement"),
           company: str = typer.Option(..., "--company"),
           date_from: str | None = typer.Option(None, "--from", help="First date (YYYY-MM-DD)"),
           date_to: str | None = typer.Option(None, "--to", help="Last date (YYYY-MM-DD)"),
           fmt: str = typer.Option("table", "--format", help="table | csv | json"),
           tenant: str | None = TenantOpt) -> None:
    """Balances per account and commodity (lots at cost), debit positive, like `hledger bal`."""
    from vextrus.modules.finance.service import reporting

    if kind not in _KINDS:
        err.print(f"error: unknown report {kind!r} (trial-balance, balance-sheet, income-statement)")
        raise typer.Exit(2)
    if fmt not in ("table", "csv", "json"):
        err.print(f"error: unknown format {fmt!r} (table, csv, json)")
        raise typer.Exit(2)

    def parse(s: str | None, name: str) -> date | None:
        if s is None:
            return None
        try:
            return date.fromisoformat(s.replace("/", "-"))
        except ValueError:
            err.print(f"error: --{name} {s!r} is not a date like 2025-07-01")
            raise typer.Exit(2) from None

    start, end = parse(date_from, "from"), parse(date_to, "to")
    if kind == "balance-sheet" and start is not None:
        err.print("note: a balance sheet is cumulative; --from is ignored")
        start = None
    rows = _run(tenant, lambda: reporting.commodity_balances(company, start, end, _KINDS[kind],
                                                             exclude_closing=kind == "income-statement"))
    totals: dict[str, Decimal] = {}
    for r in rows:
        totals[r.commodity] = totals.get(r.commodity, Decimal(0)) + r.amount
    if fmt == "json":
        json.dump({"report": kind, "company": company, "from": date_from, "to": date_to,
                   "rows": [{"account": r.account, "type": r.account_type, "commodity": r.commodity,
                             "amount": _num(r.amount)} for r in rows],
                   "totals": {c: _num(v) for c, v in sorted(totals.items())}}, sys.stdout, ensure_ascii=False,
                  indent=1)
        sys.stdout.write("\n")
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["account", "type", "commodity", "amount"])
        for r in rows:
            w.writerow([r.account, r.account_type, r.commodity, _num(r.amount)])
    else:
        t = Table(title=f"{kind} — {company}")
        for col in ("account", "type", "commodity"):
            t.add_column(col)
        t.add_column("amount", justify="right")
        for r in rows:
            t.add_row(r.account, r.account_type, r.commodity, _num(r.amount))
        for c, v in sorted(totals.items()):
            t.add_row("total", "", c, _num(v), style="bold")
        out.print(t)


@app.command("rates")
def import_rates(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
                 company: str = typer.Option(..., "--company", help="Book code"),
                 tenant: str | None = TenantOpt) -> None:
    """Import exchange rates from a CSV of currency,date,rate rows (all or none)."""
    from vextrus.modules.finance.service import rates

    r = _run(tenant, lambda: rates.import_rates(company, file.read_text(encoding="utf-8-sig")))
    out.print(f"imported {r.count} rates ({', '.join(r.currencies)}) from {r.date_from} to {r.date_to} "
              f"into {company}", markup=False)


@app.command("post-due")
def post_due(company: str = typer.Option(..., "--company", help="Book code"),
             as_of: str = typer.Option(None, "--as-of", help="Date (default: today in Dhaka)"),
             tenant: str | None = TenantOpt) -> None:
    """Post the recurring entries and automatic reversals due on or before a date (what the daily job does)."""
    from vextrus.modules.finance import service
    from vextrus.platform import clock

    try:
        day = date.fromisoformat(as_of) if as_of else clock.today()
    except ValueError:
        err.print(f"error: --as-of '{as_of}' is not a date (write 2025-07-31)", markup=False, highlight=False)
        raise typer.Exit(2) from None

    def go() -> tuple[list[str], int]:
        return service.generate_recurring(day, company), service.process_auto_reversals(company, day)

    numbers, reversals = _run(tenant, go)
    out.print(f"posted {len(numbers)} recurring entries ({', '.join(numbers) or 'none'}) and {reversals} "
              f"automatic reversals up to {day}", markup=False)
