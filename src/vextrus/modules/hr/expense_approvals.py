"""Expense claims decided through an approval workflow (issues 13 and 18): hr's side of the contract, the
pattern of leave (`approvals.py`, `approval_withdrawal.py`).

- hr declares the `hr.expense_claim` subject (amount, currency, category, categories, project, has_project,
  employee_code, claim_date, line_count): the seeded "Expense claim" workflow targets it;
- a claim submitted when the active workflow has a step for it is sent there (as hr, on behalf of the user who
  submits, who then may not approve it: the workflow refuses self-approval) and remembers the approval; the
  claim's creator and the employee's user account (payroll's employee ↔ user link) go as the approval's `creator_id`
  and `related_creators`, so the seeded segregation-of-duties rule set (`workflow.sod`, on the seeded "Expense
  claim" workflow) refuses an approver deciding a claim of their own employee record, whoever submitted it;
- on `workflow.instance.approved` hr approves the claim and posts its journal through finance as the module on
  behalf of the submitter, once, even if the event is delivered twice; on `rejected` the claim is a draft again
  (with the approver's comment); on `withdrawn` (by the submitter in the workflow's pages) a draft again.

With no active workflow for the subject, no step for the claim, or no workflow module, and for system work,
submitting approves and posts the claim at once.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from vextrus.modules.rules import api as rules
from vextrus.modules.workflow import api as workflow
from vextrus.modules.workflow.events import InstanceApproved, InstanceRejected, InstanceWithdrawn
from vextrus.platform import context
from vextrus.platform.uow import UnitOfWork

from . import MODULE
from .domain import expense as domain
from .events import ExpenseClaimDecided
from .handlers import subscriptions
from .tables import ExpenseClaimRow

SUBJECT = "hr.expense_claim"
CURRENCY = "BDT"
F = rules.SubjectField
rules.declare_subject(SUBJECT, [
    F("amount", "money", "The claim's total (BDT)", "দাবির মোট (টাকা)"),
    F("currency", "string", "Currency", "মুদ্রা"),
    F("category", "string", "The category with the largest amount (conveyance, food, site_purchase, mobile, other)",
      "সবচেয়ে বেশি টাকার খাত (যাতায়াত, খাবার, সাইটের কেনাকাটা, মোবাইল, অন্যান্য)"),
    F("categories", "list", "Every category on the lines", "সারিগুলোর সব খাত"),
    F("project", "string", "The project's code (empty: an office claim)", "প্রকল্পের কোড (খালি: অফিসের দাবি)"),
    F("has_project", "bool", "For a project (its costing)", "কোনো প্রকল্পের জন্য (তার খরচ হিসাব)"),
    F("employee_code", "string", "Employee code", "কর্মীর কোড"),
    F("claim_date", "date", "Claim date", "দাবির তারিখ"),
    F("line_count", "int", "Number of lines", "সারির সংখ্যা"),
], "Expense claim", "খরচের দাবি", owner="hr")


def _project_code(row: ExpenseClaimRow) -> str:
    if row.project_id is None:
        return ""
    from vextrus.platform import runtime

    if "projects" not in runtime.current().registry.names:
        return str(row.project_id)
    from vextrus.modules.projects import api as projects

    with context.calling_as(MODULE):
        p = projects.get_project(row.project_id)
    return p.code if p is not None else str(row.project_id)


def fields(row: ExpenseClaimRow, employee: Any, lines: list[domain.ClaimLine]) -> dict[str, object]:
    """The values a workflow step's condition sees for a claim (the subject's declared fields)."""
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    for ln in lines:
        by_category[ln.category] += ln.amount
    main = max(sorted(by_category), key=lambda c: by_category[c]) if by_category else ""
    return {"amount": Decimal(row.total).quantize(Decimal("0.01")), "currency": CURRENCY, "category": main,
            "categories": sorted(by_category), "project": _project_code(row), "has_project": row.project_id is not None,
            "employee_code": employee.code, "claim_date": row.claim_date, "line_count": len(lines)}


def submit_if_needed(row: ExpenseClaimRow, employee: Any, lines: list[domain.ClaimLine]) -> workflow.InstanceView | None:
    """Send the submitted claim to the expense claim workflow when it has a step for it (the approval, remembered
    on the claim); None when nothing needs approving (the caller approves it at once)."""
    if context.current().system or not workflow.running():
        return None
    data = fields(row, employee, lines)
    if not workflow.needs_approval(SUBJECT, data):
        return None
    with context.calling_as(MODULE):
        instance = workflow.submit(workflow.SubmitInput(
            subject=SUBJECT, document_id=row.id, amount=data["amount"], currency=CURRENCY, data=data,
            document_label=f"{employee.code} {employee.name}: expense claim {row.claim_date}"[:200],
            company_id=row.company_id, creator_id=row.created_by_id,
            related_creators=[employee.user_id] if getattr(employee, "user_id", None) else [],
            context={"claim_id": str(row.id), "version": str(row.version),
                     "submitted_by": context.current().actor[:100]}))
    row.approval_id = instance.id
    return instance


def withdraw(row: ExpenseClaimRow, comment: str) -> None:
    """The claim's waiting approval withdrawn for the user (hr's withdraw command)."""
    if row.approval_id is None or not workflow.running():
        return
    with context.calling_as(MODULE):
        workflow.withdraw_document(SUBJECT, row.id, comment)


def _mine(uow: UnitOfWork, event: InstanceApproved | InstanceRejected | InstanceWithdrawn) -> ExpenseClaimRow | None:
    """The claim the event decides, while it still waits for this approval (else None: a second delivery, an
    older approval of the same claim)."""
    if event.subject != SUBJECT:
        return None
    row = uow.session.get(ExpenseClaimRow, event.document_id)
    if row is None or row.status != "submitted" or row.approval_id != event.instance_id:
        return None
    return row


def _submitter(event: InstanceApproved | InstanceRejected | InstanceWithdrawn) -> SimpleNamespace:
    return SimpleNamespace(tenant_id=event.envelope.tenant_id,
                           actor=event.context.get("submitted_by") or event.envelope.actor)


@subscriptions.on(InstanceApproved)
def approved(event: InstanceApproved, uow: UnitOfWork) -> None:
    row = _mine(uow, event)
    if row is None:
        return
    with context.reacting_as(MODULE, _submitter(event)):
        from .service import expense

        row.status = domain.transition(row.status, "approve")
        row.decided_by = f"{event.envelope.actor} (approval)"[:120]
        uow.session.flush()
        uow.emit(ExpenseClaimDecided(claim_id=row.id, employee_id=row.employee_id, status="approved"))
        expense.post_after_approval(uow, row)


@subscriptions.on(InstanceRejected)
def rejected(event: InstanceRejected, uow: UnitOfWork) -> None:
    row = _mine(uow, event)
    if row is None:
        return
    with context.reacting_as(MODULE, _submitter(event)):
        row.status = domain.transition(row.status, "reject")
        row.decided_by = f"{event.envelope.actor} (approval)"[:120]
        row.comment = (event.reason or "")[:400]
        uow.session.flush()
        uow.emit(ExpenseClaimDecided(claim_id=row.id, employee_id=row.employee_id, status="rejected"))


@subscriptions.on(InstanceWithdrawn)
def withdrawn(event: InstanceWithdrawn, uow: UnitOfWork) -> None:
    row = _mine(uow, event)  # hr's own withdraw made it a draft already: nothing to do
    if row is None:
        return
    with context.reacting_as(MODULE, _submitter(event)):
        row.status = domain.transition(row.status, "withdraw")
        row.comment = (event.reason or "")[:400]
        uow.session.flush()
        uow.emit(ExpenseClaimDecided(claim_id=row.id, employee_id=row.employee_id, status="withdrawn"))
