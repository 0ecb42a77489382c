from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest

from vextrus.modules.auth.domain.errors import AuthError
from vextrus.modules.auth.domain.totp import (
    current_step,
    generate_recovery_codes,
    new_totp_secret,
    provisioning_uri,
    qr_svg,
    redeem_recovery_code,
    remaining_recovery_codes,
    verify_totp,
)

NOW = datetime(2025, 7, 1, 9, 0, 10, tzinfo=UTC)


def code_at(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)  # an authenticator app's view of the code


def refused(**kwargs) -> str:
    with pytest.raises(AuthError) as exc:
        verify_totp(**kwargs)
    return exc.value.code


def test_secret_is_160_bit_base32_and_unique():
    secret = new_totp_secret()
    assert len(secret) == 32 and pyotp.TOTP(secret).now().isdigit()
    assert secret != new_totp_secret()


def test_provisioning_uri_names_issuer_and_account():
    secret = new_totp_secret()
    uri = provisioning_uri(secret, "rahim@example.com.bd")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    query = parse_qs(parsed.query)
    assert query["secret"] == [secret] and query["issuer"] == ["Vextrus"]
    assert "rahim%40example.com.bd" in parsed.path or "rahim@example.com.bd" in parsed.path


def test_qr_is_an_svg_document():
    svg = qr_svg(provisioning_uri(new_totp_secret(), "rahim@example.com.bd"))
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "<path" in svg


def test_code_from_an_authenticator_app_is_accepted_and_returns_its_step():
    secret = new_totp_secret()
    step = verify_totp(secret, code_at(secret, NOW), now=NOW, last_used_step=None)
    assert step == current_step(NOW)


@pytest.mark.parametrize("drift", [-30, 30])
def test_one_step_of_clock_drift_is_tolerated(drift):
    secret = new_totp_secret()
    code = code_at(secret, NOW + timedelta(seconds=drift))
    assert verify_totp(secret, code, now=NOW, last_used_step=None)


@pytest.mark.parametrize("drift", [-90, 90])
def test_codes_further_away_are_refused(drift):
    secret = new_totp_secret()
    code = code_at(secret, NOW + timedelta(seconds=drift))
    assert refused(secret=secret, code=code, now=NOW, last_used_step=None) == "auth.mfa_invalid"


def test_replayed_code_is_refused():
    secret = new_totp_secret()
    code = code_at(secret, NOW)
    used = verify_totp(secret, code, now=NOW, last_used_step=None)
    # the same code again, even a few seconds later, within its validity
    later = NOW + timedelta(seconds=5)
    assert refused(secret=secret, code=code, now=later, last_used_step=used) == "auth.mfa_replay"
    # an older (previous-step) code is a replay too
    old = code_at(secret, NOW - timedelta(seconds=30))
    assert refused(secret=secret, code=old, now=later, last_used_step=used) == "auth.mfa_replay"
    # the next step's code works
    nxt = NOW + timedelta(seconds=30)
    assert verify_totp(secret, code_at(secret, nxt), now=nxt, last_used_step=used) == used + 1


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "abcdef", "১২৩৪৫৬"])
def test_malformed_codes_are_refused(bad):
    secret = new_totp_secret()
    assert refused(secret=secret, code=bad, now=NOW, last_used_step=None) == "auth.mfa_invalid"


def test_code_with_a_space_as_apps_show_it_is_accepted():
    secret = new_totp_secret()
    code = code_at(secret, NOW)
    assert verify_totp(secret, f"{code[:3]} {code[3:]}", now=NOW, last_used_step=None)


def test_ten_distinct_recovery_codes_stored_only_as_hashes():
    codes, records = generate_recovery_codes()
    assert len(codes) == 10 == len(set(codes)) == len(records)
    assert all(len(c) == 19 and c.count("-") == 3 for c in codes)
    stored = " ".join(r.code_hash for r in records)
    assert not any(c.replace("-", "") in stored for c in codes)


def test_recovery_code_works_once_only():
    codes, records = generate_recovery_codes()
    records = redeem_recovery_code(records, codes[3], NOW)
    assert remaining_recovery_codes(records) == 9
    with pytest.raises(AuthError) as exc:
        redeem_recovery_code(records, codes[3], NOW)
    assert exc.value.code == "auth.recovery_code_invalid"
    # others still work, typed loosely (lower case, no dashes)
    records = redeem_recovery_code(records, codes[0].lower().replace("-", ""), NOW)
    assert remaining_recovery_codes(records) == 8


def test_unknown_recovery_code_refused():
    _, records = generate_recovery_codes()
    with pytest.raises(AuthError):
        redeem_recovery_code(records, "AAAA-BBBB-CCCC-DDDD", NOW)
