"""`vextrus users ...`: list, create and reset passwords, acting as a named user (`--as EMAIL`,
whose permissions are checked like anywhere else) or as the system for bootstrap (`--system`);
`encrypt-totp-secrets`, a one-off migration, always acts as the system; `upgrade-roles` adds today's
default grants to the default roles of companies seeded by an older version."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(help="Users and access", no_args_is_help=True)
console = Console()


def _acting(as_email: str | None, system: bool, tenant: str | None):  # noqa: ANN202
    from dataclasses import replace

    from vextrus.platform import context
    from vextrus.platform.cli_support import acting_for_tenant, ensure_started

    from .service import sessions

    rt = ensure_started()
    if as_email:
        with context.acting_as(context.system_context()), rt.session_factory() as s:
            u = sessions._user_by_email(s, as_email.strip().lower())
        if u is None or not u.active:
            console.print(f"[red]no active user {as_email}[/]")
            raise typer.Exit(2)
        ctx = sessions.context_for(u.id, u.tenant_id)
        return context.acting_as(replace(ctx, actor=f"{ctx.actor} (cli)"))
    if not system:
        console.print("[red]say who acts: --as EMAIL, or --system for bootstrap[/]")
        raise typer.Exit(2)
    return acting_for_tenant(tenant)


def _run(fn):  # noqa: ANN001, ANN202
    from vextrus.platform.errors import DomainError

    try:
        return fn()
    except DomainError as exc:
        console.print(f"[red]{exc.code}[/]: {exc.message}")
        raise typer.Exit(1) from None


AS = typer.Option(None, "--as", help="Act as this user (their permissions are checked)")
SYSTEM = typer.Option(False, "--system", help="Act as the system (bootstrap)")
TENANT = typer.Option(None, "--tenant", help="Tenant code when acting as the system")


@app.command("list")
def list_users(company: str | None = typer.Option(None, help="Company code"), as_email: str | None = AS,
               system: bool = SYSTEM, tenant: str | None = TENANT) -> None:
    """List users (of one company when --company is given)."""
    from vextrus.modules.organization import api as org

    from . import service

    with _acting(as_email, system, tenant):
        def go() -> None:
            cid = org.company_by_code(company).id if company else None
            for u in service.list_users(cid):
                console.print(f"{u.email}\t{u.name}\t{'active' if u.active else 'inactive'}")
        _run(go)


@app.command("create")
def create(email: str, name: str = typer.Option(...), company: str | None = typer.Option(None),
           role: list[str] = typer.Option([], help="Role code (repeatable)"), as_email: str | None = AS,
           system: bool = SYSTEM, tenant: str | None = TENANT) -> None:
    """Create a user with a generated password (printed once)."""
    from vextrus.modules.organization import api as org

    from . import service

    with _acting(as_email, system, tenant):
        def go() -> None:
            cid = org.company_by_code(company).id if company else None
            password = service.generate_password()
            u = service.create_user(service.UserInput(email=email, name=name), password, cid, list(role))
            console.print(f"created {u.email} / {password} (change it after signing in)")
        _run(go)


@app.command("reset-password")
def reset_password(email: str, as_email: str | None = AS, system: bool = SYSTEM,
                   tenant: str | None = TENANT) -> None:
    """Give a user a new generated password and end their sessions."""
    from . import service

    with _acting(as_email, system, tenant):
        def go() -> None:
            u = service.user_by_email(email)
            console.print(f"new password for {u.email}: {service.admin_reset_password(u.id)}")
        _run(go)


@app.command("encrypt-totp-secrets")
def encrypt_totp_secrets(tenant: str | None = typer.Option(None, "--tenant",
                                                           help="Only this tenant (default: every tenant)")) -> None:
    """Seal the TOTP seeds still stored in plaintext (one-off, idempotent; acts as the system).
    Seeds under a secret listed in VEXTRUS_AUTH_PREVIOUS_SECRET_KEYS are resealed too."""
    from vextrus.platform import context
    from vextrus.platform.cli_support import acting_for_tenant, ensure_started

    from .service import sessions

    ensure_started()
    acting = acting_for_tenant(tenant, actor="cli") if tenant else context.acting_as(
        context.system_context(actor="cli"))
    with acting:
        report = _run(sessions.seal_stored_totp_seeds)
    console.print(f"sealed {report.sealed} plaintext seed(s), resealed {report.resealed} under the current key, "
                  f"{report.current} already sealed, {report.unreadable} unreadable")
    if report.unreadable:
        console.print("[yellow]unreadable seeds are sealed under a secret not configured: list it in "
                      "VEXTRUS_AUTH_PREVIOUS_SECRET_KEYS and run again[/]")
        raise typer.Exit(1)


@app.command("upgrade-roles")
def upgrade_roles(as_email: str | None = AS, system: bool = SYSTEM, tenant: str | None = TENANT) -> None:
    """Give each company's default roles, as seeded by an older version, the grants today's defaults
    add (the site engineer records progress, the accountant reverses, ...; docs/auth.md). Only adds."""
    from vextrus.modules.organization import api as org

    from . import service

    with _acting(as_email, system, tenant):
        for c in org.list_companies():
            added = _run(lambda c=c: service.add_missing_default_grants(c.id))
            for role, patterns in added.items():
                console.print(f"{c.code} {role}: + {', '.join(patterns)}")
            if not added:
                console.print(f"{c.code}: default roles up to date")


@app.command("unlock")
def unlock(email: str, as_email: str | None = AS, system: bool = SYSTEM, tenant: str | None = TENANT) -> None:
    """Let a user whose sign-in is slowed down after failed attempts sign in again at once."""
    from . import service

    with _acting(as_email, system, tenant):
        def go() -> None:
            u = service.user_by_email(email)
            console.print(f"{u.email}: sign-in allowed again ({service.unlock_sign_in(u.id)} address(es) cleared)")
        _run(go)


@app.command("unlock-address")
def unlock_address(address: str) -> None:
    """Clear the sign-in lock of a client address (and its account counters); acts as the system."""
    from vextrus.platform import context
    from vextrus.platform.cli_support import ensure_started

    from . import throttle

    ensure_started()
    with context.acting_as(context.system_context(actor="cli")):
        cleared = _run(lambda: throttle.unlock_address_for_operator(address))
    console.print(f"{address}: {cleared} counter(s) cleared")
