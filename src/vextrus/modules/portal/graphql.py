"""The portal subgraph: a customer's own bookings."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Subgraph, dto_type

from . import service
from .schemas import PortalBookingSummary


@dto_type(PortalBookingSummary, name="PortalBooking")
class PortalBooking:
    booking_id: strawberry.ID


@strawberry.type
class PortalQuery:
    @strawberry.field(description="The signed-in customer's own bookings with paid, owed and overdue amounts")
    def portal_my_bookings(self) -> list[PortalBooking]:
        return [PortalBooking.of(b) for b in service.my_bookings()]


SUBGRAPH = Subgraph(query=PortalQuery, types=(PortalBooking,))
