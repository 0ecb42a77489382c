from __future__ import annotations

from decimal import Decimal

import pytest

from vextrus.modules.auth.domain.permissions import limit_for, pattern_matches
from vextrus.modules.auth.domain.roles import DEFAULT_ROLES, default_role

EXPECTED_CODES = {
    "owner",
    "managing_director",
    "project_director",
    "project_manager",
    "site_engineer",
    "contractor",
    "accountant",
    "accounts_payable_clerk",
    "procurement_officer",
    "store_keeper",
    "sales_officer",
    "hr_officer",
    "auditor",
    "viewer",
    "customer",  # the portal's buyer (issue 19): their own bookings and statement only
}
WRITES = [
    "finance.journal.post",
    "finance.invoice.approve",
    "finance.invoice.create",
    "procurement.purchase_order.approve",
    "hr.employee.update",
    "projects.task.delete",
    "auth.user.manage",
    "inventory.issue.create",
]


def test_all_default_roles_present_once_with_names_in_both_languages():
    codes = [r.code for r in DEFAULT_ROLES]
    assert set(codes) == EXPECTED_CODES and len(codes) == len(set(codes))
    for role in DEFAULT_ROLES:
        assert role.name_en and role.grants
        bangla = [ch for ch in role.name_bn if not ch.isspace()]
        assert bangla and all("\u0980" <= ch <= "\u09ff" for ch in bangla), role.code


def test_auditor_and_viewer_are_read_only():
    for code in ("auditor", "viewer"):
        perms = default_role(code).permission_set()
        assert not any(perms.allows(p) for p in WRITES), code
        assert perms.allows("finance.invoice.view")
    assert default_role("auditor").permission_set().allows("finance.journal.read")


def test_owner_can_do_anything_without_limit():
    assert limit_for(default_role("owner").grants, "finance.payment.approve") is None


@pytest.mark.parametrize("role", DEFAULT_ROLES, ids=lambda r: r.code)
def test_an_amount_cap_is_not_undone_by_a_wildcard_of_the_same_role(role):
    for capped in (g for g in role.grants if g.limit is not None):
        assert limit_for(role.grants, capped.pattern) == capped.limit
        uncapped = [g.pattern for g in role.grants if g.limit is None]
        assert not any(pattern_matches(p, capped.pattern) for p in uncapped)


def test_approval_limits_step_up_with_seniority():
    def limit(code: str) -> Decimal | None:
        return limit_for(default_role(code).grants, "procurement.purchase_order.approve")

    assert limit("procurement_officer") < limit("project_manager") < limit("project_director")
    assert limit("managing_director") is None


def test_site_engineer_raises_requisitions_but_cannot_approve_orders():
    perms = default_role("site_engineer").permission_set()
    assert perms.allows("procurement.requisition.create")
    assert not perms.allows("procurement.purchase_order.approve")
    assert not perms.allows("finance.journal.post")
