"""Demo rows of contracts for the demo company: none yet (filled below once the demo series exists)."""

from __future__ import annotations

from uuid import UUID


def load(tenant_id: UUID) -> None:
    return None
