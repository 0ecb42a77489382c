"""Pages of contracts (thin: the service decides everything)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/contracts", include_in_schema=False)
