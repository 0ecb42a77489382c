"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import BookingView, CustomerStatement, UnitGrid
from .service import customer_statement, get_booking, unit_grid

__all__ = ["BookingView", "CustomerStatement", "UnitGrid", "customer_statement", "get_booking", "unit_grid"]
