"""Demo data: the default approval workflows and the segregation-of-duties rule set."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context


def load(tenant_id: UUID) -> None:
    from . import service

    with context.acting_as(context.system_context(tenant_id)):
        service.seed_defaults()
