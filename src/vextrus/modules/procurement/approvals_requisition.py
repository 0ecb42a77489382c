"""Purchase requisitions approved through the workflow (issues 13 and 17): procurement's side of the workflow
contract (docs/workflow.md, "The integration contract"), the same as purchase orders (`approvals.py`).

- procurement declares the `procurement.purchase_requisition` subject: the estimated value (each line's quantity
  at the item's standard cost in master data; lines of items without one count nothing and are counted in
  `unpriced_lines`), the receiving store (the site), the project and activity, the number of lines;
- approving a requisition the active workflow says needs approval with the plain command is refused
  (`procurement.approval_required`, `check_may_approve`): it is sent with `submit_requisition_for_approval`
  (as procurement, for the user), which also submits a draft;
- on `workflow.instance.approved` procurement approves the requisition as the module on behalf of the
  submitter, once (a second delivery finds it approved);
- on `workflow.instance.rejected` or `workflow.instance.withdrawn` the requisition goes back to draft, the
  rejection's comment kept as its reason (shown on its page), to be changed and submitted again;
- cancelling a requisition withdraws its waiting approval (`approval_withdrawal.withdraw_for_cancelled`).

With no active workflow for the subject, below every step's condition, or with the workflow module not
running, the plain approve works as before. System work (the demo loader, jobs, the CLI) is not held up.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from uuid import UUID

from sqlalchemy import select

from vextrus.modules.rules import api as rules
from vextrus.modules.workflow import api as workflow
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.uow import UnitOfWork, command

from . import MODULE, approval_gate, domain
from .domain.requisitions import STATUS_BN
from .tables import RequisitionLineRow, RequisitionRow

SUBJECT = "procurement.purchase_requisition"
F = rules.SubjectField
rules.declare_subject(
    SUBJECT,
    [
        F(
            "amount",
            "money",
            "Estimated value (BDT: quantities at the items' standard cost)",
            "আনুমানিক মূল্য (টাকা: পণ্যের প্রমিত খরচে পরিমাণ)",
        ),
        F("currency", "string", "Currency", "মুদ্রা"),
        F("store_code", "string", "Receiving store code (the site)", "গ্রহণকারী গুদামের কোড (সাইট)"),
        F("project_id", "string", "Project (empty when none)", "প্রকল্প (না থাকলে খালি)"),
        F("activity_code", "string", "Project activity (empty when none)", "প্রকল্পের কাজ (না থাকলে খালি)"),
        F("line_count", "int", "Number of lines", "লাইনের সংখ্যা"),
        F("unpriced_lines", "int", "Lines whose item has no standard cost", "প্রমিত খরচ ছাড়া পণ্যের লাইন"),
    ],
    "Purchase requisition",
    "ক্রয় অধিযাচন",
    owner="procurement",
)

CURRENCY = "BDT"


def requisition_fields(uow: UnitOfWork, row: RequisitionRow) -> dict[str, object]:
    """The values a workflow step's condition sees for a requisition (the subject's declared fields)."""
    from vextrus.modules.inventory import api as inventory
    from vextrus.modules.master_data import api as master_data

    lines = list(
        uow.session.scalars(select(RequisitionLineRow).where(RequisitionLineRow.requisition_id == row.id))
    )
    amount, unpriced = Decimal("0"), 0
    with context.calling_as(MODULE):
        for ln in lines:
            try:
                cost = master_data.get_item(ln.item_id).standard_cost
            except DomainError:
                cost = None
            if cost is None:
                unpriced += 1
            else:
                amount += Decimal(ln.quantity) * Decimal(cost)
        try:
            store = inventory.get_store(row.store_id).code or ""
        except DomainError:
            store = ""
    return {
        "amount": amount.quantize(Decimal("0.01")),
        "currency": CURRENCY,
        "store_code": store,
        "project_id": str(row.project_id) if row.project_id else "",
        "activity_code": row.activity_code or "",
        "line_count": len(lines),
        "unpriced_lines": unpriced,
    }


def latest(requisition_id: UUID) -> workflow.InstanceView | None:
    """The requisition's latest approval, or None (also without the workflow module)."""
    if not workflow.running():
        return None
    return workflow.latest(SUBJECT, requisition_id)


def needs_approval(uow: UnitOfWork, row: RequisitionRow) -> bool:
    """Whether the active requisition workflow has a step for this requisition (False without workflow)."""
    if not workflow.running():
        return False
    return workflow.needs_approval(SUBJECT, requisition_fields(uow, row))


def check_may_approve(uow: UnitOfWork, row: RequisitionRow) -> None:
    """Refuse the plain approve (or reject) of a requisition the workflow says needs approval; its approval
    decides it. System work is not held up."""
    approval_gate.check_may_approve(lambda: needs_approval(uow, row), lambda: latest(row.id), row.number, row.number)


@command("procurement.requisition.create", scope="procurement.submit_requisition_for_approval")
def submit_requisition_for_approval(uow: UnitOfWork, requisition_id: UUID) -> workflow.InstanceView:
    """Send a requisition (a draft, a rejected one, or one submitted the plain way) to the requisition approval
    workflow, as procurement for the user; a draft becomes submitted while it waits."""
    from .events import RequisitionChanged
    from .service.requisitions import load_requisition

    row = load_requisition(uow, requisition_id, "requisition_id")
    if row.status not in ("draft", "rejected", "submitted"):
        raise domain.bad(
            "requisition_state",
            f"{row.number} is {row.status}: it cannot be sent for approval",
            f"{row.number} {STATUS_BN.get(row.status, row.status)}: অনুমোদনের জন্য পাঠানো যায় না",
            field="status",
            status=row.status,
            action="submit",
        )
    if not needs_approval(uow, row):
        raise domain.bad(
            "approval_not_needed",
            f"{row.number} needs no approval workflow: approve it directly",
            f"{row.number}-এর অনুমোদন প্রক্রিয়া লাগে না: সরাসরি অনুমোদন করুন",
            field="status",
        )
    fields = requisition_fields(uow, row)
    ctx = context.current()
    with context.calling_as(MODULE):
        inst = workflow.submit(
            workflow.SubmitInput(
                subject=SUBJECT,
                document_id=row.id,
                document_label=f"{row.number} ({fields['store_code']})"[:200],
                amount=fields["amount"],
                currency=CURRENCY,
                data=fields,
                company_id=row.company_id,
                context={"requisition_id": str(row.id), "submitted_by": ctx.actor[:100]},
            )
        )
    if row.status != "submitted":
        row.status = domain.requisition_transition(row.status, "submit")
        row.reason = ""
        uow.session.flush()
        uow.emit(
            RequisitionChanged(
                requisition_id=row.id, company_id=row.company_id, number=row.number, status=row.status
            )
        )
    return inst


def _ours(event: object) -> bool:
    return event.subject == SUBJECT and "requisition_id" in event.context  # type: ignore[attr-defined]


def on_approved(event: object) -> None:
    """The approval is through: approve the requisition as procurement, for whoever submitted it (once)."""
    from .service.requisitions import approve_after_workflow

    if not _ours(event):
        return
    ctx_ = event.context  # type: ignore[attr-defined]
    envelope = event.envelope  # type: ignore[attr-defined]
    submitter = SimpleNamespace(
        tenant_id=envelope.tenant_id, actor=ctx_.get("submitted_by") or envelope.actor
    )
    with context.reacting_as(MODULE, submitter):
        approve_after_workflow(event.document_id, event.instance_id)  # type: ignore[attr-defined]


def on_closed_without_approval(event: object, comment: str) -> None:
    """The approval was rejected or withdrawn: the requisition goes back to draft (as the module), the
    rejection's comment kept as its reason."""
    from .service.requisitions import return_after_workflow

    if not _ours(event):
        return
    with context.reacting_as(MODULE, event.envelope):  # type: ignore[attr-defined]
        return_after_workflow(event.document_id, event.instance_id, comment)  # type: ignore[attr-defined]
