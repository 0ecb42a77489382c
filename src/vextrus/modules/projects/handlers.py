"""Reactions to other modules' events: actual costs from finance postings.

`finance.journal.posted` (vextrus.modules.finance.events.JournalPosted) carries the entry's project
cost lines (`CostLine`: line id, project id, optional activity code, base-currency amount). Each line
of one of this tenant's projects is recorded once (source "finance", source_ref = line id); an
unknown activity code still counts for the project.
"""

from __future__ import annotations

from sqlalchemy import select

from vextrus.modules.finance.events import JournalPosted
from vextrus.platform import context
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE
from .service.costs import record_cost
from .tables import Activity, Project

subscriptions = Subscriptions()


@subscriptions.on(JournalPosted)
def costs_from_journal(event: JournalPosted, uow: UnitOfWork) -> None:
    with context.reacting_as(MODULE, event.envelope):  # recorded as "<who posted> via projects"
        _record(event, uow)


def _record(event: JournalPosted, uow: UnitOfWork) -> None:
    for line in event.cost_lines:
        project = uow.session.execute(select(Project).where(Project.id == line.project_id)).scalar_one_or_none()
        if project is None:
            continue  # another tenant's or an unknown project: not ours to record
        code = line.activity_code or None
        if code and not uow.session.execute(select(Activity.id).where(Activity.project_id == line.project_id,
                                                                      Activity.code == code)).first():
            code = None  # an unknown activity: the cost still counts for the project
        record_cost(uow, line.project_id, code, event.entry_date, line.amount, line.currency or project.currency,
                    "finance", str(line.line_id), memo=event.number)
