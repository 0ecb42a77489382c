"""Reactions to other modules' events: a milestone instalment falls due when its project activity
completes. projects publishes `ActivityChanged` for every edit of an activity, progress included; an import
(XER, MSPDI) or a bulk progress update reaches the activities without it, so a project imported or
rescheduled also has all its waiting milestones checked."""

from __future__ import annotations

from vextrus.modules.projects.events import ActivityChanged, ProjectImported, ScheduleComputed
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


@subscriptions.on(ProjectImported)
def milestones_after_import(event: ProjectImported, uow: UnitOfWork) -> None:
    from . import MODULE
    from .service import resolve_milestones

    with context.reacting_as(MODULE, event.envelope):
        resolve_milestones(uow, event.project_id, None)


@subscriptions.on(ScheduleComputed)
def milestones_after_scheduling(event: ScheduleComputed, uow: UnitOfWork) -> None:
    from . import MODULE
    from .service import resolve_milestones

    with context.reacting_as(MODULE, event.envelope):
        resolve_milestones(uow, event.project_id, None)
