"""Payroll runs approved through the workflow module (issues 13 and 18): payroll's side of the contract
(docs/workflow.md, "The integration contract"; the pattern of `finance/approvals.py` and
`procurement/approvals.py`), for monthly runs and wage runs alike.

- payroll declares the `payroll.run` subject (amount = the run's total net, currency, kind monthly | wage,
  gross, employees, company_code, period, period_end);
- approving a run the active `payroll.run` workflow says needs approval with the plain command is refused
  (`payroll.approval_required`, `check_may_approve`): the draft is sent with `submit_run` (as payroll, on
  behalf of the user) instead; a draft waiting for its approval is not computed again
  (`payroll.approval_pending`, `check_not_pending`);
- on `workflow.instance.approved` payroll approves the run as the module on behalf of the submitter, once,
  and only when it is still the draft that was submitted (same version); on `workflow.instance.rejected` the
  run stays a draft (its page reads the rejection and its comment from the approval) and can be prepared
  again and submitted again (a new approval).

With no active workflow for the subject, or with the workflow module not running, the plain approve works
as before. System work (the demo loader, scheduled jobs, the CLI) is not held up: it acts for no person who
could approve.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Literal
from uuid import UUID

from sqlalchemy import func, select

from vextrus.modules.rules import api as rules
from vextrus.modules.workflow import api as workflow
from vextrus.platform import context
from vextrus.platform.errors import Conflict
from vextrus.platform.i18n import format_number
from vextrus.platform.uow import UnitOfWork, command, query

from . import MODULE
from .tables import PayslipRow, RunRow, WageRunRow, WageSlipRow

SUBJECT = "payroll.run"
CURRENCY = "BDT"
Kind = Literal["monthly", "wage"]
F = rules.SubjectField
rules.declare_subject(SUBJECT, [
    F("amount", "money", "The run's total net pay (BDT)", "চালনার মোট নিট বেতন (টাকা)"),
    F("currency", "string", "Currency", "মুদ্রা"),
    F("kind", "string", "Kind: monthly (salaried staff) or wage (daily-wage workers)",
      "ধরন: মাসিক বেতন বা দৈনিক মজুরি"),
    F("gross", "money", "The run's total gross pay (BDT)", "চালনার মোট মোট-বেতন (টাকা)"),
    F("employees", "int", "Number of employees or workers paid", "বেতনভুক্ত কর্মী বা শ্রমিকের সংখ্যা"),
    F("company_code", "string", "Company code", "কোম্পানির কোড"),
    F("period", "string", "Month (2026-01) or period (2025-10-04/2025-10-10)",
      "মাস (২০২৬-০১) বা সময়কাল (২০২৫-১০-০৪/২০২৫-১০-১০)"),
    F("period_end", "date", "Last day of the month or period", "মাস বা সময়কালের শেষ দিন"),
], "Payroll run", "বেতন চালনা", owner="payroll")



def _label(kind: Kind, row: RunRow | WageRunRow) -> tuple[str, str]:
    """The run's period as a field value and for messages (en, bn)."""
    if kind == "monthly":
        return f"{row.month:%Y-%m}", f"{row.month:%m/%Y}"  # type: ignore[union-attr]
    span = f"{row.period_start.isoformat()}/{row.period_end.isoformat()}"  # type: ignore[union-attr]
    return span, span


def run_fields(uow: UnitOfWork, kind: Kind, row: RunRow | WageRunRow) -> dict[str, object]:
    """The values a workflow step's condition sees for a run (the subject's declared fields)."""
    from vextrus.modules.organization import api as organization

    s = uow.session
    if kind == "monthly":
        count = s.scalar(select(func.count()).select_from(PayslipRow).where(PayslipRow.run_id == row.id)) or 0
        from .service.runs import _month_end

        end = _month_end(row.month)  # type: ignore[union-attr]
    else:
        count = s.scalar(select(func.count()).select_from(WageSlipRow).where(WageSlipRow.run_id == row.id)) or 0
        end = row.period_end  # type: ignore[union-attr]
    company = organization.get_company(row.company_id)
    return {"amount": Decimal(row.net).quantize(Decimal("0.01")), "currency": CURRENCY, "kind": kind,
            "gross": Decimal(row.gross).quantize(Decimal("0.01")), "employees": int(count), "company_code": company.code if company else "",
            "period": _label(kind, row)[0], "period_end": end}


def latest(run_id: UUID) -> workflow.InstanceView | None:
    """The run's latest approval, or None; None when the workflow module is not running."""
    if not workflow.running():
        return None
    return workflow.latest(SUBJECT, run_id)


def needs_approval(uow: UnitOfWork, kind: Kind, row: RunRow | WageRunRow) -> bool:
    """Whether the active `payroll.run` workflow has a step for this run (False without the workflow module)."""
    if not workflow.running():
        return False
    return workflow.needs_approval(SUBJECT, run_fields(uow, kind, row))


def _what(kind: Kind, row: RunRow | WageRunRow) -> tuple[str, str]:
    en, bn = _label(kind, row)
    return ((f"The run of {en}", f"{bn} এর বেতন চালনা") if kind == "monthly"
            else (f"The wage run {en}", f"{bn} এর মজুরি চালনা"))


def check_may_approve(uow: UnitOfWork, kind: Kind, row: RunRow | WageRunRow) -> None:
    """Refuse the plain approve of a run the workflow says needs approval (`payroll.approval_required`); its
    approval is what approves it. System work is not held up."""
    if context.current().system or not needs_approval(uow, kind, row):
        return
    inst = latest(row.id)
    state = inst.status if inst is not None else ""
    pending = state == "pending"
    en, bn = _what(kind, row)
    raise Conflict(
        "payroll.approval_required",
        f"{en} ({row.net} BDT net) must go through approval: "
        + ("its approval is waiting" if pending else "submit it for approval"),
        f"{bn} ({format_number(Decimal(row.net), 2, 'bn')} টাকা নিট) অনুমোদন প্রক্রিয়ার মধ্য দিয়ে যেতে হবে: "
        + ("অনুমোদন অপেক্ষমাণ" if pending else "অনুমোদনের জন্য জমা দিন"),
        field="status", details={"status": state, "instance_id": str(inst.id) if inst is not None else ""})


def check_not_pending(kind: Kind, row: RunRow | WageRunRow) -> None:
    """A draft waiting for its approval is not computed again (the approval would decide other figures)."""
    if context.current().system:
        return
    inst = latest(row.id)
    if inst is not None and inst.status == "pending":
        en, bn = _what(kind, row)
        raise Conflict("payroll.approval_pending", f"{en} is waiting for approval: prepare it again after the decision",
                       f"{bn} অনুমোদনের অপেক্ষায়: সিদ্ধান্তের পরে আবার প্রস্তুত করুন", field="status",
                       details={"status": inst.status, "instance_id": str(inst.id)})


def _load(uow: UnitOfWork, kind: Kind, run_id: UUID) -> RunRow | WageRunRow:
    if kind == "monthly":
        from .service.runs import _load as load_run

        return load_run(uow, run_id)
    from .service.wages import _load as load_wage_run

    return load_wage_run(uow, run_id)


@command("payroll.run.prepare", scope="payroll.submit_run")
def submit_run(uow: UnitOfWork, kind: Kind, run_id: UUID) -> workflow.InstanceView:
    """Send a draft run to the payroll run approval workflow (as payroll, for the user who prepares runs)."""
    row = _load(uow, kind, run_id)
    en, bn = _what(kind, row)
    if row.status != "draft":
        raise Conflict("payroll.run_not_draft", f"{en} is {row.status}: only a draft is sent for approval",
                       f"{bn} খসড়া নয়: শুধু খসড়া অনুমোদনের জন্য পাঠানো যায়", field="status",
                       details={"status": row.status})
    if not needs_approval(uow, kind, row):
        raise Conflict("payroll.approval_not_needed", f"{en} needs no approval workflow: approve it directly",
                       f"{bn}-এর অনুমোদন প্রক্রিয়া লাগে না: সরাসরি অনুমোদন করুন", field="status")
    fields = run_fields(uow, kind, row)
    ctx = context.current()
    with context.calling_as(MODULE):
        return workflow.submit(workflow.SubmitInput(
            subject=SUBJECT, document_id=row.id,
            document_label=f"{fields['company_code']} {'payroll' if kind == 'monthly' else 'wages'} {fields['period']}"[:200],
            amount=fields["amount"], currency=CURRENCY, data=fields, company_id=row.company_id,
            context={"run_id": str(row.id), "kind": kind, "version": str(row.version),
                     "submitted_by": ctx.actor[:100]}))


def on_approved(event: object) -> None:
    """The approval is through: approve the run as payroll, on behalf of whoever submitted it (the draft
    submitted, once: a second delivery finds it approved)."""
    ctx_ = event.context  # type: ignore[attr-defined]
    if event.subject != SUBJECT or "run_id" not in ctx_:  # type: ignore[attr-defined]
        return
    envelope = event.envelope  # type: ignore[attr-defined]
    submitter = SimpleNamespace(tenant_id=envelope.tenant_id, actor=ctx_.get("submitted_by") or envelope.actor)
    with context.reacting_as(MODULE, submitter):
        if ctx_.get("kind") == "wage":
            from .service.wages import approve_wage_run_after_workflow as approve
        else:
            from .service.runs import approve_run_after_workflow as approve
        approve(event.document_id, int(ctx_.get("version", "0")), event.instance_id)  # type: ignore[attr-defined]


@query("payroll.payslip.view")
def approval_state(uow: UnitOfWork, kind: Kind, run_id: UUID) -> tuple[bool, workflow.InstanceView | None]:
    """For a run's page: whether the draft needs the workflow's approval, and the run's latest approval."""
    row = _load(uow, kind, run_id)
    if not workflow.running():
        return False, None
    needs = row.status == "draft" and not context.current().system and needs_approval(uow, kind, row)
    return needs, latest(row.id)
