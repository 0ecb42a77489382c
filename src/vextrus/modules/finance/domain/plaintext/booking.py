"""Booking: fill elided amounts and balance assignments, pick lots, check balance and assertions, in date order.

Ordering follows the tools: hledger checks in date order (same date: file order) with assertions
after each posting, exact; Beancount checks ``balance`` at the start of its day, including
subaccounts, within the tolerance of the asserted number's last digit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from vextrus.platform.i18n import to_bangla_digits

from ..money import decimals_of
from .model import (
    Amount,
    BalanceDirective,
    LotCost,
    PadDirective,
    PlainJournal,
    Posting,
    Transaction,
    parse_error,
)

ZERO = Decimal(0)


@dataclass
class Balances:
    """Running balances per account per commodity: raw units and at-cost values."""

    units: dict[str, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Decimal)))
    at_cost: dict[str, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Decimal)))
    lots: dict[tuple[str, str], dict[tuple[Decimal, str], Decimal]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Decimal)))
    prices_at_cost: bool = True  # hledger -B converts @ prices too; Beancount's cost is the lot's only

    def apply(self, p: Posting) -> None:
        assert p.amount is not None
        a = p.amount
        self.units[p.account][a.commodity] += a.quantity
        priced = p.cost_weight is not None or (self.prices_at_cost and p.price is not None)
        cv = p.weight() if priced else a
        self.at_cost[p.account][cv.commodity] += cv.quantity
        if p.cost is not None and p.cost.per_unit is not None:
            key = (p.cost.per_unit.quantity, p.cost.per_unit.commodity)
            lots = self.lots[(p.account, a.commodity)]
            if a.quantity > 0 or p.cost_weight is None or key in lots:
                lots[key] += a.quantity
                if lots[key] == 0:
                    del lots[key]

    def balance(self, account: str, commodity: str, inclusive: bool = False) -> Decimal:
        if not inclusive:
            return self.units.get(account, {}).get(commodity, ZERO)
        return sum((bal.get(commodity, ZERO) for acct, bal in self.units.items()
                    if acct == account or acct.startswith(account + ":")), ZERO)


def _clean(d: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for acct in sorted(d):
        row = {c: q for c, q in sorted(d[acct].items()) if q != 0}
        if row:
            out[acct] = row
    return out


def _book_costs(t: Transaction, bal: Balances, source: str) -> None:
    for p in t.postings:
        if p.cost is None:
            continue
        if p.amount is None:
            raise parse_error(source, p.line, "a posting held at cost needs an amount")
        q = p.amount.quantity
        c = p.cost
        if c.total is not None:
            c.per_unit = Amount(c.total.quantity / abs(q), c.total.commodity) if q else None
            p.cost_weight = Amount(c.total.quantity if q >= 0 else -c.total.quantity, c.total.commodity)
            continue
        if c.per_unit is not None:
            p.cost_weight = Amount(q * c.per_unit.quantity, c.per_unit.commodity)
            continue
        # Empty {} on a reduction: choose the lot from what the account holds (Beancount STRICT-like).
        lots = {k: v for k, v in bal.lots.get((p.account, p.amount.commodity), {}).items() if v != 0}
        if q >= 0 or not lots:
            raise parse_error(source, p.line, f"cannot tell the cost of {p.amount} for {p.account}: no lot to reduce")
        if len(lots) == 1:
            (per, cur), _held = next(iter(lots.items()))
            c.per_unit = Amount(per, cur)
            p.cost_weight = Amount(q * per, cur)
        elif -q == sum(lots.values()) and len({cur for _, cur in lots}) == 1:
            cur = next(iter(lots))[1]
            p.cost_weight = Amount(-sum((per * held for (per, _), held in lots.items()), ZERO), cur)
            for k in list(lots):
                del bal.lots[(p.account, p.amount.commodity)][k]
        else:
            raise parse_error(source, p.line, f"ambiguous lot for {p.amount} in {p.account}: it holds "
                              f"{len(lots)} lots at different costs; name the cost in {{…}}")


def _infer_prices(ps: list[Posting]) -> None:
    """hledger 1.25: postings of exactly two unbalanced commodities and no price get one.

    The first commodity written is priced in the other: ``@@`` the other's total when one posting
    carries it, else ``@`` the ratio of the sums (what ``hledger print -x`` shows and ``bal -B`` uses).
    """
    if any(p.price is not None or p.amount is None for p in ps):
        return
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for p in ps:
        assert p.amount is not None
        sums[p.amount.commodity] += p.amount.quantity
    nonzero = [c for c, q in sums.items() if q != 0]
    if len(nonzero) != 2:
        return
    frm = next(p.amount.commodity for p in ps if p.amount is not None and p.amount.commodity in nonzero)
    to = nonzero[1] if nonzero[0] == frm else nonzero[0]
    from_ps = [p for p in ps if p.amount is not None and p.amount.commodity == frm]
    if len(from_ps) == 1:
        from_ps[0].price, from_ps[0].price_is_total = Amount(abs(sums[to]), to), True
        return
    unit = abs(sums[to] / sums[frm])
    if decimals_of(unit) > 10:
        unit = unit.quantize(Decimal("1e-10"))
    for p in from_ps:
        p.price = Amount(unit, to)


def _hledger_lots(t: Transaction) -> None:
    """hledger 1.25 parses ``{…}`` and ignores it: the lot is held at its transaction price, if any.

    A lot posting with an ``@``/``@@`` price (written or inferred) is recorded at that cost, so reports
    at cost give ``hledger bal -B``; one without a price stays in units, as hledger keeps it.
    """
    for p in t.postings:
        if p.cost is None or p.amount is None:
            continue
        if p.price is None or not p.amount.quantity:
            p.cost = None
            continue
        w = p.weight()
        p.cost_weight = w
        p.cost = LotCost(per_unit=Amount(abs(w.quantity / p.amount.quantity), w.commodity), lot_date=p.cost.lot_date)


def _tolerances(t: Transaction, decimals: dict[int, int]) -> dict[str, Decimal]:
    """Per commodity: half a unit of the finest written posting amount (price-only commodities: their decimals)."""
    tol: dict[str, int] = {}
    for p in t.postings:
        if p.amount is not None and not p.inferred:
            c = p.amount.commodity
            tol[c] = max(tol.get(c, 0), decimals.get(id(p), decimals_of(p.amount.quantity)))
    for p in t.postings:
        for a in (p.price, p.cost.per_unit if p.cost else None, p.cost.total if p.cost else None):
            if a is not None and a.commodity not in tol:
                tol[a.commodity] = decimals_of(a.quantity)
    return {c: Decimal(5).scaleb(-d - 1) for c, d in tol.items()}


def _balance_transaction(t: Transaction, bal: Balances, source: str, decimals: dict[int, int],
                         hledger: bool = False) -> None:
    # balance assignments (hledger): an amount-less posting with an assertion takes what makes it true
    for i, p in enumerate(t.postings):
        if p.amount is None and p.assertion is not None:
            a = p.assertion.amount
            current = bal.balance(p.account, a.commodity, p.assertion.inclusive)
            current += sum((q.amount.quantity for q in t.postings[:i]
                            if q.amount is not None and q.account == p.account and q.amount.commodity == a.commodity),
                           ZERO)
            p.amount = Amount(a.quantity - current, a.commodity)
            p.inferred = True
    for group in ("", "[]"):
        ps = [p for p in t.postings if p.virtual == group]
        elided = [p for p in ps if p.amount is None]
        if len(elided) > 1:
            raise parse_error(source, elided[1].line, "only one posting per transaction may omit its amount",
                              "প্রতি লেনদেনে কেবল একটি পোস্টিংয়ের অঙ্ক বাদ দেওয়া যায়")
        residual: dict[str, Decimal] = defaultdict(Decimal)
        for p in ps:
            if p.amount is not None:
                w = p.weight()
                residual[w.commodity] += w.quantity
        if elided:
            e = elided[0]
            e.inferred = True
            nonzero = [(c, q) for c, q in residual.items() if q != 0]
            if not nonzero:
                e.amount = Amount(ZERO, next(iter(residual), ""))
            else:
                idx = t.postings.index(e)
                extra = []
                for n, (c, q) in enumerate(nonzero):
                    target = e if n == 0 else Posting(e.account, None, e.line, comment=e.comment, virtual=e.virtual,
                                                      inferred=True)
                    target.amount = Amount(-q, c)
                    if n:
                        extra.append(target)
                t.postings[idx + 1:idx + 1] = extra
            continue
        if hledger:
            _infer_prices(ps)
            residual = defaultdict(Decimal)
            for p in ps:
                w = p.weight()
                residual[w.commodity] += w.quantity
        tol = _tolerances(t, decimals)
        bad = {c: q for c, q in residual.items() if abs(q) > tol.get(c, ZERO)}
        if bad:
            parts = ", ".join(f"{q} {c}".strip() for c, q in bad.items())
            raise parse_error(source, t.line, f"transaction does not balance (off by {parts})",
                              to_bangla_digits(f"লেনদেন ভারসাম্যপূর্ণ নয় ({parts})"), code="plaintext_unbalanced",
                              residual={c: str(q) for c, q in bad.items()})


def _check_assertion(p: Posting, bal: Balances, source: str) -> None:
    a = p.assertion
    assert a is not None
    want = a.amount
    got = bal.balance(p.account, want.commodity, a.inclusive)
    problems = []
    if got != want.quantity:
        problems.append((want.commodity, want.quantity, got))
    if a.total:
        accts = [x for x in bal.units if x == p.account or (a.inclusive and x.startswith(p.account + ":"))]
        others = {c for x in accts for c, q in bal.units[x].items() if q != 0 and c != want.commodity}
        problems += [(c, ZERO, bal.balance(p.account, c, a.inclusive)) for c in sorted(others)]
    if problems:
        c, w, g = problems[0]
        raise parse_error(source, p.line, f"balance assertion failed for {p.account}: expected {w} {c}, "
                          f"actual {g} {c} (difference {g - w})",
                          to_bangla_digits(f"{p.account}-এর স্থিতি মেলেনি: প্রত্যাশিত {w} {c}, প্রকৃত {g} {c}"),
                          code="balance_assertion_failed", account=p.account, commodity=c,
                          expected=str(w), actual=str(g))


def _check_balance_directive(d: BalanceDirective, bal: Balances, source: str) -> None:
    got = bal.balance(d.account, d.amount.commodity, inclusive=True)
    tol = d.tolerance if d.tolerance is not None else Decimal(1).scaleb(-decimals_of(d.amount.quantity))
    if abs(got - d.amount.quantity) > tol:
        raise parse_error(source, d.line, f"balance assertion failed for {d.account}: expected {d.amount}, "
                          f"actual {got} {d.amount.commodity} (difference {got - d.amount.quantity})",
                          to_bangla_digits(f"{d.account}-এর স্থিতি মেলেনি: প্রত্যাশিত {d.amount}, প্রকৃত {got}"),
                          code="balance_assertion_failed", account=d.account, commodity=d.amount.commodity,
                          expected=str(d.amount.quantity), actual=str(got))


def _require_open(account: str, on: date, opened: dict[str, date], closed: dict[str, date], source: str,
                  line: int) -> None:
    """Beancount refuses postings, balances and pads on an account not open that day (or already closed)."""
    if account not in opened or opened[account] > on:
        raise parse_error(source, line, f"account {account} is not open on {on.isoformat()}")
    if account in closed and closed[account] < on:
        raise parse_error(source, line, f"account {account} was closed on {closed[account]}")


def book(journal: PlainJournal, source: str = "", decimals: dict[int, int] | None = None) -> Balances:
    """Resolve and check the whole journal in date order; raise the first LedgerError; return final balances."""
    decimals = decimals or {}
    bal = Balances()
    events: list[tuple] = []  # (date, rank, order, kind, obj); same date: balance first, then file order
    for i, t in enumerate(journal.transactions):
        order = t.line if journal.dialect == "beancount" else i
        events.append((t.date, 0, order, "txn", t))
    if journal.dialect == "beancount":
        events += [(d.date, -1, d.line, "balance", d) for d in journal.balances]
        events += [(pad.date, 0, pad.line, "pad", pad) for pad in journal.pads]
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    opened = {o.account: o.date for o in journal.opens}
    closed = {c.account: c.date for c in journal.closes}
    pending_pad: dict[str, PadDirective] = {}
    generated: list[Transaction] = []
    for _d, _r, _i, kind, obj in events:
        if kind == "txn":
            t: Transaction = obj
            src = t.source or source
            if journal.dialect == "beancount":
                for p in t.postings:
                    _require_open(p.account, t.date, opened, closed, src, p.line)
            if journal.dialect == "beancount":
                _book_costs(t, bal, src)
                _balance_transaction(t, bal, src, decimals)
            else:
                _balance_transaction(t, bal, src, decimals, hledger=True)
                _hledger_lots(t)
            for p in t.postings:
                bal.apply(p)
                if p.assertion is not None:
                    _check_assertion(p, bal, src)
        elif kind == "pad":
            for acct in (obj.account, obj.source_account):
                _require_open(acct, obj.date, opened, closed, source, obj.line)
            pending_pad[obj.account] = obj
        else:
            d: BalanceDirective = obj
            _require_open(d.account, d.date, opened, closed, source, d.line)
            pad = pending_pad.get(d.account)
            if pad is not None:
                diff = d.amount.quantity - bal.balance(d.account, d.amount.commodity, inclusive=True)
                if diff != 0:
                    gt = Transaction(pad.date, pad.line, f"Padding inserted for balance of {d.amount}", "P",
                                     postings=[Posting(pad.account, Amount(diff, d.amount.commodity), pad.line),
                                               Posting(pad.source_account, Amount(-diff, d.amount.commodity),
                                                       pad.line)], generated="pad", source=source)
                    generated.append(gt)
                    for p in gt.postings:
                        bal.apply(p)
            _check_balance_directive(d, bal, source)
    journal.transactions.extend(generated)
    journal.transactions.sort(key=lambda t: t.date)
    return bal


def balances(journal: PlainJournal, *, at_cost: bool = False) -> dict[str, dict[str, Decimal]]:
    """Final balance per account per commodity of an already-booked journal (zero entries dropped).

    ``at_cost=False``: raw commodity units (hledger ``bal``, Beancount ``units``).
    ``at_cost=True``: every posting valued at its lot cost, else its ``@``/``@@`` price, else its units
    (hledger ``bal -B``; Beancount ``cost`` for lots).
    """
    b = Balances(prices_at_cost=journal.dialect != "beancount")
    for t in journal.transactions:
        for p in t.postings:
            if p.amount is not None:
                b.apply(p)
    return _clean(b.at_cost if at_cost else b.units)


def rollup(flat: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
    """Add each account's balance to all its parents (``assets:bank:x`` → ``assets:bank`` → ``assets``)."""
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for acct, row in flat.items():
        parts = acct.split(":")
        for n in range(1, len(parts) + 1):
            for c, q in row.items():
                out[":".join(parts[:n])][c] += q
    return _clean(out)


__all__ = ["Balances", "LotCost", "book", "balances", "rollup"]
