"""Pages of invoicing (thin: the service decides everything): the list, a new invoice or bill, an invoice
with its journal entry and payments, the aging."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.forms import model_from_form, refused
from vextrus.platform.ids import new_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import render

from . import approvals, payment_approvals, service
from .schemas import (
    AdvanceAllocateInput,
    AdvanceAllocationReverseInput,
    AdvanceInput,
    AdvanceRefundInput,
    AllocationInput,
    CompanySettingsInput,
    InvoiceInput,
    InvoiceLineInput,
    InvoicePaymentInput,
    InvoicesPostInput,
    NoteInput,
    NoteLineInput,
    PaymentAllocationInput,
)
from .service import mushak

router = APIRouter(prefix="/invoicing", include_in_schema=False)
FORM_LINES = 5
MAX_LINES = 500  # rows an edit form may send (the domain refuses more lines)
LINE_FIELDS = ("description", "quantity", "unit_price", "discount", "vat_code", "activity_code", "project_id",
               "account_code")  # the last two ride in hidden fields of the edit form, so a page edit keeps them


def _company(company: UUID | None) -> UUID | None:
    from vextrus.modules.organization import api as organization

    if company is not None:
        return company
    active = context.current().company_id
    if active is not None:
        return active
    companies = sorted(organization.list_companies(), key=lambda c: c.code)
    return companies[0].id if companies else None


def _parties(kind: str) -> list:
    from vextrus.modules.master_data import api as master_data

    from . import MODULE

    with context.calling_as(MODULE):
        return master_data.search_parties("", role="customer" if kind == "sales" else "vendor", limit=100)


@router.get("", response_class=HTMLResponse)
def page(request: Request, company: UUID | None = None, kind: str | None = None,
         after: str | None = None) -> HTMLResponse:
    cid = _company(company)
    invoices = service.list_invoices(cid, kind or None, 100, after) if cid else None
    return render(request, "invoicing/index.html", company_id=cid, invoices=invoices, kind=kind or "")


@router.post("/post-selected", response_class=HTMLResponse)
def post_selected(request: Request, form: FormBody) -> Response:
    """The list's button: post the ticked drafts at once (service.post_invoices); the list again with what was
    posted and what was refused (each with its error in the page's language)."""
    from vextrus.platform.ids import parse_id

    cid = _company(None)
    try:
        cid = parse_id(str(form.get("company_id") or cid), "company_id")
        ids = [parse_id(str(v), f"invoice_ids[{i}]") for i, v in enumerate(form.getlist("invoice_ids"))]
        if not ids:
            raise ValidationFailed("invoicing.none_selected", "Tick the drafts to post",
                                   "পোস্ট করার খসড়াগুলো টিক দিন", field="invoice_ids")
        result = service.post_invoices(InvoicesPostInput(company_id=cid, invoice_ids=ids))
    except DomainError as exc:
        return refused(request, "invoicing/index.html", exc, form=form, company_id=cid, kind="",
                       invoices=service.list_invoices(cid, None, 100, None) if cid else None)
    return render(request, "invoicing/index.html", company_id=cid, kind="", result=result,
                  invoices=service.list_invoices(cid, None, 100, None))


def _new(request: Request, cid: UUID | None, kind: str, status_code: int = 200, **values: object) -> HTMLResponse:
    # the form lists the company's customers or vendors (read as invoicing): only for those who may make drafts,
    # not any signed-in user (a portal customer saw every customer's name here)
    context.current().require("invoicing.invoice.manage")
    values.setdefault("form", {})
    values.setdefault("error", None)
    return render(request, "invoicing/new.html", status_code=status_code, company_id=cid, kind=kind,
                  parties=_parties(kind), rows=range(FORM_LINES), today=date.today().isoformat(), **values)


@router.get("/new", response_class=HTMLResponse)
def new(request: Request, company: UUID | None = None, kind: str = "sales") -> HTMLResponse:
    return _new(request, _company(company), "purchase" if kind == "purchase" else "sales")


def _form_input(form: FormBody) -> InvoiceInput:
    """The draft typed in the new or edit form (blank line rows skipped), refused with the field's path."""
    lines = []
    rows = str(form.get("line_rows") or "").strip()
    for i in range(min(int(rows), MAX_LINES) if rows.isdigit() else FORM_LINES):
        raw = {f: form.get(f"lines-{i}-{f}", "") for f in LINE_FIELDS}
        if not str(raw["description"]).strip() and not str(raw["quantity"]).strip():
            continue
        try:
            lines.append(model_from_form(InvoiceLineInput, raw))
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, exc.message_bn, field=f"lines[{i}].{exc.field}",
                                   details=exc.details) from exc
    return model_from_form(InvoiceInput, form, only=("company_id", "kind", "party_id", "invoice_date", "due_date",
                                                     "reference", "narration"), lines=lines)


@router.post("/new", response_model=None)
def create(request: Request, form: FormBody) -> Response:
    kind = "purchase" if form.get("kind") == "purchase" else "sales"
    cid = _company(None)
    try:
        inv = service.create_invoice(_form_input(form))
    except DomainError as exc:
        return refused(request, "invoicing/new.html", exc, form=form, company_id=cid, kind=kind,
                       parties=_parties(kind), rows=range(FORM_LINES), today=date.today().isoformat())
    return RedirectResponse(f"/invoicing/invoices/{inv.id}", status_code=303)


def _book(company_id: UUID) -> str:
    """The company's ledger in finance's pages: finance names a company's book by the company's code
    (finance.api has no lookup of a company's book yet)."""
    from vextrus.modules.organization import api as organization

    c = organization.get_company(company_id)
    return c.code if c else str(company_id)


def _draft_form(inv: object) -> dict[str, object]:
    """The edit form of a draft, filled with the draft as stored."""
    out: dict[str, object] = {f: str(getattr(inv, f) or "") for f in ("party_id", "invoice_date", "due_date",
                                                                       "reference", "narration")}
    for i, ln in enumerate(inv.lines):  # type: ignore[attr-defined]
        for f in LINE_FIELDS:
            v = getattr(ln, f)
            out[f"lines-{i}-{f}"] = "" if v is None else (f"{v:f}" if f in ("quantity", "unit_price", "discount") else str(v))
    return out


def _invoice_page(request: Request, invoice_id: UUID, exc: DomainError | None = None, form: object = None) -> Response:
    inv = service.get_invoice(invoice_id)
    values = dict(inv=inv, book=_book(inv.company_id), today=date.today().isoformat(),
                  history_of=("invoicing.invoice", inv.id), approval=approvals.approval_state(invoice_id),
                  payment_drafts=service.list_payment_drafts(inv.company_id, inv.id))
    if inv.status == "draft":  # the edit form: the draft's lines and blank rows to add more
        values.update(parties=_parties(inv.kind), edit_rows=range(len(inv.lines) + 2))
        if form is None:
            form = _draft_form(inv)
    if exc is not None:
        values["approval_needed"] = exc.code == "invoicing.payment_approval_required"  # offer to submit it
        return refused(request, "invoicing/invoice.html", exc, form=form, **values)
    return render(request, "invoicing/invoice.html", error=None, form=form or {}, **values)


def _version(form: FormBody) -> int | None:
    raw = str(form.get("expected_version") or "").strip()
    return int(raw) if raw.isdigit() else None


@router.get("/invoices/{invoice_id}", response_class=HTMLResponse)
def invoice(request: Request, invoice_id: UUID) -> Response:
    return _invoice_page(request, invoice_id)


@router.post("/invoices/{invoice_id}/post", response_model=None)
def post(request: Request, invoice_id: UUID) -> Response:
    try:
        service.post_invoice(invoice_id)
    except DomainError as exc:
        return _invoice_page(request, invoice_id, exc)
    return RedirectResponse(f"/invoicing/invoices/{invoice_id}", status_code=303)


@router.post("/invoices/{invoice_id}/edit", response_model=None)
def edit(request: Request, invoice_id: UUID, form: FormBody) -> Response:
    """The draft's edit form: the whole draft again; a refusal shows the page with what was typed."""
    try:
        service.update_draft(invoice_id, _form_input(form), _version(form))
    except DomainError as exc:
        return _invoice_page(request, invoice_id, exc, form)
    return RedirectResponse(f"/invoicing/invoices/{invoice_id}", status_code=303)


@router.post("/invoices/{invoice_id}/cancel", response_model=None)
def cancel(request: Request, invoice_id: UUID, form: FormBody) -> Response:
    """The draft's cancel button (confirmed in the browser), with its reason."""
    try:
        service.cancel_draft(invoice_id, str(form.get("reason") or ""), _version(form))
    except DomainError as exc:
        return _invoice_page(request, invoice_id, exc, form)
    return RedirectResponse(f"/invoicing/invoices/{invoice_id}", status_code=303)


@router.post("/invoices/{invoice_id}/submit-for-approval", response_model=None)
def submit_for_approval(request: Request, invoice_id: UUID) -> Response:
    """The invoice page's button on a draft that needs approval: send it, then show the approval's page."""
    try:
        inst = approvals.submit_invoice(invoice_id)
    except DomainError as exc:
        return _invoice_page(request, invoice_id, exc)
    return RedirectResponse(f"/workflow/instances/{inst.id}", status_code=303)


@router.post("/invoices/{invoice_id}/payments", response_model=None)
def pay(request: Request, invoice_id: UUID, form: FormBody) -> Response:
    """The invoice's payment form: "Record payment" posts it (refused, the form kept, when the payment workflow
    says it needs approval: the page then offers "Save as draft and submit for approval", `as_draft=submit`);
    "Save as draft" (`as_draft`) keeps it as a payment draft, to submit for approval or post from its own page."""
    try:
        data = model_from_form(InvoicePaymentInput, form, checkboxes=("withhold_vds",))
        if form.get("as_draft"):
            payment = PaymentAllocationInput(
                **data.model_dump(exclude={"amount", "vds", "ait"}),
                allocations=[AllocationInput(invoice_id=invoice_id, amount=data.amount, vds=data.vds, ait=data.ait)])
            draft = (payment_approvals.submit_direct_payment(payment) if form.get("as_draft") == "submit"
                     else service.create_payment_draft(payment))
            return RedirectResponse(f"/invoicing/payment-drafts/{draft.id}", status_code=303)
        service.record_payment(invoice_id, data)
    except DomainError as exc:
        return _invoice_page(request, invoice_id, exc, form)
    return RedirectResponse(f"/invoicing/invoices/{invoice_id}", status_code=303)


def _draft_page(request: Request, draft_id: UUID, exc: DomainError | None = None, form: object = None) -> Response:
    d = service.get_payment_draft(draft_id)
    values = dict(d=d, book=_book(d.company_id), approval=payment_approvals.payment_approval_state(draft_id))
    if exc is not None:
        return refused(request, "invoicing/payment_draft.html", exc, form=form, **values)
    return render(request, "invoicing/payment_draft.html", error=None, form=form or {}, **values)


@router.get("/payment-drafts/{draft_id}", response_class=HTMLResponse)
def payment_draft(request: Request, draft_id: UUID) -> Response:
    """A payment draft: its invoices, split and status; submit for approval, post, or cancel."""
    return _draft_page(request, draft_id)


@router.post("/payment-drafts/{draft_id}/submit-for-approval", response_model=None)
def submit_payment(request: Request, draft_id: UUID) -> Response:
    try:
        inst = payment_approvals.submit_payment(draft_id)
    except DomainError as exc:
        return _draft_page(request, draft_id, exc)
    return RedirectResponse(f"/workflow/instances/{inst.id}", status_code=303)


@router.post("/payment-drafts/{draft_id}/post", response_model=None)
def post_payment_draft(request: Request, draft_id: UUID, form: FormBody) -> Response:
    try:
        service.post_payment_draft(draft_id, _version(form))
    except DomainError as exc:
        return _draft_page(request, draft_id, exc, form)
    return RedirectResponse(f"/invoicing/payment-drafts/{draft_id}", status_code=303)


@router.post("/payment-drafts/{draft_id}/cancel", response_model=None)
def cancel_payment_draft(request: Request, draft_id: UUID, form: FormBody) -> Response:
    try:
        service.cancel_payment_draft(draft_id, str(form.get("reason") or ""), _version(form))
    except DomainError as exc:
        return _draft_page(request, draft_id, exc, form)
    return RedirectResponse(f"/invoicing/payment-drafts/{draft_id}", status_code=303)


@router.post("/invoices/{invoice_id}/notes", response_model=None)
def note(request: Request, invoice_id: UUID, form: FormBody) -> Response:
    """A credit or debit note from the invoice page: per line a quantity or an amount (blank lines skipped)."""
    try:
        inv = service.get_invoice(invoice_id)
        lines = []
        for ln in inv.lines:
            raw = {"line_no": str(ln.line_no), "quantity": form.get(f"note-{ln.line_no}-quantity", ""),
                   "amount": form.get(f"note-{ln.line_no}-amount", "")}
            if str(raw["quantity"]).strip() or str(raw["amount"]).strip():
                lines.append(model_from_form(NoteLineInput, raw))
        service.issue_note(invoice_id, model_from_form(NoteInput, form, only=("kind", "note_date", "reason"),
                                                       lines=lines))
    except DomainError as exc:
        return _invoice_page(request, invoice_id, exc, form)
    return RedirectResponse(f"/invoicing/invoices/{invoice_id}", status_code=303)


@router.get("/certificates", response_class=HTMLResponse)
def certificates(request: Request, company: UUID | None = None, tax: str | None = None) -> HTMLResponse:
    cid = _company(company)
    tax = tax if tax in ("vds", "ait") else None
    rows = service.list_certificates(cid, tax) if cid else []
    return render(request, "invoicing/certificates.html", company_id=cid, tax=tax or "", rows=rows)


def _settings_page(request: Request, cid: UUID | None, exc: DomainError | None = None,
                   form: object = None) -> Response:
    from .service.settings import ACCOUNTS

    current = service.get_company_settings(cid) if cid else None
    values = dict(company_id=cid, settings=current, roles=list(ACCOUNTS))
    if exc is not None:
        return refused(request, "invoicing/settings.html", exc, form=form, **values)
    return render(request, "invoicing/settings.html", error=None, form={}, **values)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, company: UUID | None = None) -> Response:
    return _settings_page(request, _company(company))


@router.post("/settings", response_model=None)
def save_settings(request: Request, form: FormBody) -> Response:
    from .service.settings import ACCOUNTS

    try:
        raw = str(form.get("company_id") or "").strip()
        cid = UUID(raw) if raw else _company(None)
    except ValueError:
        cid = _company(None)
    try:
        if cid is None:
            raise ValidationFailed("invoicing.company_unknown", "Create a company first", "আগে একটি কোম্পানি তৈরি করুন",
                                   field="company_id")
        accounts = {r: str(form.get(f"account-{r}") or "").strip() for r in ACCOUNTS
                    if str(form.get(f"account-{r}") or "").strip()}
        service.set_company_settings(cid, CompanySettingsInput(
            withholding_entity=form.get("withholding_entity") in ("on", "true", "1"), accounts=accounts))
    except DomainError as exc:
        return _settings_page(request, cid, exc, form)
    return RedirectResponse(f"/invoicing/settings?company={cid}", status_code=303)


@router.get("/vat-return", response_model=None)
def vat_return(request: Request, company: UUID | None = None, month: str | None = None) -> Response:
    cid = _company(company)
    month = month or date.today().strftime("%Y-%m")
    values = dict(company_id=cid, month=month, report=None)
    try:
        values["report"] = service.vat_return(cid, month) if cid else None
    except ValidationFailed as exc:
        return refused(request, "invoicing/vat_return.html", exc, **values)
    return render(request, "invoicing/vat_return.html", error=None, **values)


@router.get("/aging", response_class=HTMLResponse)
def aging(request: Request, company: UUID | None = None, kind: str = "sales",
          as_of: date | None = None) -> HTMLResponse:
    cid = _company(company)
    kind = "purchase" if kind == "purchase" else "sales"
    report = service.aging(cid, kind, as_of or date.today()) if cid else None
    return render(request, "invoicing/aging.html", company_id=cid, kind=kind, report=report)


@router.get("/statement", response_class=HTMLResponse)
def statement(request: Request, party: UUID | None = None, company: UUID | None = None, kind: str = "sales",
              date_to: date | None = None, date_from: date | None = None, sent: str = "") -> HTMLResponse:
    """A party's statement (linked from its aging row, or a customer or vendor picked on the page): its lines,
    running and closing balance."""
    context.current().require("invoicing.report.view")  # before the party list is read as the module
    cid = _company(company)
    kind = "purchase" if kind == "purchase" else "sales"
    values = dict(company_id=cid, kind=kind, party_id=party, report=None, parties=_parties(kind), sent=sent[:254],
                  mail_key=new_id())
    try:
        if cid and party:
            values["report"] = service.party_statement(cid, kind, party, date_to or date.today(), date_from)
    except ValidationFailed as exc:
        return refused(request, "invoicing/statement.html", exc, **values)
    return render(request, "invoicing/statement.html", error=None, **values)


def _lang(request: Request, lang: str | None) -> str:
    return lang if lang in ("en", "bn") else ("bn" if context.current().locale == "bn" else "en")


@router.get("/statement.pdf", response_model=None)
def statement_pdf(request: Request, party: UUID, company: UUID | None = None, kind: str = "sales",
                  date_to: date | None = None, date_from: date | None = None, lang: str | None = None) -> Response:
    """The statement on the page as a PDF in the page's language (a refusal shows on the statement page)."""
    from .rest import file_response

    context.current().require("invoicing.report.view")
    cid = _company(company)
    kind = "purchase" if kind == "purchase" else "sales"
    try:
        if cid is None:
            raise ValidationFailed("invoicing.company_missing", "Choose a company first", "আগে কোম্পানি বাছুন",
                                   field="company")
        name, pdf = service.statement_pdf(cid, kind, party, date_to or date.today(), date_from, _lang(request, lang))
    except ValidationFailed as exc:
        return refused(request, "invoicing/statement.html", exc, company_id=cid, kind=kind, party_id=party,
                       report=None, parties=_parties(kind))
    return file_response(pdf, name, "application/pdf", inline=True)


@router.post("/statement/email", response_model=None)
def email_statement(request: Request, form: FormBody) -> Response:
    """"E-mail to the party": the statement on the page, PDF attached, in the page's language, to the party's address
    in master data; then the page again saying to whom (a refusal shows on the page; the form's key sends once)."""
    from urllib.parse import urlencode

    from .schemas import StatementEmailInput

    context.current().require("invoicing.report.view")
    cid = _company(_uuid(form.get("company")))
    kind = "purchase" if form.get("kind") == "purchase" else "sales"
    party = _uuid(form.get("party"))
    values = dict(company_id=cid, kind=kind, party_id=party, report=None, parties=_parties(kind), mail_key=new_id())
    try:
        body = model_from_form(StatementEmailInput, {
            "company_id": str(cid or ""), "party_id": str(party or ""), "kind": kind, "lang": _lang(request, None),
            "date_to": form.get("date_to") or None, "date_from": form.get("date_from") or None})
        done = service.email_statement(body, idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        return refused(request, "invoicing/statement.html", exc, **values)
    query = {"company": str(done.company_id), "kind": done.kind, "party": str(done.party_id),
             "date_to": done.date_to.isoformat(), "sent": done.email}
    if done.date_from:
        query["date_from"] = done.date_from.isoformat()
    return RedirectResponse("/invoicing/statement?" + urlencode(query), status_code=303)


def _uuid(raw: object) -> UUID | None:
    try:
        return UUID(str(raw)) if raw else None
    except ValueError:
        return None


@router.get("/invoices/{invoice_id}/mushak-6.3.pdf", response_model=None)
def mushak_6_3(request: Request, invoice_id: UUID, lang: str | None = None) -> Response:
    from .rest import file_response

    try:
        name, pdf = mushak.mushak_6_3_pdf(invoice_id, _lang(request, lang))
    except DomainError as exc:
        return _invoice_page(request, invoice_id, exc)
    return file_response(pdf, name, "application/pdf", inline=True)


@router.get("/certificates/{certificate_id}/mushak-6.6.pdf", response_model=None)
def mushak_6_6(request: Request, certificate_id: UUID, lang: str | None = None) -> Response:
    from .rest import file_response

    name, pdf = mushak.mushak_6_6_pdf(certificate_id, _lang(request, lang))
    return file_response(pdf, name, "application/pdf", inline=True)


@router.get("/registers", response_model=None)
def registers(request: Request, company: UUID | None = None, side: str = "sales",
              month: str | None = None) -> Response:
    """The purchase register (Mushak 6.1) or sales register (6.2) of a month, with XLSX and CSV downloads;
    the page shows the first 500 rows (the totals and the downloads are of all)."""
    cid = _company(company)
    side = "purchase" if side == "purchase" else "sales"
    month = month or date.today().strftime("%Y-%m")
    values: dict = dict(company_id=cid, side=side, month=month, report=None, rows=[], shown=500)
    try:
        if cid:
            values["report"], values["rows"] = mushak.register_table(cid, side, month, _lang(request, None))
    except ValidationFailed as exc:
        return refused(request, "invoicing/registers.html", exc, **values)
    return render(request, "invoicing/registers.html", error=None, **values)


@router.get("/registers/export", response_model=None)
def register_export(request: Request, company: UUID | None = None, side: str = "sales", month: str | None = None,
                    format: str = "xlsx", lang: str | None = None) -> Response:  # noqa: A002
    from .rest import XLSX, file_response

    cid = _company(company)
    month = month or date.today().strftime("%Y-%m")
    if cid is None:
        return RedirectResponse("/invoicing/registers", status_code=303)
    side = "purchase" if side == "purchase" else "sales"
    try:
        if format == "csv":
            name, data = mushak.register_csv(cid, side, month, _lang(request, lang))
            return file_response(data, name, "text/csv; charset=utf-8")
        name, data = mushak.register_xlsx(cid, side, month, _lang(request, lang))
    except ValidationFailed as exc:
        return refused(request, "invoicing/registers.html", exc, company_id=cid, side=side, month=month,
                       report=None, rows=[], shown=500)
    return file_response(data, name, XLSX)


def _advances_page(request: Request, cid: UUID | None, exc: DomainError | None = None, form: object = None) -> Response:
    """The company's advances and the "Record advance" form (the vendor or customer by the kind chosen)."""
    values = dict(company_id=cid, advances=service.list_advances(cid) if cid else [],
                  parties=_parties("purchase") + _parties("sales"), today=date.today().isoformat())
    if exc is not None:
        return refused(request, "invoicing/advances.html", exc, form=form, **values)
    return render(request, "invoicing/advances.html", error=None, form=form or {}, **values)


@router.get("/advances", response_class=HTMLResponse)
def advances(request: Request, company: UUID | None = None) -> Response:
    return _advances_page(request, _company(company))


@router.post("/advances", response_model=None)
def record_advance(request: Request, form: FormBody) -> Response:
    cid = _company(None)
    try:
        data = model_from_form(AdvanceInput, form)
        cid = data.company_id
        adv = service.record_advance(data)
    except DomainError as exc:
        return _advances_page(request, cid, exc, form)
    return RedirectResponse(f"/invoicing/advances/{adv.id}", status_code=303)


def _advance_page(request: Request, advance_id: UUID, exc: DomainError | None = None, form: object = None) -> Response:
    adv = service.get_advance(advance_id)
    values = dict(a=adv, book=_book(adv.company_id), today=date.today().isoformat(),
                  open_invoices=service.advance_open_invoices(advance_id)
                  if adv.status in ("open", "partly_allocated", "partly_refunded") else [])
    if exc is not None:
        return refused(request, "invoicing/advance.html", exc, form=form, **values)
    return render(request, "invoicing/advance.html", error=None, form=form or {}, **values)


@router.get("/advances/{advance_id}", response_class=HTMLResponse)
def advance(request: Request, advance_id: UUID) -> Response:
    return _advance_page(request, advance_id)


@router.post("/advances/{advance_id}/allocate", response_model=None)
def allocate_advance(request: Request, advance_id: UUID, form: FormBody) -> Response:
    """The advance page's allocation form: an amount per open invoice (blank: not allocated); a refusal of an
    allocation is shown at its invoice's row (`allocations[1].amount` → that row's field)."""
    from vextrus.platform.forms import decimal

    rows: list[UUID] = []
    try:
        allocations = []
        for raw in form.getlist("invoice_id"):
            iid = UUID(str(raw))
            text = str(form.get(f"amount-{iid}") or "").strip()
            if not text:
                continue
            vds, ait = (str(form.get(f"{k}-{iid}") or "").strip() for k in ("vds", "ait"))
            allocations.append(AllocationInput(
                invoice_id=iid, amount=decimal(text, f"amount-{iid}", label="Amount", label_bn="পরিমাণ"),
                vds=decimal(vds, f"vds-{iid}", label="VDS", label_bn="উৎসে ভ্যাট") if vds else None,
                ait=decimal(ait, f"ait-{iid}", label="AIT", label_bn="উৎসে আয়কর") if ait else None))
            rows.append(iid)
        data = model_from_form(AdvanceAllocateInput, form, only=("allocated_on", "ait_section", "certificate_no",
                                                                  "withhold_vds", "expected_version"),
                               checkboxes=("withhold_vds",), allocations=allocations)
        service.allocate_advance(advance_id, data)
    except DomainError as exc:
        f = exc.field or ""
        if f.startswith("allocations[") and "]" in f:
            i = int(f[len("allocations["):f.index("]")])
            part = f[f.index("]") + 2:] or "amount"
            if i < len(rows):
                exc.field = f"{part if part in ('vds', 'ait') else 'amount'}-{rows[i]}"
        return _advance_page(request, advance_id, exc, form)
    return RedirectResponse(f"/invoicing/advances/{advance_id}", status_code=303)


@router.post("/advances/{advance_id}/allocations/{allocation_id}/reverse", response_model=None)
def reverse_advance_allocation(request: Request, advance_id: UUID, allocation_id: UUID, form: FormBody) -> Response:
    """An allocation row's "Undo allocation" form: its date and reason (`reversed_on-{id}`, `reason-{id}`); a refusal
    is shown at the row's input (or at the row's button: `undo-{id}`)."""
    typed = {"reversed_on": form.get(f"reversed_on-{allocation_id}"), "reason": form.get(f"reason-{allocation_id}"),
             "expected_version": form.get("expected_version")}
    try:
        data = model_from_form(AdvanceAllocationReverseInput, {k: v for k, v in typed.items() if v is not None})
        service.reverse_advance_allocation(advance_id, allocation_id, data)
    except DomainError as exc:
        exc.field = f"{exc.field if exc.field in ('reversed_on', 'reason') else 'undo'}-{allocation_id}"
        return _advance_page(request, advance_id, exc, form)
    return RedirectResponse(f"/invoicing/advances/{advance_id}", status_code=303)


@router.post("/advances/{advance_id}/refund", response_model=None)
def refund_advance(request: Request, advance_id: UUID, form: FormBody) -> Response:
    """The advance page's refund form (the unallocated remainder or part of it); a refusal at its input."""
    try:
        service.refund_advance(advance_id, model_from_form(AdvanceRefundInput, form))
    except DomainError as exc:
        if exc.field in (None, "status", "expected_version"):
            exc.field = "refund_status"
        return _advance_page(request, advance_id, exc, form)
    return RedirectResponse(f"/invoicing/advances/{advance_id}", status_code=303)
