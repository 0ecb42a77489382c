"""Auth domain throughput: argon2id at the production cost, and JWT verification.

Prints hashes/s and verifies/s for the production argon2id profile (t=3, m=64 MiB, p=4)
and microseconds per HS256 / EdDSA access-token verification. `--size tiny` (or
`--quick`, or env VEXTRUS_BENCH_TINY=1) runs a tiny size for CI.

    PYTHONPATH=src python bench/auth_domain.py [--size tiny|small]
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from vextrus.modules.auth.domain.passwords import PRODUCTION, PasswordHasher
from vextrus.modules.auth.domain.tokens import AccessTokens, TokenConfig


def per_second(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def micros(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    size = sys.argv[sys.argv.index("--size") + 1] if "--size" in sys.argv else "small"
    quick = size == "tiny" or "--quick" in sys.argv or os.environ.get("VEXTRUS_BENCH_TINY") == "1"
    n_hash = 3 if quick else 20
    n_jwt = 200 if quick else 20000

    hasher = PasswordHasher(PRODUCTION)
    p = PRODUCTION
    stored = hasher.hash("Rod&Cement-2025")
    hashes = per_second(lambda: hasher.hash("Rod&Cement-2025"), n_hash)
    verifies = per_second(lambda: hasher.verify(stored, "Rod&Cement-2025"), n_hash)
    print(
        f"argon2id t={p.time_cost} m={p.memory_cost // 1024}MiB p={p.parallelism}: "
        f"{hashes:.1f} hashes/s ({1000 / hashes:.0f} ms each), "
        f"{verifies:.1f} verifies/s ({1000 / verifies:.0f} ms each)"
    )

    now = datetime(2025, 7, 1, tzinfo=UTC)
    hs = AccessTokens(TokenConfig(secret="b" * 48), clock=lambda: now)
    token = hs.issue(user_id="u1", tenant_id="t1", session_id="s1").token
    print(f"JWT HS256 verify: {micros(lambda: hs.verify(token), n_jwt):.1f} µs")
    print(
        f"JWT HS256 issue:  {micros(lambda: hs.issue(user_id='u', tenant_id='t', session_id='s'), n_jwt):.1f} µs"
    )

    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    ed = AccessTokens(
        TokenConfig(algorithm="EdDSA", private_key=private, public_key=public), clock=lambda: now
    )
    token = ed.issue(user_id="u1", tenant_id="t1", session_id="s1").token
    print(f"JWT EdDSA verify: {micros(lambda: ed.verify(token), n_jwt // 4):.1f} µs")


if __name__ == "__main__":
    main()
