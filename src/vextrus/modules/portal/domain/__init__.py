"""Pure rules of the portal: what a customer may see is their own party's, nothing else."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.errors import NotFound, ValidationFailed


class NoPortalAccount(ValidationFailed):
    def __init__(self) -> None:
        super().__init__("portal.no_account", "This sign-in is not linked to a customer",
                         "এই সাইন-ইন কোনো গ্রাহকের সাথে যুক্ত নয়")


def own_booking(booking_id: UUID, buyer_party_id: UUID, party_id: UUID) -> None:
    """Another buyer's booking is answered as not found (not "forbidden": its existence is not told)."""
    if buyer_party_id != party_id:
        raise NotFound("booking", booking_id, field="booking_id")


def own_contract(contract_id: UUID, kind: str, client_party_id: UUID, party_id: UUID) -> None:
    """Another client's contract, or a subcontract (its party is the subcontractor, not a client), is not found."""
    if kind != "client" or client_party_id != party_id:
        raise NotFound("contract", contract_id, field="contract_id")
