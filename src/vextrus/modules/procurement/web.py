"""Pages of procurement (thin: the service decides everything). Filled in below."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/procurement", include_in_schema=False)
