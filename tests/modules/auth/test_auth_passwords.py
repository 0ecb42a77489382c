from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.auth.domain.errors import AuthError
from vextrus.modules.auth.domain.passwords import (
    FAST_TEST,
    PRODUCTION,
    PasswordHasher,
    PasswordPolicy,
)

BANGLA = st.characters(min_codepoint=0x0980, max_codepoint=0x09FF)
PASSWORDS = st.text(min_size=1, max_size=40) | st.text(BANGLA, min_size=1, max_size=20)


def test_hash_is_argon2id_with_the_stated_parameters():
    h = PasswordHasher(FAST_TEST).hash("correct horse battery")
    assert h.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert PRODUCTION.memory_cost == 65536 and PRODUCTION.time_cost == 3
    assert PRODUCTION.parallelism == 4


def test_wrong_password_and_garbage_hash_do_not_verify(hasher):
    h = hasher.hash("Dhaka-Site-42")
    assert hasher.verify(h, "Dhaka-Site-42")
    assert not hasher.verify(h, "dhaka-site-42")
    assert not hasher.verify("not-a-hash", "Dhaka-Site-42")


def test_same_password_gets_a_fresh_salt(hasher):
    assert hasher.hash("Dhaka-Site-42") != hasher.hash("Dhaka-Site-42")


def test_hash_from_weaker_profile_needs_rehash_under_production(hasher):
    old = hasher.hash("Dhaka-Site-42")
    production = PasswordHasher(PRODUCTION)
    assert production.needs_rehash(old)
    assert not hasher.needs_rehash(old)
    assert production.needs_rehash("garbage")


def test_unknown_account_costs_a_verify_and_fails(hasher):
    assert hasher.verify_or_dummy(None, "vextrus-dummy-password") is False


def test_bangla_password_verifies_whether_typed_composed_or_decomposed(hasher):
    # য় typed as one code point (U+09DF) or as য + nukta (U+09AF U+09BC)
    composed = "আমার-পাস\u09dfার্ড-২০২৫"
    decomposed = "আমার-পাস\u09af\u09bcার্ড-২০২৫"
    assert composed != decomposed
    assert hasher.verify(hasher.hash(composed), decomposed)


@settings(max_examples=40, deadline=None)
@given(PASSWORDS, PASSWORDS)
def test_round_trip_any_unicode_password(password, other):
    h = PasswordHasher(FAST_TEST)
    stored = h.hash(password)
    assert h.verify(stored, password)
    if unicodedata.normalize("NFKC", other) != unicodedata.normalize("NFKC", password):
        assert not h.verify(stored, other)


# ---------------------------------------------------------------- policy


def codes(password, **kw):
    return {v.code for v in PasswordPolicy().check(password, **kw)}


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Short1!", {"password.too_short"}),
        ("abcdefghijklmnop", {"password.single_class"}),
        ("12873465091827", {"password.single_class"}),
        ("পদ্মাসেতুনির্মাণকাজ", {"password.single_class"}),
        ("Password123", {"password.too_common"}),
        ("BANGLADESH@123", {"password.too_common"}),
        ("qwerty", {"password.too_short", "password.single_class", "password.too_common"}),
        ("Rod&Cement-2025", set()),
        ("পদ্মা সেতু ২০২২", set()),  # Bangla letters + digits + spaces: three classes
    ],
)
def test_policy_examples(password, expected):
    assert codes(password) == expected


def test_policy_refuses_username_and_email_local_part_case_insensitively():
    assert "password.contains_username" in codes("xRahimKhan-77", username="rahimkhan")
    assert "password.contains_username" in codes("my-FARHANA.b-2025", email="farhana.b@example.com.bd")
    assert codes("Rod&Cement-2025", username="rahimkhan", email="farhana.b@x.bd") == set()


def test_every_violation_has_english_and_bangla_text():
    for v in PasswordPolicy().check("aaa", username="aaa"):
        assert v.message and v.message_bn and v.message != v.message_bn
        assert any("\u0980" <= ch <= "\u09ff" for ch in v.message_bn)


def test_min_length_message_states_the_configured_length():
    (v,) = PasswordPolicy(min_length=14).check("Rod&Cement-25")
    assert v.code == "password.too_short" and "14" in v.message


def test_enforce_raises_one_error_listing_all_violations():
    with pytest.raises(AuthError) as exc:
        PasswordPolicy().enforce("qwerty")
    err = exc.value
    assert err.code == "auth.password_policy" and err.field == "password"
    assert {v["code"] for v in err.details["violations"]} == {
        "password.too_short",
        "password.single_class",
        "password.too_common",
    }
    PasswordPolicy().enforce("Rod&Cement-2025")  # passes silently
