"""Encryption at rest for the few secrets the server must read back (the TOTP seed).

Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from the application secret with
HKDF, so no second secret has to be managed. Stored form: `v1:<fernet token>`; the version
prefix names the scheme (derivation + cipher) so a later scheme can coexist. Rotating the app
secret: list the old secrets as `previous`; values still sealed under them open, and
`open()` says they should be resealed under the current key. A value without a prefix is a
legacy plaintext seed: it opens as is and asks to be resealed.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .errors import AuthError

PREFIX = "v1:"
_SALT = b"vextrus.auth.secretbox"
_INFO = b"v1 totp-seed fernet"


def derive_key(app_secret: str | bytes) -> bytes:
    raw = app_secret.encode() if isinstance(app_secret, str) else app_secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO).derive(raw)
    return base64.urlsafe_b64encode(key)


@dataclass(frozen=True)
class Opened:
    plain: str
    reseal: bool  # legacy plaintext, or sealed under a previous key


class SecretBox:
    def __init__(self, app_secret: str | bytes, previous: tuple[str | bytes, ...] = ()) -> None:
        self._current = Fernet(derive_key(app_secret))
        self._previous = [Fernet(derive_key(p)) for p in previous if p]
        self._any = MultiFernet([self._current, *self._previous])

    def seal(self, plain: str) -> str:
        return PREFIX + self._current.encrypt(plain.encode()).decode()

    def open(self, stored: str) -> Opened:
        if not stored.startswith(PREFIX):
            if ":" in stored:  # an unknown scheme: refuse rather than treat as a seed
                raise AuthError.of("auth.mfa_not_enrolled")
            return Opened(stored, reseal=True)
        token = stored[len(PREFIX):].encode()
        try:
            return Opened(self._current.decrypt(token).decode(), reseal=False)
        except InvalidToken:
            pass
        try:
            return Opened(self._any.decrypt(token).decode(), reseal=True)
        except InvalidToken:
            raise AuthError.of("auth.mfa_not_enrolled") from None
