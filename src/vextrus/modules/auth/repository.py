"""Where the auth domain meets the tables: database-backed stores for the domain's refresh families
and sign-in attempts (`domain.refresh`, `domain.lockout`)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from .domain.lockout import LockoutState
from .domain.refresh import RefreshFamily, RefreshTokenRecord
from .tables import LoginAttempt, RefreshFamilyRow, RefreshTokenRow


class DbRefreshStore:
    def __init__(self, session: Session, client: str | None = None) -> None:
        self.s = session
        self.client = client

    def get_token(self, token_hash: str) -> RefreshTokenRecord | None:
        r = self.s.get(RefreshTokenRow, token_hash)
        if r is None:
            return None
        return RefreshTokenRecord(r.token_hash, str(r.family_id), r.issued_at, r.expires_at, r.rotated_at,
                                  r.replaced_by)

    def get_family(self, family_id: str) -> RefreshFamily | None:
        f = self.s.get(RefreshFamilyRow, UUID(family_id))
        if f is None:
            return None
        return RefreshFamily(str(f.id), str(f.user_id), str(f.tenant_id), f.created_at, f.revoked_at, f.revoke_reason)

    def put_token(self, record: RefreshTokenRecord) -> None:
        row = self.s.get(RefreshTokenRow, record.token_hash)
        if row is None:
            fam = self.s.get(RefreshFamilyRow, UUID(record.family_id))
            assert fam is not None
            row = RefreshTokenRow(token_hash=record.token_hash, family_id=fam.id, tenant_id=fam.tenant_id)
            self.s.add(row)
        row.issued_at, row.expires_at = record.issued_at, record.expires_at
        row.rotated_at, row.replaced_by = record.rotated_at, record.replaced_by
        self.s.flush()

    def put_family(self, family: RefreshFamily) -> None:
        row = self.s.get(RefreshFamilyRow, UUID(family.family_id))
        if row is None:
            row = RefreshFamilyRow(id=UUID(family.family_id), user_id=UUID(family.user_id),
                                   tenant_id=UUID(family.tenant_id), created_at=family.created_at,
                                   client=self.client)
            self.s.add(row)
        row.revoked_at, row.revoke_reason = family.revoked_at, family.revoke_reason
        self.s.flush()

    def families_of_user(self, user_id: str) -> list[RefreshFamily]:
        rows = self.s.execute(select(RefreshFamilyRow).where(RefreshFamilyRow.user_id == UUID(user_id))).scalars()
        return [RefreshFamily(str(f.id), str(f.user_id), str(f.tenant_id), f.created_at, f.revoked_at,
                              f.revoke_reason) for f in rows]


def _times(values: list[str] | None) -> tuple[datetime, ...]:
    return tuple(datetime.fromisoformat(v) for v in values or ())


class DbAttemptStore:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _row(self, key: str) -> LoginAttempt:
        row = self.s.get(LoginAttempt, key[:250])
        if row is None:
            row = LoginAttempt(key=key[:250], failures=[], events=[])
            self.s.add(row)
        return row

    def get_lockout(self, key: str) -> LockoutState:
        row = self.s.get(LoginAttempt, key[:250])
        return LockoutState(_times(row.failures), row.locked_until) if row else LockoutState()

    def put_lockout(self, key: str, state: LockoutState) -> None:
        row = self._row(key)
        row.failures, row.locked_until = [t.isoformat() for t in state.failures], state.locked_until
        self.s.flush()

    def get_events(self, key: str) -> tuple[datetime, ...]:
        row = self.s.get(LoginAttempt, key[:250])
        return _times(row.events) if row else ()

    def put_events(self, key: str, events: tuple[datetime, ...]) -> None:
        self._row(key).events = [t.isoformat() for t in events]
        self.s.flush()
