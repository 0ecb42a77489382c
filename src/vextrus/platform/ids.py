"""UUIDv7 ids: time-ordered, so primary keys stay index-friendly and sort by creation."""

from uuid import UUID

from uuid6 import uuid7

__all__ = ["UUID", "new_id", "parse_id"]


def new_id() -> UUID:
    """A new UUIDv7 as a standard-library UUID."""
    return UUID(int=uuid7().int)


def parse_id(value: object, field: str = "id") -> UUID:
    """An id given as text (GraphQL `ID`, a form), or a ValidationFailed naming the field."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        from vextrus.platform.errors import ValidationFailed

        shown = str(value)[:60]
        raise ValidationFailed("id_invalid", f"{field}: '{shown}' is not an id",
                               f"'{shown}' সঠিক আইডি নয়: তালিকা থেকে বেছে নিন", field=field) from None
