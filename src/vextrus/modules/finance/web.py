"""UI pages: chart-of-accounts tree, journal list and form, periods, reports with a small SVG chart."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from vextrus.modules.master_data import api as master_data
from vextrus.modules.organization import api as organization
from vextrus.modules.projects import api as projects
from vextrus.platform import context, forms, runtime
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import code_label, error_text, from_module, locale_of, render

from . import approvals, exports, service, web_operations, web_plaintext
from .domain.accounts import SUBTYPE_TYPE, AccountSubtype, AccountType
from .service import EntryIn, LineIn, reporting

router = APIRouter(prefix="/finance", include_in_schema=False)
router.include_router(web_operations.router)
router.include_router(web_plaintext.router)
router.include_router(approvals.web_router)  # drafts sent for approval (issue 13)


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    books = service.list_books()
    if len(books) == 1:
        return RedirectResponse(f"/finance/{books[0].code}/accounts", status_code=303)  # type: ignore[return-value]
    return render(request, "finance/index.html", books=books)


def _tree(accounts: list[service.AccountView]) -> list[tuple[int, service.AccountView]]:
    children: dict[str | None, list[service.AccountView]] = {}
    codes = {a.code for a in accounts}
    for a in accounts:
        children.setdefault(a.parent_code if a.parent_code in codes else None, []).append(a)
    out: list[tuple[int, service.AccountView]] = []

    def walk(parent: str | None, depth: int) -> None:
        for a in sorted(children.get(parent, []), key=lambda a: a.code):
            out.append((depth, a))
            walk(a.code, depth + 1)

    walk(None, 0)
    return out


@router.get("/{book}/accounts", response_class=HTMLResponse)
def accounts(request: Request, book: str) -> HTMLResponse:
    return _accounts_page(request, book)


def _accounts_values(book: str) -> dict[str, Any]:
    b = service.book_view(book)
    closing = {}  # balances for those who may read reports; a clerk who books entries still needs the chart
    if context.current().can("finance.report.view"):
        closing = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in reporting.trial_balance(book).lines}
    listed = service.list_accounts(book)
    return {"book": b, "tree": _tree(listed), "closing": closing, "groups": [a for a in listed if a.is_group],
            "types": [t.value for t in AccountType],
            "subtypes": [(st.value, SUBTYPE_TYPE[st].value) for st in AccountSubtype]}


def _accounts_page(request: Request, book: str, error: str | None = None, status_code: int = 200,
                   kept: dict[str, str] | None = None) -> HTMLResponse:
    return render(request, "finance/accounts.html", status_code=status_code, error=error, kept=kept or {},
                  **_accounts_values(book))


@router.post("/{book}/accounts", response_class=HTMLResponse)
def add_account(request: Request, book: str, raw: FormBody) -> HTMLResponse:
    try:  # the same DTO (and rules) as the API's body and GraphQL's AccountInput
        service.create_account(book, forms.model_from_form(service.AccountInput, raw, checkboxes=("is_group",)))
    except DomainError as exc:  # the form again: the message (and next to its field), what was typed kept
        kept = {k: str(v).strip() for k, v in raw.items() if k != "csrf_token"}
        return forms.refused(request, "finance/accounts.html", exc, form=raw, kept=kept, **_accounts_values(book))
    return RedirectResponse(f"/finance/{book}/accounts", status_code=303)  # type: ignore[return-value]


@router.post("/{book}/accounts/{code}/{action}", response_class=HTMLResponse)
def account_action(request: Request, book: str, code: str, action: str, form: FormBody) -> HTMLResponse:
    try:
        if action == "rename":
            version = str(form.get("version") or "")
            service.update_account(book, code, service.AccountUpdate(
                name=str(form.get("name") or ""), name_bn=str(form.get("name_bn") or ""),
                version=int(version) if version.isdigit() else None))
        elif action in ("deactivate", "activate"):
            service.set_account_active(book, code, action == "activate")
        else:
            raise DomainError("action_unknown", "Use rename, activate or deactivate",
                              "rename, activate বা deactivate দিন", field="action")
    except DomainError as exc:
        return _accounts_page(request, book, error=error_text(request, exc), status_code=422)
    return RedirectResponse(f"/finance/{book}/accounts", status_code=303)  # type: ignore[return-value]


# ---- dimensions: pick by name, store ids ------------------------------------------------------
# Each lookup goes through the owning module's api. Where that module is not running here or the
# user may not read it, the form falls back to a raw id field and pages show the id.

Choice = tuple[UUID, str]
DIM_FIELDS = (("project_id", "project", "প্রকল্প"), ("cost_centre_id", "cost centre", "খরচ কেন্দ্র"),
              ("department_id", "department", "বিভাগ"), ("party_id", "party", "পার্টি"))


def _choices(refs: list[Any] | None, locale: str) -> list[Choice] | None:
    return None if refs is None else [(r.id, code_label(r.code, r.name, r.name_bn, locale)) for r in refs]


def _pickers(b: service.BookView, locale: str) -> dict[str, Any]:
    """Choices for the journal form's dimension selects (None: show a raw id field instead)."""
    return {
        "project_choices": _choices(from_module("projects", projects.list_projects), locale),
        "cost_centre_choices": _choices(from_module("organization", lambda: organization.list_cost_centres(b.company_id)),
                                        locale),
        "department_choices": _choices(from_module("organization", lambda: organization.list_departments(b.company_id)),
                                       locale),
        # a search box over master_data's parties; a raw id field (named once entered) without it
        "party_search": from_module("master_data", lambda: master_data.search_parties("", limit=1)) is not None,
    }


class DimensionNames:
    """Names of the dimensions on a page's lines, looked up once per page (id shown when unknown)."""

    def __init__(self, b: service.BookView, locale: str):
        self.locale = locale
        self._projects = {r.id: r for r in from_module("projects", lambda: projects.list_projects(active_only=False))
                          or []}
        units = (from_module("organization", lambda: organization.list_cost_centres(b.company_id)) or []) + \
            (from_module("organization", lambda: organization.list_departments(b.company_id)) or [])
        self._units = {u.id: u for u in units}
        self._activities: dict[UUID, dict[str, str]] = {}
        self._parties: dict[UUID, Any] = {}

    def _named(self, ref: Any) -> str:  # noqa: ANN401
        return code_label(ref.code, ref.name, ref.name_bn, self.locale)

    def project(self, pid: UUID | None) -> str:
        return "" if pid is None else self._named(self._projects[pid]) if pid in self._projects else str(pid)

    def activity(self, pid: UUID | None, code: str | None) -> str:
        if not code:
            return ""
        if pid is not None and pid not in self._activities:
            acts = from_module("projects", lambda: projects.activities_of(pid)) or []
            self._activities[pid] = {a.code: a.name for a in acts}
        name = self._activities.get(pid, {}).get(code) if pid is not None else None
        return f"{code} — {name}" if name else code

    def unit(self, uid: UUID | None) -> str:
        return "" if uid is None else self._named(self._units[uid]) if uid in self._units else str(uid)

    def _party(self, pid: UUID) -> Any:  # noqa: ANN401
        if pid not in self._parties:
            self._parties[pid] = from_module("master_data", lambda: master_data.party_summary(pid))
        return self._parties[pid]

    def party(self, pid: UUID | None) -> str:
        """The party as "code — name" (the id when it cannot be read)."""
        if pid is None:
            return ""
        p = self._party(pid)
        return str(pid) if p is None else code_label(p.code, p.legal_name, p.legal_name_bn, self.locale)

    def party_name(self, pid: UUID | None) -> str:
        """The party's legal name alone (a payee), or "" when it cannot be read."""
        p = None if pid is None else self._party(pid)
        return "" if p is None else (p.legal_name_bn if self.locale == "bn" and p.legal_name_bn else p.legal_name)


def _party_label(party_id: UUID, locale: str) -> str | None:
    p = from_module("master_data", lambda: master_data.party_summary(party_id))
    return None if p is None else code_label(p.code, p.legal_name, p.legal_name_bn, locale)


@router.get("/{book}/lookups/activities", response_class=HTMLResponse)
def activity_options(request: Request, book: str, project_id: str = "") -> HTMLResponse:
    """The activity select of one journal line, refilled (htmx) when its project changes."""
    service.book_view(book)
    try:
        pid = UUID(project_id) if project_id else None
    except ValueError:
        pid = None
    acts = (from_module("projects", lambda: projects.activities_of(pid)) if pid else None) or []
    return render(request, "finance/_activity_select.html", activities=acts)


@router.get("/{book}/lookups/party", response_class=HTMLResponse)
def party_name(request: Request, book: str, party_id: str = "") -> HTMLResponse:
    """The name beside a journal line's party id (htmx), so a mistyped id shows before posting."""
    service.book_view(book)
    try:
        label = _party_label(UUID(party_id.strip()), locale_of(request)) if party_id.strip() else ""
        known = label is not None
    except ValueError:
        label, known = None, False
    return render(request, "finance/_party_name.html", label=label or "", known=known)


PARTY_RESULTS = 10


@router.get("/{book}/lookups/parties", response_class=HTMLResponse)
def party_options(request: Request, book: str, party_q: str = "") -> HTMLResponse:
    """The parties matching what was typed in a line's party box (htmx), each a button that picks it."""
    b = service.book_view(book)
    q = party_q.strip()
    found = (from_module("master_data", lambda: master_data.search_parties(q, limit=PARTY_RESULTS)) if q else None) or []
    locale = locale_of(request)
    return render(request, "finance/_party_results.html", book=b, q=q,
                  parties=[(p.id, code_label(p.code, p.legal_name, p.legal_name_bn, locale)) for p in found])


@router.get("/{book}/lookups/party-pick", response_class=HTMLResponse)
def party_pick(request: Request, book: str, party_id: str = "") -> HTMLResponse:
    """A line's party cell once a party is picked: the hidden id set, the box showing its name."""
    b = service.book_view(book)
    try:
        pid: UUID | None = UUID(party_id.strip())
    except ValueError:
        pid = None
    label = _party_label(pid, locale_of(request)) if pid else None
    return render(request, "finance/_party_picker.html", book=b, party_id=pid if label else None, label=label or "")


@router.get("/{book}/journal", response_class=HTMLResponse)
def journal(request: Request, book: str, error: str | None = None, done: str | None = None) -> HTMLResponse:
    """`done`: the entry just posted or saved as a draft, named in a success message above the form."""
    return _journal_page(request, book, error, done=done)


def _done_entry(book: str, done: str | None) -> service.EntryView | None:
    """The entry a success message names, or None (no id, a bad one, another book's)."""
    if not done:
        return None
    try:
        return service.get_entry(book, UUID(done))
    except (ValueError, DomainError):
        return None


def _amount_or_zero(raw: str) -> Decimal:
    try:
        return forms.decimal(raw, "amount") or Decimal(0)
    except DomainError:
        return Decimal(0)


def _journal_page(request: Request, book: str, error: str | None = None, kept: dict[str, Any] | None = None,
                  status_code: int = 200, done: str | None = None, error_field: str | None = None) -> HTMLResponse:
    """The journal: the entry form (`kept`: what was typed, when a post was refused), its running
    debit and credit totals and their difference, and recent entries."""
    b = service.book_view(book)
    locale = locale_of(request)
    totals = {"debit": Decimal(0), "credit": Decimal(0)}
    if kept:  # a kept line with a project offers that project's activities again
        for row in kept["rows"]:
            pid = _uuid_or_none(row["project_id"])
            row["activities"] = (from_module("projects", lambda pid=pid: projects.activities_of(pid)) if pid else None) or []
            for side in totals:
                totals[side] += _amount_or_zero(row[side])
    if kept is not None:
        kept["error_field"] = error_field
    return render(request, "finance/journal.html", status_code=status_code, book=b, error_field=error_field or "",
                  entries=service.list_entries(book, limit=100),
                  accounts=[a for a in service.list_accounts(book) if not a.is_group and a.is_active],
                  error=error, kept=kept, today=date.today(), done=_done_entry(book, done), totals=totals,
                  **_pickers(b, locale))


def _uuid_or_none(raw: str) -> UUID | None:
    try:
        return UUID(raw) if raw else None
    except ValueError:
        return None


def _kept_form(form: Any) -> dict[str, Any]:  # noqa: ANN401
    """What the user typed into the entry form, row by row, to show again beside the error."""
    names = ("account", "debit", "credit", "memo", "activity_code", "party_q", *(n for n, _, _ in DIM_FIELDS))
    cols = {k: [str(v) for v in form.getlist(k)] for k in names}
    n = len(cols["account"])
    rows = [{k: (cols[k][i] if i < len(cols[k]) else "") for k in names} for i in range(n)]
    return {"entry_date": str(form.get("entry_date") or ""), "journal_type": str(form.get("journal_type") or ""),
            "narration": str(form.get("narration") or ""), "rows": rows or [{k: "" for k in names}] * 2}


_LINE_COLUMNS = {"account": "account_code", "debit": "debit", "credit": "credit", "memo": "memo",
                 "activity_code": "activity_code", **{name: name for name, _, _ in DIM_FIELDS}}


def _typed_lines(form: Any) -> list[dict[str, str] | None]:  # noqa: ANN401
    """The entry's lines as typed, column by column, under LineIn's names; None for a line left blank
    (no account and no amount), so a refusal counts lines as the page shows them."""
    cols = {name: [str(v).strip() for v in form.getlist(col)] for col, name in _LINE_COLUMNS.items()}
    rows: list[dict[str, str] | None] = []
    for i in range(len(cols["account_code"])):
        row = {name: (values[i] if i < len(values) else "") for name, values in cols.items()}
        rows.append(row if row["account_code"] or row["debit"] or row["credit"] else None)
    return rows


def _line_words(exc: ValidationFailed) -> DomainError:
    """A line's refusal in the journal's own words, as before the form read lines into LineIn: "Line 3: the
    credit amount is not a number", "Line 2: the party id is not valid" (field `lines[i].…` unchanged)."""
    m = re.fullmatch(r"lines\[(\d+)\]\.(\w+)", exc.field or "")
    if m is None:
        return exc
    i, name = int(m.group(1)), m.group(2)
    if name in ("debit", "credit") and exc.code == "number_invalid":
        return DomainError("amount_invalid", f"Line {i + 1}: the {name} amount is not a number",
                           f"লাইন {to_bangla_digits(str(i + 1))}: {'ডেবিট' if name == 'debit' else 'ক্রেডিট'} অঙ্কটি সংখ্যা নয়", field=exc.field)
    dim = next(((en, bn) for n, en, bn in DIM_FIELDS if n == name), None)
    dim_bn = dim[1] if dim else ""
    if dim is not None and exc.code == "id_invalid":
        return DomainError(f"{dim[0].replace(' ', '_')}_invalid", f"Line {i + 1}: the {dim[0]} id is not valid",
                           f"লাইন {to_bangla_digits(str(i + 1))}: {dim_bn} আইডি সঠিক নয়", field=exc.field)
    return exc


_LINE_LABELS = {"account_code": ("account", "হিসাব"), "debit": ("debit", "ডেবিট"), "credit": ("credit", "ক্রেডিট"),
                "memo": ("memo", "বিবরণ"), "activity_code": ("activity", "কার্যক্রম"),
                **{name: (en, bn) for name, en, bn in DIM_FIELDS}}


def _line_label(i: int, field: str) -> tuple[str, str]:
    en, bn = _LINE_LABELS.get(field, (field, field))
    return f"Line {i + 1}, {en}", f"লাইন {to_bangla_digits(str(i + 1))}, {bn}"


def _entry_form(form: Any) -> EntryIn:  # noqa: ANN401
    """EntryIn read from the journal form with platform.forms: each line into LineIn (`rows_from_form`,
    amounts and ids by their types, a refusal naming `lines[i].debit`), the head with `model_from_form`."""
    typed = _typed_lines(form)
    parties = [str(v).strip() for v in form.getlist("party_q")]  # the party boxes' text
    for i, row in enumerate(typed):
        if row is not None and i < len(parties) and parties[i] and not row["party_id"]:
            raise DomainError("party_not_picked", f"Line {i + 1}: pick the party from the list",
                              f"লাইন {to_bangla_digits(str(i + 1))}: তালিকা থেকে পার্টি বেছে নিন", field=f"lines[{i}].party_id")
    try:
        lines = forms.rows_from_form(LineIn, typed, "lines", label=_line_label)
    except ValidationFailed as exc:
        raise _line_words(exc) from None
    return forms.model_from_form(EntryIn, form, only=("journal_type", "entry_date", "narration"), lines=lines,
                                 labels={"entry_date": ("Date", "তারিখ")})


_SERVICE_LINE = re.compile(r"^((?:entries\[0\]\.)?lines\[)(\d+)(\].*)$")


def _as_the_page_counts(exc: DomainError, typed: list[dict[str, str] | None]) -> None:
    """The service numbers an entry's lines without the blank ones; the page counts every line it shows.
    A service refusal naming `lines[1]` (and "Line 2") after a blank line is put on the page's line 3."""
    m = _SERVICE_LINE.match(exc.field or "")
    shown = [i for i, row in enumerate(typed) if row is not None]
    if m is None or int(m.group(2)) >= len(shown) or shown[int(m.group(2))] == int(m.group(2)):
        return
    k, i = int(m.group(2)), shown[int(m.group(2))]
    exc.field = f"{m.group(1)}{i}{m.group(3)}"
    for attr, word in (("message", "Line"), ("message_bn", "লাইন")):
        text = str(getattr(exc, attr) or "")
        for digits in (str(k + 1), to_bangla_digits(str(k + 1))):
            if text.startswith(f"{word} {digits}"):
                setattr(exc, attr, f"{word} {str(i + 1) if digits.isascii() else to_bangla_digits(str(i + 1))}"
                                   f"{text[len(word) + 1 + len(digits):]}")
                break


@router.post("/{book}/journal", response_class=HTMLResponse)
def post_journal(request: Request, book: str, form: FormBody) -> HTMLResponse:
    try:
        entry = _entry_form(form)
        if form.get("action") == "draft":
            saved = service.create_draft(book, entry)
        else:
            saved = service.post_entry(book, entry)
    except DomainError as exc:  # the message above the form and by the line or field it names; nothing saved
        _as_the_page_counts(exc, _typed_lines(form))
        return _journal_page(request, book, error=error_text(request, exc), kept=_kept_form(form), status_code=422,
                             error_field=exc.field)
    # back to an empty form, with a message naming the entry's number
    return RedirectResponse(f"/finance/{book}/journal?done={saved.id}", status_code=303)  # type: ignore[return-value]


@router.post("/{book}/journal/{entry}/{action}", response_class=HTMLResponse)
def entry_action(request: Request, book: str, entry: str, action: str, form: FormBody) -> HTMLResponse:
    try:
        if action == "post":
            posted = service.post_draft(book, entry)
            return RedirectResponse(f"/finance/{book}/journal?done={posted.id}",  # type: ignore[return-value]
                                    status_code=303)
        elif action == "reverse":
            rev = service.reverse_entry(book, entry, forms.day(form.get("reversal_date"), "reversal_date", label="Date",
                                                               label_bn="তারিখ") or date.today())
            # straight to the reversal, so the user sees what was booked
            return RedirectResponse(f"/finance/{book}/entries/{rev.id}", status_code=303)  # type: ignore[return-value]
    except DomainError as exc:
        return _journal_page(request, book, error=error_text(request, exc), status_code=exc.status)  # refused: nothing changed
    return RedirectResponse(f"/finance/{book}/journal", status_code=303)  # type: ignore[return-value]


@router.get("/{book}/entries/{entry}", response_class=HTMLResponse)
def entry_page(request: Request, book: str, entry: str) -> HTMLResponse:
    b = service.book_view(book)
    e = service.get_entry(book, entry)
    linked = e.reversed_by_id or e.reverses_id  # the reversal of this entry, or the entry this one reverses
    acct = _account_names(book, request)
    names = DimensionNames(b, locale_of(request))
    return render(request, "finance/entry.html", book=b, e=e, names=names, acct=acct,
                  linked=service.get_entry(book, linked) if linked else None,
                  voucher_url=_voucher_url(e, acct, names), approved_unposted=_approved_unposted(e),
                  history_of=("finance.journal", e.id))


def _approved_unposted(e: service.EntryView) -> object | None:
    """A draft whose approval went through but whose post failed (finance.journal.approved_not_posted): its
    approval, for the page's banner; None otherwise (or without the workflow module)."""
    if e.status != "draft" or "workflow" not in runtime.current().registry.names:
        return None
    from vextrus.modules.workflow import api as workflow

    last = workflow.latest("finance.journal", e.id)
    return last if last is not None and last.status == "approved" else None


def _voucher_url(e: service.EntryView, acct: dict[str, str], names: DimensionNames) -> str:
    """The payment voucher form filled from a posted entry (documents): its debit lines are what was paid
    for; the payee is the entry's, else the party of a line. Empty for drafts."""
    if e.status != "posted":
        return ""
    party = next((names.party_name(ln.party_id) for ln in e.lines if ln.party_id), "")
    payee = e.payee or party or e.narration
    lines = [f"{ln.account_code}|{acct.get(ln.account_code, ln.account_name)}|{ln.base_debit}"
             for ln in e.lines if ln.base_debit > 0]
    query = urlencode({"journal_entry_id": str(e.id), "journal_number": e.number or "", "payee": payee[:160],
                       "voucher_date": e.entry_date.isoformat(), "line": lines}, doseq=True)
    return f"/documents/types/payment_voucher/new?{query}"


@router.get("/{book}/periods", response_class=HTMLResponse)
def periods(request: Request, book: str, error: str | None = None) -> HTMLResponse:
    return render(request, "finance/periods.html", book=service.book_view(book),
                  years=service.list_fiscal_years(book), error=error)


@router.post("/{book}/periods/{label}/{number}/{action}", response_class=HTMLResponse)
def period_action(request: Request, book: str, label: str, number: int, action: str, form: FormBody) -> HTMLResponse:
    try:
        if action == "close":
            service.close_period(book, label, number)
        elif action == "reopen":
            service.reopen_period(book, label, number, str(form.get("reason") or ""))
        elif action == "lock":
            service.lock_period(book, label, number)
    except DomainError as exc:
        return periods(request, book, error=error_text(request, exc))
    return RedirectResponse(f"/finance/{book}/periods", status_code=303)  # type: ignore[return-value]


def _account_names(book: str, request: Request) -> dict[str, str]:
    """Account code -> its name in the page's language (a Bangla page shows name_bn where the account has one)."""
    bn = locale_of(request) == "bn"
    return {a.code: (a.name_bn if bn and a.name_bn else a.name) for a in service.list_accounts(book)}


def _bars(items: list[tuple[str, Decimal]]) -> list[dict[str, object]]:
    """Horizontal bar geometry for an inline SVG chart (widths relative to the largest value)."""
    top = max((abs(v) for _, v in items), default=Decimal(1)) or Decimal(1)
    return [{"label": label, "value": v, "width": int(abs(v) / top * 400), "y": i * 28, "negative": v < 0}
            for i, (label, v) in enumerate(items)]


def _amounts(sections: list[Any]) -> dict[str, Decimal]:
    """Account code → amount over statement sections (the comparison column)."""
    return {ln.account_code: ln.amount for sec in sections for ln in sec.lines}


def _cash_flow_window(book: str, date_from: date | None, date_to: date | None) -> tuple[date, date]:
    """Without a start date the cash flow covers the fiscal year its end date falls in."""
    _, end = reporting.window(book, date_from, date_to)
    if date_from is not None:
        return date_from, end
    years = service.list_fiscal_years(book)
    start = next((fy.start_date for fy in years if fy.start_date <= end <= fy.end_date),
                 min((fy.start_date for fy in years), default=end.replace(month=1, day=1)))
    return start, end


def _gl_dims(request: Request) -> reporting.Dims:
    """The general ledger's dimension filter from the query string (ids; an invalid id is ignored)."""
    values: dict[str, UUID] = {}
    for name, _, _ in DIM_FIELDS:
        raw = (request.query_params.get(name) or "").strip()
        try:
            if raw:
                values[name] = UUID(raw)
        except ValueError:
            continue
    return reporting.Dims(**values)


DIMENSIONED = ("trial-balance", "income-statement", "balance-sheet", "general-ledger")


@router.get("/{book}/reports/{kind}", response_class=HTMLResponse)
def report(request: Request, book: str, kind: str, date_from: date | None = None, date_to: date | None = None,
           compare: str | None = None) -> HTMLResponse:
    b = service.book_view(book)
    values: dict[str, object] = {"book": b, "kind": kind, "date_from": date_from, "date_to": date_to,
                                 "compare": compare, "acct": _account_names(book, request)}
    compare = compare if compare in ("period", "year") else None
    dims = _gl_dims(request) if kind in DIMENSIONED else reporting.NO_DIMS
    if kind in DIMENSIONED:  # the dimension filter: pickers, names, and the ledger links keep it
        values.update(dims=dims, names=DimensionNames(b, locale_of(request)), **_pickers(b, locale_of(request)))
        values["dim_query"] = "".join(f"&{d}={v}" for d, v in dims.items())
    if kind == "trial-balance":
        tb = reporting.trial_balance(book, date_from, date_to, dims)
        values["tb"] = tb
        if compare:
            pf, pt = reporting.previous_window(tb.date_from or date(tb.date_to.year, tb.date_to.month, 1), tb.date_to,
                                               compare)
            prev = reporting.trial_balance(book, pf, pt, dims)
            values["previous"] = {"from": pf, "to": pt}
            values["prev"] = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in prev.lines}
    elif kind == "income-statement":
        s = reporting.income_statement(book, date_from, date_to, dims)
        values["st"] = s
        values["sections"] = [s.revenue, s.cost_of_sales, s.other_income, s.operating_expenses]
        values["bars"] = _bars([("Revenue", s.revenue.total), ("Cost of sales", s.cost_of_sales.total),
                                ("Gross profit", s.gross_profit), ("Operating expenses", s.operating_expenses.total),
                                ("Net profit", s.net_profit)])
        win = reporting.comparison_window(compare, *reporting.window(book, date_from, date_to)) if compare else None
        if win:
            p = reporting.income_statement(book, win[0], win[1], dims)
            values["previous"] = {"from": win[0], "to": win[1], "net_profit": p.net_profit}
            values["prev"] = _amounts([p.revenue, p.cost_of_sales, p.other_income, p.operating_expenses])
    elif kind == "balance-sheet":
        s = reporting.balance_sheet(book, date_to, dims)
        values["bs"] = s
        values["sections"] = [s.assets, s.liabilities, s.equity]
        values["bars"] = _bars([("Assets", s.total_assets), ("Liabilities", s.liabilities.total),
                                ("Equity", s.total_equity)])
        if compare:
            end = date_to or max(p.end_date for fy in service.list_fiscal_years(book) for p in fy.periods)
            _, pt = reporting.previous_window(date(end.year, end.month, 1), end, compare)
            p = reporting.balance_sheet(book, pt, dims)
            values["previous"] = {"to": pt, "net_profit": p.current_year_earnings}
            values["prev"] = _amounts([p.assets, p.liabilities, p.equity])
    elif kind == "cash-flow":
        start, end = _cash_flow_window(book, date_from, date_to)
        values.update(date_from=start, date_to=end)
        cf = reporting.cash_flow(book, start, end)
        values["cf"] = cf
        values["cf_sections"] = [(k, getattr(cf, k)) for k in exports.CASH_FLOW_SECTIONS]
        values["bars"] = _bars([("Operating", cf.operating), ("Investing", cf.investing.total),
                                ("Financing", cf.financing.total), ("Net change", cf.net_change)])
        if compare:
            pf, pt = reporting.previous_window(start, end, compare)
            p = reporting.cash_flow(book, pf, pt)
            values["previous"] = {"from": pf, "to": pt, "cf": p}
            values["prev"] = _amounts([getattr(p, k) for k in exports.CASH_FLOW_SECTIONS])
    elif kind == "general-ledger":
        account = request.query_params.get("account") or ""
        values["gl"] = reporting.general_ledger(book, account, date_from, date_to, dims=dims) if account else None
        values["accounts"] = [a for a in service.list_accounts(book) if not a.is_group]
    else:
        raise DomainError("report_unknown", f"Unknown report {kind}", "প্রতিবেদনটি অজানা", field="kind")
    return render(request, "finance/report.html", **values)
