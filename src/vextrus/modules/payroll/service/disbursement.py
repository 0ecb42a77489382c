"""Bank advice, MFS disbursement files and the cash list of a posted run (monthly or wage run): each payslip's
net (the amount the run credited to salaries payable) by the employee's payment method (domain/disbursement.py).
CSV (exact decimals) and XLSX (documents' xlsx_table); headers in English or Bangla (`lang`)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import clock, context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.uow import UnitOfWork, query

from .. import domain
from ..domain import beftn as beftn_rules
from ..domain import disbursement as rules
from ..schemas import DisbursementLine, DisbursementProblem, DisbursementView, MfsFileView
from ..tables import EmployeeRow, PayslipRow, RunRow, WageRunRow, WageSlipRow

KINDS = {"runs": "monthly", "wage-runs": "wage"}
STATUS_BN = {"draft": "খসড়া", "approved": "অনুমোদিত", "posted": "পোস্ট করা", "paid": "পরিশোধিত",
             "reversed": "রিভার্স করা"}
# (key, English, Bangla) of each file's columns
BANK = (("serial", "Serial", "ক্রম"), ("employee_code", "Employee code", "কর্মী কোড"),
        ("employee_name", "Name", "নাম"), ("bank_name", "Bank", "ব্যাংক"), ("bank_branch", "Branch", "শাখা"),
        ("routing_no", "Routing number", "রাউটিং নম্বর"), ("account_no", "Account number", "হিসাব নম্বর"),
        ("amount", "Amount (BDT)", "পরিমাণ (টাকা)"), ("reference", "Reference", "রেফারেন্স"))
MFS = (("account_no", "Wallet number", "ওয়ালেট নম্বর"), ("amount", "Amount (BDT)", "পরিমাণ (টাকা)"),
       ("reference", "Reference", "রেফারেন্স"), ("employee_name", "Name", "নাম"))
CASH = (("serial", "Serial", "ক্রম"), ("employee_code", "Employee code", "কর্মী কোড"),
        ("employee_name", "Name", "নাম"), ("amount", "Amount (BDT)", "পরিমাণ (টাকা)"),
        ("reference", "Reference", "রেফারেন্স"))
TOTAL = ("Total", "মোট")


def _run(uow: UnitOfWork, kind: str, run_id: UUID) -> tuple[RunRow | WageRunRow, str]:
    if kind not in KINDS:
        raise domain.NotFoundInPayroll("run kind", "চালনার ধরন", kind)
    row = uow.session.get(RunRow if kind == "runs" else WageRunRow, run_id)
    if row is None:
        raise domain.NotFoundInPayroll("payroll run", "বেতন চালনা", run_id)
    context.require_company(row.company_id, "payroll run", run_id)
    if row.status not in ("posted", "paid"):  # a paid run's files stay readable
        raise Conflict("payroll.run_not_posted_for_payment",
                       f"The run is {row.status}: bank advice and MFS files are made for a posted run only",
                       f"চালনাটি {STATUS_BN[row.status]}: ব্যাংক অ্যাডভাইস ও মোবাইল ওয়ালেটের ফাইল শুধু পোস্ট করা চালনার হয়",
                       field="status", details={"status": row.status})
    if isinstance(row, RunRow):
        ref = f"PAYROLL-{row.month:%Y-%m}" + (f"-R{row.revision}" if row.revision else "")
    else:
        ref = f"WAGES-{row.period_start:%Y%m%d}-{row.period_end:%Y%m%d}"
    return row, ref


@query("payroll.payslip.view")
def disbursement(uow: UnitOfWork, kind: str, run_id: UUID) -> DisbursementView:
    """The posted run's net by payment method; employees whose details are missing are errors (amount held)."""
    from vextrus.modules.organization import api as organization

    run, ref = _run(uow, kind, run_id)
    slip = PayslipRow if kind == "runs" else WageSlipRow
    rows = uow.session.execute(select(slip.net, EmployeeRow).join(EmployeeRow, EmployeeRow.id == slip.employee_id)
                               .where(slip.run_id == run.id).order_by(EmployeeRow.code)).all()
    split = rules.split([rules.Payee(e.code, e.name, e.name_bn, e.payment_method, e.account_no, e.bank_name,
                                     e.bank_branch, e.routing_no, e.mfs_provider, net) for net, e in rows])
    company = organization.get_company(run.company_id)

    def lines(payees: list[rules.Payee]) -> list[DisbursementLine]:
        return [DisbursementLine(serial=i, employee_code=p.code, employee_name=p.name, employee_name_bn=p.name_bn,
                                 bank_name=p.bank_name, bank_branch=p.bank_branch, routing_no=p.routing_no,
                                 account_no=p.account_no.strip(), mfs_provider=p.mfs_provider, amount=p.amount)
                for i, p in enumerate(payees, start=1)]

    mfs = [MfsFileView(provider=k, lines=lines(v), total=rules.Split.total(v)) for k, v in sorted(split.mfs.items())]
    return DisbursementView(
        run_id=run.id, run_kind=KINDS[kind], company_code=company.code if company else "",
        company_name=company.name if company else "", reference=f"{company.code if company else ''}/{ref}",
        total_net=sum((net for net, _ in rows), Decimal(0)),
        bank=lines(split.bank), bank_total=rules.Split.total(split.bank), mfs=mfs,
        mfs_total=sum((f.total for f in mfs), Decimal(0)), cash=lines(split.cash),
        cash_total=rules.Split.total(split.cash),
        errors=[DisbursementProblem(employee_code=p.code, employee_name=p.name, field=p.field, message=p.message,
                                    message_bn=p.message_bn, amount=p.amount) for p in split.errors],
        errors_total=rules.Split.total(split.errors))


def _table(view: DisbursementView, name: str) -> tuple[tuple, list[dict], bool]:
    """(columns, rows, with a total row) of one file: bank-advice, cash or mfs-<provider>."""
    if name == "bank-advice":
        return BANK, [{**ln.model_dump(), "reference": view.reference} for ln in view.bank], True
    if name == "cash":
        return CASH, [{**ln.model_dump(), "reference": view.reference} for ln in view.cash], True
    for f in view.mfs:
        if name == f"mfs-{f.provider}":
            return MFS, [{**ln.model_dump(), "reference": view.reference} for ln in f.lines], False
    raise ValidationFailed("payroll.disbursement_file_unknown",
                           f"No file {name}: bank-advice, cash or mfs-<provider> of this run",
                           f"{name} নামে ফাইল নেই: এই চালনার ব্যাংক অ্যাডভাইস, নগদ তালিকা বা মোবাইল ওয়ালেটের ফাইল",
                           field="file", details={"files": ["bank-advice", "cash"] + [f"mfs-{f.provider}" for f in view.mfs]})


def _originator(company_id: UUID, ledger_code: str) -> str:
    """The company's bank account (banking module) whose ledger account is payroll's bank account: the account
    the BEFTN batch debits. Read through banking.api as payroll on the user's behalf."""
    from vextrus.modules.banking import api as banking

    from .. import MODULE

    with context.calling_as(MODULE):
        found = [a for a in banking.list_all_accounts()
                 if a.company_id == company_id and a.ledger_account_code == ledger_code and a.currency == "BDT"]
    if len(found) != 1:
        what, what_bn = ("No", "কোনো") if not found else (f"{len(found)}", bn(str(len(found))))
        raise Conflict("payroll.beftn_originator_account",
                       f"{what} company bank account in BDT is kept on ledger account {ledger_code} (payroll's bank "
                       "account): the BEFTN file needs exactly one, the account it is paid from",
                       f"খতিয়ান হিসাব {bn(ledger_code)} (বেতনের ব্যাংক হিসাব)-এ টাকার {what_bn}টি কোম্পানির ব্যাংক হিসাব "
                       "আছে: বিইএফটিএন ফাইলের জন্য ঠিক একটি লাগে, যেখান থেকে পরিশোধ হয়",
                       field="bank_account", details={"ledger_account": ledger_code, "found": len(found)})
    number = "".join(ch for ch in found[0].account_number if ch.isdigit())
    if not beftn_rules.ACCOUNT.match(number):
        raise Conflict("payroll.beftn_originator_account",
                       "The company's bank account number is not 1 to 17 digits",
                       "কোম্পানির ব্যাংক হিসাব নম্বর ১ থেকে ১৭ অঙ্কের নয়", field="bank_account")
    return number


@query("payroll.payslip.view")
def beftn(uow: UnitOfWork, kind: str, run_id: UUID, on: date | None = None) -> tuple[str, bytes]:
    """(file name, content) of the posted run's bank-paid employees as the generic BEFTN bulk-credit CSV
    (domain/beftn.py). Every line is checked first: any bad line refuses the file (422
    `payroll.beftn_lines_invalid`, every bad line in `details.errors` with its code, en/bn message and field
    path). The file's total is the run's net to bank-paid employees to the poisha."""
    from vextrus.modules.organization import api as organization

    from . import settings as settings_service

    run, ref = _run(uow, kind, run_id)
    slip = PayslipRow if kind == "runs" else WageSlipRow
    bank_paid = (slip.run_id == run.id, EmployeeRow.payment_method == "bank", slip.net > 0)
    rows = uow.session.execute(select(slip.net, EmployeeRow).join(EmployeeRow, EmployeeRow.id == slip.employee_id)
                               .where(*bank_paid).order_by(EmployeeRow.code)).all()
    credits = [beftn_rules.Credit(e.code, e.name, e.routing_no, e.account_no, Decimal(net)) for net, e in rows]
    if not credits:
        raise Conflict("payroll.beftn_nothing", "Nobody in this run is paid by bank: there is no BEFTN file",
                       "এই চালনায় কারও বেতন ব্যাংকে নয়: বিইএফটিএন ফাইল নেই", field="employees")
    bad = beftn_rules.check(credits)
    if bad:
        raise ValidationFailed(
            "payroll.beftn_lines_invalid",
            f"{len(bad)} problem(s) in the BEFTN file's lines: correct the employees' bank details; no file was made",
            f"বিইএফটিএন ফাইলের লাইনে {bn(str(len(bad)))}টি সমস্যা: কর্মীদের ব্যাংকের তথ্য ঠিক করুন; ফাইল তৈরি হয়নি",
            field=bad[0].field,
            details={"errors": [{"employee_code": b.employee_code, "code": b.code, "message": b.message,
                                 "message_bn": b.message_bn, "field": b.field} for b in bad]})
    bank_net = uow.session.execute(select(func.coalesce(func.sum(slip.net), 0))
                                   .join(EmployeeRow, EmployeeRow.id == slip.employee_id).where(*bank_paid)).scalar_one()
    if sum((c.amount for c in credits), Decimal(0)) != Decimal(bank_net):  # to the poisha
        raise Conflict("payroll.beftn_total_mismatch", "The BEFTN file's total is not the run's net bank pay",
                       "বিইএফটিএন ফাইলের মোট চালনার ব্যাংকে নিট বেতনের সমান নয়", field="employees")
    cfg, _ = settings_service.load(uow, run.company_id)
    originator = _originator(run.company_id, cfg["bank_account"])
    company = organization.get_company(run.company_id)
    code = company.code if company else ""
    text = beftn_rules.write(credits, f"{code}/{ref}", company.name if company else code, originator,
                             on or clock.today(), ref)
    return f"{code}_{ref}_beftn.csv", text.encode("ascii")


def disbursement_file(kind: str, run_id: UUID, name: str, fmt: str, lang: str = "en") -> tuple[str, str, bytes, int]:
    """(file name, media type, content, errors) of one file as CSV or XLSX; `lang=bn` heads the columns in
    Bangla (amounts stay plain decimals, 2 places). The total row sums the lines to the poisha. `beftn.csv`:
    the bank-paid employees as a BEFTN credit batch (`beftn`; refused whole if a line is bad)."""
    if name == "beftn":
        if fmt != "csv":
            raise ValidationFailed("payroll.disbursement_format_unknown", "The BEFTN file is csv",
                                   "বিইএফটিএন ফাইল csv হয়", field="format")
        fname, content = beftn(kind, run_id)
        return fname, "text/csv; charset=us-ascii", content, 0
    view = disbursement(kind, run_id)
    columns, rows, total = _table(view, name)
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed("payroll.disbursement_format_unknown", "The file is csv or xlsx",
                               "ফাইল csv বা xlsx হয়", field="format")
    bn = lang == "bn"
    heads = [b if bn else e for _, e, b in columns]
    amount = sum((r["amount"] for r in rows), Decimal(0))
    if total:
        rows = rows + [{"employee_name": TOTAL[1] if bn else TOTAL[0], "amount": amount}]
    base = f"{view.reference.replace('/', '_')}_{name}"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(heads)
        for r in rows:
            w.writerow([format(r[k], "f") if isinstance(r.get(k), Decimal) else r.get(k, "") for k, _, _ in columns])
        return f"{base}.csv", "text/csv; charset=utf-8", buf.getvalue().encode("utf-8-sig" if bn else "utf-8"), \
            len(view.errors)
    from vextrus.modules.documents import api as documents

    cols = [documents.Column(k, e, b, kind="money" if k == "amount" else ("int" if k == "serial" else "text"))
            for k, e, b in columns]
    title = f"{view.company_name} · {view.reference}"
    content = documents.xlsx_table(cols, rows, sheet=name, locale="bn" if bn else "en", title=title)
    return (f"{base}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content,
            len(view.errors))
