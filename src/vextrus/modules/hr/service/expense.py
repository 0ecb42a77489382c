"""Employees' expense claims (issues 13 and 18): a draft (lines replaced whole) → submitted through the
`hr.expense_claim` approval workflow (`expense_approvals.py`) → approved → posted: hr posts the claim's journal
through finance as the module on behalf of the submitter (Dr the categories' expense accounts, tagged with the
claim's project; Cr employee payable, `domain.expense.EMPLOYEE_PAYABLE`) → paid (`pay_claims`: Dr employee
payable / Cr a bank or cash account the user chose, one journal for several claims of one employee). Rejected or
withdrawn: a draft again. A draft may be cancelled. With no workflow step for the claim (or no workflow module)
submitting approves it.

Who sees what: whoever made a claim (`hr.expense.submit`) sees and changes their own; `hr.expense.view` sees the
company's (and changes none but their own)."""

from __future__ import annotations

from uuid import UUID

import structlog
from sqlalchemy import delete, select

from vextrus.platform import clock, context, runtime
from vextrus.platform.errors import DomainError, PermissionDenied, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain, expense_approvals
from ..domain import expense as rules
from ..events import ExpenseClaimDecided, ExpenseClaimPaid, ExpenseClaimPosted, ExpenseClaimSubmitted
from ..schemas import (
    ExpenseCategoryView,
    ExpenseClaimInput,
    ExpenseClaimPayInput,
    ExpenseClaimView,
    ExpenseLineView,
    PaymentAccountView,
)
from ..tables import ExpenseClaimRow, ExpenseLineRow
from . import people

log = structlog.get_logger("vextrus.hr.expense")
FILES_TYPE = "hr.expense_claim"


def _approver_of(row: ExpenseClaimRow) -> bool:
    """Whether the user is an approver of the claim's latest approval: named on a step (a user, the manager, the
    project's role members found when it was submitted), holding a step's role, or having decided on it."""
    from vextrus.modules.workflow import api as workflow

    ctx = context.current()
    if row.approval_id is None or ctx.user_id is None or not workflow.running():
        return False
    inst = workflow.latest(expense_approvals.SUBJECT, row.id)
    if inst is None:
        return False
    roles = set(ctx.roles or ())
    return (any(ctx.user_id in t.approver.user_ids or (t.approver.kind == "role" and t.approver.role in roles)
                for t in inst.tasks)
            or any(h.actor_id == ctx.user_id or h.on_behalf_of_id == ctx.user_id
                   for h in inst.history if h.kind in ("approved", "rejected")))


def receipt_access(claim_id: UUID, need: str) -> bool:
    """Who reaches a claim's receipts (the files module asks per claim; False answers 404): seeing them, the
    claimant (who made the claim), whoever holds `hr.expense.view` in the claim's company, and the claim's
    approvers; attaching and deleting them, whoever may change the claim (its claimant)."""
    from vextrus.platform.uow import unit_of_work

    ctx = context.current()
    with unit_of_work() as uow:
        row = uow.session.get(ExpenseClaimRow, claim_id)
        if row is None:
            return False
        try:
            context.require_company(row.company_id, "expense claim", claim_id)
        except DomainError:
            return False
        mine = row.created_by_id is not None and row.created_by_id == ctx.user_id
        if need == "attach":
            return ctx.can("hr.expense.submit") and (mine or (row.created_by_id is None and _sees_all()))
        return mine or _sees_all() or _approver_of(row)


def _register_receipts() -> None:
    """Receipts are files attached to the claim (files' panel on the claim's page, /files/objects/hr.expense_claim/{id}),
    reached as `receipt_access` says (the files module checks its own files.file.* as well)."""
    from vextrus.modules.files import api as files

    files.register_object_type(files.ObjectType(FILES_TYPE, "hr.expense.submit", "hr.expense.submit", "Expense claim",
                                                "খরচের দাবি", access=receipt_access))


_register_receipts()


def expense_categories() -> list[ExpenseCategoryView]:
    return [ExpenseCategoryView(code=c.code, name=c.name, name_bn=c.name_bn, office_account=c.office_account,
                                site_account=c.site_account) for c in rules.CATEGORIES.values()]


def _lines(uow: UnitOfWork, claim_id: UUID) -> list[ExpenseLineRow]:
    return list(uow.session.scalars(select(ExpenseLineRow).where(ExpenseLineRow.claim_id == claim_id)
                                    .order_by(ExpenseLineRow.line_no)))


def domain_lines(uow: UnitOfWork, claim_id: UUID) -> list[rules.ClaimLine]:
    return [rules.ClaimLine(r.day, r.category, r.description, r.amount) for r in _lines(uow, claim_id)]


def _view(uow: UnitOfWork, r: ExpenseClaimRow, e: object | None = None) -> ExpenseClaimView:
    e = e or people.employee(r.employee_id)
    return ExpenseClaimView(
        id=r.id, company_id=r.company_id, employee_id=r.employee_id, employee_code=e.code, employee_name=e.name,
        employee_name_bn=e.name_bn or "", claim_date=r.claim_date, project_id=r.project_id, purpose=r.purpose,
        status=r.status, total=r.total, created_by=r.created_by, submitted_by=r.submitted_by,
        decided_by=r.decided_by, comment=r.comment, approval_id=r.approval_id, entry_id=r.entry_id,
        entry_number=r.entry_number, paid_on=r.paid_on, paid_entry_id=r.paid_entry_id,
        paid_entry_number=r.paid_entry_number, paid_account=r.paid_account, paid_by=r.paid_by, version=r.version,
        lines=[ExpenseLineView(line_no=x.line_no, day=x.day, category=x.category, description=x.description,
                               amount=x.amount) for x in _lines(uow, r.id)])


def _check_project(project_id: UUID | None) -> None:
    if project_id is None or "projects" not in runtime.current().registry.names:
        return
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    with context.calling_as(MODULE):
        found = projects.get_project(project_id)
    if found is None:
        raise ValidationFailed("hr.expense_project_unknown", f"Project {project_id} does not exist",
                               "প্রকল্পটি নেই", field="project_id")


def _store_lines(uow: UnitOfWork, row: ExpenseClaimRow, data: ExpenseClaimInput) -> None:
    lines = rules.check_lines(data.claim_date, [rules.ClaimLine(x.day, x.category, x.description, x.amount)
                                                for x in data.lines])
    _check_project(data.project_id)
    uow.session.execute(delete(ExpenseLineRow).where(ExpenseLineRow.claim_id == row.id))
    for i, ln in enumerate(lines, start=1):
        uow.session.add(ExpenseLineRow(tenant_id=row.tenant_id, claim_id=row.id, line_no=i, day=ln.day,
                                       category=ln.category, description=ln.description, amount=ln.amount))
    row.claim_date, row.project_id, row.purpose = data.claim_date, data.project_id, data.purpose.strip()
    row.total = rules.total(lines)


def _load(uow: UnitOfWork, claim_id: UUID) -> ExpenseClaimRow:
    row = uow.session.get(ExpenseClaimRow, claim_id)
    if row is None:
        raise domain.NotFoundInHr("expense claim", "খরচের দাবি", claim_id)
    context.require_company(row.company_id, "expense claim", claim_id)
    return row


def _sees_all() -> bool:
    ctx = context.current()
    return ctx.system or ctx.can("hr.expense.view")


def _load_own(uow: UnitOfWork, claim_id: UUID) -> ExpenseClaimRow:
    """A claim only its maker changes, submits, withdraws or cancels (system work any; a claim the system made, such
    as the demo's, whoever sees the company's claims); to anyone else it does not exist."""
    row = _load(uow, claim_id)
    ctx = context.current()
    mine = row.created_by_id is not None and row.created_by_id == ctx.user_id
    if not (ctx.system or mine or (row.created_by_id is None and _sees_all())):
        raise domain.NotFoundInHr("expense claim", "খরচের দাবি", claim_id)
    return row


def _claimant(data: ExpenseClaimInput) -> object:
    """The claim's employee: the one named, else the signed-in user's own employee record in the active company
    (payroll's employee ↔ user link); refused naming `employee_id` when the user is no employee there."""
    if data.employee_id is not None:
        return people.employee(data.employee_id)
    ctx = context.current()
    mine = people.employee_of_user(ctx.company_id, ctx.user_id) if ctx.company_id and ctx.user_id else None
    if mine is None:
        raise ValidationFailed("hr.expense_employee_missing", "Choose the employee: you are no employee of this "
                               "company", "কর্মী বাছুন: আপনি এই কোম্পানির কর্মী নন", field="employee_id")
    return mine


def own_employee_id(company_id: UUID) -> UUID | None:
    """The signed-in user's own employee record in the company (a new claim's employee at first), or None."""
    ctx = context.current()
    if ctx.user_id is None or not ctx.can("hr.expense.submit"):
        return None
    mine = people.employee_of_user(company_id, ctx.user_id)
    return mine.id if mine is not None else None


class PayingOwnClaim(PermissionDenied):
    """Segregation of duties: the employee the claims belong to may not pay them out, whatever their role."""

    def __init__(self) -> None:
        DomainError.__init__(self, "hr.expense_pay_own", "Nobody pays out their own expense claims",
                             "কেউ নিজের খরচের দাবি নিজে পরিশোধ করতে পারেন না", field="claim_ids[0]")


@command("hr.expense.submit", scope="hr.create_expense_claim")
def create_claim(uow: UnitOfWork, data: ExpenseClaimInput) -> ExpenseClaimView:
    """A new draft claim of the employee (by default the user's own employee record; refused whole, naming the
    field, when a line is not right)."""
    e = _claimant(data)
    context.require_company(e.company_id, "employee", e.id, field="employee_id")
    ctx = context.current()
    row = ExpenseClaimRow(tenant_id=context.require_tenant(), company_id=e.company_id, employee_id=e.id,
                          claim_date=data.claim_date, created_by=ctx.actor[:120], created_by_id=ctx.user_id)
    uow.session.add(row)
    uow.session.flush()
    _store_lines(uow, row, data)
    uow.session.flush()
    return _view(uow, row, e)


@command("hr.expense.submit", scope="hr.update_expense_claim")
def update_claim(uow: UnitOfWork, claim_id: UUID, data: ExpenseClaimInput,
                 expected_version: int | None = None) -> ExpenseClaimView:
    """Change a draft (its lines replaced whole); the employee stays the claim's."""
    row = _load_own(uow, claim_id)
    check_version(row, expected_version, "expense claim")
    rules.transition(row.status, "edit")
    if data.employee_id is not None and data.employee_id != row.employee_id:
        raise ValidationFailed("hr.expense_employee_fixed", "A claim's employee cannot change: make a new claim",
                               "দাবির কর্মী পরিবর্তন করা যায় না: নতুন দাবি করুন", field="employee_id")
    _store_lines(uow, row, data)
    uow.session.flush()
    return _view(uow, row)


@command("hr.expense.submit", scope="hr.submit_expense_claim")
def submit_claim(uow: UnitOfWork, claim_id: UUID, expected_version: int | None = None) -> ExpenseClaimView:
    """Send a draft for approval: to the `hr.expense_claim` workflow when it has a step for the claim, else
    approved at once and posted (system work is approved at once too)."""
    row = _load_own(uow, claim_id)
    check_version(row, expected_version, "expense claim")
    row.status = rules.transition(row.status, "submit")
    ctx = context.current()
    row.submitted_by, row.decided_by, row.comment = ctx.actor[:120], "", ""
    lines = domain_lines(uow, row.id)
    rules.check_lines(row.claim_date, lines)  # a draft stored before a rule changed is checked again
    e = people.employee(row.employee_id)
    uow.session.flush()
    uow.emit(ExpenseClaimSubmitted(claim_id=row.id, employee_id=row.employee_id, total=row.total))
    instance = expense_approvals.submit_if_needed(row, e, lines)
    if instance is None:
        row.status, row.decided_by = rules.transition(row.status, "approve"), ctx.actor[:120]
        uow.session.flush()
        uow.emit(ExpenseClaimDecided(claim_id=row.id, employee_id=row.employee_id, status="approved"))
        post(uow, row, e, lines)
    return _view(uow, row, e)


def post(uow: UnitOfWork, row: ExpenseClaimRow, e: object, lines: list[rules.ClaimLine]) -> None:
    """Post an approved claim's journal through finance as hr (on behalf of the current user: the submitter)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    status = rules.transition(row.status, "post")
    label = f"{e.code} {e.name}"[:80]
    posting = rules.journal_lines(lines, has_project=row.project_id is not None, label=label)
    with context.calling_as(MODULE):
        entry = finance.post_entry(row.company_id, finance.EntryIn(
            journal_type="general", entry_date=row.claim_date, narration=f"Expense claim {label}"[:200],
            reference=f"EXP-{str(row.id)[:8]}",
            lines=[finance.LineIn(account_code=p.account_code, debit=p.debit, credit=p.credit, memo=p.memo,
                                  project_id=row.project_id if p.debit else None) for p in posting]))
    row.status, row.entry_id, row.entry_number = status, entry.id, entry.number or ""
    uow.session.flush()
    uow.emit(ExpenseClaimPosted(claim_id=row.id, employee_id=row.employee_id, company_id=row.company_id,
                                entry_id=entry.id, total=row.total))


@command("hr.expense.post", scope="hr.post_expense_claim")
def post_claim(uow: UnitOfWork, claim_id: UUID, expected_version: int | None = None) -> ExpenseClaimView:
    """Post an approved claim whose journal finance refused when it was approved (a closed period, no fiscal
    year): once that is put right, post it again."""
    row = _load(uow, claim_id)
    check_version(row, expected_version, "expense claim")
    e = people.employee(row.employee_id)
    post(uow, row, e, domain_lines(uow, row.id))
    return _view(uow, row, e)


def post_after_approval(uow: UnitOfWork, row: ExpenseClaimRow) -> None:
    """The approval is through (called by the handler, acting as hr for the submitter): post, or keep the claim
    approved with finance's refusal as its comment when finance refuses (`post_claim` posts it later)."""
    e = people.employee(row.employee_id)
    try:
        with uow.session.begin_nested():
            post(uow, row, e, domain_lines(uow, row.id))
    except DomainError as exc:
        log.warning("approved expense claim not posted", claim_id=str(row.id), code=exc.code)
        uow.session.refresh(row)
        row.comment = f"{exc.code}: {exc.message}"[:400]
        uow.session.flush()


@query("hr.expense.post", scope="hr.expense_payment_accounts")
def payment_accounts(uow: UnitOfWork, company_id: UUID) -> list[PaymentAccountView]:
    """The company's bank and cash accounts an employee may be paid from (for who pays claims): active, postable
    asset accounts of the chart whose subtype is cash or bank (read through finance as hr, which `uses`
    finance.account.view), by code."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    context.require_company(company_id, "company", company_id, field="company_id")
    with context.calling_as(MODULE):
        chart = finance.list_accounts(company_id)
    return [PaymentAccountView(code=a.code, name=a.name, name_bn=a.name_bn or "", subtype=a.subtype or "")
            for a in sorted(chart, key=lambda a: a.code)
            if a.account_type == "asset" and a.subtype in rules.PAY_SUBTYPES and a.is_active and not a.is_group]


@command("hr.expense.post", scope="hr.pay_expense_claims")
def pay_claims(uow: UnitOfWork, data: ExpenseClaimPayInput) -> list[ExpenseClaimView]:
    """Pay posted claims of one employee from a bank or cash account: one payment journal through finance as hr on
    behalf of the user, dated `paid_on`, Dr employee payable (the claims' total) / Cr the account; each claim becomes
    `paid` with the journal's reference. Refused whole, naming the field, with nothing changed: no claim, a claim
    named twice, claims of two employees, a claim not posted or paid already (`claim_ids[N]`), an account not one of
    the company's bank or cash accounts (`account_code`), a date before a claim's (`paid_on`). A retry with the
    same idempotency key answers the first payment."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    rows = []
    for i, cid in enumerate(data.claim_ids):
        try:
            rows.append(_load(uow, cid))
        except DomainError as exc:
            exc.field = f"claim_ids[{i}]"
            raise
    rules.check_pay_selection([(r.id, r.status, r.employee_id, r.entry_number or str(r.id)[:8]) for r in rows])
    company_id = rows[0].company_id
    for i, r in enumerate(rows):
        if r.company_id != company_id:
            raise ValidationFailed("hr.expense_pay_one_employee", "Claims paid together must be one employee's",
                                   "একসাথে পরিশোধ করা দাবিগুলো একজন কর্মীর হতে হবে", field=f"claim_ids[{i}]")
    account = account_code = data.account_code.strip()  # as typed
    allowed = {a.code for a in payment_accounts(company_id)}
    if account not in allowed:
        raise ValidationFailed("hr.expense_pay_account", f"Account '{account}' is not one of the company's bank or "
                               "cash accounts", f"হিসাব '{account_code}' কোম্পানির ব্যাংক বা নগদ হিসাবের একটি নয়",
                               field="account_code", details={"allowed": sorted(allowed)})
    on = data.paid_on or clock.today()
    late = max(r.claim_date for r in rows)
    if on < late:
        raise ValidationFailed("hr.expense_paid_before_claim", f"Paid on {on}, before the claim's date {late}",
                               f"পরিশোধের তারিখ {to_bangla_digits(str(on))}, দাবির তারিখ {to_bangla_digits(str(late))}-এর আগে", field="paid_on",
                               details={"paid_on": str(on), "claim_date": str(late)})
    e = people.employee(rows[0].employee_id)
    if e.user_id is not None and e.user_id == context.current().user_id:
        raise PayingOwnClaim()
    label = f"{e.code} {e.name}"[:80]
    total = sum((r.total for r in rows), rules.ZERO)
    refs = ", ".join(r.entry_number or f"EXP-{str(r.id)[:8]}" for r in rows)
    with context.calling_as(MODULE):
        try:
            entry = finance.post_entry(company_id, finance.EntryIn(
                journal_type="payment", entry_date=on, narration=f"Expense claims paid to {label}: {refs}"[:500],
                reference=f"EXP-PAID-{str(rows[0].id)[:8]}",
                lines=[finance.LineIn(account_code=rules.EMPLOYEE_PAYABLE, debit=total, memo=f"Paid to {label}"[:200]),
                       finance.LineIn(account_code=account, credit=total, memo=f"Expense claims {label}"[:200])]))
        except DomainError as exc:  # finance's refusal named in this command's fields (a closed period: paid_on)
            field = exc.field or ""
            exc.field = ("paid_on" if field.startswith("entry_date") else
                         "account_code" if field.startswith("lines[1]") else field or None)
            raise
    actor = context.current().actor[:120]
    for r in rows:
        r.status = rules.transition(r.status, "pay")
        r.paid_on, r.paid_entry_id, r.paid_entry_number = on, entry.id, entry.number or ""
        r.paid_account, r.paid_by = account, actor
    uow.session.flush()
    for r in rows:
        uow.emit(ExpenseClaimPaid(claim_id=r.id, employee_id=r.employee_id, company_id=company_id, entry_id=entry.id,
                                  account_code=account, total=r.total))
    return [_view(uow, r, e) for r in rows]


@command("hr.expense.submit", scope="hr.withdraw_expense_claim")
def withdraw_claim(uow: UnitOfWork, claim_id: UUID, comment: str = "",
                   expected_version: int | None = None) -> ExpenseClaimView:
    """Take back a submitted claim before it is decided: its approval is withdrawn and it is a draft again."""
    row = _load_own(uow, claim_id)
    check_version(row, expected_version, "expense claim")
    row.status = rules.transition(row.status, "withdraw")
    row.comment = comment.strip()[:400]
    expense_approvals.withdraw(row, comment)
    uow.session.flush()
    uow.emit(ExpenseClaimDecided(claim_id=row.id, employee_id=row.employee_id, status="withdrawn"))
    return _view(uow, row)


@command("hr.expense.submit", scope="hr.cancel_expense_claim")
def cancel_claim(uow: UnitOfWork, claim_id: UUID, expected_version: int | None = None) -> ExpenseClaimView:
    row = _load_own(uow, claim_id)
    check_version(row, expected_version, "expense claim")
    row.status = rules.transition(row.status, "cancel")
    uow.session.flush()
    uow.emit(ExpenseClaimDecided(claim_id=row.id, employee_id=row.employee_id, status="cancelled"))
    return _view(uow, row)


@query("hr.expense.view", scope="hr.get_expense_claim_any")
def _get_any(uow: UnitOfWork, claim_id: UUID) -> ExpenseClaimView:
    return _view(uow, _load(uow, claim_id))


@query("hr.expense.submit", scope="hr.get_expense_claim_own")
def _get_own(uow: UnitOfWork, claim_id: UUID) -> ExpenseClaimView:
    row = _load(uow, claim_id)
    if row.created_by_id is None or row.created_by_id != context.current().user_id:
        raise domain.NotFoundInHr("expense claim", "খরচের দাবি", claim_id)
    return _view(uow, row)


def get_claim(claim_id: UUID) -> ExpenseClaimView:
    """A claim: any of the company's with `hr.expense.view`, else one's own (`hr.expense.submit`)."""
    return _get_any(claim_id) if _sees_all() else _get_own(claim_id)


def _list(uow: UnitOfWork, company_id: UUID, employee_id: UUID | None, status: str | None, limit: int,
          own: bool) -> list[ExpenseClaimView]:
    context.require_company(company_id, "company", company_id, field="company_id")
    q = select(ExpenseClaimRow).where(ExpenseClaimRow.company_id == company_id)
    if own:
        q = q.where(ExpenseClaimRow.created_by_id == context.current().user_id)
    if employee_id:
        q = q.where(ExpenseClaimRow.employee_id == employee_id)
    if status:
        q = q.where(ExpenseClaimRow.status == status)
    rows = list(uow.session.scalars(q.order_by(ExpenseClaimRow.claim_date.desc(), ExpenseClaimRow.created_at.desc())
                                    .limit(max(1, min(limit, 500)))))
    everyone = people.employees(company_id) if rows else {}
    return [_view(uow, r, everyone[r.employee_id]) for r in rows if r.employee_id in everyone]


@query("hr.expense.view", scope="hr.list_expense_claims_any")
def _list_any(uow: UnitOfWork, company_id: UUID, employee_id: UUID | None, status: str | None,
              limit: int) -> list[ExpenseClaimView]:
    return _list(uow, company_id, employee_id, status, limit, own=False)


@query("hr.expense.submit", scope="hr.list_expense_claims_own")
def _list_own(uow: UnitOfWork, company_id: UUID, employee_id: UUID | None, status: str | None,
              limit: int) -> list[ExpenseClaimView]:
    return _list(uow, company_id, employee_id, status, limit, own=True)


def list_claims(company_id: UUID, employee_id: UUID | None = None, status: str | None = None,
                limit: int = 200) -> list[ExpenseClaimView]:
    """The company's claims, newest first (with `hr.expense.view`), else the ones the user made."""
    ctx = context.current()
    if _sees_all():
        return _list_any(company_id, employee_id, status, limit)
    if not ctx.can("hr.expense.submit"):
        raise PermissionDenied("hr.expense.view")
    return _list_own(company_id, employee_id, status, limit)
