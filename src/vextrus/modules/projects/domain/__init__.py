"""Pure scheduling domain of the projects module: calendars, CPM, EVM, XER/MSPDI.

No I/O and no framework imports; the service layer stores and loads these values.
"""

from .baseline import BaselineComparison, Variance, compare
from .calendar import Calendar, CalendarError, WorkTable, add_working_hours, working_hours_between
from .cpm import ActivityResult, ScheduleResult, schedule
from .evm import EvmItem, EvmMetrics, SCurvePoint, evm_metrics, s_curve
from .mspdi import MspdiError, MspdiProject, load_mspdi
from .network import (
    Activity,
    ActivityType,
    Constraint,
    ConstraintType,
    CriticalBy,
    FloatType,
    LagCalendar,
    Network,
    NetworkLoopError,
    Relationship,
    RelType,
    ScheduleError,
    ScheduleOptions,
)
from .xer import XerProject, dump_xer, load_xer, network_to_xer, xer_to_project
from .xer_format import XerDocument, XerError, read_xer, write_xer

__all__ = [
    "Activity", "ActivityResult", "ActivityType", "BaselineComparison", "Calendar",
    "CalendarError", "Constraint", "ConstraintType", "CriticalBy", "EvmItem", "EvmMetrics",
    "FloatType", "LagCalendar", "MspdiError", "MspdiProject", "Network", "NetworkLoopError",
    "RelType", "Relationship", "SCurvePoint", "ScheduleError", "ScheduleOptions",
    "ScheduleResult", "Variance", "WorkTable", "XerDocument", "XerError", "XerProject",
    "add_working_hours", "compare", "dump_xer", "evm_metrics", "load_mspdi", "load_xer",
    "network_to_xer", "read_xer", "s_curve", "schedule", "working_hours_between",
    "write_xer", "xer_to_project",
]
