"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import LeadView, OpportunityView, TenderView
from .service import get_lead, get_opportunity, get_tender

__all__ = ["LeadView", "OpportunityView", "TenderView", "get_lead", "get_opportunity", "get_tender"]
