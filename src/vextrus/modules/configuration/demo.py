"""Demo data: the demo company's preferences."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context

from . import service


def load(tenant_id: UUID) -> None:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        service.set_setting("general.company_display_name", "Padma Builders Ltd.")
        service.set_setting("general.company_display_name_bn", "পদ্মা বিল্ডার্স লিমিটেড")
        service.save_flag("configuration.bangla_reports", True, description="Bangla versions of reports",
                          rollout_percent=None)
