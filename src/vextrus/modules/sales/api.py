"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`. The portal prints a buyer's
sale agreement (`agreement_pdf`, needs sales.booking.read) and final statement (`final_statement_pdf`, needs
sales.collections.view) after checking the booking is theirs. CRM quotes units from a project's price list
(`priced_units`, `offered_units`; sales.inventory.read)."""

from __future__ import annotations

from uuid import UUID

from .schemas import BookingView, CustomerStatement, FinalStatement, PricedUnit, UnitChoice, UnitGrid
from .service import (
    PrintedDocument,
    agreement_pdf,
    customer_statement,
    final_statement,
    final_statement_pdf,
    get_booking,
    list_bookings,
    offered_units,
    priced_units,
    unit_grid,
)

__all__ = ["BookingView", "CustomerStatement", "FinalStatement", "PricedUnit", "PrintedDocument", "UnitChoice",
           "UnitGrid", "agreement_pdf", "bookings_of_buyer", "customer_statement", "final_statement",
           "final_statement_pdf", "get_booking", "offered_units", "priced_units", "unit_grid"]


def bookings_of_buyer(party_id: UUID) -> list[BookingView]:
    """Every booking (any status) whose buyer is the party, in number order: what a buyer sees in the portal."""
    out: list[BookingView] = []
    after = None
    while True:
        page = list_bookings(buyer_party_id=party_id, first=200, after=after)
        out.extend(page.items)
        if not page.has_next_page:
            return out
        after = page.end_cursor
