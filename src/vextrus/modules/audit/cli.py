"""`vextrus audit verify|archive`: check the chain of one tenant or all; archive by retention policy."""

from __future__ import annotations

import typer
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.cli_support import ensure_started, resolve_tenant
from vextrus.platform.tables import Tenant

from .domain.chain import PLATFORM_CHAIN

app = typer.Typer(help="Audit trail: verify the hash chain, archive old records", no_args_is_help=True)


PLATFORM = "platform"  # --tenant platform: the chain of events that belong to no tenant


def _tenants(code: str | None) -> list[tuple[object, str]]:
    if code == PLATFORM:
        ensure_started()
        return [(PLATFORM_CHAIN, PLATFORM)]
    if code:
        t = resolve_tenant(code)
        return [(t.id, t.code)]
    rt = ensure_started()
    with context.acting_as(context.system_context()), rt.session_factory() as s:
        found = [(tid, c) for tid, c in s.execute(select(Tenant.id, Tenant.code).order_by(Tenant.code))]
    return [*found, (PLATFORM_CHAIN, PLATFORM)]


@app.command()
def verify(tenant: str | None = typer.Option(None, "--tenant", help="Tenant code, or 'platform' (default: every tenant and the platform)")) -> None:
    """Check each tenant's chain (archive files and live records): names every altered, deleted or
    re-linked record. Exit 1 when anything is wrong."""
    from . import service

    bad = False
    for tid, code in _tenants(tenant):
        with context.acting_as(context.system_context(tid, actor="cli:audit verify")):  # type: ignore[arg-type]
            report = service.verify()
        if report.ok:
            purged = f", {report.purged} purged" if report.purged else ""
            typer.echo(f"{code}: ok, {report.checked} records ({report.archived} archived, {report.live} live"
                       f"{purged}), last {report.last_seq}")
            continue
        bad = True
        typer.secho(f"{code}: {len(report.findings)} problem(s) in {report.checked} records", fg="red", bold=True)
        for f in report.findings:
            rid = f" ({f.record_id})" if f.record_id else ""
            typer.echo(f"  record {f.seq}{rid} [{f.where}]: {f.problem}: {f.detail}")
    raise typer.Exit(1 if bad else 0)


@app.command()
def archive(tenant: str | None = typer.Option(None, "--tenant", help="Tenant code (default: every tenant)")) -> None:
    """Move records past their retention policy's live period to compressed archive files."""
    from . import service

    for tid, code in _tenants(tenant):
        with context.acting_as(context.system_context(tid, actor="cli:audit archive")):  # type: ignore[arg-type]
            r = service.archive_now()
        typer.echo(f"{code}: {r.archived} records archived" + (f" to {r.archive.file_name}" if r.archive else ""))


@app.command()
def purge(tenant: str | None = typer.Option(None, "--tenant", help="Tenant code (default: every tenant)")) -> None:
    """Delete archive files whose every record is past its policy's retain_years; the chain stays verifiable."""
    from . import service

    for tid, code in _tenants(tenant):
        with context.acting_as(context.system_context(tid, actor="cli:audit purge")):  # type: ignore[arg-type]
            r = service.purge_expired()
        typer.echo(f"{code}: {r.purged} records purged" + "".join(f"\n  {a.file_name}" for a in r.archives))
