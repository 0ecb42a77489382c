"""Demo data."""

from uuid import UUID


def load(tenant_id: UUID) -> None:
    return None
