"""Two-step verification of the signed-in user: enrol a TOTP secret, confirm it with a first code (recovery
codes are shown once), regenerate the recovery codes, turn it off. Sign-in's second step is in `sessions`."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform.uow import UnitOfWork, unit_of_work

from .. import context_cache
from ..domain import totp
from ..domain.errors import AuthError
from ..events import MfaChanged
from ..schemas import Enrolment
from ..tables import RecoveryCodeRow, TotpState
from . import lookups
from .sessions import _now, _second_factor, box, totp_seed


def begin_mfa_enrolment() -> Enrolment:
    """A new secret for the signed-in user (not active until confirmed with a code)."""
    uid, _tid = lookups.signed_in()
    with unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        state = uow.session.get(TotpState, uid)
        if state is not None and state.confirmed_at is not None:
            raise AuthError("auth.mfa_already_enrolled", "Two-step verification is already on",
                            "দুই-ধাপ যাচাইকরণ আগেই চালু আছে")
        secret = totp.new_totp_secret()
        if state is None:
            uow.session.add(TotpState(user_id=uid, secret=box().seal(secret)))
        else:
            state.secret = box().seal(secret)
        uri = totp.provisioning_uri(secret, u.email)
    return Enrolment(secret=secret, otpauth_uri=uri, qr_svg=totp.qr_svg(uri))


def confirm_mfa_enrolment(code: str) -> list[str]:
    """Turn two-step verification on with a first code; returns recovery codes (shown once)."""
    uid, _tid = lookups.signed_in()
    with unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        state = uow.session.get(TotpState, uid)
        if state is None:
            raise AuthError.of("auth.mfa_not_enrolled")
        state.last_used_step = totp.verify_totp(totp_seed(state), code, now=_now(),
                                                last_used_step=state.last_used_step)
        state.confirmed_at = _now()
        u.mfa_enabled = True
        codes = _replace_recovery_codes(uow, uid)
        context_cache.emit(uow, MfaChanged(user_id=uid, change="enabled"))
    return codes


def _replace_recovery_codes(uow: UnitOfWork, uid: UUID) -> list[str]:
    for row in uow.session.execute(select(RecoveryCodeRow).where(RecoveryCodeRow.user_id == uid)).scalars():
        uow.session.delete(row)
    codes, records = totp.generate_recovery_codes()
    for r in records:
        uow.session.add(RecoveryCodeRow(user_id=uid, code_hash=r.code_hash))
    return codes


def regenerate_recovery_codes(code: str) -> list[str]:
    uid, _tid = lookups.signed_in()
    with unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        _second_factor(uow, u, code, None)
        codes = _replace_recovery_codes(uow, uid)
        context_cache.emit(uow, MfaChanged(user_id=uid, change="recovery_codes_regenerated"))
    return codes


def disable_mfa(code: str) -> None:
    uid, _tid = lookups.signed_in()
    with unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        _second_factor(uow, u, code, None)
        uow.session.delete(uow.session.get(TotpState, uid))
        for row in uow.session.execute(select(RecoveryCodeRow).where(RecoveryCodeRow.user_id == uid)).scalars():
            uow.session.delete(row)
        u.mfa_enabled = False
        context_cache.emit(uow, MfaChanged(user_id=uid, change="disabled"))


