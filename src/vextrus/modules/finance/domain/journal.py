"""Journal entries: validation, reversal, year-end closing and unrealised FX revaluation (pure).

Amount rule: each line keeps its transaction amount, currency and rate; its base (BDT) amount is
``money.to_base`` (half-up, 2 dp) — the one rounding step. For an entry with foreign-currency lines
the rounded base sides may differ by a few poisha; that difference is absorbed into the
foreign-currency line with the largest base amount (first such line on a tie), and only when it is
no larger than half a poisha per foreign line (the most per-line rounding can produce). Anything
bigger is a real imbalance and an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import MAX_AMOUNT

from .accounts import Account, AccountType, Side
from .errors import LedgerError
from .money import BASE_CURRENCY, ZERO, decimals_of, minor_units, quantum, round_money, to_base

_AMOUNT_BN = {"debit": "ডেবিট", "credit": "ক্রেডিট", "rate": "হার"}  # a line's amount fields, in Bangla messages

ONE = Decimal(1)


class JournalType(StrEnum):
    GENERAL = "general"
    SALES = "sales"
    PURCHASE = "purchase"
    RECEIPT = "receipt"
    PAYMENT = "payment"
    CONTRA = "contra"
    ADJUSTMENT = "adjustment"
    OPENING = "opening"
    CLOSING = "closing"
    REVERSAL = "reversal"


@dataclass(frozen=True)
class LineInput:
    """A line as a user or service proposes it. Exactly one of debit/credit is positive.

    ``base_debit``/``base_credit`` are only for base-only lines (debit = credit = 0), used by
    revaluation: the foreign amount does not move, only its BDT value.
    """

    account_code: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    currency: str = BASE_CURRENCY
    rate: Decimal = ONE
    memo: str = ""
    base_debit: Decimal | None = None
    base_credit: Decimal | None = None
    dimensions: Mapping[str, str] = field(default_factory=dict)  # project_id, cost_center, party_id…


@dataclass(frozen=True)
class JournalLine:
    """A validated line: one side, positive amounts, base amount already rounded."""

    account_code: str
    side: Side
    amount: Decimal  # transaction currency, >= 0 (0 only on base-only lines)
    currency: str
    rate: Decimal
    base_amount: Decimal  # base currency, >= 0 (a tiny foreign amount may round to 0.00)
    memo: str = ""
    dimensions: Mapping[str, str] = field(default_factory=dict)

    @property
    def debit(self) -> Decimal:
        return self.amount if self.side is Side.DEBIT else ZERO

    @property
    def credit(self) -> Decimal:
        return self.amount if self.side is Side.CREDIT else ZERO

    @property
    def base_debit(self) -> Decimal:
        return self.base_amount if self.side is Side.DEBIT else ZERO

    @property
    def base_credit(self) -> Decimal:
        return self.base_amount if self.side is Side.CREDIT else ZERO

    @property
    def signed_base(self) -> Decimal:
        """Debit positive, credit negative (the ledger's sign convention)."""
        return self.base_amount if self.side is Side.DEBIT else -self.base_amount

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.side is Side.DEBIT else -self.amount


@dataclass(frozen=True)
class EntryInput:
    journal_type: JournalType | str
    entry_date: date
    lines: Sequence[LineInput]
    narration: str = ""
    reference: str = ""
    base_currency: str = BASE_CURRENCY
    reverses: str | None = None  # id or number of the entry this one reverses


@dataclass(frozen=True)
class JournalEntry:
    """A balanced entry ready to post."""

    journal_type: JournalType
    entry_date: date
    lines: tuple[JournalLine, ...]
    narration: str = ""
    reference: str = ""
    base_currency: str = BASE_CURRENCY
    reverses: str | None = None
    rounding_adjustment: Decimal = ZERO  # base amount moved onto rounding_line to balance
    rounding_line: int | None = None

    @property
    def total_base_debit(self) -> Decimal:
        return sum((ln.base_debit for ln in self.lines), ZERO)

    @property
    def total_base_credit(self) -> Decimal:
        return sum((ln.base_credit for ln in self.lines), ZERO)


def _err(code: str, en: str, bn: str, fld: str | None = None, **details: object) -> LedgerError:
    return LedgerError(code, en, bn, field=fld, details=dict(details))


def _dec(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        return None  # floats are refused: money must arrive as Decimal or str
    try:
        return Decimal(value)  # type: ignore[arg-type]
    except Exception:
        return None


def _line_problems(i: int, ln: LineInput, base: str, accounts: Mapping[str, Account] | None) -> list[LedgerError]:
    p = f"lines[{i}]"
    line_bn = to_bangla_digits(str(i + 1))  # the line's number as a Bangla page shows it
    out: list[LedgerError] = []
    debit, credit, rate = _dec(ln.debit), _dec(ln.credit), _dec(ln.rate)
    for name, val in (("debit", debit), ("credit", credit), ("rate", rate)):
        if val is None or not val.is_finite():
            out.append(_err("amount_invalid", f"Line {i + 1}: {name} is not a valid decimal number.",
                            to_bangla_digits(f"লাইন {line_bn}: {_AMOUNT_BN[name]} সঠিক দশমিক সংখ্যা নয়।"), f"{p}.{name}"))
    if out:
        return out
    assert debit is not None and credit is not None and rate is not None
    for name, val in (("debit", debit), ("credit", credit), ("debit", debit * rate), ("credit", credit * rate)):
        if abs(val) >= MAX_AMOUNT:  # what the amount columns hold, in the line's and in the base currency
            return [_err("amount_too_large", f"Line {i + 1}: {name} {val:,.2f} is too large (it must be below "
                         f"{MAX_AMOUNT:,.0f}).", to_bangla_digits(f"লাইন {line_bn}: {_AMOUNT_BN[name]} {val:,.2f} অনেক বড় "
                         f"({MAX_AMOUNT:,.0f} এর কম হতে হবে)।"), f"{p}.{name}", max=str(MAX_AMOUNT))]
    if not ln.account_code:
        out.append(_err("account_required", f"Line {i + 1}: account is required.", f"লাইন {line_bn}: হিসাব আবশ্যক।",
                        f"{p}.account_code"))
    elif accounts is not None:
        acc = accounts.get(ln.account_code)
        if acc is None:
            out.append(_err("account_unknown", f"Line {i + 1}: account {ln.account_code} does not exist.",
                            f"লাইন {line_bn}: হিসাব {ln.account_code} নেই।", f"{p}.account_code", account=ln.account_code))
        elif acc.is_group:
            out.append(_err("account_is_group", f"Line {i + 1}: {acc.code} {acc.name} is a group account; post to a "
                            "detail account.", f"লাইন {line_bn}: {acc.code} গ্রুপ হিসাব; বিস্তারিত হিসাবে পোস্ট করুন।",
                            f"{p}.account_code", account=acc.code))
        elif not acc.is_active:
            out.append(_err("account_inactive", f"Line {i + 1}: account {acc.code} is inactive.",
                            f"লাইন {line_bn}: হিসাব {acc.code} নিষ্ক্রিয়।", f"{p}.account_code", account=acc.code))
        elif acc.currency and ln.currency not in (acc.currency,) and not _is_base_only(ln):
            out.append(_err("currency_mismatch", f"Line {i + 1}: account {acc.code} is kept in {acc.currency}, "
                            f"not {ln.currency}.", f"লাইন {line_bn}: হিসাব {acc.code} {acc.currency}-তে রাখা হয়।",
                            f"{p}.currency", account_currency=acc.currency, currency=ln.currency))
    if not (isinstance(ln.currency, str) and len(ln.currency) == 3 and ln.currency.isalpha() and ln.currency.isupper()):
        out.append(_err("currency_invalid", f"Line {i + 1}: currency must be an ISO code like BDT.",
                        f"লাইন {line_bn}: মুদ্রা ISO কোড হতে হবে (যেমন BDT)।", f"{p}.currency", currency=ln.currency))
        return out
    if _is_base_only(ln):
        bd, bc = _dec(ln.base_debit) or ZERO, _dec(ln.base_credit) or ZERO
        if (bd > 0) == (bc > 0) or bd < 0 or bc < 0:
            out.append(_err("line_one_side", f"Line {i + 1}: a base-only line needs exactly one positive base side.",
                            f"লাইন {line_bn}: শুধু-বেস লাইনে ঠিক একটি ধনাত্মক দিক লাগবে।", f"{p}.base_debit"))
        elif decimals_of(bd + bc) > minor_units(base):
            out.append(_err("too_many_decimals", f"Line {i + 1}: base amount has more than {minor_units(base)} decimals.",
                            f"লাইন {line_bn}: বেস অঙ্কে দশমিকের ঘর বেশি।", f"{p}.base_debit"))
        return out
    if debit < 0 or credit < 0:
        side = "debit" if debit < 0 else "credit"
        out.append(_err("amount_negative", f"Line {i + 1}: {side} must not be negative.",
                        f"লাইন {line_bn}: {'ডেবিট' if side == 'debit' else 'ক্রেডিট'} ঋণাত্মক হতে পারে না।", f"{p}.{side}"))
    elif debit > 0 and credit > 0:
        out.append(_err("line_one_side", f"Line {i + 1}: a line is either a debit or a credit, not both.",
                        f"লাইন {line_bn}: একটি লাইনে হয় ডেবিট নয় ক্রেডিট, দুটোই নয়।", f"{p}.credit"))
    elif debit == 0 and credit == 0:
        out.append(_err("amount_zero", f"Line {i + 1}: amount must be greater than zero.",
                        f"লাইন {line_bn}: অঙ্ক শূন্যের বেশি হতে হবে।", f"{p}.debit"))
    else:
        side = "debit" if debit > 0 else "credit"
        if decimals_of(debit + credit) > minor_units(ln.currency):
            out.append(_err("too_many_decimals", f"Line {i + 1}: {ln.currency} amounts have at most "
                            f"{minor_units(ln.currency)} decimals.", f"লাইন {line_bn}: দশমিকের ঘর বেশি।", f"{p}.{side}"))
    if rate <= 0:
        out.append(_err("rate_invalid", f"Line {i + 1}: exchange rate must be positive.",
                        f"লাইন {line_bn}: বিনিময় হার ধনাত্মক হতে হবে।", f"{p}.rate"))
    elif ln.currency == base and rate != ONE:
        out.append(_err("rate_invalid", f"Line {i + 1}: a {base} line has rate 1.", f"লাইন {line_bn}: {base} লাইনের হার ১।",
                        f"{p}.rate"))
    return out


def _is_base_only(ln: LineInput) -> bool:
    return (ln.base_debit is not None or ln.base_credit is not None) and not ln.debit and not ln.credit


def _build_line(ln: LineInput, base: str) -> JournalLine:
    if _is_base_only(ln):
        bd = Decimal(ln.base_debit or 0)
        side = Side.DEBIT if bd > 0 else Side.CREDIT
        return JournalLine(ln.account_code, side, ZERO, ln.currency, Decimal(ln.rate),
                           round_money(bd if bd > 0 else Decimal(ln.base_credit or 0), base), ln.memo, dict(ln.dimensions))
    debit = Decimal(ln.debit)
    side = Side.DEBIT if debit > 0 else Side.CREDIT
    amount = debit if debit > 0 else Decimal(ln.credit)
    return JournalLine(ln.account_code, side, amount, ln.currency, Decimal(ln.rate), to_base(amount, ln.rate, base),
                       ln.memo, dict(ln.dimensions))


def entry_problems(entry: EntryInput, accounts: Mapping[str, Account] | None = None) -> list[LedgerError]:
    """Every rule the proposed entry breaks (empty list: it can post). ``accounts`` by code, optional."""
    out: list[LedgerError] = []
    try:
        jtype = JournalType(entry.journal_type)
    except ValueError:
        return [_err("journal_type_unknown", f"Unknown journal type {entry.journal_type!r}.",
                     "জার্নালের ধরনটি অজানা।", "journal_type")]
    if not isinstance(entry.entry_date, date):
        out.append(_err("date_required", "Entry date is required.", "তারিখ আবশ্যক।", "entry_date"))
    if jtype is JournalType.REVERSAL and not entry.reverses:
        out.append(_err("reversal_target_required", "A reversal must name the entry it reverses.",
                        "রিভার্সাল এন্ট্রিতে মূল এন্ট্রি উল্লেখ করতে হবে।", "reverses"))
    if len(entry.lines) < 2:
        out.append(_err("lines_too_few", "An entry needs at least two lines.", "একটি এন্ট্রিতে অন্তত দুটি লাইন লাগবে।",
                        "lines", count=len(entry.lines)))
    base = entry.base_currency
    for i, ln in enumerate(entry.lines):
        out.extend(_line_problems(i, ln, base, accounts))
    if out:
        return out
    built = [_build_line(ln, base) for ln in entry.lines]
    currencies = {ln.currency for ln in built}
    if len(currencies) == 1 and not any(_is_base_only(ln) for ln in entry.lines):
        cur = next(iter(currencies))
        dr = sum((ln.debit for ln in built), ZERO)
        cr = sum((ln.credit for ln in built), ZERO)
        if dr != cr:
            out.append(_err("entry_unbalanced", f"Debits {dr} {cur} do not equal credits {cr} {cur}.",
                            to_bangla_digits(f"ডেবিট {dr} {cur} ক্রেডিট {cr} {cur}-এর সমান নয়।"), "lines", currency=cur,
                            debit=str(dr), credit=str(cr), difference=str(dr - cr)))
            return out
    _, problem = _absorb_rounding(built, base)
    if problem is not None:
        out.append(problem)
    return out


def _absorb_rounding(lines: list[JournalLine], base: str) -> tuple[tuple[Decimal, int | None], LedgerError | None]:
    dr = sum((ln.base_debit for ln in lines), ZERO)
    cr = sum((ln.base_credit for ln in lines), ZERO)
    diff = dr - cr
    if diff == 0:
        return (ZERO, None), None
    foreign = [i for i, ln in enumerate(lines) if ln.currency != base and ln.amount > 0]
    bound = quantum(base) / 2 * len(foreign)
    if not foreign or abs(diff) > bound:
        return (ZERO, None), _err("entry_unbalanced", f"Base debits {dr} {base} do not equal base credits {cr} {base}.",
                                  to_bangla_digits(f"বেস ডেবিট {dr} {base} বেস ক্রেডিট {cr} {base}-এর সমান নয়।"), "lines",
                                  currency=base, debit=str(dr), credit=str(cr), difference=str(diff))
    target = max(foreign, key=lambda i: (lines[i].base_amount, -i))
    ln = lines[target]
    delta = -diff if ln.side is Side.DEBIT else diff
    if ln.base_amount + delta < 0:
        return (ZERO, None), _err("entry_unbalanced", "Rounding difference cannot be absorbed.",
                                  "রাউন্ডিং পার্থক্য সমন্বয় করা যায়নি।", "lines", difference=str(diff))
    lines[target] = replace(ln, base_amount=ln.base_amount + delta)
    return (delta, target), None


def validate_entry(entry: EntryInput, accounts: Mapping[str, Account] | None = None) -> JournalEntry:
    """Return the balanced ``JournalEntry`` or raise the first ``LedgerError`` (all in details['problems'])."""
    problems = entry_problems(entry, accounts)
    if problems:
        first = problems[0]
        first.details["problems"] = [p.to_dict() for p in problems]
        raise first
    built = [_build_line(ln, entry.base_currency) for ln in entry.lines]
    (adj, idx), _ = _absorb_rounding(built, entry.base_currency)
    return JournalEntry(JournalType(entry.journal_type), entry.entry_date, tuple(built), entry.narration,
                        entry.reference, entry.base_currency, entry.reverses, adj, idx)


def build_reversal(posted: JournalEntry, reversal_date: date, *, reverses: str, narration: str | None = None,
                   reference: str = "") -> JournalEntry:
    """The entry that cancels ``posted``: same lines, sides swapped, same amounts, rates and base values."""
    if reversal_date < posted.entry_date:
        raise _err("reversal_date_invalid", "A reversal cannot be dated before the entry it reverses.",
                   "রিভার্সালের তারিখ মূল এন্ট্রির আগে হতে পারে না।", "entry_date",
                   entry_date=posted.entry_date.isoformat(), reversal_date=reversal_date.isoformat())
    lines = tuple(replace(ln, side=ln.side.opposite) for ln in posted.lines)
    return JournalEntry(JournalType.REVERSAL, reversal_date, lines,
                        narration if narration is not None else f"Reversal of {reverses}", reference or reverses,
                        posted.base_currency, reverses, ZERO, None)


def build_closing_entry(balances: Mapping[str, Decimal], accounts: Mapping[str, Account], retained_earnings_code: str,
                        closing_date: date, *, narration: str = "Year-end closing") -> JournalEntry:
    """Close every income and expense account into retained earnings.

    ``balances``: signed base balance per account code for the year (debit positive). Other
    account types are ignored. The net (profit credits, loss debits) goes to retained earnings.
    """
    lines: list[LineInput] = []
    net = ZERO
    for code in sorted(balances):
        acc = accounts.get(code)
        bal = Decimal(balances[code])
        if acc is None or acc.account_type not in (AccountType.INCOME, AccountType.EXPENSE) or bal == 0:
            continue
        lines.append(LineInput(code, credit=bal) if bal > 0 else LineInput(code, debit=-bal))
        net += bal
    if not lines:
        raise _err("nothing_to_close", "No income or expense balances to close.", "বন্ধ করার মতো আয় বা ব্যয়ের স্থিতি নেই।",
                   "balances")
    if net != 0:  # net > 0: expenses exceed income (a loss) → debit retained earnings
        lines.append(LineInput(retained_earnings_code, debit=net) if net > 0 else
                     LineInput(retained_earnings_code, credit=-net))
    return validate_entry(EntryInput(JournalType.CLOSING, closing_date, lines, narration), accounts)


@dataclass(frozen=True)
class ForeignBalance:
    """An account's balance in one foreign currency and its carrying BDT value (both debit positive)."""

    account_code: str
    currency: str
    amount: Decimal
    base_amount: Decimal


def build_fx_revaluation(balances: Iterable[ForeignBalance], rates: Mapping[str, Decimal], gain_account: str,
                         loss_account: str, revaluation_date: date, *, base_currency: str = BASE_CURRENCY,
                         narration: str = "Unrealised FX revaluation") -> JournalEntry | None:
    """Bring each foreign balance to ``amount × new rate``; differences go to unrealised gain/loss.

    Lines on the revalued accounts are base-only (foreign amount unchanged). Returns None when
    nothing moves. Gains and losses are posted as one line each.
    """
    lines: list[LineInput] = []
    gains = losses = ZERO
    for fb in balances:
        if fb.currency not in rates:
            raise _err("rate_missing", f"No revaluation rate for {fb.currency}.", f"{fb.currency}-এর পুনর্মূল্যায়ন হার নেই।",
                       "rates", currency=fb.currency)
        diff = to_base(fb.amount, rates[fb.currency], base_currency) - Decimal(fb.base_amount)
        if diff == 0:
            continue
        rate = Decimal(rates[fb.currency])
        if diff > 0:
            lines.append(LineInput(fb.account_code, currency=fb.currency, rate=rate, base_debit=diff,
                                   memo=f"Revalue {fb.amount} {fb.currency} @ {rate}"))
            gains += diff
        else:
            lines.append(LineInput(fb.account_code, currency=fb.currency, rate=rate, base_credit=-diff,
                                   memo=f"Revalue {fb.amount} {fb.currency} @ {rate}"))
            losses += -diff
    if not lines:
        return None
    if gains:
        lines.append(LineInput(gain_account, credit=gains))
    if losses:
        lines.append(LineInput(loss_account, debit=losses))
    return validate_entry(EntryInput(JournalType.ADJUSTMENT, revaluation_date, lines, narration))


def net_base_by_account(entries: Iterable[JournalEntry]) -> dict[str, Decimal]:
    """Signed base balance per account over some entries (debit positive)."""
    out: dict[str, Decimal] = {}
    for e in entries:
        for ln in e.lines:
            out[ln.account_code] = out.get(ln.account_code, ZERO) + ln.signed_base
    return out
