"""Demo rows of invoicing for the demo company: none yet (the demo's parties and books come first)."""

from __future__ import annotations

from uuid import UUID


def load(tenant_id: UUID) -> None:
    return None
