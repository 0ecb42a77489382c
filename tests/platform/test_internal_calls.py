"""Internal calls (ARCHITECTURE §9, docs/modules.md "Calling another module"): a module calls another
module's `api` as "module X on behalf of user U" (`context.calling_as(MODULE)`), allowed by the
permissions X declares in its manifest's `uses`, with U recorded as the actor ("U via X"). The same
user calling the other module directly is refused, and so is a module that does not declare the
permission. Both databases."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

import pytest
from sqlalchemy import select

from vextrus.modules.auth import MODULE as AUTH
from vextrus.modules.auth import service as auth
from vextrus.modules.configuration import MODULE as CONFIGURATION
from vextrus.modules.finance import MODULE as FINANCE
from vextrus.modules.master_data import api as master_data_api
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.organization import api as org
from vextrus.modules.projects import MODULE as PROJECTS
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied, Unauthenticated
from vextrus.platform.ids import new_id
from vextrus.platform.modules import Module
from vextrus.platform.tables import OutboxEvent


def _actors(tenant_id: UUID, name: str) -> list[str]:
    """The recorded actor of each stored event of this name in the tenant, oldest first."""
    from vextrus.platform import runtime

    with context.acting_as(context.system_context(tenant_id)), runtime.current().session_factory() as s:
        return list(s.execute(select(OutboxEvent.actor).where(
            OutboxEvent.tenant_id == tenant_id, OutboxEvent.name == name).order_by(OutboxEvent.occurred_at)).scalars())


@pytest.fixture
def company(admin):
    return org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))


@pytest.fixture
def client_party(admin):
    return master_data.create_party(PartyInput(legal_name="Rupayan Housing Ltd.", party_type="company",
                                               roles=["customer"]))


def _user(tenant_id: UUID, actor: str, *permissions: str, company_id: UUID | None = None) -> context.RequestContext:
    return context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset(permissions),
                                  actor=actor, company_id=company_id)


# ---- the rule itself -------------------------------------------------------------------------------

def test_a_module_lends_only_what_it_declares_and_only_within_a_tenant(tenant_id):
    pm = _user(tenant_id, "pm@test", "projects.project.create")
    assert not pm.can("master_data.reference.manage")
    with context.acting_as(pm), context.calling_as(PROJECTS) as ctx:
        assert ctx.can("master_data.reference.manage") and ctx.can("master_data.party.read")
        assert not ctx.can("master_data.party.delete") and not ctx.can("finance.journal.post")
        assert (ctx.user_id, ctx.actor, ctx.via, ctx.recorded_actor) == (pm.user_id, "pm@test", "projects",
                                                                          "pm@test via projects")
        assert ctx.can("projects.project.create")  # the user's own rights stay
    assert context.current() is context.ANONYMOUS  # the call is over: back to whoever acted before
    with context.calling_as(PROJECTS) as anonymous, pytest.raises(Unauthenticated):
        anonymous.require("master_data.reference.manage")  # no tenant: nothing is lent


# ---- a real cross-module write: projects holds its client party in master_data ----------------------

def test_a_projects_user_sets_a_client_through_master_data_and_is_recorded(db, tenant_id, company, client_party):
    pm = _user(tenant_id, "pm@test", "projects.project.create", "projects.project.update", "projects.project.read",
               company_id=company.id)
    with context.acting_as(pm):
        p = projects.create_project("MT-1", "Mirpur Tower", client_party_id=client_party.id)
        with pytest.raises(PermissionDenied):
            master_data.get_party(client_party.id)  # the user has no master-data right of their own
    assert p.client_party_id == client_party.id
    with context.acting_as(replace(pm, permissions=frozenset({"*"}))), pytest.raises(Conflict) as held:
        master_data.delete_party(client_party.id)  # master_data holds the reference projects asked for
    assert held.value.code == "master_data.party_in_use" and "project MT-1" in held.value.message
    assert _actors(tenant_id, "projects.project.created") == ["pm@test"]
    with context.acting_as(pm):
        projects.update_project(p.id, client_party_id=None)  # releases the reference, as projects again
    with context.acting_as(replace(pm, permissions=frozenset({"*"}))):
        assert master_data.delete_party(client_party.id)


def test_the_same_user_calling_master_data_directly_is_refused(db, tenant_id, company, client_party):
    pm = _user(tenant_id, "pm@test", "projects.project.create", company_id=company.id)
    with context.acting_as(pm), pytest.raises(PermissionDenied) as err:
        master_data_api.register_reference("party", client_party.id, "projects", "project X")
    assert err.value.details == {"permission": "master_data.reference.manage"}
    with context.acting_as(pm), pytest.raises(PermissionDenied):
        master_data_api.release_reference("party", client_party.id, "projects", "project X")


def test_a_module_that_does_not_declare_the_permission_is_refused(db, tenant_id, company, client_party):
    pm = _user(tenant_id, "pm@test", "projects.project.create", company_id=company.id)
    undeclared = Module("reports", "Reports", "প্রতিবেদন", depends_on=("master_data",))  # uses nothing
    for module in (undeclared, CONFIGURATION, replace(FINANCE, uses=())):
        with context.acting_as(pm), context.calling_as(module), pytest.raises(PermissionDenied):
            master_data_api.register_reference("party", client_party.id, module.name, "doc 1")
    with context.acting_as(pm), context.calling_as(FINANCE):  # finance declares it
        master_data_api.register_reference("party", client_party.id, "finance", "doc 1")


# ---- the case: the next module (invoices) posts its journal through finance.api ------------

def test_an_invoices_only_user_posts_the_invoice_journal_but_not_the_ledger_directly(db, tenant_id, company):
    from datetime import date
    from decimal import Decimal

    from vextrus.modules.finance import api as finance_api
    from vextrus.modules.finance import service as finance

    with context.acting_as(_user(tenant_id, "admin@test", "*")):
        finance.ensure_book("PBL", "Padma Builders Ltd.", company_id=company.id)
        finance.open_fiscal_year("PBL", "2025-26")
    invoices = Module("invoices", "Invoices", "চালান", depends_on=("finance",), uses=("finance.journal.post",))
    clerk = _user(tenant_id, "clerk@test", "invoices.invoice.approve", company_id=company.id)
    entry = finance_api.EntryIn(journal_type="sales", entry_date=date(2025, 7, 10), narration="Invoice INV-1",
                                lines=[finance_api.LineIn(account_code="1131", debit=Decimal("5000")),
                                       finance_api.LineIn(account_code="4110", credit=Decimal("5000"))])
    with context.acting_as(clerk):
        with pytest.raises(PermissionDenied) as err:
            finance_api.post_entry(company.id, entry)  # the ledger directly: not the clerk's right
        assert err.value.details == {"permission": "finance.journal.post"}
        with context.calling_as(invoices):  # the approved invoice posts its journal, as invoices
            posted = finance_api.post_entry(company.id, entry)
    assert posted.number and posted.status == "posted"
    assert _actors(tenant_id, "finance.journal.posted") == ["clerk@test via invoices"]


# ---- auth makes an assigned user a member of the company (organization writes it) -------------------

def test_assigning_a_role_adds_the_member_as_auth_for_the_user(db, tenant_id, company):
    with context.acting_as(_user(tenant_id, "admin@test", "*")):
        auth.seed_default_roles(company.id)
        target = auth.create_user(auth.UserInput(email=f"site{tenant_id.hex[-8:]}@example.com", name="Site engineer"))
    hr = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"auth.role.assign"}), actor="hr@test")
    with context.acting_as(hr):
        auth.assign_role(target.id, company.id, "site_engineer")
        with pytest.raises(PermissionDenied):
            org.add_member(company.id, new_id())  # organization.member.manage: not the user's own
    assert company.id in org.companies_of(target.id)
    assert _actors(tenant_id, "organization.member.added")[-1] == "hr@test via auth"
    assert AUTH.uses == ("organization.member.manage",)


# ---- a handler reacts as its module for whoever caused the event -----------------------------------

def test_a_handler_acts_as_its_module_for_the_events_actor(db, tenant_id, admin):
    c = org.create_company(org.CompanyInput(code="MEG", name="Meghna Homes Ltd."))
    db.relay.drain()
    assert _actors(tenant_id, "finance.book.created") == ["admin@test via finance"]
    from vextrus.modules.finance import service as finance

    assert finance.book_view(c.id).code == "MEG"
    event = type("E", (), {"tenant_id": tenant_id, "actor": "admin@test"})()
    with context.reacting_as(FINANCE, event) as ctx:
        assert not ctx.system and ctx.can("finance.book.manage") and ctx.can("master_data.reference.manage")
        assert not ctx.can("projects.project.create") and not ctx.can("auth.role.assign")


def test_no_module_reenters_the_system_context_in_its_handlers_api_or_services():
    """The three old workarounds stay gone: a module's handlers, api and services act as the module
    for the user (`calling_as`, `reacting_as`), never as the system (ARCHITECTURE §9)."""
    from pathlib import Path

    import vextrus.modules

    root = Path(vextrus.modules.__file__).parent
    found = [str(p.relative_to(root)) for name in ("handlers.py", "api.py", "service.py")
             for p in sorted(root.glob(f"*/{name}")) if "system_context(" in p.read_text(encoding="utf-8")]
    assert found == []
