"""Journal entries that need approval (issue 13): finance's side of the workflow contract.

- finance declares the `finance.journal` subject (the fields a workflow step's condition may use);
- posting an entry the active `finance.journal` workflow says needs approval is refused until the
  entry's approval is approved (`check_may_post`, called by the post commands): the draft waits;
- `submit_draft` sends a draft to the workflow (as finance on behalf of the user);
- on `workflow.instance.approved` finance posts the draft, as the module on behalf of the submitter.

With no active `finance.journal` workflow (or the workflow module not running) nothing changes.
System work (the demo loader, scheduled jobs, the CLI) is not held up: it acts for no person who
could approve; nor is a journal another module posts for its own document (it has its own approval). Bulk posting (imports, integrations: `finance.journal.import`) is not checked yet.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from uuid import UUID

import structlog
from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse

from vextrus.modules.rules import api as rules
from vextrus.modules.workflow import api as workflow
from vextrus.modules.workflow.events import InstanceApproved
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.http import idempotency_key
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import check_amount, to_decimal
from vextrus.platform.uow import UnitOfWork, command

from . import MODULE
from .domain.errors import LedgerError
from .events import JournalApprovedNotPosted
from .handlers import subscriptions

log = structlog.get_logger("vextrus.finance.approvals")
SUBJECT = "finance.journal"
F = rules.SubjectField
rules.declare_subject(SUBJECT, [
    F("amount", "money", "Total debits in the base currency", "মূল মুদ্রায় মোট ডেবিট"),
    F("currency", "string", "Base currency", "মূল মুদ্রা"),
    F("journal_type", "string", "Journal type (general, payment, receipt…)", "জার্নালের ধরন"),
    F("entry_date", "date", "Entry date", "এন্ট্রির তারিখ"),
    F("line_count", "int", "Number of lines", "লাইনের সংখ্যা"),
    F("accounts", "list", "Account codes on the lines", "লাইনের হিসাব কোড"),
], "Journal entry", "জার্নাল এন্ট্রি", owner="finance")



def _fields(entry: object, currency: str) -> dict[str, object]:
    lines = list(getattr(entry, "lines", []))
    total = sum((Decimal(ln.debit) * (Decimal(ln.rate) if ln.rate else Decimal(1)) for ln in lines), Decimal(0))
    return {"amount": total.quantize(Decimal("0.01")), "currency": currency, "journal_type": entry.journal_type,
            "entry_date": entry.entry_date, "line_count": len(lines),
            "accounts": sorted({ln.account_code for ln in lines})}


def check_may_post(book: object, entry_id: UUID | None, entry: object) -> None:
    """Refuse posting an entry that needs approval and is not approved (`approval_required`).

    Only journals a person posts in finance are held: a journal another module posts for its own document
    (an invoice, an RA bill, a payroll run: `context.via` is that module) is controlled by that document's
    approval, so an approved invoice is not held a second time by the journal workflow."""
    ctx = context.current()
    if ctx.system or (ctx.via is not None and ctx.via != MODULE.name) or not workflow.running():
        return
    for i, ln in enumerate(getattr(entry, "lines", [])):  # an amount out of bounds is refused as such first
        for name in ("debit", "credit", "rate"):
            value = getattr(ln, name)
            if value is not None:
                check_amount(to_decimal(value, f"lines[{i}].{name}"), f"lines[{i}].{name}")
    fields = _fields(entry, book.base_currency)  # type: ignore[attr-defined]
    if not workflow.needs_approval(SUBJECT, fields):
        return
    latest = workflow.latest(SUBJECT, entry_id) if entry_id is not None else None
    if latest is not None and latest.status == "approved":
        return
    state = latest.status if latest is not None else None
    raise LedgerError(
        "approval_required",
        f"This entry ({fields['amount']} {fields['currency']}) must be approved before it is posted: "
        + ("its approval is waiting" if state == "pending" else "save it as a draft and submit it for approval"),
        f"এই এন্ট্রি ({to_bangla_digits(str(fields['amount']))} {fields['currency']}) পোস্ট করার আগে অনুমোদন প্রয়োজন: "
        + ("অনুমোদন অপেক্ষমাণ" if state == "pending" else "খসড়া হিসেবে রেখে অনুমোদনের জন্য জমা দিন"),
        field="entry", details={"approval": state, "instance_id": str(latest.id) if latest else None})


@command("finance.journal.create", scope="finance.submit_draft")
def submit_draft(uow: UnitOfWork, book: UUID | str, entry: UUID | str) -> workflow.InstanceView:
    """Send a draft entry to the journal approval workflow (as finance, for the user)."""
    from . import service

    b = service.get_book(uow, book)
    e = service._load_entry(uow, b, entry)
    if e.status != "draft":
        raise LedgerError("entry_not_draft", f"Entry {e.number} is already {e.status}.",
                          f"এন্ট্রি {e.number} খসড়া নয়।", field="entry")
    data = service._draft_input(uow, b, e)
    fields = _fields(data, b.base_currency)
    ctx = context.current()
    with context.calling_as(MODULE):
        return workflow.submit(workflow.SubmitInput(
            subject=SUBJECT, document_id=e.id, document_label=f"{b.code} {e.reference or e.narration or 'draft'}"[:200],
            amount=fields["amount"], currency=b.base_currency, data=fields, company_id=b.company_id,
            context={"book_id": str(b.id), "submitted_by": ctx.actor[:100]}))


@subscriptions.on(InstanceApproved)
def post_approved_entry(event: InstanceApproved, uow: UnitOfWork) -> None:
    """The approval is through: post the draft as finance, on behalf of whoever submitted it."""
    if event.subject != SUBJECT or "book_id" not in event.context:
        return
    from . import service

    submitter = SimpleNamespace(tenant_id=event.envelope.tenant_id,
                                actor=event.context.get("submitted_by") or event.envelope.actor)
    with context.reacting_as(MODULE, submitter):
        b = service.get_book(uow, event.context["book_id"])
        if service._load_entry(uow, b, event.document_id).status != "draft":  # once, even if delivered twice
            return
        try:
            with uow.session.begin_nested():  # a failed post leaves nothing of itself
                service.post_draft(event.context["book_id"], event.document_id)
        except DomainError as exc:  # not retried for ever: said once, and the approved draft waits for a person
            log.warning("approved entry not posted", entry_id=str(event.document_id), code=exc.code)
            uow.emit(JournalApprovedNotPosted(entry_id=event.document_id, book_id=b.id, instance_id=event.instance_id,
                                              code=exc.code, message=exc.message[:500],
                                              message_bn=(exc.message_bn or exc.message)[:500]))


router = APIRouter()


@router.post("/books/{book}/entries/{entry}/submit-for-approval", response_model=workflow.InstanceView)
def submit_for_approval(book: str, entry: str, key: str | None = Depends(idempotency_key)) -> workflow.InstanceView:
    """Send a draft to the journal approval workflow; once approved, finance posts it."""
    return submit_draft(book, entry, idempotency_key=key)


web_router = APIRouter(include_in_schema=False)  # joins finance.web.router (prefix /finance)


@web_router.post("/{book}/approvals/{entry}/submit")
def submit_from_page(book: str, entry: str) -> RedirectResponse:
    """The journal page's button on a draft: send it for approval, then show the approval's page."""
    inst = submit_draft(book, entry)
    return RedirectResponse(f"/workflow/instances/{inst.id}", status_code=303)
