from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.auth.domain.errors import AuthError
from vextrus.modules.auth.domain.refresh import (
    InMemoryRefreshStore,
    RefreshTokens,
    hash_refresh_token,
)

NOW = datetime(2025, 7, 1, tzinfo=UTC)


@pytest.fixture
def store():
    return InMemoryRefreshStore()


@pytest.fixture
def refresh(store, clock):
    return RefreshTokens(store, clock=clock)


def code_of(call) -> str:
    with pytest.raises(AuthError) as exc:
        call()
    return exc.value.code


def test_only_the_hash_is_stored(refresh, store):
    issued = refresh.start(user_id="u1", tenant_id="t1")
    assert issued.token not in store.tokens
    assert hash_refresh_token(issued.token) in store.tokens
    assert all(issued.token not in repr(r) for r in store.tokens.values())


def test_rotation_issues_a_successor_in_the_same_family(refresh, clock):
    first = refresh.start(user_id="u1", tenant_id="t1")
    clock.advance(hours=1)
    second = refresh.rotate(first.token)
    assert second.token != first.token
    assert second.family_id == first.family_id
    assert second.expires_at == clock() + timedelta(days=7)
    third = refresh.rotate(second.token)
    assert third.family_id == first.family_id


def test_reusing_a_rotated_token_revokes_the_whole_family(refresh, store):
    first = refresh.start(user_id="u1", tenant_id="t1")
    second = refresh.rotate(first.token)  # legitimate client
    assert code_of(lambda: refresh.rotate(first.token)) == "auth.refresh_reused"  # thief
    family = store.families[first.family_id]
    assert family.revoked and family.revoke_reason == "reuse"
    # the legitimate client's newest token is dead too
    assert code_of(lambda: refresh.rotate(second.token)) == "auth.session_revoked"
    assert not refresh.is_session_active(first.family_id)


def test_reuse_in_one_family_leaves_other_sessions_alone(refresh):
    laptop = refresh.start(user_id="u1", tenant_id="t1")
    phone = refresh.start(user_id="u1", tenant_id="t1")
    refresh.rotate(laptop.token)
    code_of(lambda: refresh.rotate(laptop.token))
    assert refresh.rotate(phone.token).family_id == phone.family_id


def test_token_expires_after_seven_days(refresh, clock):
    issued = refresh.start(user_id="u1", tenant_id="t1")
    clock.advance(days=7)
    assert code_of(lambda: refresh.rotate(issued.token)) == "auth.refresh_expired"


def test_rotation_slides_the_lifetime(refresh, clock):
    token = refresh.start(user_id="u1", tenant_id="t1").token
    for _ in range(3):
        clock.advance(days=6)
        token = refresh.rotate(token).token
    assert refresh.rotate(token)


def test_unknown_token_is_invalid(refresh):
    assert code_of(lambda: refresh.rotate("vxr_nope")) == "auth.refresh_invalid"


def test_logout_revokes_one_family(refresh):
    laptop = refresh.start(user_id="u1", tenant_id="t1")
    phone = refresh.start(user_id="u1", tenant_id="t1")
    refresh.logout(laptop.token)
    assert code_of(lambda: refresh.rotate(laptop.token)) == "auth.session_revoked"
    assert refresh.is_session_active(phone.family_id)


def test_revoke_all_ends_every_session_of_that_user_only(refresh):
    mine = [refresh.start(user_id="u1", tenant_id="t1") for _ in range(3)]
    theirs = refresh.start(user_id="u2", tenant_id="t1")
    refresh.logout(mine[0].token)
    assert refresh.revoke_all("u1") == 2
    for issued in mine:
        assert not refresh.is_session_active(issued.family_id)
    assert refresh.is_session_active(theirs.family_id)


def test_injected_id_factory_names_the_family(store, clock):
    ids = iter(["0192-fam-a", "0192-fam-b"])
    refresh = RefreshTokens(store, clock=clock, id_factory=lambda: next(ids))
    assert refresh.start(user_id="u", tenant_id="t").family_id == "0192-fam-a"


@settings(max_examples=60, deadline=None)
@given(choices=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=15))
def test_family_survives_exactly_until_some_old_token_is_replayed(choices):
    """Model: each step presents one of the tokens seen so far (choice clipped to range).

    Presenting the newest token always rotates; presenting any older one kills the family
    for good. At most one token of a live family is ever usable.
    """
    refresh = RefreshTokens(InMemoryRefreshStore(), clock=lambda: NOW)
    seen = [refresh.start(user_id="u", tenant_id="t").token]
    alive = True
    for choice in choices:
        token = seen[min(choice, len(seen) - 1)]
        newest = token == seen[-1]
        try:
            seen.append(refresh.rotate(token).token)
            assert alive and newest
        except AuthError as err:
            expected = "auth.session_revoked" if not alive else "auth.refresh_reused"
            assert err.code == expected and not (alive and newest)
            alive = False
    family_id = next(iter(refresh.store.families))
    assert refresh.is_session_active(family_id) == alive
