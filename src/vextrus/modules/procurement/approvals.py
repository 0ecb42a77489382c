"""Purchase orders that need approval by amount (issues 13 and 17): procurement's side of the workflow
contract (docs/workflow.md, "The integration contract"; the pattern of `finance/approvals.py`).

- procurement declares the `procurement.purchase_order` subject (the fields a workflow step may use);
- approving an order the active `procurement.purchase_order` workflow says needs approval with the plain
  command is refused (`procurement.approval_required`, `check_may_approve`): the draft is sent with
  `submit_order` (as procurement, on behalf of the user) instead;
- on `workflow.instance.approved` procurement approves the order as the module on behalf of the submitter,
  once, and only the revision that was submitted (`service.orders.approve_after_workflow`);
- on `workflow.instance.rejected` the order stays a draft (procurement announces
  `procurement.purchase_order.approval_rejected`); its page reads the rejection and its comment from the
  approval, and it can be revised and submitted again (a new approval).

With no active workflow for the subject, below every step's condition, or with the workflow module not
running, the plain approve works as before (within the approver's amount cap). System work (the demo
loader, scheduled jobs, the CLI) is not held up: it acts for no person who could approve.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from uuid import UUID

from vextrus.modules.rules import api as rules
from vextrus.modules.workflow import api as workflow
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.i18n import format_number
from vextrus.platform.uow import UnitOfWork, command

from . import MODULE, approval_gate, domain
from .tables import OrderLineRow, OrderRow, RequisitionRow, RfqRow

SUBJECT = "procurement.purchase_order"
F = rules.SubjectField
rules.declare_subject(SUBJECT, [
    F("amount", "money", "Order total (BDT, before VAT)", "ক্রয়াদেশের মোট (টাকা, ভ্যাট ছাড়া)"),
    F("currency", "string", "Currency", "মুদ্রা"),
    F("vendor_code", "string", "Vendor code (master data)", "বিক্রেতার কোড (মাস্টার ডেটা)"),
    F("store_code", "string", "Receiving store code", "গ্রহণকারী গুদামের কোড"),
    F("project_id", "string", "Project of the requisition (empty when none)", "অধিযাচনের প্রকল্প (না থাকলে খালি)"),
    F("line_count", "int", "Number of lines", "লাইনের সংখ্যা"),
    F("revision", "int", "Revision (0 for the first order)", "সংশোধন (প্রথম ক্রয়াদেশে ০)"),
], "Purchase order", "ক্রয়াদেশ", owner="procurement")

CURRENCY = "BDT"



def _codes(row: OrderRow) -> tuple[str, str]:
    """The vendor's code (master data) and the store's code (inventory), read as procurement."""
    from vextrus.modules.inventory import api as inventory
    from vextrus.modules.master_data import api as master_data

    with context.calling_as(MODULE):
        try:
            vendor = master_data.get_party(row.party_id).code or ""
        except DomainError:
            vendor = ""
        try:
            store = inventory.get_store(row.store_id).code or ""
        except DomainError:
            store = ""
    return vendor, store


def order_fields(uow: UnitOfWork, row: OrderRow) -> dict[str, object]:
    """The values a workflow step's condition sees for an order (the subject's declared fields)."""
    from sqlalchemy import func, select

    s = uow.session
    project = None
    if row.rfq_id is not None:
        project = s.execute(select(RequisitionRow.project_id).join(RfqRow, RfqRow.requisition_id == RequisitionRow.id)
                            .where(RfqRow.id == row.rfq_id)).scalar_one_or_none()
    lines = s.scalar(select(func.count()).select_from(OrderLineRow).where(OrderLineRow.order_id == row.id)) or 0
    vendor, store = _codes(row)
    return {"amount": Decimal(row.total).quantize(Decimal("0.01")), "currency": CURRENCY, "vendor_code": vendor,
            "store_code": store, "project_id": str(project) if project else "", "line_count": int(lines),
            "revision": int(row.revision)}


def latest(order_id: UUID) -> workflow.InstanceView | None:
    """The order's latest approval (any revision), or None; None when the workflow module is not running."""
    if not workflow.running():
        return None
    return workflow.latest(SUBJECT, order_id)


def needs_approval(uow: UnitOfWork, row: OrderRow) -> bool:
    """Whether the active `procurement.purchase_order` workflow has a step for this order (False without
    the workflow module)."""
    if not workflow.running():
        return False
    return workflow.needs_approval(SUBJECT, order_fields(uow, row))


def check_may_approve(uow: UnitOfWork, row: OrderRow) -> None:
    """Refuse the plain approve of an order the workflow says needs approval (`approval_required`); its
    approval is what approves it. System work is not held up."""
    approval_gate.check_may_approve(lambda: needs_approval(uow, row), lambda: latest(row.id),
                                    f"{row.number} ({row.total} BDT)", f"{row.number} ({format_number(row.total, 2, 'bn')} টাকা)")


def check_not_pending(row: OrderRow) -> None:
    """A revision waits for the pending approval's decision (it would decide the lines as they were)."""
    if context.current().system:
        return
    inst = latest(row.id)
    if inst is not None and inst.status == "pending":
        raise domain.bad("approval_pending", f"{row.number} is waiting for approval; revise it after the decision",
                         f"{row.number} অনুমোদনের অপেক্ষায়; সিদ্ধান্তের পরে সংশোধন করুন", field="status",
                         approval=inst.status, instance_id=str(inst.id))


@command("procurement.purchase_order.create", scope="procurement.submit_order")
def submit_order(uow: UnitOfWork, order_id: UUID) -> workflow.InstanceView:
    """Send a draft order to the purchase order approval workflow (as procurement, for the user)."""
    from .service.orders import load_order

    row = load_order(uow, order_id, "order_id")
    if row.status != "draft":
        raise domain.bad("order_not_draft", f"{row.number} is {row.status}: only a draft is sent for approval",
                         f"{row.number} খসড়া নয়: শুধু খসড়া অনুমোদনের জন্য পাঠানো যায়", field="status",
                         status=row.status)
    if not needs_approval(uow, row):
        raise domain.bad("approval_not_needed", f"{row.number} needs no approval workflow: approve it directly",
                         f"{row.number}-এর অনুমোদন প্রক্রিয়া লাগে না: সরাসরি অনুমোদন করুন", field="status")
    fields = order_fields(uow, row)
    ctx = context.current()
    with context.calling_as(MODULE):
        return workflow.submit(workflow.SubmitInput(
            subject=SUBJECT, document_id=row.id,
            document_label=f"{row.number} rev {row.revision} {row.party_name}"[:200],
            amount=fields["amount"], currency=CURRENCY, data=fields, company_id=row.company_id,
            context={"order_id": str(row.id), "revision": str(row.revision), "submitted_by": ctx.actor[:100]}))


def on_approved(event: object) -> None:
    """The approval is through: approve the order as procurement, on behalf of whoever submitted it (the
    revision submitted, once: a second delivery finds it approved)."""
    from .service.orders import approve_after_workflow

    ctx_ = event.context  # type: ignore[attr-defined]
    if event.subject != SUBJECT or "order_id" not in ctx_:  # type: ignore[attr-defined]
        return
    envelope = event.envelope  # type: ignore[attr-defined]
    submitter = SimpleNamespace(tenant_id=envelope.tenant_id, actor=ctx_.get("submitted_by") or envelope.actor)
    with context.reacting_as(MODULE, submitter):
        approve_after_workflow(event.document_id, int(ctx_.get("revision", "0")))  # type: ignore[attr-defined]


def on_rejected(event: object) -> None:
    """The approval was rejected: the order stays a draft; procurement announces it (as the module)."""
    from .service.orders import approval_rejected

    ctx_ = event.context  # type: ignore[attr-defined]
    if event.subject != SUBJECT or "order_id" not in ctx_:  # type: ignore[attr-defined]
        return
    envelope = event.envelope  # type: ignore[attr-defined]
    with context.reacting_as(MODULE, envelope):
        approval_rejected(event.document_id, int(ctx_.get("revision", "0")),  # type: ignore[attr-defined]
                          event.instance_id, event.reason)  # type: ignore[attr-defined]
