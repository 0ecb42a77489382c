"""Pure rules of settings and flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.configuration import domain
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.modules import SettingDef

NOW = datetime(2026, 1, 1, tzinfo=UTC)
users = st.uuids(version=4)


@given(users, st.integers(0, 100), st.integers(0, 100))
def test_rollout_is_stable_and_grows_monotonically(user, p, q):
    low, high = sorted((p, q))
    at = lambda pct: domain.evaluate(domain.FlagState("m.f", True, pct), user_id=user, roles=set(), now=NOW)[0]  # noqa: E731
    assert at(low) == at(low)  # same answer every time
    if at(low):
        assert at(high)  # a user let in stays in as the rollout widens


def test_rollout_share_is_close_to_the_percentage():
    flag = domain.FlagState("projects.gantt_v2", True, 30)
    on = sum(domain.evaluate(flag, user_id=UUID(int=i), roles=set(), now=NOW)[0] for i in range(5000))
    assert 1300 < on < 1700


def test_precedence_window_then_user_then_role_then_switch():
    user = UUID(int=7)
    flag = domain.FlagState("m.f", False, None, starts_at=NOW - timedelta(days=1),
                            overrides=(domain.Override("role", "accountant", True), domain.Override("user", str(user), False)))
    assert domain.evaluate(flag, user_id=user, roles={"accountant"}, now=NOW) == (False, "user_override")
    assert domain.evaluate(flag, user_id=UUID(int=8), roles={"accountant"}, now=NOW) == (True, "role_override")
    assert domain.evaluate(flag, user_id=UUID(int=8), roles=set(), now=NOW) == (False, "off")
    assert domain.evaluate(flag, user_id=user, roles=set(), now=NOW - timedelta(days=2)) == (False, "not_started")


@pytest.mark.parametrize(("typ", "raw", "expected"), [
    ("int", "০৭", 7), ("int", "+12", 12), ("bool", "হ্যাঁ", True), ("bool", "off", False),
    ("decimal", "1,23,456.789", Decimal("123456.789")), ("decimal", 0.1, Decimal("0.1")),
    ("date", "2026-07-01", datetime(2026, 7, 1).date()), ("json", '{"a": 1}', {"a": 1}),
])
def test_values_are_parsed_by_type(typ, raw, expected):
    assert domain.coerce(SettingDef("k", typ, None, "K", "কে"), raw) == expected


@pytest.mark.parametrize(("typ", "raw"), [("int", "1.5"), ("int", True), ("bool", "maybe"), ("decimal", "abc"),
                                          ("date", "31/12/2026"), ("json", "{"), ("choice", "fr")])
def test_bad_values_name_the_setting_in_both_languages(typ, raw):
    with pytest.raises(ValidationFailed) as err:
        domain.coerce(SettingDef("k", typ, None, "Key", "কী", choices=("en", "bn")), raw)
    assert err.value.field == "value" and err.value.message.startswith("Key:") and err.value.message_bn.startswith("কী:")
