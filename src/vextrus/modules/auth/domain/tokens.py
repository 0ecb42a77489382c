"""Short-lived JWT access tokens.

HS256 with the app secret by default; EdDSA or RS256 when a key pair is configured.
Verification accepts exactly the configured algorithm (so `alg: none` and HS/RS
confusion are refused), checks issuer, audience and token type, and judges `exp`/`iat`
against the injected clock rather than the wall clock.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from .clock import Clock, aware_now, utc_now
from .errors import AuthError

TOKEN_TYPE = "at+jwt"  # RFC 9068: an access token is not an ID token or any other JWT
ALLOWED_ALGORITHMS = ("HS256", "EdDSA", "RS256")
REQUIRED_CLAIMS = ("iss", "aud", "sub", "tid", "sid", "iat", "exp", "jti")
MIN_HMAC_SECRET_BYTES = 32
VERIFIED_MEMO_SIZE = 10_000


@dataclass(frozen=True)
class TokenConfig:
    """How access tokens are signed and checked.

    HS256 needs `secret` (>= 32 bytes). EdDSA/RS256 need `public_key` (PEM) to verify
    and `private_key` (PEM) to issue; a verify-only service may omit the private key.
    """

    secret: str | bytes | None = None
    algorithm: str = "HS256"
    private_key: str | bytes | None = None
    public_key: str | bytes | None = None
    issuer: str = "vextrus"
    audience: str = "vextrus-api"
    access_ttl: timedelta = timedelta(minutes=15)
    leeway: timedelta = timedelta(seconds=30)

    def __post_init__(self) -> None:
        if self.algorithm not in ALLOWED_ALGORITHMS:
            raise ValueError(f"unsupported JWT algorithm {self.algorithm!r}")
        if self.algorithm == "HS256":
            if self.secret is None:
                raise ValueError("HS256 needs a secret")
            raw = self.secret.encode() if isinstance(self.secret, str) else self.secret
            if len(raw) < MIN_HMAC_SECRET_BYTES:
                raise ValueError(f"HS256 secret must be at least {MIN_HMAC_SECRET_BYTES} bytes")
        elif self.public_key is None:
            raise ValueError(f"{self.algorithm} needs a public key")

    @property
    def signing_key(self) -> str | bytes:
        key = self.secret if self.algorithm == "HS256" else self.private_key
        if key is None:
            raise ValueError("no private key configured: this service can only verify tokens")
        return key

    @property
    def verifying_key(self) -> str | bytes:
        key = self.secret if self.algorithm == "HS256" else self.public_key
        assert key is not None  # checked in __post_init__
        return key


@dataclass(frozen=True)
class AccessClaims:
    """The verified contents of an access token."""

    sub: str  # user id
    tid: str  # tenant id
    sid: str  # session = refresh-token family id
    jti: str
    iat: datetime
    exp: datetime
    iss: str
    aud: str
    cid: str | None = None  # the company the session acts within (optional claim)

    @property
    def user_id(self) -> str:
        return self.sub

    @property
    def tenant_id(self) -> str:
        return self.tid

    @property
    def session_id(self) -> str:
        return self.sid


@dataclass(frozen=True)
class IssuedAccessToken:
    token: str
    claims: AccessClaims

    @property
    def expires_in(self) -> int:
        return int((self.claims.exp - self.claims.iat).total_seconds())


class AccessTokens:
    """Issue and verify access tokens with one `TokenConfig` and an injected clock."""

    def __init__(self, config: TokenConfig, clock: Clock = utc_now) -> None:
        self.config = config
        self._clock = clock
        # parse PEM keys once, not on every request
        algorithm = jwt.get_algorithm_by_name(config.algorithm)
        self._verifying_key = algorithm.prepare_key(config.verifying_key)
        self._signing_key = (
            algorithm.prepare_key(config.signing_key)
            if config.algorithm == "HS256" or config.private_key is not None
            else None
        )
        # token string -> claims of tokens whose signature, header, issuer and audience were
        # already checked with this very configuration; time is still judged on every call
        self._verified: dict[str, AccessClaims] = {}

    def issue(self, *, user_id: str, tenant_id: str, session_id: str,
              company_id: str | None = None) -> IssuedAccessToken:
        now = aware_now(self._clock).replace(microsecond=0)
        claims = AccessClaims(
            sub=str(user_id),
            tid=str(tenant_id),
            sid=str(session_id),
            jti=uuid.uuid4().hex,
            iat=now,
            exp=now + self.config.access_ttl,
            iss=self.config.issuer,
            aud=self.config.audience,
            cid=str(company_id) if company_id else None,
        )
        payload: dict[str, Any] = {
            "iss": claims.iss,
            "aud": claims.aud,
            "sub": claims.sub,
            "tid": claims.tid,
            "sid": claims.sid,
            "iat": int(claims.iat.timestamp()),
            "exp": int(claims.exp.timestamp()),
            "jti": claims.jti,
        }
        if claims.cid:
            payload["cid"] = claims.cid
        if self._signing_key is None:
            raise ValueError("no private key configured: this service can only verify tokens")
        token = jwt.encode(
            payload,
            self._signing_key,
            algorithm=self.config.algorithm,
            headers={"typ": TOKEN_TYPE},
        )
        return IssuedAccessToken(token, claims)

    def verify(self, token: str) -> AccessClaims:
        """Return the claims, or raise `AuthError` (`auth.token_invalid` / `auth.token_expired`).

        A token seen before (the exact same string) skips the signature check, which costs
        more than the rest of an authenticated request; expiry is checked every time."""
        known = self._verified.get(token)
        if known is not None:
            return self._in_time(known)
        claims = self._in_time(self._verify_signed(token))
        if len(self._verified) >= VERIFIED_MEMO_SIZE:
            try:
                self._verified.pop(next(iter(self._verified)), None)  # oldest first
            except (RuntimeError, StopIteration):  # another thread changed it meanwhile
                pass
        self._verified[token] = claims
        return claims

    def _in_time(self, claims: AccessClaims) -> AccessClaims:
        now = aware_now(self._clock)
        if now >= claims.exp + self.config.leeway:
            raise AuthError.of("auth.token_expired", expired_at=claims.exp.isoformat())
        if claims.iat > now + self.config.leeway:
            raise _invalid("issued_in_future")
        return claims

    def _verify_signed(self, token: str) -> AccessClaims:
        cfg = self.config
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != cfg.algorithm or header.get("typ") != TOKEN_TYPE:
                raise _invalid("header")
            payload = jwt.decode(
                token,
                self._verifying_key,
                algorithms=[cfg.algorithm],
                audience=cfg.audience,
                issuer=cfg.issuer,
                options={
                    # time is judged below against the injected clock
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "require": list(REQUIRED_CLAIMS),
                },
            )
        except AuthError:
            raise
        except jwt.InvalidAudienceError:
            raise _invalid("audience") from None
        except jwt.InvalidIssuerError:
            raise _invalid("issuer") from None
        except jwt.InvalidSignatureError:
            raise _invalid("signature") from None
        except (jwt.InvalidTokenError, ValueError, TypeError):
            raise _invalid("malformed") from None

        try:
            iat = datetime.fromtimestamp(int(payload["iat"]), UTC)
            exp = datetime.fromtimestamp(int(payload["exp"]), UTC)
            claims = AccessClaims(
                sub=_text(payload["sub"]),
                tid=_text(payload["tid"]),
                sid=_text(payload["sid"]),
                jti=_text(payload["jti"]),
                iat=iat,
                exp=exp,
                iss=payload["iss"],
                aud=cfg.audience,
                cid=_text(payload["cid"]) if "cid" in payload else None,
            )
        except (TypeError, ValueError, OverflowError):
            raise _invalid("claims") from None
        return claims


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("claim must be a non-empty string")
    return value


def _invalid(reason: str) -> AuthError:
    return AuthError.of("auth.token_invalid", reason=reason)
