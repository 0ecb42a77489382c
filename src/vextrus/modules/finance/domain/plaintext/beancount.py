"""Reader for Beancount files into the neutral model (transactions, open/close/pad/balance/price/commodity).

Directives with no ledger effect (event, note, document, query, custom, option, plugin, include)
are kept as warnings with line numbers; options are also stored in ``journal.options``.
"""

from __future__ import annotations

import re

from .amounts import AmountSyntaxError, parse_number
from .booking import book
from .common import find_top, parse_date, split_comment
from .model import (
    Amount,
    BalanceDirective,
    CloseDirective,
    ImportWarning,
    LotCost,
    OpenDirective,
    PadDirective,
    PlainJournal,
    Posting,
    PriceDirective,
    Transaction,
    account_type_from_name,
    parse_error,
)

_CUR = r"[A-Z][A-Z0-9'._-]{0,22}[A-Z0-9]|[A-Z]"
_ACCOUNT = r"[A-Z][A-Za-z0-9-]*(?::[A-Z0-9][A-Za-z0-9-]*)+"
_AMOUNT_RE = re.compile(rf"^(?P<num>[-+]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+))\s+(?P<cur>{_CUR})$")
_ENTRY_RE = re.compile(r"^(?P<date>\d{4}[-/]\d{2}[-/]\d{2})\s+(?P<kind>\S+)\s*(?P<rest>.*)$")
_STR_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_META_RE = re.compile(r"^([a-z][a-zA-Z0-9_-]*):\s*(.*)$")
_NO_EFFECT = {"event", "note", "document", "query", "custom"}


def _amount(text: str, src: str, line: int, j: PlainJournal) -> tuple[Amount, int]:
    m = _AMOUNT_RE.match(text.strip())
    if not m:
        raise parse_error(src, line, f"cannot read amount {text.strip()!r} (expected NUMBER CURRENCY)",
                          "অঙ্ক পড়া যায়নি")
    try:
        sign = -1 if m["num"].startswith("-") else 1
        value, dec = parse_number(m["num"].lstrip("+-"))
    except AmountSyntaxError as e:
        raise parse_error(src, line, str(e))
    j.note_commodity(m["cur"], line, dec)
    return Amount(sign * value, m["cur"]), dec


def _cost(inner: str, total: bool, src: str, line: int, j: PlainJournal) -> LotCost:
    cost = LotCost()
    if "#" in inner:
        raise parse_error(src, line, "compound cost {per # total} is not supported")
    for part in (p.strip() for p in inner.split(",") if p.strip()):
        d = parse_date(part)
        if d is not None:
            cost.lot_date = d
        elif part.startswith('"'):
            cost.label = part.strip('"')
        elif part == "*":
            continue
        else:
            amt, _ = _amount(part, src, line, j)
            if total:
                cost.total = amt
            else:
                cost.per_unit = amt
    return cost


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.j = PlainJournal("beancount")
        self.decimals: dict[int, int] = {}

    def warn(self, line: int, kind: str, msg: str) -> None:
        self.j.warnings.append(ImportWarning(line, kind, msg, self.src))

    def account(self, name: str, line: int) -> str:
        if not re.fullmatch(_ACCOUNT, name):
            raise parse_error(self.src, line, f"invalid account name {name!r}")
        self.j.note_account(name, line)
        return name

    def parse(self, text: str) -> PlainJournal:
        txn: Transaction | None = None
        for n, raw in enumerate(text.splitlines(), start=1):
            line = raw.rstrip()
            if not line.strip():
                txn = None
                continue
            if raw[0] in " \t":
                body = line.strip()
                if body.startswith(";"):
                    if txn is not None:
                        c = body[1:].strip()
                        if txn.postings:
                            txn.postings[-1].comment = f"{txn.postings[-1].comment}\n{c}".strip()
                        else:
                            txn.comment = f"{txn.comment}\n{c}".strip()
                    continue
                if txn is None:
                    continue  # metadata of a non-transaction directive
                meta = _META_RE.match(body)
                if meta:
                    target = txn.postings[-1].metadata if txn.postings else txn.metadata
                    target[meta.group(1)] = meta.group(2).strip().strip('"')
                    continue
                txn.postings.append(self.posting(body, n))
                continue
            txn = None
            if line[0] in ";#*":
                continue
            body, comment = split_comment(line)
            word = body.split(None, 1)[0]
            if word in ("option", "plugin", "include", "pushtag", "poptag", "pushmeta", "popmeta"):
                strs = _STR_RE.findall(body)
                if word == "option" and len(strs) == 2:
                    self.j.options[strs[0]] = strs[1]
                if word == "include":
                    raise parse_error(self.src, n, "include is not supported in Beancount import; merge the files first")
                self.warn(n, word, f"{word} directive not imported: {body}")
                continue
            m = _ENTRY_RE.match(body)
            if not m:
                raise parse_error(self.src, n, f"cannot read line: {line}", "লাইন পড়া যায়নি")
            d = parse_date(m["date"])
            if d is None:
                raise parse_error(self.src, n, f"invalid date {m['date']}")
            kind, rest = m["kind"], m["rest"].strip()
            if kind in ("*", "!", "txn", "P") or kind.startswith('"'):
                if kind.startswith('"'):
                    rest = f"{kind} {rest}"
                    kind = "*"
                txn = self.header(d, "*" if kind == "txn" else kind, rest, comment, n)
                self.j.transactions.append(txn)
            elif kind == "open":
                parts = rest.split()
                acct = self.account(parts[0], n)
                booking = _STR_RE.findall(rest)
                curs = tuple(c for p in parts[1:] if not p.startswith('"') for c in p.split(",") if c)
                self.j.opens.append(OpenDirective(d, acct, n, curs, booking[0] if booking else ""))
                self.j.accounts[acct].declared = True
            elif kind == "close":
                self.j.closes.append(CloseDirective(d, self.account(rest.split()[0], n), n))
            elif kind == "pad":
                parts = rest.split()
                if len(parts) != 2:
                    raise parse_error(self.src, n, "pad needs ACCOUNT SOURCE-ACCOUNT")
                self.j.pads.append(PadDirective(d, self.account(parts[0], n), self.account(parts[1], n), n))
            elif kind == "balance":
                acct, _, amt_text = rest.partition(" ")
                tol = None
                if "~" in amt_text:  # Beancount writes NUMBER ~ TOLERANCE CURRENCY
                    num_text, _, tol_text = amt_text.partition("~")
                    tol_amt, _ = _amount(tol_text, self.src, n, self.j)
                    tol = abs(tol_amt.quantity)
                    amt_text = f"{num_text.strip()} {tol_amt.commodity}"
                amt, _ = _amount(amt_text, self.src, n, self.j)
                self.j.balances.append(BalanceDirective(d, self.account(acct, n), amt, n, tol))
            elif kind == "price":
                cur, _, amt_text = rest.partition(" ")
                amt, _ = _amount(amt_text, self.src, n, self.j)
                self.j.note_commodity(cur, n)
                self.j.prices.append(PriceDirective(d, cur, amt, n))
            elif kind == "commodity":
                self.j.note_commodity(rest.split()[0], n)
            elif kind in _NO_EFFECT:
                self.warn(n, kind, f"{kind} directive not imported: {body}")
            else:
                raise parse_error(self.src, n, f"unknown directive {kind!r}")
        book(self.j, self.src, self.decimals)
        for decl in self.j.accounts.values():
            decl.account_type = account_type_from_name(decl.name)
        return self.j

    def header(self, d, flag: str, rest: str, comment: str, n: int) -> Transaction:  # type: ignore[no-untyped-def]
        strs = _STR_RE.findall(rest)
        tail = _STR_RE.sub("", rest).split()
        bad = [t for t in tail if not t.startswith(("#", "^"))]
        if bad or len(strs) > 2:
            raise parse_error(self.src, n, f"cannot read transaction header: {rest}", "লেনদেনের শিরোনাম পড়া যায়নি")
        payee, narration = (strs[0], strs[1]) if len(strs) == 2 else ("", strs[0] if strs else "")
        desc = f"{payee} | {narration}" if payee else narration
        return Transaction(d, n, desc, flag, "", comment, source=self.src, payee=payee or narration,
                           note=narration if payee else "",
                           tags=tuple(t[1:] for t in tail if t.startswith("#")),
                           links=tuple(t[1:] for t in tail if t.startswith("^")))

    def posting(self, body: str, n: int) -> Posting:
        text, comment = split_comment(body)
        flag = ""
        if text[:1] in "*!" and text[1:2] == " ":
            flag, text = text[0], text[2:].strip()
        acct, _, rest = text.partition(" ")
        p = Posting(self.account(acct, n), None, n, comment=comment, status=flag)
        rest = rest.strip()
        at = find_top(rest, "@")
        if at >= 0:
            is_total = rest[at:at + 2] == "@@"
            p.price, _ = _amount(rest[at + (2 if is_total else 1):], self.src, n, self.j)
            p.price_is_total = is_total
            rest = rest[:at].strip()
        brace = rest.find("{")
        if brace >= 0:
            total = rest[brace:brace + 2] == "{{"
            close = rest.rfind("}}" if total else "}")
            if close < 0:
                raise parse_error(self.src, n, "unclosed cost {")
            p.cost = _cost(rest[brace + (2 if total else 1):close], total, self.src, n, self.j)
            rest = rest[:brace].strip()
        if rest:
            p.amount, dec = _amount(rest, self.src, n, self.j)
            self.decimals[id(p)] = dec
        elif p.price is not None or p.cost is not None:
            raise parse_error(self.src, n, "a cost or price needs an amount before it")
        return p


def parse_beancount(text: str, *, source: str = "<string>") -> PlainJournal:
    """Read a Beancount ledger held in ``text``; errors name ``source`` and the line."""
    return _Parser(source).parse(text)

