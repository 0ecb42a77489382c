"""UUIDv7 ids: time-ordered, so primary keys stay index-friendly and sort by creation."""

from uuid import UUID

from uuid6 import uuid7

__all__ = ["UUID", "new_id"]


def new_id() -> UUID:
    """A new UUIDv7 as a standard-library UUID."""
    return UUID(int=uuid7().int)
