from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.auth.domain.errors import AuthError
from vextrus.modules.auth.domain.permissions import (
    Grant,
    PermissionSet,
    is_valid_permission,
    limit_for,
    pattern_matches,
    validate_pattern,
    within_limit,
)

PART = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
PERMISSION = st.tuples(PART, PART, PART).map(".".join)
AMOUNT = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@pytest.mark.parametrize(
    "good", ["finance.journal.post", "master_data.supplier.view", "hr.payroll_run.approve"]
)
def test_valid_permissions(good):
    assert is_valid_permission(good)


@pytest.mark.parametrize(
    "bad",
    [
        "finance.journal",
        "finance.journal.post.extra",
        "Finance.journal.post",
        "finance..post",
        "finance.journal.*",
        "1finance.journal.post",
        "finance-x.a.b",
        "",
    ],
)
def test_invalid_permissions(bad):
    assert not is_valid_permission(bad)


@pytest.mark.parametrize("bad", ["finance", "finance.journal", "fin*.a.b", "a.b.c.d", "**"])
def test_invalid_patterns(bad):
    with pytest.raises(AuthError) as exc:
        validate_pattern(bad)
    assert exc.value.code == "auth.permission_invalid"


@pytest.mark.parametrize(
    ("pattern", "permission", "expected"),
    [
        ("*", "finance.journal.post", True),
        ("finance.*", "finance.journal.post", True),
        ("finance.*", "financex.journal.post", False),
        ("finance.journal.*", "finance.journal.post", True),
        ("finance.journal.*", "finance.invoice.post", False),
        ("*.*.read", "hr.employee.read", True),
        ("*.*.read", "hr.employee.update", False),
        ("finance.*.view", "finance.invoice.view", True),
        ("finance.invoice.approve", "finance.invoice.approve", True),
    ],
)
def test_pattern_examples(pattern, permission, expected):
    assert pattern_matches(pattern, permission) is expected


def test_permission_set_allows_and_requires():
    perms = PermissionSet(["finance.journal.*", "*.*.view"])
    assert perms.allows("finance.journal.post")
    assert perms.allows("inventory.stock.view")
    assert not perms.allows("inventory.stock.update")
    with pytest.raises(AuthError) as exc:
        perms.require("inventory.stock.update")
    assert exc.value.code == "auth.permission_denied"


def test_limit_for_picks_the_most_permissive_matching_grant():
    grants = [
        Grant("finance.invoice.approve", Decimal("100000")),
        Grant("finance.invoice.*", Decimal("500000")),
        Grant("finance.payment.approve", Decimal("50000")),
        "finance.journal.*",
    ]
    assert limit_for(grants, "finance.invoice.approve") == Decimal("500000")
    assert limit_for(grants, "finance.payment.approve") == Decimal("50000")
    assert limit_for(grants, "finance.journal.post") is None  # granted, no limit
    with pytest.raises(AuthError) as exc:
        limit_for(grants, "hr.payroll.approve")  # not granted at all
    assert exc.value.code == "auth.permission_denied"


def test_within_limit_in_bdt():
    perms = PermissionSet([Grant("procurement.purchase_order.approve", Decimal("50000.00"))])
    assert perms.within_limit("procurement.purchase_order.approve", Decimal("50000"))
    assert not perms.within_limit("procurement.purchase_order.approve", Decimal("50000.01"))
    assert not perms.within_limit("finance.invoice.approve", Decimal("1"))
    with pytest.raises(AuthError) as exc:
        perms.require_within_limit("procurement.purchase_order.approve", Decimal("60000"))
    assert exc.value.details["limit"] == "50000.00" and exc.value.details["currency"] == "BDT"
    with pytest.raises(TypeError):
        perms.within_limit("procurement.purchase_order.approve", 100.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("-1"), Decimal("NaN"), Decimal("Infinity"), 100.0])
def test_limits_must_be_non_negative_finite_decimals(bad):
    with pytest.raises(AuthError) as exc:
        Grant("finance.invoice.approve", bad)
    assert exc.value.code == "auth.limit_invalid"


@given(PERMISSION)
def test_every_permission_matches_itself_its_module_wildcard_and_star(permission):
    module, obj, _ = permission.split(".")
    for pattern in (permission, f"{module}.*", f"{module}.{obj}.*", "*", "*.*.*"):
        assert pattern_matches(validate_pattern(pattern), permission)


@given(
    st.lists(st.tuples(PERMISSION, st.none() | AMOUNT), min_size=1, max_size=6),
    PERMISSION,
    st.none() | AMOUNT,
)
def test_adding_a_grant_never_lowers_a_limit(grant_specs, extra_pattern, extra_limit):
    grants = [Grant(p, lim) for p, lim in grant_specs]
    target = grant_specs[0][0]
    before = limit_for(grants, target)
    after = limit_for(grants + [Grant(extra_pattern, extra_limit)], target)
    assert after is None or (before is not None and after >= before)


@given(PERMISSION, AMOUNT, AMOUNT)
def test_within_limit_agrees_with_limit_for(permission, limit, amount):
    grants = [Grant(permission, limit)]
    assert within_limit(grants, permission, amount) == (amount <= limit_for(grants, permission))
