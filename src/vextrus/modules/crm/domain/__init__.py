"""Pure rules of crm: no I/O, no SQLAlchemy, FastAPI or Strawberry.

`contact`: a lead's mobile, e-mail and NID normalised (the keys de-duplication compares); `pipeline`: an
opportunity's stages as a state machine, activities and the board's totals; `tenders`: a tender's status
machine and the result it records."""

from .contact import normalise_email, normalise_mobile, normalise_nid
from .pipeline import (
    ACTIVITY_KINDS,
    OPEN_STAGES,
    STAGES,
    StageChange,
    board_totals,
    change_stage,
    is_overdue,
)
from .tenders import SECURITY_FORMS, TENDER_STATUSES, TenderResult, change_tender_status, check_project_start

__all__ = ["ACTIVITY_KINDS", "OPEN_STAGES", "SECURITY_FORMS", "STAGES", "TENDER_STATUSES", "StageChange", "TenderResult",
           "board_totals", "change_stage", "change_tender_status", "check_project_start", "is_overdue", "normalise_email", "normalise_mobile",
           "normalise_nid"]
