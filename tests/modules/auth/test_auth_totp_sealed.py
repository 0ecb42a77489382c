"""TOTP seeds are encrypted at rest, survive a rotation of the app secret, and legacy
plaintext seeds keep working and are sealed on their next use."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import update

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service, sessions  # noqa: E402
from vextrus.modules.auth.domain import totp  # noqa: E402
from vextrus.modules.auth.domain.errors import AuthError  # noqa: E402
from vextrus.modules.auth.domain.secretbox import PREFIX, SecretBox  # noqa: E402
from vextrus.modules.auth.tables import TotpState  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import clock, context  # noqa: E402

PW = "Rod&Cement-2025"


def _addr() -> str:
    """A client address of this test's own (the per-address sign-in rate limit is global)."""
    return f"test-{context.current().tenant_id.hex[-12:]}"
OLD, NEW = "o" * 48, "n" * 48


def test_sealed_value_hides_the_seed_and_opens_only_with_the_right_secret():
    seed = totp.new_totp_secret()
    stored = SecretBox(OLD).seal(seed)
    assert stored.startswith(PREFIX) and seed not in stored
    assert SecretBox(OLD).open(stored).plain == seed and not SecretBox(OLD).open(stored).reseal
    with pytest.raises(AuthError):
        SecretBox(NEW).open(stored)
    rotated = SecretBox(NEW, previous=(OLD,)).open(stored)
    assert rotated.plain == seed and rotated.reseal
    tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    with pytest.raises(AuthError):
        SecretBox(OLD).open(tampered)
    with pytest.raises(AuthError):
        SecretBox(OLD).open("v9:whatever")


def test_legacy_plaintext_opens_and_asks_to_be_sealed():
    seed = totp.new_totp_secret()
    opened = SecretBox(OLD).open(seed)
    assert opened.plain == seed and opened.reseal


def _row(db, uid):  # noqa: ANN001, ANN202
    with context.acting_as(context.system_context()), db.session_factory() as s:
        return s.get(TotpState, uid).secret


def test_enrolment_stores_the_seed_sealed_and_sign_in_works_and_legacy_rows_are_sealed_on_use(admin, db):
    c = org.create_company(org.CompanyInput(code="PAD", name="Padma"))
    service.seed_default_roles(c.id)
    email = f"mfa@t{admin.tenant_id.hex[-10:]}.example.com"
    u = service.create_user(service.UserInput(email=email, name="M"), PW, c.id, ["viewer"])
    with context.acting_as(context.RequestContext(tenant_id=admin.tenant_id, user_id=u.id, actor=email)):
        enrol = sessions.begin_mfa_enrolment()
        assert _row(db, u.id).startswith(PREFIX) and enrol.secret not in _row(db, u.id)
        sessions.confirm_mfa_enrolment(totp.totp_code(enrol.secret, totp.current_step(clock.now())))
    # a row written before encryption existed: plaintext
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.execute(update(TotpState).where(TotpState.user_id == u.id).values(secret=enrol.secret, last_used_step=None))
    manual = clock.FrozenClock(clock.now())
    code = totp.totp_code(enrol.secret, totp.current_step(manual()) + 1)  # a step not used yet
    clock.set_clock(manual)
    try:
        manual.advance(seconds=30)
        first = sessions.login(email, PW, _addr())
        done = sessions.complete_mfa(first.mfa_token, code, address=_addr())
    finally:
        clock.set_clock(None)
    assert done.access_token and _row(db, u.id).startswith(PREFIX)
