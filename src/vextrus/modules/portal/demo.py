"""The demo's buyer in the portal: the demo user `buyer@padma.example` (auth's demo, role customer) is
linked to the first demo customer who holds a booking, so signing in as them shows that booking."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context

from . import service


def load(tenant_id: UUID) -> None:
    from vextrus.modules.auth import api as auth
    from vextrus.modules.master_data import api as master_data
    from vextrus.modules.sales import api as sales

    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        user = auth.user_by_email("buyer@padma.example")
        if user is None or service.list_accounts():
            return
        for party in sorted(master_data.search_parties("", role="customer", limit=50), key=lambda p: p.code):
            bookings = sales.bookings_of_buyer(party.id)
            if bookings:
                service.link(user.id, party.id, bookings[0].company_id)
                return
