"""Pages of payroll (thin: the service decides everything)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import context, forms
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import to_ascii_digits
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, locale_of, render

from . import approvals, service
from .domain.run import RATE_SETTINGS
from .domain.settings_accounts import ACCOUNT_SETTINGS
from .schemas import (
    AdvanceInput,
    EmployeeChange,
    EmployeeView,
    PaymentInput,
    PaymentUndoInput,
    SettingsChange,
    SettlementInput,
)
from .service import transfers as transfers_service

router = APIRouter(prefix="/payroll", include_in_schema=False)
ACTIVE_PROJECT = ("planned", "active", "on_hold")


def _company(request: Request, company: UUID | None) -> UUID | None:
    from vextrus.modules.organization import api as organization

    if company is not None:
        return company
    active = context.current().company_id
    if active is not None:
        return active
    companies = sorted(organization.list_companies(), key=lambda c: c.code)
    return companies[0].id if companies else None


@router.get("", response_class=HTMLResponse)
def page(request: Request, company: UUID | None = None, after: str | None = None) -> HTMLResponse:
    cid = _company(request, company)
    employees = service.list_employees(cid, 100, after) if cid else None
    can = cid and context.current().can("payroll.payslip.view")
    runs = service.list_runs(cid, 24) if can else None
    wage_runs = service.list_wage_runs(cid, 50) if can else None
    return render(request, "payroll/index.html", company_id=cid, employees=employees, runs=runs,
                  wage_runs=wage_runs)


# the settings page's sections: (catalogue key of the heading, the settings it shows, in this order)
SETTING_SECTIONS = (("payroll.settings_accounts", tuple(ACCOUNT_SETTINGS)),
                    ("payroll.settings_rates", RATE_SETTINGS),
                    ("payroll.settings_rules", ("pf_vesting_years", "leave_encash_on_request", "gratuity_provision")))
FLAG_SETTINGS = ("leave_encash_on_request", "gratuity_provision")


def _setting_label(key: str, locale: str) -> str:
    from vextrus.platform import i18n

    return i18n.translate(f"payroll.setting_{key}", locale, ("vextrus.modules.payroll",))


def _settings_page(request: Request, cid: UUID | None, status_code: int = 200, exc: DomainError | None = None,
                   form: dict[str, str] | None = None) -> HTMLResponse:
    """The settings page: every setting with its label, the account settings as selects of the company's active
    posting accounts of the types the setting allows; a refusal's message in the page's language at its field."""
    current = service.get_settings(cid) if cid else None
    accounts = service.account_choices(cid) if cid else []
    error = field = None
    if exc is not None:
        field = getattr(exc, "field", None)
        if exc.code == "payroll.setting_invalid" and field:  # the rule names the setting by its code: use its label
            exc.message = f"{_setting_label(field, 'en')}: out of range"
            label_bn = _setting_label(field, "bn")
            exc.message_bn = f"{label_bn}: সীমার বাইরে"
        error = error_text(request, exc)
    return render(request, "payroll/settings.html", status_code=status_code, company_id=cid, settings=current,
                  accounts=accounts, allowed={k: v[0] for k, v in ACCOUNT_SETTINGS.items()},
                  sections=SETTING_SECTIONS, flags=FLAG_SETTINGS,
                  setting_keys=[k for _, keys in SETTING_SECTIONS for k in keys], error=error, error_field=field, form=form or {})


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, company: UUID | None = None) -> HTMLResponse:
    """The company's payroll settings (a user who may prepare runs reads them; one who may approve runs saves)."""
    return _settings_page(request, _company(request, company))


@router.post("/settings", response_model=None)
def save_settings(request: Request, form: FormBody) -> HTMLResponse | RedirectResponse:
    """Save the settings through the service (which checks the permission, the version seen and each account
    against the chart); the form's idempotency key makes a double click save once."""
    typed = {k: to_ascii_digits(str(form.get(k) or "")).strip() for k in form if k != "csrf_token"}
    cid = _uuid(typed.get("company_id", ""), "company_id") if typed.get("company_id") else None
    cid = cid or _company(request, None)
    try:
        version = forms.integer(typed.get("expected_version"), "expected_version")
        labels = {k: (_setting_label(k, "en"), _setting_label(k, "bn")) for k in SettingsChange.model_fields}
        data = forms.model_from_form(SettingsChange, typed, labels=labels)
        if cid is None:
            raise ValidationFailed("payroll.company_unknown", "Create a company first",
                                   "আগে একটি কোম্পানি তৈরি করুন", field="company_id")
        service.change_settings(cid, data, version, idempotency_key=typed.get("idempotency_key") or None)
    except DomainError as exc:
        return _settings_page(request, cid, exc.status, exc, typed)
    return RedirectResponse(f"/payroll/settings?company={cid}&saved=1", status_code=303)


@router.get("/employees/{employee_id}", response_class=HTMLResponse)
def employee(request: Request, employee_id: UUID) -> HTMLResponse:
    e = service.get_employee(employee_id)
    may = context.current().can("payroll.payslip.view") and not e.daily_wage
    return render(request, "payroll/employee.html", e=e, tax_years=service.certificate_years(employee_id) if may else [],
                  settlement=service.get_settlement(employee_id), **_reporting(e))


@router.post("/employees/{employee_id}/settlement", response_model=None)
def settlement(request: Request, employee_id: UUID, form: FormBody) -> HTMLResponse | RedirectResponse:
    """The employee page's settlement form: the kind, the last day, the notice given (a draft, computed again)."""
    values = {k: str(form.get(k) or "").strip() for k in ("kind", "last_day", "notice_given_days", "reason")}
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        day = forms.day(values["last_day"], "last_day", required=True)
        notice = forms.integer(values["notice_given_days"] or "0", "notice_given_days")
        service.draft_settlement(employee_id, SettlementInput(kind=values["kind"], last_day=day,
                                                              notice_given_days=notice or 0, reason=values["reason"]),
                                 version)
    except DomainError as exc:
        return _employee_page(request, employee_id, exc, settlement_form=values)
    return RedirectResponse(f"/payroll/employees/{employee_id}#settlement", status_code=303)


@router.post("/employees/{employee_id}/settlement/reverse", response_model=None)
def settlement_reverse(request: Request, employee_id: UUID, form: FormBody) -> HTMLResponse | RedirectResponse:
    """The employee page's Reverse form on a posted settlement (a user who may approve settlements): the reason,
    the reversal's date (empty: the last day, the journal's date), the version seen, the form's idempotency key
    (a second click reverses once). A refusal is shown on the page next to its field, in the page's language."""
    values = {k: str(form.get(k) or "").strip() for k in ("reason", "reversal_date")}
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        on = forms.day(values["reversal_date"], "reversal_date")
        service.reverse_settlement(employee_id, values["reason"], on, version,
                                   idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return _employee_page(request, employee_id, exc, reversal_form=values,
                              reversal_error_field=getattr(exc, "field", None))
    return RedirectResponse(f"/payroll/employees/{employee_id}#settlement", status_code=303)


@router.post("/employees/{employee_id}/settlement/{action}", response_model=None)
def settlement_act(request: Request, employee_id: UUID, action: Literal["approve", "post"],
                   form: FormBody) -> HTMLResponse | RedirectResponse:
    """Approve the draft settlement, then post it (the employee leaves)."""
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        (service.approve_settlement if action == "approve" else service.post_settlement)(employee_id, version)
    except DomainError as exc:
        return _employee_page(request, employee_id, exc)
    return RedirectResponse(f"/payroll/employees/{employee_id}#settlement", status_code=303)


@router.get("/employees/{employee_id}/settlement.pdf")
def settlement_pdf(request: Request, employee_id: UUID, lang: str | None = None) -> Response:
    """The settlement statement in the page's language."""
    doc = service.settlement_pdf(employee_id, lang or locale_of(request))
    return Response(doc.content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{doc.filename}"'})


def _employee_page(request: Request, employee_id: UUID, exc: DomainError, **extra: object) -> HTMLResponse:
    e = service.get_employee(employee_id)
    return render(request, "payroll/employee.html", status_code=exc.status, e=e, tax_years=[],
                  settlement=service.get_settlement(employee_id), settlement_error=error_text(request, exc),
                  **extra, **_reporting(e))


def _reporting(e: EmployeeView) -> dict[str, object]:
    """The reporting line section: the manager's name, the user account's e-mail, the company's people to pick;
    and the transfers section: the history, the projects (names, and the active ones to choose from)."""
    people = [x for x in service.list_employees(e.company_id, 500).items if x.status == "active" and x.id != e.id]
    projects = transfers_service.projects_by_id()
    return {"colleagues": people, "manager": next((x for x in people if x.id == e.manager_id), None)
            if e.manager_id else None, "user_email": service.user_email(e.user_id),
            "transfers": service.list_transfers(e.id), "projects": projects,
            "project_choices": sorted((p for p in projects.values() if p.status in ACTIVE_PROJECT),
                                      key=lambda p: p.code)}


@router.post("/employees/{employee_id}/transfers", response_model=None)
def transfer(request: Request, employee_id: UUID, form: FormBody) -> HTMLResponse | RedirectResponse:
    """The employee page's transfer form: the project (empty: head office), the date it takes effect, the reason."""
    values = {k: str(form.get(k) or "").strip() for k in ("project_id", "effective_on", "reason")}
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        day = forms.day(values["effective_on"], "effective_on", required=True)
        service.transfer_employee(employee_id, _uuid(values["project_id"], "project_id"), day, values["reason"],
                                  version)
    except DomainError as exc:
        e = service.get_employee(employee_id)
        return render(request, "payroll/employee.html", status_code=exc.status, e=e, tax_years=[],
                      settlement=service.get_settlement(employee_id), transfer_error=error_text(request, exc),
                      transfer_form=values, **_reporting(e))
    return RedirectResponse(f"/payroll/employees/{employee_id}#transfers", status_code=303)


def _uuid(text: str, field: str) -> UUID | None:
    try:
        return UUID(text) if text else None
    except ValueError:
        raise ValidationFailed("invalid_input", "Choose from the list", "তালিকা থেকে বেছে নিন", field=field) from None


@router.post("/employees/{employee_id}/reporting", response_model=None)
def reporting(request: Request, employee_id: UUID, form: FormBody) -> HTMLResponse | RedirectResponse:
    """The employee page's reporting line form: whom the employee reports to, and their user account (by e-mail)."""
    values = {k: str(form.get(k) or "").strip() for k in ("manager_id", "user_email")}
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        user_id = None
        if values["user_email"]:
            user_id = service.user_for_email(values["user_email"])
            if user_id is None:
                raise ValidationFailed("payroll.user_email_unknown", "No user has this e-mail",
                                       "এই ই-মেইলের কোনো ব্যবহারকারী নেই", field="user_email")
        manager = _uuid(values["manager_id"], "manager_id")
        service.change_employee(employee_id, EmployeeChange(manager_id=manager, user_id=user_id),
                                expected_version=version)
    except DomainError as exc:
        e = service.get_employee(employee_id)
        return render(request, "payroll/employee.html", status_code=exc.status, e=e, reporting_error=error_text(
            request, exc), reporting_form=values, tax_years=[], **_reporting(e))
    return RedirectResponse(f"/payroll/employees/{employee_id}#reporting", status_code=303)


REPORTS = ("salary-register", "tax-deducted", "pf-ledger", "labour-cost")
ReportName = Literal["salary-register", "tax-deducted", "pf-ledger", "labour-cost"]


@router.get("/reports", response_class=HTMLResponse)
def reports(request: Request, company: UUID | None = None) -> HTMLResponse:
    """The reports' page: each report with its month or income year (the latest posted month's by default)."""
    return _report_page(request, None, _company(request, company), None, None)


@router.get("/reports/{report}.{fmt}")
def report_file(request: Request, report: ReportName, fmt: str, company: UUID | None = None,
                month: str | None = None, tax_year: str | None = None) -> Response:
    """The report page's CSV and XLSX links, headed in the page's language."""
    cid = _company(request, company)
    if cid is None:
        return RedirectResponse("/payroll/reports", status_code=303)
    name, media, content = service.report_file(report, cid, fmt, locale_of(request), month, tax_year)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/reports/{report}", response_class=HTMLResponse)
def report(request: Request, report: ReportName, company: UUID | None = None, month: str | None = None,
           tax_year: str | None = None) -> HTMLResponse:
    return _report_page(request, report, _company(request, company), month, tax_year)


def _report_page(request: Request, report: str | None, cid: UUID | None, month: str | None,
                 tax_year: str | None) -> HTMLResponse:
    from .service import reports as rep

    latest = rep.latest_posted_month(cid) if cid else None
    month = month or (f"{latest:%Y-%m}" if latest else "")
    tax_year = tax_year or (rep.domain.tax_year_of(latest) if latest else "")
    columns, rows, view, error, status = [], [], None, None, 200
    if cid and report:
        try:
            view = rep.load(report, cid, month, tax_year)
            columns, rows = rep.table(report, view, locale_of(request))
        except DomainError as exc:
            error, status = error_text(request, exc), exc.status
    return render(request, "payroll/reports.html", status_code=status, company_id=cid, report=report,
                  reports=REPORTS, month=month, tax_year=tax_year, columns=columns, rows=rows, view=view, error=error)


@router.get("/employees/{employee_id}/tax-certificate/{tax_year}.pdf")
def tax_certificate(request: Request, employee_id: UUID, tax_year: str, lang: str | None = None) -> Response:
    """The employee's certificate of tax deducted from salary for the income year, in the page's language."""
    name, pdf = service.tax_certificate_pdf(employee_id, tax_year, lang or locale_of(request))
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.post("/employees/{employee_id}/payment-details", response_model=None)
def payment_details(request: Request, employee_id: UUID, form: FormBody) -> HTMLResponse | RedirectResponse:
    """The employee page's payment details form (bank, branch, routing number, MFS provider, account or wallet)."""
    from .domain import check_payment_details

    fields = ("payment_method", "account_no", "bank_name", "bank_branch", "routing_no", "mfs_provider")
    values = {k: str(form.get(k) or "").strip() for k in fields}
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        check_payment_details(values["routing_no"], values["mfs_provider"])  # before the lengths: the rule's message
        service.change_employee(employee_id, EmployeeChange(**values), expected_version=version)
    except DomainError as exc:
        e = service.get_employee(employee_id)
        return render(request, "payroll/employee.html", status_code=exc.status, e=e,
                      error=error_text(request, exc), form=values, **_reporting(e))
    return RedirectResponse(f"/payroll/employees/{employee_id}", status_code=303)


def _pay(kind: str, run) -> object:
    """A posted run's disbursement (bank, MFS, cash, errors) for its page, for a user who may view payslips."""
    return service.disbursement(kind, run.id) if run.status in ("posted", "paid") and context.current().can(
        "payroll.payslip.view") else None


def _run_page(request: Request, kind: str, run_id: UUID, status_code: int = 200, **extra) -> HTMLResponse:
    """A run's page (monthly or wage): the run, its disbursement when posted, its approval when it has one."""
    r = service.get_run(run_id) if kind == "runs" else service.get_wage_run(run_id)
    needs, approval = approvals.approval_state("monthly" if kind == "runs" else "wage", run_id)
    rejection = next((h for h in reversed(approval.history) if h.kind == "rejected"), None) \
        if approval is not None and approval.status == "rejected" else None
    template = "payroll/run.html" if kind == "runs" else "payroll/wage_run.html"
    if kind == "runs":  # against the last posted month: per employee net, new and left
        extra.setdefault("diff", service.run_differences(run_id))
    undos = service.payment_undos(kind, run_id) if context.current().can("payroll.payslip.view") else []
    return render(request, template, status_code=status_code, run=r, pay=_pay(kind, r), needs_approval=needs,
                  approval=approval, rejection=rejection, payment_undos=undos, **extra)


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run(request: Request, run_id: UUID) -> HTMLResponse:
    return _run_page(request, "runs", run_id)


@router.get("/wage-runs/{run_id}", response_class=HTMLResponse)
def wage_run(request: Request, run_id: UUID) -> HTMLResponse:
    return _run_page(request, "wage-runs", run_id)


@router.get("/{kind}/{run_id}/disbursement/{name}.{fmt}")
def disbursement_file(request: Request, kind: Literal["runs", "wage-runs"], run_id: UUID, name: str, fmt: str,
                      lang: str | None = None) -> Response:
    """The run page's links: bank advice, MFS files and cash list as CSV or XLSX, headers in the page's language;
    the BEFTN file refused shows the run page with every bad line in its language."""
    try:
        fname, media, content, _ = service.disbursement_file(
            kind, run_id, name, fmt, lang or ("bn" if request.cookies.get("lang") == "bn" else "en"))
    except DomainError as exc:
        if name != "beftn":
            raise
        return _run_page(request, kind, run_id, exc.status, error=error_text(request, exc),
                         beftn_errors=(exc.details or {}).get("errors", []))
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{fname}"'})


@router.get("/advances", response_class=HTMLResponse)
def advances(request: Request, company: UUID | None = None, after: str | None = None) -> HTMLResponse:
    return _advances(request, _company(request, company), after)


def _advances(request: Request, cid: UUID | None, after: str | None = None, **extra) -> HTMLResponse:
    page = service.list_advances(cid, None, 100, after) if cid else None
    ctx = context.current()
    people = ([e for e in service.list_employees(cid, 500).items if e.status == "active"]
              if cid and ctx.can("payroll.advance.manage") and ctx.can("payroll.employee.view") else [])
    return render(request, "payroll/advances.html", company_id=cid, advances=page, employees=people, **extra)


@router.post("/advances", response_model=None)
def give_advance(request: Request, form: FormBody) -> HTMLResponse | RedirectResponse:
    """The form giving an advance or loan: refused input is shown again with the field marked, nothing written."""
    cid = _company(request, None)
    try:
        data = forms.model_from_form(AdvanceInput, form)
        made = service.give_advance(data)
    except DomainError as exc:
        return forms.refused(request, "payroll/advances.html", exc, form=form, company_id=cid,
                             advances=service.list_advances(cid, None, 100) if cid else None,
                             employees=[e for e in service.list_employees(cid, 500).items if e.status == "active"]
                             if cid else [])
    return RedirectResponse(f"/payroll/advances/{made.id}", status_code=303)


@router.get("/advances/{advance_id}", response_class=HTMLResponse)
def advance(request: Request, advance_id: UUID) -> HTMLResponse:
    return render(request, "payroll/advance.html", a=service.get_advance(advance_id))


@router.post("/advances/{advance_id}/cancel", response_model=None)
def cancel_advance(request: Request, advance_id: UUID, form: FormBody) -> HTMLResponse | RedirectResponse:
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        service.cancel_advance(advance_id, expected_version=version)
    except DomainError as exc:
        return render(request, "payroll/advance.html", status_code=exc.status, a=service.get_advance(advance_id),
                      error=error_text(request, exc))
    return RedirectResponse(f"/payroll/advances/{advance_id}", status_code=303)


_ACTIONS = {"runs": (service.approve_run, service.post_run),
            "wage-runs": (service.approve_wage_run, service.post_wage_run)}


@router.post("/{kind}/{run_id}/reverse", response_model=None)
def reverse(request: Request, kind: Literal["runs", "wage-runs"], run_id: UUID,
            form: FormBody) -> HTMLResponse | RedirectResponse:
    """The run page's Reverse form: the reason, the reversal's date (empty: the posting date), the version seen."""
    act = service.reverse_run if kind == "runs" else service.reverse_wage_run
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        on = forms.day(form.get("reversal_date"), "reversal_date") if form.get("reversal_date") else None
        act(run_id, str(form.get("reason") or ""), on, expected_version=version)
    except DomainError as exc:
        return _run_page(request, kind, run_id, exc.status, error=error_text(request, exc), form=form,
                         reversal_error_field=getattr(exc, "field", None))
    return RedirectResponse(f"/payroll/{kind}/{run_id}", status_code=303)


@router.post("/{kind}/{run_id}/pay", response_model=None)
def pay(request: Request, kind: Literal["runs", "wage-runs"], run_id: UUID,
        form: FormBody) -> HTMLResponse | RedirectResponse:
    """The posted run page's Record payment form: the day paid, optionally one account, the version seen."""
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        on = forms.day(form.get("paid_on"), "paid_on", required=True)
        account = str(form.get("account_code") or "").strip() or None
        service.record_payment(kind, run_id, PaymentInput(paid_on=on, account_code=account, expected_version=version))
    except DomainError as exc:
        return _run_page(request, kind, run_id, exc.status, error=error_text(request, exc), pay_form=form)
    return RedirectResponse(f"/payroll/{kind}/{run_id}", status_code=303)


@router.post("/{kind}/{run_id}/undo-payment", response_model=None)
def undo_payment(request: Request, kind: Literal["runs", "wage-runs"], run_id: UUID,
                 form: FormBody) -> HTMLResponse | RedirectResponse:
    """The paid run page's Undo payment form: the reason, optionally the reversal's date, the version seen; a
    refusal at its field (reason, reversal date) or at the top."""
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        on = forms.day(form.get("reversal_date"), "reversal_date") if form.get("reversal_date") else None
        service.undo_payment(kind, run_id, PaymentUndoInput(reason=str(form.get("reason") or ""),
                                                            reversal_date=on, expected_version=version))
    except DomainError as exc:
        return _run_page(request, kind, run_id, exc.status, error=error_text(request, exc), form=form,
                         reversal_error_field=getattr(exc, "field", None))
    return RedirectResponse(f"/payroll/{kind}/{run_id}", status_code=303)


@router.post("/{kind}/{run_id}/submit-for-approval", response_model=None)
def submit_for_approval(request: Request, kind: Literal["runs", "wage-runs"], run_id: UUID,
                        form: FormBody) -> HTMLResponse | RedirectResponse:
    """The run page's Submit for approval button on a draft that needs approval: send it, then show the
    approval's page."""
    try:
        inst = approvals.submit_run("monthly" if kind == "runs" else "wage", run_id)
    except DomainError as exc:
        return _run_page(request, kind, run_id, exc.status, error=error_text(request, exc))
    return RedirectResponse(f"/workflow/instances/{inst.id}", status_code=303)


@router.post("/{kind}/{run_id}/{action}", response_model=None)
def decide(request: Request, kind: Literal["runs", "wage-runs"], run_id: UUID, action: Literal["approve", "post"],
           form: FormBody) -> HTMLResponse | RedirectResponse:
    """The run page's Approve / Post buttons. The form carries the version the user saw, so a run approved
    or changed meanwhile is refused (409) instead of acted on twice."""
    approve, post = _ACTIONS[kind]
    try:
        version = forms.integer(form.get("expected_version"), "expected_version")
        (approve if action == "approve" else post)(run_id, expected_version=version)
    except DomainError as exc:
        return _run_page(request, kind, run_id, exc.status, error=error_text(request, exc))
    return RedirectResponse(f"/payroll/{kind}/{run_id}", status_code=303)


@router.get("/payslips/{payslip_id}", response_class=HTMLResponse)
def payslip(request: Request, payslip_id: UUID) -> HTMLResponse:
    return render(request, "payroll/payslip.html", p=service.get_payslip(payslip_id))


@router.get("/payslips/{payslip_id}/pdf")
def payslip_pdf(request: Request, payslip_id: UUID, lang: str | None = None) -> Response:
    name, pdf = service.payslip_pdf(payslip_id, lang or ("bn" if request.cookies.get("lang") == "bn" else "en"))
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})
