"""Paying a posted run (monthly or wage run): one payment journal through finance.api, as payroll on behalf of
the user, dated the day paid: Dr salaries payable (the run's net) / Cr bank for the bank and MFS part and Cr cash
for the cash part (by each employee's payment method), or Cr one account the user chose. Once per run: the run
becomes `paid` (versioned); a reversed run is not paid, and a paid run is not reversed."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..domain import disbursement as rules
from ..events import RunPaid, RunPaymentUndone
from ..repository import run_view, wage_run_view
from ..schemas import PaymentInput, PaymentUndoInput, PaymentUndoView, RunView, WageRunView
from ..tables import EmployeeRow, PaymentUndoRow, PayslipRow, RunRow, WageRunRow, WageSlipRow
from . import settings as settings_service


def split_by_account(uow: UnitOfWork, kind: str, run: RunRow | WageRunRow,
                     cfg: dict) -> tuple[dict[str, Decimal], list[rules.Problem]]:
    """The run's net by the account it is paid from, bank (bank and MFS payees) and cash (cash payees), and the
    payees whose details are missing (the disbursement files hold them back)."""
    slip = PayslipRow if kind == "runs" else WageSlipRow
    rows = uow.session.execute(select(slip.net, EmployeeRow).join(EmployeeRow, EmployeeRow.id == slip.employee_id)
                               .where(slip.run_id == run.id)).all()
    out: dict[str, Decimal] = {}
    for net, e in rows:
        acct = cfg["cash_account"] if e.payment_method == "cash" else cfg["bank_account"]
        out[acct] = out.get(acct, ZERO) + Decimal(net)
    problems = rules.split([rules.Payee(e.code, e.name, e.name_bn, e.payment_method, e.account_no, e.bank_name,
                                        e.bank_branch, e.routing_no, e.mfs_provider, net) for net, e in rows]).errors
    return {a: v for a, v in out.items() if v}, problems


@command("payroll.run.post", scope="payroll.record_payment")
def record_payment(uow: UnitOfWork, kind: Literal["runs", "wage-runs"], run_id: UUID,
                   data: PaymentInput) -> RunView | WageRunView:
    """Record that the posted run's net was paid (`paid_on`, optionally one `account_code` for all of it)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    row, ref = _run_any(uow, kind, run_id)
    monthly = isinstance(row, RunRow)
    if monthly:
        from .runs import _month_end

        posted_on, what, what_bn = _month_end(row.month), f"run of {row.month:%B %Y}", \
            f"{bn(format(row.month, '%m/%Y'))} এর বেতন চালনা"
    else:
        posted_on, what, what_bn = row.period_end, f"wage run {row.period_start}–{row.period_end}", \
            f"{bn(str(row.period_start))}–{bn(str(row.period_end))} এর মজুরি চালনা"
    check_version(row, data.expected_version, what)
    on = domain.check_payment(row.status, posted_on, data.paid_on, what, what_bn)
    cfg, _ = settings_service.load(uow, row.company_id)
    account = (data.account_code or "").strip()
    if data.account_code is not None and not account:
        raise ValidationFailed("payroll.payment_account_blank", "Choose the account paid from, or leave it out",
                               "কোন হিসাব থেকে পরিশোধ করা হয়েছে তা বাছুন, অথবা খালি রাখুন", field="account_code")
    credits, problems = split_by_account(uow, kind, row, cfg)
    if account:
        credits = {account: Decimal(row.net)}
    elif problems:  # where their money came from is unknown: complete the details (the files list them) or choose one account
        raise Conflict("payroll.payment_details_missing",
                       f"{len(problems)} employee(s) have incomplete payment details: complete them or record "
                       "the payment from one account",
                       f"{bn(str(len(problems)))} জন কর্মীর পরিশোধের তথ্য অসম্পূর্ণ: তথ্য পূরণ করুন অথবা একটি হিসাব থেকে "
                       "পরিশোধ লিখুন", field="account_code", details={"employees": [p.code for p in problems]})
    net = Decimal(row.net)
    if net <= 0:
        raise Conflict("payroll.nothing_to_pay", "The run's net is zero: nothing to pay",
                       "চালনার নিট শূন্য: পরিশোধের কিছু নেই", field="status")
    assert sum(credits.values(), ZERO) == net  # the payment equals the run's net to the poisha
    memo = f"Paid {ref}"
    lines = [finance.LineIn(account_code=cfg["salaries_payable_account"], debit=net, memo=memo)]
    lines += [finance.LineIn(account_code=a, credit=v, memo=memo) for a, v in sorted(credits.items())]
    with context.calling_as(MODULE):
        entry = finance.post_entry(row.company_id, finance.EntryIn(
            journal_type="payment", entry_date=on, lines=lines, narration=f"Salaries and wages paid {ref}",
            reference=f"{ref}-PAID"[:60]))
    row.status, row.paid_on, row.payment_account = "paid", on, account
    row.payment_entry_id, row.payment_entry_number = entry.id, entry.number or ""
    uow.session.flush()
    uow.emit(RunPaid(run_id=row.id, kind="monthly" if monthly else "wage", company_id=row.company_id,
                     paid_on=on, entry_id=entry.id, net=net))
    return run_view(uow.session, row) if monthly else wage_run_view(uow.session, row)


@command("payroll.run.post", scope="payroll.undo_payment")
def undo_payment(uow: UnitOfWork, kind: Literal["runs", "wage-runs"], run_id: UUID,
                 data: PaymentUndoInput) -> RunView | WageRunView:
    """Undo a payment recorded by mistake: finance reverses the payment journal (never edited) dated
    `reversal_date` (default and earliest: the day paid), the run is `posted` again (its files and a new payment
    possible), the payment and its undo are kept (`payment_undos`), event `payroll.run.payment_undone`."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    row, ref = _run_any(uow, kind, run_id)
    monthly = isinstance(row, RunRow)
    what, what_bn = _what(row)
    check_version(row, data.expected_version, what)
    on = domain.check_payment_undo(row.status, row.paid_on, data.reversal_date, data.reason, what, what_bn)
    assert row.payment_entry_id is not None and row.paid_on is not None
    with context.calling_as(MODULE):
        rev = finance.reverse_entry(row.company_id, row.payment_entry_id, on)
    undo = PaymentUndoRow(run_id=row.id, run_kind="monthly" if monthly else "wage", company_id=row.company_id,
                          paid_on=row.paid_on, payment_entry_id=row.payment_entry_id,
                          payment_entry_number=row.payment_entry_number, payment_account=row.payment_account,
                          net=row.net, undone_on=on, reason=data.reason.strip(), reversal_entry_id=rev.id,
                          reversal_entry_number=rev.number or "")
    uow.session.add(undo)
    row.status, row.paid_on, row.payment_account = "posted", None, ""
    row.payment_entry_id, row.payment_entry_number = None, ""
    uow.session.flush()
    uow.emit(RunPaymentUndone(run_id=row.id, kind=undo.run_kind, company_id=row.company_id, paid_on=undo.paid_on,
                              entry_id=undo.payment_entry_id, reversal_entry_id=rev.id, undone_on=on,
                              reason=undo.reason, net=Decimal(undo.net)))
    return run_view(uow.session, row) if monthly else wage_run_view(uow.session, row)


@query("payroll.payslip.view")
def payment_undos(uow: UnitOfWork, kind: Literal["runs", "wage-runs"], run_id: UUID) -> list[PaymentUndoView]:
    """The run's payments that were undone, oldest first (the run page's history)."""
    row, _ = _run_any(uow, kind, run_id)
    rows = uow.session.scalars(select(PaymentUndoRow).where(PaymentUndoRow.run_id == row.id)
                               .order_by(PaymentUndoRow.created_at, PaymentUndoRow.id))
    return [PaymentUndoView.model_validate(r, from_attributes=True) for r in rows]


def _what(row: RunRow | WageRunRow) -> tuple[str, str]:
    if isinstance(row, RunRow):
        return f"run of {row.month:%B %Y}", f"{bn(format(row.month, '%m/%Y'))} এর বেতন চালনা"
    return (f"wage run {row.period_start}–{row.period_end}",
            f"{bn(str(row.period_start))}–{bn(str(row.period_end))} এর মজুরি চালনা")


def _run_any(uow: UnitOfWork, kind: str, run_id: UUID) -> tuple[RunRow | WageRunRow, str]:
    """The run and its journal reference, in any state (the payment's own rules name the state)."""
    row = uow.session.get(RunRow if kind == "runs" else WageRunRow, run_id)
    if row is None:
        raise domain.NotFoundInPayroll("payroll run", "বেতন চালনা", run_id)
    context.require_company(row.company_id, "payroll run", run_id)
    if isinstance(row, RunRow):
        return row, f"PAYROLL-{row.month:%Y-%m}" + (f"-R{row.revision}" if row.revision else "")
    return row, f"WAGES-{row.period_start:%Y%m%d}-{row.period_end:%Y%m%d}"
