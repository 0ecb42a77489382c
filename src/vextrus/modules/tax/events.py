"""Events tax publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class VatRateAdded(Event):
    """A tenant added a VAT rate: computations for that code from `valid_from` use it."""

    name = "tax.vat_rate.added"
    rate_id: UUID
    code: str
    rate: Decimal
    valid_from: date
    valid_to: date | None = None
