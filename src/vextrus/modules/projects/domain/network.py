"""The schedule network: activities, relationships, constraints, options.

Plain dataclasses with no behaviour beyond validation, so importers (XER,
MSPDI) and the UI can build them and the engine can compile them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from vextrus.platform.errors import ValidationFailed

from .calendar import Calendar


class ScheduleError(ValidationFailed, ValueError):
    """A network the engine cannot schedule; names the activity codes involved."""

    def __init__(self, message: str, code: str = "schedule_invalid", message_bn: str | None = None,
                 field: str | None = None, details: dict | None = None):
        super().__init__(code, message, message_bn or "সময়সূচি করা যায়নি: কাজ, সম্পর্ক ও ক্যালেন্ডার দেখে আবার চেষ্টা করুন",
                         field, details)


class NetworkLoopError(ScheduleError):
    """The relationships form a cycle; ``cycle`` lists the activity codes in order."""

    def __init__(self, cycle: list[str]):
        self.cycle = cycle
        path = " -> ".join(cycle + cycle[:1])
        super().__init__("relationship loop: " + path, code="schedule_loop",
                         message_bn="সম্পর্কের লুপ: " + path, field="relationships",
                         details={"cycle": cycle})


class ActivityType(str, Enum):
    TASK = "task"
    START_MILESTONE = "start_milestone"
    FINISH_MILESTONE = "finish_milestone"
    LEVEL_OF_EFFORT = "level_of_effort"
    WBS_SUMMARY = "wbs_summary"


class RelType(str, Enum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


REL_BN = {RelType.FS: "শেষ-থেকে-শুরু", RelType.SS: "শুরু-থেকে-শুরু", RelType.FF: "শেষ-থেকে-শেষ",
          RelType.SF: "শুরু-থেকে-শেষ"}
"""A relationship's type in a Bangla sentence (an import note)."""


class ConstraintType(str, Enum):
    START_ON_OR_AFTER = "start_on_or_after"
    START_ON_OR_BEFORE = "start_on_or_before"
    FINISH_ON_OR_AFTER = "finish_on_or_after"
    FINISH_ON_OR_BEFORE = "finish_on_or_before"
    START_ON = "start_on"
    FINISH_ON = "finish_on"
    AS_LATE_AS_POSSIBLE = "as_late_as_possible"
    MANDATORY_START = "mandatory_start"
    MANDATORY_FINISH = "mandatory_finish"
    # MS Project's manually scheduled task (MSPDI <Manual>1</Manual>), date = its own start: the forward
    # pass keeps it there (neither its predecessors nor the data date move it) and schedules its
    # successors from it; its late dates come from its successors' finish-side links (FS, FF)
    MANUALLY_SCHEDULED = "manually_scheduled"


class LagCalendar(str, Enum):
    """Which calendar measures relationship lag (P6 'Calendar for scheduling relationship lag')."""

    SUCCESSOR = "successor"
    PREDECESSOR = "predecessor"
    HOURS_24 = "24_hour"
    PROJECT_DEFAULT = "project_default"


class FloatType(str, Enum):
    """How total float is measured (P6 'Compute total float as')."""

    START = "start"
    FINISH = "finish"
    SMALLEST = "smallest"


class CriticalBy(str, Enum):
    TOTAL_FLOAT = "total_float"
    LONGEST_PATH = "longest_path"


@dataclass
class Constraint:
    type: ConstraintType
    date: datetime | None = None  # not needed for AS_LATE_AS_POSSIBLE


@dataclass
class Activity:
    """One schedulable item; ``duration_hours`` is original duration on its calendar."""

    code: str
    name: str = ""
    duration_hours: float = 0.0
    type: ActivityType = ActivityType.TASK
    calendar_id: str | None = None  # None -> network default calendar
    wbs_id: str | None = None
    constraint: Constraint | None = None
    secondary_constraint: Constraint | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    remaining_hours: float | None = None  # None -> derived from percent_complete
    percent_complete: float = 0.0  # 0..100
    # P6 "expected finish": with ScheduleOptions.use_expected_finish the remaining duration
    # is whatever work is left between the activity's (remaining) start and this moment
    expected_finish: datetime | None = None
    # P6 dates of links to other projects (TASK.external_early_start_date / external_late_end_date):
    # honoured like start-no-earlier / finish-no-later unless the options ignore other projects
    external_early_start: datetime | None = None
    external_late_finish: datetime | None = None


@dataclass(frozen=True)
class Relationship:
    predecessor: str
    successor: str
    type: RelType = RelType.FS
    lag_hours: float = 0.0


@dataclass
class Network:
    """A project's activities and logic, with its calendars keyed by id."""

    activities: list[Activity]
    relationships: list[Relationship]
    calendars: dict[str, Calendar]
    default_calendar_id: str
    name: str = ""
    wbs_parent: dict[str, str | None] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise ScheduleError for duplicate codes, unknown references or bad values."""
        codes: set[str] = set()
        for a in self.activities:
            if a.code in codes:
                raise ScheduleError(f"duplicate activity code {a.code}",
                                    message_bn=f"সময়সূচি করা যায়নি: কাজের কোড {a.code} দুবার আছে")
            codes.add(a.code)
            cal = a.calendar_id or self.default_calendar_id
            if cal not in self.calendars:
                raise ScheduleError(f"activity {a.code}: unknown calendar {cal}",
                                    message_bn=f"সময়সূচি করা যায়নি: কাজ {a.code}-এর ক্যালেন্ডার অজানা")
            if a.duration_hours < 0:
                raise ScheduleError(f"activity {a.code}: negative duration",
                                    message_bn=f"সময়সূচি করা যায়নি: কাজ {a.code}-এর মেয়াদ ঋণাত্মক")
            if a.actual_finish and not a.actual_start:
                raise ScheduleError(f"activity {a.code}: actual finish without actual start",
                                    message_bn=f"সময়সূচি করা যায়নি: কাজ {a.code}-এর প্রকৃত শুরু ছাড়া প্রকৃত শেষ")
        if self.default_calendar_id not in self.calendars:
            raise ScheduleError(f"unknown default calendar {self.default_calendar_id}")
        for r in self.relationships:
            p, s = r.predecessor, r.successor
            if p not in codes or s not in codes:
                raise ScheduleError(
                    f"relationship {p}->{s}: unknown activity {p if p not in codes else s}"
                )
            if p == s:
                raise NetworkLoopError([p])


@dataclass
class ScheduleOptions:
    """P6-style scheduling options."""

    data_date: datetime
    retained_logic: bool = True  # False -> progress override
    # P6 PROJECT.plan_start_date: P6 starts unstarted work at the later of the data date and the
    # project's planned start (a file whose plan start follows its last recalc date is scheduled
    # from the plan start); None -> the data date alone
    planned_start: datetime | None = None
    lag_calendar: LagCalendar = LagCalendar.SUCCESSOR
    float_type: FloatType = FloatType.FINISH
    critical_by: CriticalBy = CriticalBy.TOTAL_FLOAT
    critical_float_hours: float = 0.0
    must_finish_by: datetime | None = None
    # P6 "compute start-to-start lag from early start": for a started predecessor, SS/SF
    # lags count from its remaining early start instead of its actual start
    lag_from_early_start: bool = False
    # P6 "make open-ended activities critical": no successor -> critical whatever its float
    open_ends_critical: bool = False
    # P6 "use expected finish dates" (TASK.expect_end_date)
    use_expected_finish: bool = False
    # P6 "ignore relationships to and from other projects" (sched_outer_depend_type SD_None); when
    # False, the external early start / late finish P6 stored on the activities stand in for the links
    ignore_external_relationships: bool = True
    # P6 "calculate float based on the finish date of each project" (one project here: no effect)
    float_on_project_finish: bool = True
