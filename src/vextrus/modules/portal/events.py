"""Events portal publishes (its public contract, with api.py)."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.events import Event


class AccountCreated(Event):
    """A customer's contact can now sign in to the portal (their invitation link went out with auth's event)."""

    name = "portal.account.created"
    account_id: UUID
    user_id: UUID
    party_id: UUID
    email: str
