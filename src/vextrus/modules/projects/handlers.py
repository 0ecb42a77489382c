"""Reactions to other modules' events: actual costs from finance postings.

`finance.journal.posted` (vextrus.modules.finance.events.JournalPosted) does not carry its lines
yet. The shape this handler consumes (additive to today's payload) is:

    {"entry_id": "...", "entry_date": "2026-03-01", "number": "JV-0001",
     "cost_lines": [{"line_id": "...", "project_id": "<uuid>", "activity_code": "A1010" | null,
                     "amount": "12500.00", "currency": "BDT"}]}

i.e. each expense (debit) line tagged with the project dimension (finance's `project_id`) and an
optional activity dimension. Lines are recorded once (source "finance", source_ref = line id).
Until finance adds `cost_lines`, the event is received and ignored, and costs come by API.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform.events import Envelope, Subscriptions
from vextrus.platform.uow import UnitOfWork

from .costs import record_cost
from .tables import Activity, Project

subscriptions = Subscriptions()


@subscriptions.on("finance.journal.posted")
def costs_from_journal(event: Envelope, uow: UnitOfWork) -> None:
    lines = event.payload.get("cost_lines") or []
    day = date.fromisoformat(event.payload.get("entry_date") or event.occurred_at.date().isoformat())
    for line in lines:
        try:
            pid = UUID(str(line.get("project_id")))
        except ValueError:
            continue
        project = uow.session.execute(select(Project).where(Project.id == pid)).scalar_one_or_none()
        if project is None:
            continue  # another tenant's or an unknown project: not ours to record
        code = line.get("activity_code") or None
        if code and not uow.session.execute(select(Activity.id).where(Activity.project_id == pid,
                                                                      Activity.code == code)).first():
            code = None  # an unknown activity: the cost still counts for the project
        record_cost(uow, pid, code, day, Decimal(str(line["amount"])), line.get("currency") or project.currency,
                    "finance", str(line.get("line_id") or f"{event.id}:{lines.index(line)}"),
                    memo=str(event.payload.get("number", "")))
