"""UI pages."""

from fastapi import APIRouter

router = APIRouter(prefix="/finance", include_in_schema=False)
