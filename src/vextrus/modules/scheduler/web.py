"""UI pages (filled in below)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/scheduler", include_in_schema=False)
