"""TOTP seeds are encrypted at rest, survive a rotation of the app secret, and legacy
plaintext seeds keep working and are sealed on their next use."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import update

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.auth.domain import totp  # noqa: E402
from vextrus.modules.auth.domain.errors import AuthError  # noqa: E402
from vextrus.modules.auth.domain.secretbox import PREFIX, SecretBox  # noqa: E402
from vextrus.modules.auth.service import sessions
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
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
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
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory.begin() as s:
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


def _enrolled(admin, local: str, company) -> tuple[object, str]:  # noqa: ANN001
    email = f"{local}@t{admin.tenant_id.hex[-10:]}.example.com"
    u = service.create_user(service.UserInput(email=email, name=local), PW, company.id, ["viewer"])
    with context.acting_as(context.RequestContext(tenant_id=admin.tenant_id, user_id=u.id, actor=email)):
        enrol = sessions.begin_mfa_enrolment()
        sessions.confirm_mfa_enrolment(totp.totp_code(enrol.secret, totp.current_step(clock.now())))
    return u, enrol.secret


def _store(db, uid, value: str) -> None:  # noqa: ANN001
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory.begin() as s:
        s.execute(update(TotpState).where(TotpState.user_id == uid).values(secret=value))


def test_encrypt_totp_secrets_command_seals_what_is_left_once_and_only_acts_as_the_system(admin, db, monkeypatch):
    from typer.testing import CliRunner

    from vextrus.modules.auth.cli import app as users_cli
    from vextrus.platform.errors import PermissionDenied

    c = org.create_company(org.CompanyInput(code="MEG", name="Meghna"))
    service.seed_default_roles(c.id)
    legacy, legacy_seed = _enrolled(admin, "legacy", c)
    rotated, rotated_seed = _enrolled(admin, "rotated", c)
    fresh, fresh_seed = _enrolled(admin, "fresh", c)
    _store(db, legacy.id, legacy_seed)  # written before encryption existed
    _store(db, rotated.id, SecretBox(OLD).seal(rotated_seed))  # before the app secret was rotated
    fresh_stored = _row(db, fresh.id)
    monkeypatch.setenv("VEXTRUS_AUTH_PREVIOUS_SECRET_KEYS", OLD)
    tenant = f"t{admin.tenant_id.hex[-12:]}"
    with pytest.raises(PermissionDenied):
        sessions.seal_stored_totp_seeds()  # an administrator is not the system
    first = CliRunner().invoke(users_cli, ["encrypt-totp-secrets", "--tenant", tenant])
    assert first.exit_code == 0, first.output
    assert "sealed 1 plaintext" in first.output and "resealed 1" in first.output and "1 already" in first.output
    current = sessions.box()
    for user, seed in ((legacy, legacy_seed), (rotated, rotated_seed), (fresh, fresh_seed)):
        stored = _row(db, user.id)
        assert stored.startswith(PREFIX) and seed not in stored
        assert current.open(stored).plain == seed and not current.open(stored).reseal
    assert _row(db, fresh.id) == fresh_stored  # already current: not rewritten
    again = CliRunner().invoke(users_cli, ["encrypt-totp-secrets", "--tenant", tenant])
    assert again.exit_code == 0 and "sealed 0 plaintext" in again.output and "resealed 0" in again.output
    assert "3 already" in again.output
    _store(db, legacy.id, SecretBox("u" * 48).seal(legacy_seed))  # under a secret nobody configured
    stuck = CliRunner().invoke(users_cli, ["encrypt-totp-secrets", "--tenant", tenant])
    assert stuck.exit_code == 1 and "1 unreadable" in stuck.output
