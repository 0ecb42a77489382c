"""Reactions to other modules' events: a milestone instalment falls due when its project activity
completes (projects publishes `ActivityChanged` for every edit of an activity, progress included)."""

from __future__ import annotations

from vextrus.modules.projects.events import ActivityChanged
from vextrus.platform import context
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

subscriptions = Subscriptions()
PROGRESS = {"actual_finish", "percent_complete", "status", "created"}


@subscriptions.on(ActivityChanged)
def milestone_fell_due(event: ActivityChanged, uow: UnitOfWork) -> None:
    if not PROGRESS & set(event.changed):
        return
    from . import MODULE
    from .service import resolve_milestones

    with context.reacting_as(MODULE, event.envelope):
        resolve_milestones(uow, event.project_id, [event.code])
