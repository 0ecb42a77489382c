"""Real users with the default construction roles in one company, and a test subject."""

from __future__ import annotations

import pytest

from approval_people import People, approvers
from vextrus.modules.rules.api import SubjectField, declare_subject
from vextrus.platform import clock, context

declare_subject("test.doc", [SubjectField("amount", "money"), SubjectField("currency", "string"),
                             SubjectField("kind", "string", nullable=True)], "Test document", "পরীক্ষার নথি")


ROLES = {"clerk": ["accounts_payable_clerk"], "acct": ["accountant"], "acct2": ["accountant"],
         "md": ["managing_director"], "pm": ["project_manager"], "viewer": ["viewer"], "owner": ["owner"]}


@pytest.fixture
def people(db, tenant_id) -> People:
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="WF", name="Workflow Builders Ltd."))
    return approvers(tenant_id, c.id, ROLES, "wf")


@pytest.fixture
def frozen():
    from datetime import UTC, datetime

    fc = clock.FrozenClock(datetime(2026, 1, 5, 4, 0, tzinfo=UTC))
    clock.set_clock(fc)
    yield fc
    clock.set_clock(None)
