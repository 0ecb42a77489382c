"""Import and export of hledger / Beancount books through the bulk posting path.

The pure readers parse and book the file (balance, assertions, lots); here each posting becomes a
journal line that keeps its commodity and quantity, its `@` price, its lot cost, and a base-currency
value (the weight at the latest price of the date, so every entry balances in base too). The whole
file is one transaction: any error names the line and nothing is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import background, context
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.uow import UnitOfWork, command, query

from .. import plaintext_files, posting
from ..domain.errors import LedgerError
from ..domain.money import decimals_of, to_base
from ..domain.plaintext.beancount import parse_beancount
from ..domain.plaintext.export import to_beancount, to_hledger
from ..domain.plaintext.hledger import parse_hledger
from ..domain.plaintext.model import (
    AccountDecl,
    Amount,
    CommodityDecl,
    LotCost,
    PlainJournal,
    Posting,
    PriceDirective,
    Transaction,
    parse_error,
)
from ..events import LedgerImported
from ..posting import NewEntry, NewLine
from ..schemas import ImportResult
from ..tables import Account, Book, Currency, ExchangeRate, JournalEntry, JournalLine
from .books import ensure_book
from .lookups import accounts_of, get_book
from .periods import open_year

ZERO = Decimal(0)
TOTAL_PRICE = "@@"  # prefix of price_commodity when the file wrote a total price (`@@`)
_BASE_GUESSES = ("৳", "BDT", "Tk", "TK")
MAX_ACCOUNT_NAME = 200  # the account code column's width


def parse(text: str, fmt: str, source: str, follow_includes: bool = False) -> PlainJournal:
    """Parse a journal's text; `include` lines are followed only for a file the operator named (CLI)."""
    if fmt == "hledger":
        return parse_hledger(text, source=source,
                             read_include=plaintext_files.include_reader() if follow_includes else None)
    if fmt == "beancount":
        return parse_beancount(text, source=source)
    raise LedgerError("format_unknown", f"Unknown format {fmt!r}; use hledger or beancount.",
                      "ফরম্যাটটি অজানা: hledger অথবা beancount দিন", field="format")


def _base_commodity(j: PlainJournal) -> str:
    op = j.options.get("operating_currency")
    if isinstance(op, list):
        op = op[0] if op else None
    if op:
        return str(op)
    used = Counter(p.weight().commodity for t in j.transactions for p in t.postings if p.amount is not None)
    for g in _BASE_GUESSES:
        if g in used:
            return g
    return used.most_common(1)[0][0] if used else "BDT"


@dataclass
class _Prices:
    """Base value of one unit of a commodity on a date: price directives first, then `@` prices seen."""

    base: str
    points: dict[str, list[tuple[date, Decimal]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, commodity: str, on: date, price: Amount) -> None:
        if price.commodity == self.base and commodity != self.base and price.quantity > 0:
            self.points[commodity].append((on, price.quantity))

    def rate(self, commodity: str, on: date) -> Decimal | None:
        pts = sorted(self.points.get(commodity, ()))
        if not pts:
            return None
        before = [r for d, r in pts if d <= on]
        return before[-1] if before else pts[0][1]


def _lines_of(t: Transaction, accts: dict[str, Account], prices: _Prices, src: str,
              missing: set[str]) -> list[NewLine]:
    lines: list[NewLine] = []
    signed: list[Decimal] = []
    for p in t.postings:
        if p.virtual == "()":
            raise parse_error(src, p.line, "unbalanced virtual postings (in parentheses) are not supported; "
                              "write a balanced posting instead")
        assert p.amount is not None
        for what, q in (("amount", p.amount.quantity), ("cost", p.cost_weight.quantity if p.cost_weight else ZERO)):
            if decimals_of(q) > 6:
                raise parse_error(src, p.line, f"the {what} {q} has more than 6 decimal places")
        w = p.weight()
        if w.commodity == prices.base:
            rate = Decimal(1)
        else:
            r = prices.rate(w.commodity, t.date)
            if r is None:
                missing.add(w.commodity)
            rate = r or ZERO
        value = to_base(w.quantity, rate)  # poisha: the base column keeps two decimals
        price_commodity = price = None
        if p.price is not None:
            price_commodity = (TOTAL_PRICE if p.price_is_total else "") + p.price.commodity
            price = p.price.quantity
            if decimals_of(price) > 10:
                raise parse_error(src, p.line, f"the price {price} has more than 10 decimal places")
        lines.append(NewLine(
            account_id=accts[p.account].id, commodity=p.amount.commodity, quantity=p.amount.quantity,
            base_debit=ZERO, base_credit=ZERO,
            rate=rate.quantize(Decimal("1e-10")) if decimals_of(rate) > 10 else rate,
            memo=p.comment, price_commodity=price_commodity, price=price,
            cost_commodity=p.cost_weight.commodity if p.cost_weight is not None else None,
            cost_quantity=p.cost_weight.quantity if p.cost_weight is not None else None))
        signed.append(value)
    diff = sum(signed, ZERO)
    if diff and signed:  # rounding (and tolerance) residue: absorb on the largest value
        i = max(range(len(signed)), key=lambda k: abs(signed[k]))
        signed[i] -= diff
    for ln, v in zip(lines, signed, strict=True):
        ln.base_debit, ln.base_credit = (v, ZERO) if v >= 0 else (ZERO, -v)
    return lines


@command("finance.book.manage", scope="finance.import_plaintext")
def import_plaintext(uow: UnitOfWork, text: str, fmt: str, company: str, source: str = "<upload>",
                     name: str | None = None, follow_includes: bool = False) -> ImportResult:
    """Import a whole hledger/Beancount file into the company's book (created if missing).
    `follow_includes` is for the CLI only: uploads must never make the server read its own files."""
    j = parse(text, fmt, source, follow_includes)
    warnings = [f"{source}:{w.line}: {w.kind}: {w.message}" for w in j.warnings]
    existing = uow.session.execute(select(Book).where(Book.code == company)).scalar_one_or_none()
    base = existing.base_commodity if existing else _base_commodity(j)
    bv = ensure_book(company, name or company, template=None, base_commodity=base)
    b = uow.session.get(Book, bv.id)
    accts = accounts_of(uow, b.id)
    used = {p.account for t in j.transactions for p in t.postings}
    created = 0
    for acct_name in sorted(set(j.accounts) | used):
        if acct_name in accts:
            continue
        decl = j.accounts.get(acct_name) or AccountDecl(acct_name, None)
        if len(acct_name) > MAX_ACCOUNT_NAME:
            raise parse_error(source, decl.line or 0, f"account name longer than {MAX_ACCOUNT_NAME} characters",
                              f"হিসাবের নাম {to_bangla_digits(str(MAX_ACCOUNT_NAME))} অক্ষরের বেশি", code="account_name_too_long",
                              account=acct_name[:80])
        atype = decl.account_type
        if atype is None:
            raise parse_error(source, decl.line or 0, f"cannot tell the type of account {acct_name!r}: its top-level "
                              "name must be assets, liabilities, equity, income/revenues or expenses (or declare "
                              "it with a type: tag)", code="account_untyped", account=acct_name)
        a = Account(book_id=b.id, code=acct_name, name=acct_name, name_bn="", account_type=str(atype.value),
                    subtype=None, parent_code=None, is_group=False, is_active=True, currency=None,
                    tags=["equity_retained"] if acct_name.lower() in ("equity:retained earnings",
                                                                     "equity:retained-earnings") else [])
        uow.session.add(a)
        accts[acct_name] = a
        created += 1
    commodities = sorted({c for c in j.commodities} | {p.amount.commodity for t in j.transactions for p in t.postings
                                                          if p.amount is not None} - {""})
    have = set(uow.session.execute(select(Currency.code).where(Currency.book_id == b.id)).scalars())
    for c in commodities:
        if c not in have:
            decl = j.commodities.get(c)
            uow.session.add(Currency(book_id=b.id, code=c, name=c, decimals=decl.precision if decl and
                                     decl.precision is not None else 2))
    uow.session.flush()
    prices = _Prices(base)
    for pr in j.prices:
        prices.add(pr.commodity, pr.date, pr.price)
    for t in j.transactions:
        for p in t.postings:
            if p.amount is not None and p.price is not None:
                unit = p.price.quantity / abs(p.amount.quantity) if p.price_is_total and p.amount.quantity else \
                    p.price.quantity
                prices.add(p.amount.commodity, t.date, Amount(unit, p.price.commodity))
            if p.amount is not None and p.cost_weight is not None and p.amount.quantity:
                prices.add(p.amount.commodity, t.date,
                           Amount(abs(p.cost_weight.quantity / p.amount.quantity), p.cost_weight.commodity))
    seen_rates = set(tuple(r) for r in uow.session.execute(select(ExchangeRate.currency, ExchangeRate.rate_date)
                                         .where(ExchangeRate.book_id == b.id)).all())
    for pr in j.prices:
        if pr.price.commodity == base and (pr.commodity, pr.date) not in seen_rates and decimals_of(
                pr.price.quantity) <= 10:
            seen_rates.add((pr.commodity, pr.date))
            uow.session.add(ExchangeRate(book_id=b.id, currency=pr.commodity, rate_date=pr.date,
                                         rate=pr.price.quantity, source="import"))
    years = sorted({t.date for t in j.transactions})
    labels = []
    from ..domain.fiscal import FiscalCalendar

    fcal = FiscalCalendar(b.fy_start_month)
    for start_year in sorted({fcal.start_year_of(d) for d in years}):
        labels.append(open_year(uow, b, start_year).label)
    missing: set[str] = set()
    entries = []
    for t in sorted(j.transactions, key=lambda t: (t.date, t.line)):
        src = t.source or source
        if not t.postings:  # hledger allows it; a ledger entry with no lines is not an entry
            warnings.append(f"{src}:{t.line}: empty_transaction: a transaction with no postings was not imported")
            continue
        for what, text, limit in (("payee", t.description, 200), ("code", t.code, 60), ("narration", t.comment, 2000)):
            if len(text or "") > limit:
                warnings.append(f"{src}:{t.line}: {what}_cut: the {what} was cut to its first {limit} characters")
        entries.append(NewEntry(journal_type="general", entry_date=t.date, lines=_lines_of(t, accts, prices, src,
                                                                                           missing),
                                narration=t.comment, payee=t.description, mark=t.status, code=t.code,
                                reference=t.code, source="import" if not t.generated else "import-pad"))
    for c in sorted(missing):
        warnings.append(f"{source}: no price of {c} in {base}; its base-currency value is 0 (balances per commodity "
                        "are exact)")
    posting.insert_posted(uow.session, b.id, b.tenant_id, entries)
    uow.emit(LedgerImported(book_id=str(b.id), fmt=fmt, entries=len(entries), warnings=len(warnings)))
    return ImportResult(book=b.code, entries=len(entries), lines=sum(len(e.lines) for e in entries),
                        accounts_created=created, commodities=commodities, fiscal_years=labels, warnings=warnings)


@query("finance.journal.view", scope="finance.to_journal")
def to_journal(uow: UnitOfWork, book: UUID | str) -> PlainJournal:
    """The book as the neutral plain-text model (every posted entry, reversals included)."""
    from ..domain.accounts import AccountType

    b = get_book(uow, book)
    accts = {a.id: a for a in accounts_of(uow, b.id).values()}
    j = PlainJournal("vextrus")
    for a in sorted(accts.values(), key=lambda a: a.code):
        if not a.is_group:
            j.accounts[_plain_name(a)] = AccountDecl(_plain_name(a), AccountType(a.account_type), declared=True)
    for c in uow.session.execute(select(Currency).where(Currency.book_id == b.id)).scalars():
        j.commodities[c.code] = CommodityDecl(c.code, precision=c.decimals)
    for r in uow.session.execute(select(ExchangeRate).where(ExchangeRate.book_id == b.id)
                                 .order_by(ExchangeRate.rate_date)).scalars():
        j.prices.append(PriceDirective(r.rate_date, r.currency, Amount(r.rate.normalize(), b.base_commodity), 0))
    entries = {e.id: e for e in uow.session.execute(select(JournalEntry).where(
        JournalEntry.book_id == b.id, JournalEntry.status != "draft")).scalars()}
    by_entry: dict[UUID, list[JournalLine]] = defaultdict(list)
    for ln in uow.session.execute(select(JournalLine).where(JournalLine.book_id == b.id,
                                                            JournalLine.posted.is_(True))
                                  .order_by(JournalLine.entry_id, JournalLine.line_no)).scalars():
        by_entry[ln.entry_id].append(ln)
    for e in sorted(entries.values(), key=lambda e: (e.entry_date, e.number or "")):
        lines = by_entry.get(e.id, [])
        commodities = {ln.commodity for ln in lines}
        t = Transaction(e.entry_date, 0, description=e.payee or e.narration if e.source.startswith("import")
                        else e.narration, status=e.mark or "*", code=e.code or (e.number or ""),
                        comment=e.narration if e.source.startswith("import") else "")
        # imported entries (and any whose lines carry prices or lots) balance as the file wrote them;
        # only service-posted foreign-currency entries need their rates written as prices
        priced = e.source.startswith("import") or any(
            ln.price_commodity is not None or ln.cost_commodity is not None for ln in lines)
        for ln in lines:
            t.postings.append(_posting(ln, accts[ln.account_id], b, len(commodities) > 1 and not priced))
        j.transactions.append(t)
    return j


def _plain_name(a: Account) -> str:
    """Imported accounts keep their names; chart accounts become `assets:1120 Bank accounts` style names."""
    if ":" in a.code:
        return a.code
    root = {"asset": "assets", "liability": "liabilities", "equity": "equity", "income": "income",
            "expense": "expenses"}[a.account_type]
    return f"{root}:{a.code} {a.name}".replace(";", ",")


def _posting(ln: JournalLine, a: Account, b: Book, mixed: bool) -> Posting:
    name = _plain_name(a)
    if ln.quantity == 0 and (ln.base_debit or ln.base_credit):  # base-only line (FX revaluation)
        return Posting(name, Amount(ln.base_debit - ln.base_credit, b.base_commodity), 0, comment=ln.memo)
    p = Posting(name, Amount(ln.quantity.normalize() if ln.quantity == ln.quantity.to_integral() else ln.quantity,
                             ln.commodity), 0, comment=ln.memo)
    if ln.cost_commodity is not None and ln.cost_quantity is not None:
        per = abs(ln.cost_quantity / ln.quantity) if ln.quantity else ZERO
        p.cost = LotCost(per_unit=Amount(per, ln.cost_commodity))
        p.cost_weight = Amount(ln.cost_quantity, ln.cost_commodity)
    if ln.price_commodity is not None and ln.price is not None:
        total = ln.price_commodity.startswith(TOTAL_PRICE)
        p.price = Amount(ln.price, ln.price_commodity[len(TOTAL_PRICE):] if total else ln.price_commodity)
        p.price_is_total = total
    elif mixed and ln.commodity != b.base_commodity and p.cost_weight is None and ln.rate:
        p.price = Amount(ln.rate.normalize(), b.base_commodity)  # service-posted foreign line: its rate
    return p


def export_plaintext(book: UUID | str, fmt: str) -> str:
    j = to_journal(book)
    if fmt == "hledger":
        return to_hledger(j)
    if fmt == "beancount":
        return to_beancount(j, default_currency="BDT")[0]
    raise LedgerError("format_unknown", f"Unknown format {fmt!r}; use hledger or beancount.",
                      "ফরম্যাটটি অজানা: hledger অথবা beancount দিন", field="format")


def submit_import(text: str, fmt: str, company: str, name: str | None = None,
                  idempotency_key: str | None = None) -> background.RunView:
    """`import_plaintext` of an upload as a background run (REST `background=true`; docs/modules.md,
    "Background work with progress"): checked now, and again as the user when the run starts."""
    context.current().require("finance.book.manage")
    return background.submit("finance.import_plaintext", "vextrus.platform.background:call",
                             {"call": f"{__name__}:import_plaintext", "args": [text, fmt, company],
                              "kwargs": {"source": "upload", "name": name}},
                             view_permission="finance.book.manage", idempotency_key=idempotency_key)
