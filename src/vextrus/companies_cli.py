"""`vextrus companies create|list`: the first company on a fresh database, more companies later.

On a database without a tenant, `create` makes the tenant (the customer: a group of companies),
the company, and an owner user `admin@localhost` whose generated password is printed once; that
is what `vextrus serve` would otherwise make on its first start (a tenant "main" and company MAIN).
On a database that has one tenant it adds the company there (`--tenant CODE` when there are
several); an owner is made only when the tenant has no user yet. The company's roles (auth) and
its book of accounts (finance) follow from its `CompanyCreated` event, delivered before returning.
"""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(help="Companies: create the first one (with its owner), add more, list them",
                  no_args_is_help=True)
console = Console(soft_wrap=True)  # never break a printed password across lines
err = Console(stderr=True)


def _tenant_for(tenant_code: str | None, code: str, name: str, name_bn: str | None):  # noqa: ANN202
    """(tenant, created now?): the named tenant (made when missing), else the only ordinary tenant,
    else, on a database that has none, a new tenant "main" named after the company."""
    from sqlalchemy import select

    from vextrus.platform import context, runtime
    from vextrus.platform.errors import ConfigurationError
    from vextrus.platform.tables import Tenant

    rt = runtime.current()
    with context.acting_as(context.system_context(actor="cli-companies")), rt.session_factory.begin() as s:
        tenants = list(s.execute(select(Tenant).order_by(Tenant.code)).scalars())
        if tenant_code:
            found = next((t for t in tenants if t.code == tenant_code), None)
        else:
            ordinary = [t for t in tenants if not t.is_demo]
            if len(ordinary) > 1:
                raise ConfigurationError("option --tenant: several tenants exist ("
                                         + ", ".join(t.code for t in ordinary) + "); name the one to add the company to")
            found = ordinary[0] if ordinary else None
        created = found is None
        if found is None:
            # "main", as `vextrus serve` names the first tenant (never the company code: "padma" is the demo's)
            found = Tenant(code=tenant_code or "main", name=name, name_bn=name_bn, is_demo=False)
            s.add(found)
            s.flush()
        s.expunge(found)
    return found, created


def _started_with_handlers():  # noqa: ANN202
    """The runtime on a migrated database. With the embedded bus (memory://) this process runs the
    modules' handlers, so the new company's book and roles are made before the command ends (drained
    with no handler here, the in-memory bus would drop them); with a real bus the events wait in the
    outbox for the worker's relay."""
    from vextrus.platform import bootstrap, runtime
    from vextrus.platform.settings import load_settings

    if not runtime.is_started():
        settings = load_settings()
        runtime.start(settings, consume=settings.bus_url.startswith("memory://"))
        bootstrap.prepare_database()
    return runtime.current()


def _deliver(rt) -> None:  # noqa: ANN001
    if rt.settings.bus_url.startswith("memory://"):
        rt.relay.drain()


@app.command("create")
def create(code: str = typer.Argument(..., help="Company code, e.g. PADMA (letters, digits, dashes)"),
           name: str = typer.Option(..., "--name", help="Legal name in English"),
           name_bn: str | None = typer.Option(None, "--name-bn", help="Legal name in Bangla"),
           fy_start_month: int = typer.Option(7, "--fy-start-month", min=1, max=12,
                                              help="First month of the fiscal year (7 = July, Bangladesh)"),
           currency: str = typer.Option("BDT", "--currency", help="Base currency of its books"),
           tenant: str | None = typer.Option(None, "--tenant", envvar="VEXTRUS_TENANT",
                                             help="Tenant to add it to (default: the only one, or a new one)"),
           admin_email: str = typer.Option("admin@localhost", "--admin-email",
                                           help="Email of the owner made when the tenant has no user yet")) -> None:
    """Create a company (and, on a fresh database, its tenant and an owner user)."""
    from vextrus.modules.auth import service as auth
    from vextrus.modules.organization import api as organization
    from vextrus.platform import context
    from vextrus.platform.errors import DomainError

    rt = _started_with_handlers()
    t, tenant_created = _tenant_for(tenant, code, name, name_bn)
    lines: list[str] = []
    try:
        with context.acting_as(context.system_context(t.id, actor="cli-companies")):
            company = organization.create_company(organization.CompanyInput(
                code=code, name=name, name_bn=name_bn, base_currency=currency.strip().upper(),
                fiscal_year_start_month=fy_start_month))
            _deliver(rt)  # its roles (auth) and its book (finance), from CompanyCreated
            lines.append(f"Company {company.code} — {company.name} created in tenant '{t.code}'"
                         f"{' (new)' if tenant_created else ''}: base currency {company.base_currency}, "
                         f"fiscal year from month {company.fiscal_year_start_month}.")
            if not auth.list_users():
                auth.seed_default_roles(company.id)
                password = auth.generate_password(20)
                user = auth.create_user(auth.UserInput(email=admin_email, name="Administrator"),
                                        password=password, company_id=company.id, roles=["owner"])
                lines.append(f"Owner: {user.email} / {password}  (shown once: sign in at /auth/login and change "
                             "it at /auth/password)")
            else:
                lines.append("No user was created (the tenant has users); give access with "
                             f"`vextrus users create EMAIL --name \"…\" --company {company.code} --role owner`.")
    except DomainError as exc:
        where = f" [{exc.field}]" if exc.field else ""
        err.print(f"error {exc.code}{where}: {exc.message}", markup=False)
        raise typer.Exit(1) from None
    finally:
        _deliver(rt)
    for line in lines:
        console.print(line, highlight=False, markup=False)


@app.command("list")
def list_companies() -> None:
    """Every tenant's companies: tenant, code, name, base currency, fiscal-year start month."""
    from sqlalchemy import select

    from vextrus.modules.organization import service as organization
    from vextrus.platform import context
    from vextrus.platform.cli_support import ensure_started
    from vextrus.platform.tables import Tenant

    rt = ensure_started()
    with context.acting_as(context.system_context(actor="cli-companies")), rt.session_factory() as s:
        tenants = [(t.id, t.code, t.is_demo) for t in s.execute(select(Tenant).order_by(Tenant.code)).scalars()]
    if not tenants:
        console.print(NO_COMPANY_YET, highlight=False, markup=False)
        return
    for tid, tcode, demo in tenants:
        with context.acting_as(context.system_context(tid, actor="cli-companies")):
            companies = organization.list_companies(include_inactive=True)
        for c in companies:
            console.print(f"{tcode:12} {c.code:12} {c.name}  {c.base_currency}  FY from month "
                          f"{c.fiscal_year_start_month}{'' if c.active else '  (inactive)'}{'  (demo)' if demo else ''}",
                          highlight=False, markup=False)
        if not companies:
            console.print(f"{tcode:12} (no company)", highlight=False, markup=False)


NO_COMPANY_YET = ("No company yet. Create the first one (with its owner user) with\n"
                  "  vextrus companies create CODE --name \"Company name\" [--name-bn \"…\"] "
                  "[--fy-start-month 7] [--currency BDT]\n"
                  "(or run `vextrus serve`, which makes a company MAIN and an administrator on its first start).")
