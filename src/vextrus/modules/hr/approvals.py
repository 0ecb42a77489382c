"""Leave applications decided through an approval workflow (issues 13 and 18): hr's side of the contract.

- hr declares the `hr.leave_request` subject (the fields a workflow step's condition may use);
- an application the active `hr.leave_request` workflow says needs approval is sent to it when it is made
  (as hr, on behalf of the applicant), and remembers the approval (`approval_id`);
- such an application is decided there only: hr's plain approve/reject refuse it (`hr.leave_in_approval`);
- on `workflow.instance.approved` / `rejected` hr records the decision, once, even if delivered twice.

With no active leave workflow (or the workflow module not running), and for system work (the demo loader),
applications are decided by hr's own approve/reject, as before. An application made before the workflow was
switched on has no approval and is decided the old way.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import structlog

from vextrus.modules.rules import api as rules
from vextrus.modules.workflow import api as workflow
from vextrus.modules.workflow.events import InstanceApproved, InstanceRejected
from vextrus.platform import context
from vextrus.platform.errors import Conflict, DomainError
from vextrus.platform.uow import UnitOfWork

from . import MODULE
from .events import LeaveDecided
from .handlers import subscriptions
from .tables import LeaveRow

log = structlog.get_logger("vextrus.hr.approvals")
SUBJECT = "hr.leave_request"
F = rules.SubjectField
rules.declare_subject(SUBJECT, [
    F("amount", "money", "Amount (leave has none: 0)", "পরিমাণ (ছুটিতে নেই: ০)"),
    F("currency", "string", "Currency", "মুদ্রা"),
    F("leave_type", "string", "Leave type (casual, sick, annual, maternity, festival)",
      "ছুটির ধরন (নৈমিত্তিক, অসুস্থতা, বার্ষিক, মাতৃত্ব, উৎসব)"),
    F("days", "number", "Days of leave", "ছুটির দিন"),
    F("employee_code", "string", "Employee code", "কর্মীর কোড"),
    F("start", "date", "First day", "প্রথম দিন"),
], "Leave request", "ছুটির আবেদন", owner="hr")



def _fields(row: LeaveRow, employee: Any) -> dict[str, object]:
    return {"amount": Decimal("0.00"), "currency": "BDT", "leave_type": row.leave_type, "days": row.days,
            "employee_code": employee.code, "start": row.start}


def submit_if_needed(row: LeaveRow, employee: Any) -> None:
    """Send a new application to the leave workflow when the active one has a step for it."""
    if context.current().system or not workflow.running():
        return
    fields = _fields(row, employee)
    if not workflow.needs_approval(SUBJECT, fields):
        return
    with context.calling_as(MODULE):
        instance = workflow.submit(workflow.SubmitInput(
            subject=SUBJECT, document_id=row.id, amount=Decimal("0.00"), currency="BDT", data=fields,
            document_label=f"{employee.code} {employee.name}: {row.leave_type} {row.start}–{row.end}"[:200],
            company_id=row.company_id,
            context={"leave_id": str(row.id), "submitted_by": context.current().actor[:100]}))
    row.approval_id = instance.id


def check_decided_here(row: LeaveRow) -> None:
    """Refuse hr's own approve/reject of an application an approval workflow decides."""
    if row.approval_id is not None:
        raise Conflict(
            "hr.leave_in_approval",
            "This application is decided in its approval: approve or reject it there.",
            "এই আবেদনের সিদ্ধান্ত এর অনুমোদন-প্রক্রিয়ায় হয়: সেখানে অনুমোদন বা প্রত্যাখ্যান করুন।",
            field="leave_id", details={"approval_id": str(row.approval_id)})


def _record(uow: UnitOfWork, event: InstanceApproved | InstanceRejected, status: str) -> None:
    row = uow.session.get(LeaveRow, event.document_id)
    if row is None or row.status != "applied" or row.approval_id != event.instance_id:
        return  # decided already (a second delivery) or not this approval's
    submitter = SimpleNamespace(tenant_id=event.envelope.tenant_id,
                                actor=event.context.get("submitted_by") or event.envelope.actor)
    with context.reacting_as(MODULE, submitter):
        if status == "approved":
            from .service import leave

            try:  # the balance may have moved since the application (as for hr's own approval)
                leave.check_still_within_balance(uow, row)
            except DomainError as exc:
                log.warning("approved leave beyond the balance is rejected", leave_id=str(row.id), code=exc.code)
                status = "rejected"
        row.status, row.decided_by = status, f"{event.envelope.actor} (approval)"[:120]
        uow.session.flush()
        uow.emit(LeaveDecided(leave_id=row.id, employee_id=row.employee_id, status=status))


@subscriptions.on(InstanceApproved)
def approved(event: InstanceApproved, uow: UnitOfWork) -> None:
    if event.subject == SUBJECT:
        _record(uow, event, "approved")


@subscriptions.on(InstanceRejected)
def rejected(event: InstanceRejected, uow: UnitOfWork) -> None:
    if event.subject == SUBJECT:
        _record(uow, event, "rejected")


def _manager_of(user_id: UUID) -> UUID | None:
    from .api import manager_user_of

    return manager_user_of(user_id)


# the workflow's approvers "the submitter's manager" (issue 13) are answered by hr (`api.manager_user_of`);
# workflow cannot import hr (hr depends on workflow), so hr registers the look-up as it loads
workflow.provide_manager_lookup(MODULE.name, _manager_of)
