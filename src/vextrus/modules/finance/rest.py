"""REST: /api/v1/finance/..."""

from fastapi import APIRouter

router = APIRouter()
