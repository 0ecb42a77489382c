"""`vextrus master-data ...`: CSV import and the daily document-expiry reminder (the job hook)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(help="Master data: parties, items", no_args_is_help=True)
console = Console()


def _tenants(code: str | None) -> list:  # noqa: ANN401
    """One tenant (by code) or, without a code, every tenant (the reminder runs for all)."""
    from sqlalchemy import select

    from vextrus.platform import context
    from vextrus.platform.cli_support import ensure_started, resolve_tenant
    from vextrus.platform.tables import Tenant

    rt = ensure_started()
    if code:
        return [resolve_tenant(code)]
    with context.acting_as(context.system_context()), rt.session_factory() as s:
        return list(s.execute(select(Tenant).order_by(Tenant.code)).scalars())


@app.command("import")
def import_csv(
    kind: str = typer.Argument(..., help="parties or items"),
    file: Path = typer.Argument(..., exists=True, readable=True, help="CSV file (UTF-8, header row)"),
    tenant: str = typer.Option(..., "--tenant", help="Company code"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row, write nothing"),
    lang: str = typer.Option("en", help="Language of the error report (en or bn)"),
) -> None:
    """Import parties or items from CSV; prints a per-row error report. Exit 1 if any row failed."""
    from vextrus.platform import runtime
    from vextrus.platform.cli_support import acting_for_tenant
    from vextrus.platform.errors import DomainError

    from .imports import report_lines, run_import

    try:
        with acting_for_tenant(tenant, actor="cli-import"):
            report = run_import(kind, file.read_bytes(), dry_run=dry_run)
    except DomainError as exc:  # the whole file refused: malformed CSV, not UTF-8, over the limits
        console.print(f"{file}: {exc.message_bn if lang == 'bn' else exc.message} [{exc.code}]", markup=False)
        raise typer.Exit(1) from None
    runtime.current().relay.drain()
    for line in report_lines(report, lang):
        console.print(line, markup=False)
    raise typer.Exit(1 if report.errors else 0)


@app.command("remind")
def remind(
    days: int | None = typer.Option(None, help="Remind documents expiring within this many days "
                                                "(default: the tenant setting)"),
    tenant: str | None = typer.Option(None, "--tenant", help="One company (default: all)"),
) -> None:
    """Emit master_data.party.document_expiring for documents about to expire (run daily)."""
    from vextrus.platform import context, runtime

    from . import service

    total = 0
    for t in _tenants(tenant):
        with context.acting_as(context.system_context(t.id, actor="document-reminder")):
            found = service.notify_expiring_documents(days)
        for d in found:
            console.print(f"{t.code}: {d.party_code} {d.party_name}: {d.kind} {d.number} expires {d.expires_on} "
                          f"({d.days_left} days)", markup=False)
        total += len(found)
    runtime.current().relay.drain()
    console.print(f"{total} reminder(s) sent")
