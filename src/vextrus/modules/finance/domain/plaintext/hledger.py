"""Reader for hledger / Ledger journal files into the neutral model.

Transactions are read strictly (anything not understood is an error naming the line, and nothing is
imported); directives that carry no posting (periodic and auto transactions, payee/tag declarations…)
become warnings with their line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import re2

from vextrus.platform.i18n import to_bangla_digits

from .amounts import AmountSyntaxError, parse_amount, parse_number, strip_quotes
from .booking import book
from .common import find_top, parse_date, split_comment
from .model import (
    AccountDecl,
    Amount,
    Assertion,
    ImportWarning,
    LotCost,
    PlainJournal,
    Posting,
    PriceDirective,
    Transaction,
    account_type_from_code,
    account_type_from_name,
    parse_error,
)

_HEADER_RE = re.compile(
    r"^(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:=(?P<date2>\S+))?"
    r"(?:\s+(?P<status>[*!]))?(?:\s+\((?P<code>[^)]*)\))?(?:\s+(?P<desc>.*))?$"
)
_POSTING_RE = re.compile(r"^(?:(?P<status>[*!])\s+)?(?P<account>\S(?:[^\t ]| (?! ))*)(?:(?:\t|  )\s*(?P<rest>.*))?$")
_LOT_RE = re.compile(r"\{\{\s*=?([^}]*)\}\}|\{\s*=?([^}]*)\}")
_LOTDATE_RE = re.compile(r"\[\s*([^\]]*)\]")
_IGNORED_DIRECTIVES = ("payee", "tag", "N ", "C ", "A ", "bucket", "assert", "check", "define", "value", "eval",
                       "python", "tag ", "apply tag", "end apply tag", "end tag", "pop", "import", "expr")

IncludeReader = Callable[[str, str], list[tuple[str, str]]]
"""(include argument, including file's name) -> [(file name, text)]: supplied only by trusted callers
(the CLI, for files the operator names); an uploaded journal is parsed without one, so `include` is refused."""

MAX_ALIAS_PATTERN = 300  # characters of a user-written alias regex


def _alias_options() -> re2.Options:
    opts = re2.Options()
    opts.case_sensitive = False  # hledger aliases match case-insensitively
    opts.max_mem = 1 << 20  # a pattern needing more than 1 MiB of automaton is refused
    opts.log_errors = False
    return opts


class _Parser:
    def __init__(self, read_include: IncludeReader | None) -> None:
        self.j = PlainJournal("hledger")
        self.decimals: dict[int, int] = {}
        self.default_commodity = ""
        self.aliases: list[tuple[re2._Regexp | str, str]] = []
        self.apply_account: list[str] = []
        self.read = read_include
        self.stack: list[str] = []

    # -- helpers -------------------------------------------------------------------------------------
    def warn(self, src: str, line: int, kind: str, msg: str) -> None:
        self.j.warnings.append(ImportWarning(line, kind, msg, src))

    def account_name(self, name: str) -> str:
        if self.apply_account:
            name = ":".join(self.apply_account + [name])
        for old, new in reversed(self.aliases):
            if not isinstance(old, str):  # a regex alias, run by RE2 in linear time
                name = old.sub(new, name)
            elif name == old or name.startswith(old + ":"):
                name = new + name[len(old):]
        return name

    def amount(self, text: str, src: str, line: int) -> tuple[Amount, int]:
        try:
            amt, dec, _style = parse_amount(text, self.default_commodity)
        except AmountSyntaxError as e:
            raise parse_error(src, line, str(e), "অঙ্ক পড়া যায়নি")
        self.j.note_commodity(amt.commodity, line, dec)
        return amt, dec

    # -- files -----------------------------------------------------------------------------------------
    def parse_text(self, text: str, src: str) -> None:
        lines = text.splitlines()
        n = 0
        txn: Transaction | None = None
        skip_block = False
        in_comment = False
        block_commodity: str | None = None
        while n < len(lines):
            raw = lines[n]
            n += 1
            lineno = n
            line = raw.rstrip()
            if in_comment:
                if line.strip() == "end comment":
                    in_comment = False
                continue
            if not line.strip():
                txn = None
                skip_block = False
                block_commodity = None
                continue
            if raw[0] in " \t":
                body = line.strip()
                if skip_block:
                    continue
                if txn is not None:
                    if body.startswith(";") or body.startswith("#"):
                        c = body[1:].strip()
                        if txn.postings:
                            p = txn.postings[-1]
                            p.comment = f"{p.comment}\n{c}".strip()
                        else:
                            txn.comment = f"{txn.comment}\n{c}".strip()
                        continue
                    txn.postings.append(self.posting(body, src, lineno))
                    continue
                if block_commodity is not None and body.startswith("format"):
                    fmt = body[len("format"):].strip()
                    amt, dec = self.amount(fmt, src, lineno)
                    self.j.note_commodity(amt.commodity, lineno, dec)
                    continue
                if body.startswith(";"):
                    continue
                if block_commodity is not None or self._in_decl:
                    continue  # subdirectives of account/commodity declarations carry no postings
                raise parse_error(src, lineno, "indented line outside a transaction", "লেনদেনের বাইরে ইন্ডেন্ট করা লাইন")
            self._in_decl = False
            txn = None
            block_commodity = None
            first = line[0]
            if first in ";#*%|":
                continue
            if line.strip() == "comment":
                in_comment = True
                continue
            if first.isdigit():
                txn = self.header(line, src, lineno)
                self.j.transactions.append(txn)
                continue
            if first == "~":
                self.warn(src, lineno, "periodic_transaction", f"periodic transaction rule not imported: {line}")
                skip_block = True
                continue
            if first == "=":
                self.warn(src, lineno, "auto_transaction", f"auto posting rule not imported: {line}")
                skip_block = True
                continue
            word, _, arg = line.partition(" ")
            arg, comment = split_comment(arg.strip())
            if word == "P":
                self.price(arg, src, lineno)
            elif word == "D":
                amt, _ = self.amount(arg, src, lineno)
                self.default_commodity = amt.commodity
            elif word == "account":
                self.account_decl(arg, comment, src, lineno)
                self._in_decl = True
            elif word == "commodity":
                block_commodity = self.commodity_decl(arg, src, lineno)
            elif word == "include":
                self.include(arg, src, lineno)
            elif word == "alias":
                self.alias(arg, src, lineno)
            elif line.strip() == "end aliases":
                self.aliases.clear()
            elif word == "apply" and arg.startswith("account"):
                self.apply_account.append(arg[len("account"):].strip())
            elif line.strip() in ("end apply account", "end"):
                if self.apply_account:
                    self.apply_account.pop()
            elif word == "decimal-mark":
                if arg.strip() != ".":
                    raise parse_error(src, lineno, "decimal comma journals are not supported; use '.' as decimal mark")
            elif word in ("Y", "year"):
                self.warn(src, lineno, "default_year", "default year ignored: dates must carry a year")
            else:
                self.warn(src, lineno, "directive_ignored", f"directive not imported: {line.strip()}")
                self._in_decl = True

    _in_decl = False

    def include(self, arg: str, src: str, lineno: int) -> None:
        if self.read is None:
            raise parse_error(src, lineno, "include is not allowed in an uploaded journal: upload one merged file",
                              "আপলোড করা জার্নালে include চলে না: সব মিলিয়ে একটি ফাইল আপলোড করুন",
                              code="plaintext_include_refused")
        try:
            files = self.read(arg.strip(), src)
        except OSError:
            files = []
        if not files:
            raw = arg  # the file named, as written in the journal
            raise parse_error(src, lineno, f"included file not found: {arg}", f"অন্তর্ভুক্ত ফাইল পাওয়া যায়নি: {raw}",
                              code="plaintext_include_missing")
        for name, text in files:
            if name in self.stack:
                raise parse_error(src, lineno, f"include cycle: {name}", f"include চক্র: {name}",
                                  code="plaintext_include_cycle")
            self.stack.append(name)
            self.parse_text(text, name)
            self.stack.pop()

    def alias(self, arg: str, src: str, lineno: int) -> None:
        regex = re.match(r"^/([^/]+)/\s*=\s*(.*)$", arg.strip())  # as hledger: the regex holds no '/'
        old, eq, new = arg.partition("=")
        if not eq:
            raise parse_error(src, lineno, "alias needs OLD = NEW", "alias লিখুন এভাবে: পুরোনো = নতুন")
        if regex is None:
            self.aliases.append((old.strip(), new.strip()))
            return
        pattern, new = regex.group(1), regex.group(2).strip()
        if len(pattern) > MAX_ALIAS_PATTERN:
            raise parse_error(src, lineno, f"alias pattern longer than {MAX_ALIAS_PATTERN} characters",
                              f"উপনামের প্যাটার্ন {to_bangla_digits(str(MAX_ALIAS_PATTERN))} অক্ষরের বেশি", code="plaintext_alias_invalid")
        try:
            self.aliases.append((re2.compile(pattern, _alias_options()), new))
        except re2.error:
            raw = pattern  # as written in the journal
            raise parse_error(src, lineno, f"alias pattern is not a regular expression Vextrus can run: {pattern}",
                              f"উপনামের (alias) প্যাটার্নটি চালানো যায় এমন রেগুলার এক্সপ্রেশন নয়: {raw}",
                              code="plaintext_alias_invalid") from None

    def account_decl(self, arg: str, comment: str, src: str, lineno: int) -> None:
        name = self.account_name(re.split(r"\s{2,}|\t", arg.strip())[0])
        atype = account_type_from_name(name)
        m = re.search(r"(?:^|[\s,])type:\s*([A-Za-z]+)", comment)
        if m:
            atype = account_type_from_code(m.group(1)) or atype
        self.j.accounts[name] = AccountDecl(name, atype, lineno, True, comment)

    def commodity_decl(self, arg: str, src: str, lineno: int) -> str:
        text = arg.strip()
        if re.search(r"\d", text):
            amt, dec = self.amount(text, src, lineno)
            self.j.note_commodity(amt.commodity, lineno, dec)
            self.j.commodities[amt.commodity].example = text
            return amt.commodity
        sym = strip_quotes(text)
        self.j.note_commodity(sym, lineno)
        return sym

    def price(self, arg: str, src: str, lineno: int) -> None:
        m = re.match(r'^(\S+)\s+("[^"]+"|\S+)\s+(.+)$', arg)
        d = parse_date(m.group(1)) if m else None
        if not m or d is None:
            raise parse_error(src, lineno, "price directive must be: P DATE COMMODITY PRICE")
        commodity = strip_quotes(m.group(2))
        amt, _ = self.amount(m.group(3), src, lineno)
        self.j.note_commodity(commodity, lineno)
        self.j.prices.append(PriceDirective(d, commodity, amt, lineno))

    # -- transactions ----------------------------------------------------------------------------------------
    def header(self, line: str, src: str, lineno: int) -> Transaction:
        text, comment = split_comment(line)
        m = _HEADER_RE.match(text)
        if not m:
            raise parse_error(src, lineno, f"cannot read transaction header: {line.strip()}", "লেনদেনের শিরোনাম পড়া যায়নি")
        d = parse_date(m["date"])
        d2 = parse_date(m["date2"]) if m["date2"] else None
        if d is None or (m["date2"] and d2 is None):
            raise parse_error(src, lineno, f"invalid date in {line.strip()!r}", "তারিখ সঠিক নয়")
        desc = (m["desc"] or "").strip()
        payee, bar, note = desc.partition("|")
        return Transaction(d, lineno, desc, m["status"] or "", m["code"] or "", comment, source=src,
                           payee=payee.strip() if bar else desc, note=note.strip(), date2=d2)

    def posting(self, body: str, src: str, lineno: int) -> Posting:
        text, comment = split_comment(body)
        m = _POSTING_RE.match(text)
        if not m:
            raise parse_error(src, lineno, f"cannot read posting: {body}", "পোস্টিং পড়া যায়নি")
        account = m["account"]
        virtual = ""
        if (account[0], account[-1]) in (("(", ")"), ("[", "]")):
            virtual = account[0] + account[-1]
            account = account[1:-1]
        account = self.account_name(account.strip())
        p = Posting(account, None, lineno, comment=comment, virtual=virtual, status=m["status"] or "")
        rest = (m["rest"] or "").strip()
        if rest:
            self.posting_rest(p, rest, src, lineno)
        self.j.note_account(account, lineno)
        return p

    def posting_rest(self, p: Posting, rest: str, src: str, lineno: int) -> None:
        eq = find_top(rest, "=")
        if eq >= 0:
            a_text = rest[eq:]
            rest = rest[:eq].strip()
            total = a_text.startswith("==")
            a_text = a_text[2:] if total else a_text[1:]
            inclusive = a_text.startswith("*")
            a_text = a_text[1:] if inclusive else a_text
            at = find_top(a_text, "@")
            if at >= 0:
                a_text = a_text[:at]
            amt, _ = self.amount(a_text, src, lineno)
            p.assertion = Assertion(amt, total, inclusive)
        at = find_top(rest, "@")
        if at >= 0:
            is_total = rest[at:at + 2] == "@@"
            price_text = rest[at + (2 if is_total else 1):].strip()
            if price_text.startswith("="):
                price_text = price_text[1:]
            rest = rest[:at].strip()
            if rest.endswith("("):
                raise parse_error(src, lineno, "virtual costs '(@)' are not supported")
            price, dec = self.amount(price_text, src, lineno)
            if price.quantity < 0:
                raise parse_error(src, lineno, "a cost must not be negative")
            p.price, p.price_is_total = price, is_total
        lot = _LOT_RE.search(rest)
        if lot:
            inner = (lot.group(1) if lot.group(1) is not None else lot.group(2)).strip()
            cost = LotCost()
            if inner:
                amt, _ = self.amount(inner, src, lineno)
                if lot.group(1) is not None:
                    cost.total = amt
                else:
                    cost.per_unit = amt
            p.cost = cost
            rest = (rest[:lot.start()] + rest[lot.end():]).strip()
        ld = _LOTDATE_RE.search(rest)
        if ld and p.cost is not None:
            cost_date = parse_date(ld.group(1).strip())
            if cost_date is None:
                raise parse_error(src, lineno, f"invalid lot date [{ld.group(1)}]")
            p.cost.lot_date = cost_date
            rest = (rest[:ld.start()] + rest[ld.end():]).strip()
        if rest:
            if "(" in rest or "[" in rest or "{" in rest:
                raise parse_error(src, lineno, f"cannot interpret {rest!r} (lot notes and expressions are not supported)")
            amt, dec = self.amount(rest, src, lineno)
            p.amount = amt
            self.decimals[id(p)] = dec
        elif p.price is not None or p.cost is not None:
            raise parse_error(src, lineno, "a cost or lot needs an amount before it")


def parse_hledger(text: str, *, source: str = "<string>", read_include: IncludeReader | None = None) -> PlainJournal:
    """Read an hledger/Ledger journal held in ``text``; ``source`` names it in errors. Includes are read only
    through ``read_include`` (a trusted caller's); without it an `include` line is refused."""
    parser = _Parser(read_include)
    if source and not source.startswith("<"):
        parser.stack.append(source)
    parser.parse_text(text, source)
    for name in list(parser.j.accounts):
        parser.j.accounts[name].account_type = parser.j.accounts[name].account_type or account_type_from_name(name)
    book(parser.j, source, parser.decimals)
    return parser.j


__all__ = ["parse_hledger", "parse_number", "IncludeReader"]
