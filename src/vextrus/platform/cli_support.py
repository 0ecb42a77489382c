"""What every module's command group needs: a started runtime and a tenant to act for.

    @app.command()
    def report(tenant: str | None = TENANT_OPTION) -> None:
        with acting_for_tenant(tenant):
            ...
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy import select

from vextrus.platform import bootstrap, context, runtime
from vextrus.platform.errors import ConfigurationError
from vextrus.platform.settings import load_settings
from vextrus.platform.tables import Tenant

TENANT_OPTION = typer.Option(None, "--tenant", envvar="VEXTRUS_TENANT",
                             help="Tenant code (default: the only tenant, else the demo tenant)")


def ensure_started() -> runtime.Runtime:
    """Start the runtime for a command (no event consumers) on a migrated database."""
    if not runtime.is_started():
        runtime.start(load_settings(), consume=False)
        bootstrap.prepare_database()
    return runtime.current()


def resolve_tenant(code: str | None, *, create: bool = False) -> Tenant:
    """The tenant with this code; without a code the only tenant, else the demo tenant.
    `create=True` makes a missing tenant (and, with no code on an empty database, `default`)."""
    rt = ensure_started()
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        tenants = list(s.execute(select(Tenant).order_by(Tenant.code)).scalars())
        if code:
            found = next((t for t in tenants if t.code == code), None)
            if found is None and create:
                found = Tenant(code=code, name=code, is_demo=False)
                s.add(found)
        elif len(tenants) == 1:
            found = tenants[0]
        elif not tenants and create:
            found = Tenant(code="default", name="Default", is_demo=False)
            s.add(found)
        else:
            found = next((t for t in tenants if t.code == bootstrap.DEMO_CODE), None)
        if found is None:
            if not tenants:
                raise ConfigurationError(
                    f"option --tenant: {'no tenant ' + repr(code) + ': ' if code else ''}no company exists yet; "
                    "create the first with `vextrus companies create CODE --name \"Company name\"`")
            known = ", ".join(t.code for t in tenants)
            raise ConfigurationError(
                f"option --tenant: no tenant {code!r} (known: {known})" if code else
                f"option --tenant: several tenants exist ({known}); choose one with --tenant CODE "
                "(`vextrus companies list` shows their companies)")
        s.flush()
        s.expunge(found)
        return found


@contextmanager
def acting_for_tenant(code: str | None, *, create: bool = False,
                      actor: str = "cli") -> Iterator[context.RequestContext]:
    """Act as the trusted system for one tenant for the duration of a command."""
    tenant = resolve_tenant(code, create=create)
    with context.acting_as(context.system_context(tenant.id, actor=actor)) as ctx:
        yield ctx
