"""Pages of hr (thin: the service decides everything): the site's day sheet (bulk entry, phone-sized), the
monthly muster roll (employees × days), leave applications and balances, expense claims (list, form, view)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.modules.payroll.api import WageRunRequest
from vextrus.platform import clock, context, forms, runtime
from vextrus.platform.errors import DomainError
from vextrus.platform.ids import new_id, parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, locale_of, render

from . import domain, service, settings
from .domain import expense as expense_rules
from .schemas import (
    AttendanceInput,
    ExpenseClaimInput,
    ExpenseClaimPayInput,
    ExpenseLineInput,
    LeaveInput,
    MusterInput,
    OfficeImportInput,
    PayrollFromMusterInput,
)

router = APIRouter(prefix="/hr", include_in_schema=False)


def _company(company: UUID | None) -> UUID | None:
    from vextrus.modules.organization import api as organization

    if company is not None:
        return company
    if context.current().company_id is not None:
        return context.current().company_id
    companies = sorted(organization.list_companies(), key=lambda c: c.code)
    return companies[0].id if companies else None


def _sites() -> list:
    if "projects" not in runtime.current().registry.names:
        return []
    from vextrus.modules.projects import api as projects

    from . import MODULE

    with context.calling_as(MODULE):  # site names only; hr declares projects.project.read in `uses`
        return sorted(projects.list_projects(), key=lambda p: p.code)


def _site_name(project_id: UUID | None, locale: str) -> str:
    for p in _sites():
        if p.id == project_id:
            return (getattr(p, "name_bn", "") or p.name) if locale == "bn" else p.name
    return str(project_id or "")


def _index(request: Request, company_id: UUID | None, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    today = clock.today()
    week_end = today - timedelta(days=(today.weekday() - 4) % 7)  # the last Friday: a week runs Saturday–Friday
    return render(request, "hr/index.html", status_code=status_code, company_id=company_id, sites=_sites(),
                  today=today, week_start=week_end - timedelta(days=6), week_end=week_end, error=error)


@router.get("", response_class=HTMLResponse)
def page(request: Request, company: UUID | None = None) -> HTMLResponse:
    context.current().require("hr.attendance.view")  # the page lists sites, which hr may read for anyone
    return _index(request, _company(company))


@router.get("/muster", response_class=HTMLResponse)
def muster(request: Request, project: UUID, day: date, company: UUID | None = None) -> HTMLResponse:
    cid = _company(company)
    m = service.get_muster(cid, project, day)
    return render(request, "hr/muster.html", m=m, statuses=list(domain.STATUSES), error=None,
                  site=_site_name(project, locale_of(request)))


@router.post("/muster")
def record(request: Request, form: FormBody) -> Response:
    cid, project = parse_id(form.get("company_id"), "company_id"), parse_id(form.get("project_id"), "project_id")
    day = forms.day(form.get("day"), "day", required=True)
    try:
        lines = []
        for k, v in form.multi_items():
            if k.startswith("status_") and v:
                eid = k.removeprefix("status_")
                lines.append(AttendanceInput(
                    employee_id=parse_id(eid, k), status=str(v),
                    hours=forms.decimal(form.get(f"hours_{eid}"), f"hours_{eid}") or 0,
                    overtime_hours=forms.decimal(form.get(f"ot_{eid}"), f"ot_{eid}") or 0))
        version = forms.integer(form.get("version"), "version") or None
        service.record_muster(MusterInput(company_id=cid, project_id=project, day=day, lines=lines,
                                          expected_version=version))
    except DomainError as exc:
        m = service.get_muster(cid, project, day)
        return render(request, "hr/muster.html", status_code=422, m=m, statuses=list(domain.STATUSES),
                      error=error_text(request, exc), site=_site_name(project, locale_of(request)))
    return RedirectResponse(f"/hr/muster?company={cid}&project={project}&day={day}", status_code=303)


@router.post("/muster/{muster_id}/approve")
def approve(request: Request, muster_id: UUID, form: FormBody) -> Response:
    m = service.approve_muster(muster_id, forms.integer(form.get("version"), "version") or None)
    return RedirectResponse(f"/hr/muster?company={m.company_id}&project={m.project_id}&day={m.day}", status_code=303)


@router.get("/muster/month", response_class=HTMLResponse)
def month(request: Request, project: UUID, month: str, company: UUID | None = None) -> HTMLResponse:
    first = date.fromisoformat(month + "-01" if len(month) == 7 else month)
    v = service.month_view(_company(company), project, first)
    return render(request, "hr/month.html", v=v, site=_site_name(project, locale_of(request)))


def _month_of(text: str | None) -> date:
    if not text:
        return clock.today().replace(day=1)
    try:
        return date.fromisoformat(text + "-01" if len(text) == 7 else text).replace(day=1)
    except ValueError:
        return clock.today().replace(day=1)


def _attendance_page(request: Request, cid: UUID | None, first: date, report: object | None = None,
                     content: str = "", error: str | None = None, status_code: int = 200) -> HTMLResponse:
    v = service.office_month(cid, first)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    days = [first + timedelta(days=i) for i in range(last.day)]
    by_day = {e.employee_id: {d.day: d for d in e.days} for e in v.employees}
    return render(request, "hr/attendance.html", status_code=status_code, v=v, days=days, by_day=by_day,
                  company_id=cid, report=report, content=content, error=error)


@router.get("/attendance", response_class=HTMLResponse)
def attendance(request: Request, month: str | None = None, company: UUID | None = None) -> HTMLResponse:
    """Office attendance from the check-in/out devices: the month per employee and day, and the CSV upload
    (checked first, then imported)."""
    return _attendance_page(request, _company(company), _month_of(month))


@router.post("/attendance/import")
def attendance_import(request: Request, form: FormBody) -> Response:
    """The upload: `check` (dry run: the report and an Import button carrying the file), `import` (all or
    nothing), `import_valid` (the valid rows only)."""
    import base64

    cid = parse_id(form.get("company_id"), "company_id")
    first = _month_of(str(form.get("month") or ""))
    action = str(form.get("action") or "check")
    upload = form.get("file")
    raw = upload.file.read() if upload is not None and hasattr(upload, "file") else b""
    name = getattr(upload, "filename", "") or str(form.get("filename") or "")
    if not raw and form.get("content"):
        raw = base64.b64decode(str(form.get("content")))
    try:
        if not raw:
            from vextrus.platform.errors import ValidationFailed

            raise ValidationFailed("hr.office_file_empty", "The file is empty", "ফাইলটি খালি", field="file")
        report = service.import_office_attendance(OfficeImportInput(
            company_id=cid, filename=name[:200], content=raw, dry_run=action == "check",
            mode="valid_only" if action == "import_valid" else "all_or_nothing"))
    except DomainError as exc:
        return _attendance_page(request, cid, first, error=error_text(request, exc), status_code=422)
    if report.dry_run:
        return _attendance_page(request, cid, first, report=report, content=base64.b64encode(raw).decode())
    return _attendance_page(request, cid, first, report=report)


@router.get("/leave", response_class=HTMLResponse)
def leave(request: Request, company: UUID | None = None, employee: UUID | None = None) -> HTMLResponse:
    return _leave_page(request, _company(company), employee, None, {})


def _leave_page(request: Request, cid: UUID | None, employee: UUID | None, error: str | None, form: dict,
                status_code: int = 200) -> HTMLResponse:
    from vextrus.modules.payroll import api as payroll

    from . import MODULE

    with context.calling_as(MODULE):
        staff = payroll.list_employees(cid, 500).items if cid else []
    bal = service.balances(employee, clock.today().year) if employee else None
    return render(request, "hr/leave.html", status_code=status_code, company_id=cid, staff=staff,
                  leaves=service.list_leave(cid) if cid else [], types=service.leave_types(), balances=bal,
                  carry_cap=settings.carry_cap(), employee=employee, error=error, form=form)


@router.post("/leave")
def apply(request: Request, form: FormBody) -> Response:
    values = {k: str(v) for k, v in form.items()}
    cid = parse_id(form.get("company_id"), "company_id")
    employee = parse_id(form.get("employee_id"), "employee_id")
    try:
        service.apply_leave(LeaveInput(employee_id=employee, leave_type=values.get("leave_type", ""),
                                       start=forms.day(form.get("start"), "start", required=True),
                                       end=forms.day(form.get("end"), "end", required=True),
                                       reason=values.get("reason", "")))
    except DomainError as exc:
        return _leave_page(request, cid, employee, error_text(request, exc), values, 422)
    return RedirectResponse(f"/hr/leave?company={cid}&employee={employee}", status_code=303)


@router.post("/leave/{leave_id}/{action}")
def decide(request: Request, leave_id: UUID, action: Literal["approve", "reject"]) -> Response:
    fn = service.approve_leave if action == "approve" else service.reject_leave
    v = fn(leave_id)
    return RedirectResponse(f"/hr/leave?company={v.company_id}", status_code=303)


@router.post("/payroll")
def payroll_run(request: Request, form: FormBody) -> Response:
    cid = parse_id(form.get("company_id"), "company_id")
    try:
        first = forms.day(f"{str(form.get('month') or '').strip()}-01", "month", required=True)
        run = service.prepare_payroll(PayrollFromMusterInput(company_id=cid, month=first))
    except DomainError as exc:
        return _index(request, cid, error_text(request, exc), 422)
    return RedirectResponse(f"/payroll/runs/{run.id}", status_code=303)


@router.post("/wage-runs")
def wage_run(request: Request, form: FormBody) -> Response:
    """The daily workers' wage run of a period from the approved muster rolls, then its page in payroll."""
    cid = parse_id(form.get("company_id"), "company_id")
    try:
        site = parse_id(form["project_id"], "project_id") if form.get("project_id") else None
        run = service.prepare_wage_run(WageRunRequest(
            company_id=cid, project_id=site,
            period_start=forms.day(form.get("period_start"), "period_start", required=True),
            period_end=forms.day(form.get("period_end"), "period_end", required=True)))
    except DomainError as exc:
        return _index(request, cid, error_text(request, exc), exc.status)
    return RedirectResponse(f"/payroll/wage-runs/{run.id}", status_code=303)


# ---- expense claims ------------------------------------------------------------------------------------------

BLANK_LINES = 5  # rows the form offers beyond the claim's own


def _staff(cid: UUID | None) -> list:
    from vextrus.modules.payroll import api as payroll

    from . import MODULE

    with context.calling_as(MODULE):
        return payroll.list_employees(cid, 500).items if cid else []


@router.get("/expenses", response_class=HTMLResponse)
def expenses(request: Request, company: UUID | None = None, employee: UUID | None = None,
             status: str | None = None) -> HTMLResponse:
    cid = _company(company)
    claims = service.list_claims(cid, employee, status or None) if cid else []
    return render(request, "hr/expenses.html", company_id=cid, claims=claims, employee=employee, status=status or "",
                  statuses=list(expense_rules.STATUS_BN), sites={p.id: p for p in _sites()})


def _claim_form(request: Request, cid: UUID | None, claim: object | None, form: dict, error: str | None,
                status_code: int = 200) -> HTMLResponse:
    if not form and claim is not None:
        form = {"employee_id": str(claim.employee_id), "claim_date": str(claim.claim_date),
                "project_id": str(claim.project_id or ""), "purpose": claim.purpose}
        for i, ln in enumerate(claim.lines):
            form |= {f"day_{i}": str(ln.day), f"category_{i}": ln.category, f"description_{i}": ln.description,
                     f"amount_{i}": str(ln.amount)}
    rows = len(claim.lines) + BLANK_LINES if claim is not None else BLANK_LINES
    return render(request, "hr/expense_form.html", status_code=status_code, company_id=cid, claim=claim, form=form,
                  error=error, staff=_staff(cid), sites=_sites(), categories=service.expense_categories(),
                  rows=range(max(rows, BLANK_LINES)), today=clock.today())


@router.get("/expenses/new", response_class=HTMLResponse)
def new_claim(request: Request, company: UUID | None = None) -> HTMLResponse:
    context.current().require("hr.expense.submit")
    cid = _company(company)
    mine = service.own_employee_id(cid) if cid else None  # the user's own employee record chosen at first
    return _claim_form(request, cid, None, {"employee_id": str(mine)} if mine else {}, None)


@router.get("/expenses/{claim_id}/edit", response_class=HTMLResponse)
def edit_claim(request: Request, claim_id: UUID) -> HTMLResponse:
    claim = service.get_claim(claim_id)
    return _claim_form(request, claim.company_id, claim, {}, None)


def _claim_input(form: dict) -> ExpenseClaimInput:
    lines = []
    for i in range(100):
        if f"amount_{i}" not in form:
            break
        if not any(str(form.get(f"{k}_{i}", "")).strip() for k in ("amount", "description")):
            continue  # a blank row
        n = len(lines)
        lines.append(ExpenseLineInput(
            day=forms.day(form.get(f"day_{i}"), f"lines[{n}].day", required=True),
            category=str(form.get(f"category_{i}", "")), description=str(form.get(f"description_{i}", "")),
            amount=forms.decimal(form.get(f"amount_{i}"), f"lines[{n}].amount", required=True)))
    return ExpenseClaimInput(
        employee_id=parse_id(form.get("employee_id"), "employee_id"),
        claim_date=forms.day(form.get("claim_date"), "claim_date", required=True),
        project_id=parse_id(form["project_id"], "project_id") if form.get("project_id") else None,
        purpose=str(form.get("purpose", "")), lines=lines)


@router.post("/expenses")
def save_claim(request: Request, form: FormBody) -> Response:
    """Save the draft (new or changed); "submit" sends it for approval as well."""
    values = {k: str(v) for k, v in form.items()}
    cid = parse_id(form.get("company_id"), "company_id")
    claim_id = parse_id(values["claim_id"], "claim_id") if values.get("claim_id") else None
    claim = None
    try:
        data = _claim_input(values)
        if claim_id is None:
            claim = service.create_claim(data)
        else:
            claim = service.update_claim(claim_id, data, forms.integer(values.get("version"), "version") or None)
        if values.get("then") == "submit":
            claim = service.submit_claim(claim.id)
    except DomainError as exc:
        current = service.get_claim(claim.id if claim else claim_id) if (claim or claim_id) else None
        return _claim_form(request, cid, current, values, error_text(request, exc), 422)
    return RedirectResponse(f"/hr/expenses/{claim.id}", status_code=303)


def _claim_page(request: Request, claim: object, error: str | None = None, status_code: int = 200,
                pay_form: dict | None = None) -> HTMLResponse:
    paying = claim.status == "posted" and context.current().can("hr.expense.post")
    return render(request, "hr/expense_claim.html", status_code=status_code, claim=claim,
                  site=_site_name(claim.project_id, locale_of(request)) if claim.project_id else "",
                  categories={c.code: c for c in service.expense_categories()}, error=error,
                  receipts="files" in runtime.current().registry.names,
                  pay_accounts=service.payment_accounts(claim.company_id) if paying else [],
                  pay_form=pay_form or {}, today=clock.today(), pay_key=(pay_form or {}).get("pay_key") or str(new_id()))


@router.get("/expenses/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: UUID) -> HTMLResponse:
    return _claim_page(request, service.get_claim(claim_id))


@router.post("/expenses/{claim_id}/{action}")
def claim_action(request: Request, claim_id: UUID, action: Literal["submit", "withdraw", "cancel", "post", "pay"],
                 form: FormBody) -> Response:
    version = forms.integer(form.get("version"), "version") or None
    try:
        if action == "withdraw":
            service.withdraw_claim(claim_id, str(form.get("comment", "")), version)
        elif action == "pay":
            service.pay_claims(ExpenseClaimPayInput(
                claim_ids=[claim_id], account_code=str(form.get("account_code", "")),
                paid_on=forms.day(form.get("paid_on"), "paid_on")), idempotency_key=str(form.get("pay_key", "")) or None)
        else:
            {"submit": service.submit_claim, "cancel": service.cancel_claim, "post": service.post_claim}[action](
                claim_id, version)
    except DomainError as exc:
        return _claim_page(request, service.get_claim(claim_id), error_text(request, exc), exc.status,
                           {k: str(v) for k, v in form.items()})
    return RedirectResponse(f"/hr/expenses/{claim_id}", status_code=303)
