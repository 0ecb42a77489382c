"""Real users with the default construction roles in one company, and a test subject."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import pytest

from vextrus.modules.rules.api import SubjectField, declare_subject
from vextrus.platform import clock, context

declare_subject("test.doc", [SubjectField("amount", "money"), SubjectField("currency", "string"),
                             SubjectField("kind", "string", nullable=True)], "Test document", "পরীক্ষার নথি")


@dataclass
class People:
    tenant_id: UUID
    company_id: UUID
    ids: dict[str, UUID]

    def ctx(self, who: str) -> context.RequestContext:
        """Who a signed-in user is: auth's own answer (its manifest's `acts_for`, wherever auth keeps it)."""
        from vextrus.platform.modules import available_modules

        auth = available_modules()["auth"]
        return auth.load(auth.acts_for)(self.ids[who], self.tenant_id, company_id=self.company_id)

    def acting(self, who: str):  # noqa: ANN201
        return context.acting_as(self.ctx(who))


ROLES = {"clerk": ["accounts_payable_clerk"], "acct": ["accountant"], "acct2": ["accountant"],
         "md": ["managing_director"], "pm": ["project_manager"], "viewer": ["viewer"], "owner": ["owner"]}


@pytest.fixture
def people(db, tenant_id) -> People:
    from vextrus.modules.auth import service as auth
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="WF", name="Workflow Builders Ltd."))
        auth.seed_default_roles(c.id)
        ids = {who: auth.create_user(auth.UserInput(email=f"{who}.{tenant_id.hex[-10:]}@wf.example", name=who.title()), "Pass-word-123",
                                     c.id, roles).id for who, roles in ROLES.items()}
    return People(tenant_id, c.id, ids)


@pytest.fixture
def frozen():
    from datetime import UTC, datetime

    fc = clock.FrozenClock(datetime(2026, 1, 5, 4, 0, tzinfo=UTC))
    clock.set_clock(fc)
    yield fc
    clock.set_clock(None)
