"""The portal subgraph: a customer's own bookings and a client's own contracts."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Subgraph, dto_type
from vextrus.platform.ids import parse_id

from . import service
from .schemas import PortalBill, PortalBillReceipt, PortalBookingSummary, PortalContract


@dto_type(PortalBookingSummary, name="PortalBooking")
class PortalBooking:
    booking_id: strawberry.ID


@dto_type(PortalBillReceipt, name="PortalBillReceipt")
class PortalBillReceiptType:
    pass


@dto_type(PortalBill, name="PortalBill")
class PortalBillType:
    bill_id: strawberry.ID
    receipts: list[PortalBillReceiptType]


@dto_type(PortalContract, name="PortalContract")
class PortalContractType:
    contract_id: strawberry.ID
    bills: list[PortalBillType]


@strawberry.type
class PortalQuery:
    @strawberry.field(description="The signed-in customer's own bookings with paid, owed and overdue amounts")
    def portal_my_bookings(self) -> list[PortalBooking]:
        return [PortalBooking.of(b) for b in service.my_bookings()]

    @strawberry.field(description="The signed-in client's own construction contracts with billed, received, "
                                  "outstanding and retention held (bills: see portalMyContract)")
    def portal_my_contracts(self) -> list[PortalContractType]:
        return [PortalContractType.from_pydantic(c) for c in service.my_contracts()]

    @strawberry.field(description="One of the client's own contracts with its RA bills and their receipts")
    def portal_my_contract(self, contract_id: strawberry.ID) -> PortalContractType:
        return PortalContractType.from_pydantic(service.my_contract(parse_id(contract_id, "contractId")))


SUBGRAPH = Subgraph(query=PortalQuery, types=(PortalBooking, PortalBillReceiptType, PortalBillType,
                                              PortalContractType))
