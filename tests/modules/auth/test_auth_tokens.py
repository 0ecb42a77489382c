from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from vextrus.modules.auth.domain.errors import AuthError
from vextrus.modules.auth.domain.tokens import AccessTokens, TokenConfig

SECRET = "s" * 16 + "e" * 16 + "cret-of-the-app"


@pytest.fixture
def tokens(clock):
    return AccessTokens(TokenConfig(secret=SECRET), clock=clock)


def issue(tokens):
    return tokens.issue(user_id="u-1", tenant_id="t-1", session_id="fam-1")


def refused(tokens, token) -> AuthError:
    with pytest.raises(AuthError) as exc:
        tokens.verify(token)
    return exc.value


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_round_trip_carries_user_tenant_session_and_expires_in_15_minutes(tokens, clock):
    issued = issue(tokens)
    claims = tokens.verify(issued.token)
    assert (claims.user_id, claims.tenant_id, claims.session_id) == ("u-1", "t-1", "fam-1")
    assert claims.iss == "vextrus" and claims.aud == "vextrus-api"
    assert claims.exp - claims.iat == timedelta(minutes=15)
    assert claims.iat == clock().replace(microsecond=0)
    assert issued.expires_in == 900
    assert len(claims.jti) >= 16 and claims.jti != issue(tokens).claims.jti


def test_expired_token_refused_by_the_injected_clock(tokens, clock):
    token = issue(tokens).token
    clock.advance(minutes=14)
    tokens.verify(token)
    clock.advance(minutes=2)  # 16 minutes: past exp and the 30 s leeway
    assert refused(tokens, token).code == "auth.token_expired"


def test_token_from_the_future_refused(tokens, clock):
    token = issue(tokens).token
    clock.advance(minutes=-5)
    assert refused(tokens, token).code == "auth.token_invalid"


def test_tampered_payload_refused(tokens):
    header, payload, sig = issue(tokens).token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["tid"] = "t-other"  # try to hop tenants
    err = refused(tokens, f"{header}.{_b64(data)}.{sig}")
    assert err.code == "auth.token_invalid" and err.details["reason"] == "signature"


def test_token_signed_with_another_secret_refused(tokens, clock):
    other = AccessTokens(TokenConfig(secret="x" * 40), clock=clock)
    assert refused(tokens, issue(other).token).code == "auth.token_invalid"


def test_wrong_audience_refused(tokens, clock):
    other = AccessTokens(TokenConfig(secret=SECRET, audience="other-app"), clock=clock)
    err = refused(tokens, issue(other).token)
    assert err.details["reason"] == "audience"


def test_wrong_issuer_refused(tokens, clock):
    other = AccessTokens(TokenConfig(secret=SECRET, issuer="evil"), clock=clock)
    err = refused(tokens, issue(other).token)
    assert err.details["reason"] == "issuer"


def test_alg_none_refused(tokens):
    claims = jwt.decode(issue(tokens).token, options={"verify_signature": False})
    unsigned = f"{_b64({'alg': 'none', 'typ': 'at+jwt'})}.{_b64(claims)}."
    assert refused(tokens, unsigned).code == "auth.token_invalid"
    unsigned_lower = f"{_b64({'alg': 'None', 'typ': 'at+jwt'})}.{_b64(claims)}."
    assert refused(tokens, unsigned_lower).code == "auth.token_invalid"


def test_other_jwt_types_and_missing_claims_refused(tokens, clock):
    now = int(clock().timestamp())
    base = {
        "iss": "vextrus",
        "aud": "vextrus-api",
        "sub": "u",
        "tid": "t",
        "sid": "s",
        "iat": now,
        "exp": now + 60,
        "jti": "j",
    }
    id_token = jwt.encode(base, SECRET, algorithm="HS256", headers={"typ": "JWT"})
    assert refused(tokens, id_token).details["reason"] == "header"
    no_tenant = {k: v for k, v in base.items() if k != "tid"}
    token = jwt.encode(no_tenant, SECRET, algorithm="HS256", headers={"typ": "at+jwt"})
    assert refused(tokens, token).code == "auth.token_invalid"


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "é.é.é"])
def test_garbage_refused_with_auth_error(tokens, garbage):
    assert refused(tokens, garbage).code == "auth.token_invalid"


def _pem_pair(private_key):
    private = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


@pytest.mark.parametrize(
    ("algorithm", "make_key"),
    [
        ("EdDSA", ed25519.Ed25519PrivateKey.generate),
        ("RS256", lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    ],
)
def test_asymmetric_keys_sign_and_a_verify_only_service_checks(clock, algorithm, make_key):
    private, public = _pem_pair(make_key())
    issuer = AccessTokens(
        TokenConfig(algorithm=algorithm, private_key=private, public_key=public), clock=clock
    )
    verifier = AccessTokens(TokenConfig(algorithm=algorithm, public_key=public), clock=clock)
    token = issue(issuer).token
    assert verifier.verify(token).tenant_id == "t-1"
    with pytest.raises(ValueError):
        issue(verifier)  # no private key: cannot sign
    # HS256 forged with the public key as the HMAC secret (algorithm confusion)
    claims = jwt.decode(token, options={"verify_signature": False})
    forged_sig = jwt.algorithms.HMACAlgorithm(jwt.algorithms.HMACAlgorithm.SHA256).sign(
        f"{_b64({'alg': 'HS256', 'typ': 'at+jwt'})}.{_b64(claims)}".encode(), public
    )
    forged = (
        f"{_b64({'alg': 'HS256', 'typ': 'at+jwt'})}.{_b64(claims)}."
        + base64.urlsafe_b64encode(forged_sig).rstrip(b"=").decode()
    )
    assert refused(verifier, forged).code == "auth.token_invalid"


def test_config_refuses_weak_or_missing_keys():
    with pytest.raises(ValueError):
        TokenConfig(secret="short")
    with pytest.raises(ValueError):
        TokenConfig(secret=None)
    with pytest.raises(ValueError):
        TokenConfig(secret=SECRET, algorithm="none")
    with pytest.raises(ValueError):
        TokenConfig(algorithm="EdDSA")


def test_naive_clock_is_a_programming_error():
    tokens = AccessTokens(TokenConfig(secret=SECRET), clock=lambda: datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        issue(tokens)


def test_a_token_verified_once_still_expires_and_its_tampered_copies_are_still_refused(tokens, clock):
    token = issue(tokens).token
    assert tokens.verify(token).sid == "fam-1"  # remembered now
    head, body, sig = token.split(".")
    forged = _b64({**json.loads(base64.urlsafe_b64decode(body + "==")), "sub": "someone-else"})
    assert refused(tokens, f"{head}.{forged}.{sig}").code == "auth.token_invalid"
    other = AccessTokens(TokenConfig(secret=SECRET, audience="vextrus-web"), clock=clock)
    assert refused(other, token).code == "auth.token_invalid"  # the memo is per configuration
    clock.advance(minutes=16)
    assert refused(tokens, token).code == "auth.token_expired"


def test_the_active_company_travels_as_a_signed_claim(tokens):
    with_company = tokens.issue(user_id="u-1", tenant_id="t-1", session_id="fam-1", company_id="c-9").token
    assert tokens.verify(with_company).cid == "c-9"
    assert tokens.verify(issue(tokens).token).cid is None
    head, body, sig = with_company.split(".")
    forged = _b64({**json.loads(base64.urlsafe_b64decode(body + "==")), "cid": "c-other"})
    assert refused(tokens, f"{head}.{forged}.{sig}").code == "auth.token_invalid"
