"""hledger/Beancount import against hand-worked golden balances, errors naming lines, and round trips."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.domain.plaintext.beancount import parse_beancount
from vextrus.modules.finance.domain.plaintext.booking import balances, rollup
from vextrus.modules.finance.domain.plaintext.export import beancount_currency, to_beancount, to_hledger
from vextrus.modules.finance.domain.plaintext.hledger import parse_hledger
from vextrus.modules.finance.plaintext_files import load_beancount, load_hledger

GOLDEN = Path(__file__).parent / "golden"


def expected(name: str) -> dict[str, dict[str, dict[str, D]]]:
    out: dict[str, dict[str, dict[str, D]]] = {}
    section = ""
    for line in (GOLDEN / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        acct, cur, amt = (x.strip() for x in line.split("|"))
        out.setdefault(section, {}).setdefault(acct, {})[cur] = D(amt)
    return out


def test_hledger_golden_balances_and_warnings():
    j = load_hledger(str(GOLDEN / "construction.journal"))
    want = expected("construction.expected")
    assert balances(j) == want["units"]
    assert balances(j, at_cost=True) == want["at_cost"]
    assert [(w.line, w.kind) for w in j.warnings] == [(33, "periodic_transaction")]
    opening = next(t for t in j.transactions if t.code == "OB-1")
    assert (opening.status, opening.payee, opening.note) == ("*", "Opening", "share capital paid in")
    cement = next(t for t in j.transactions if t.payee == "Rahim Cement")
    assert cement.status == "!" and cement.comment == "site: Uttara"
    assert j.accounts["assets:bank:city"].account_type == "asset"
    assert j.accounts["liabilities:mobilisation advance"].account_type == "liability"
    assert j.prices[0].commodity == "$" and j.prices[0].price.quantity == D("121.50")
    assert rollup(balances(j))["assets:bank"]["$"] == D("600.00")


def test_beancount_golden_balances_pad_and_warnings():
    j = load_beancount(str(GOLDEN / "construction.beancount"))
    want = expected("construction_beancount.expected")
    assert balances(j) == want["units"]
    assert balances(j, at_cost=True) == want["at_cost"]
    assert {w.kind for w in j.warnings} == {"option", "event", "note"}
    assert any(t.generated == "pad" for t in j.transactions)
    assert j.options["operating_currency"] == "BDT"


def _err(text: str, parser=parse_hledger) -> LedgerError:
    with pytest.raises(LedgerError) as e:
        parser(text, source="book.journal")
    return e.value


def test_failed_assertion_names_the_line_and_the_difference():
    e = _err("2025-01-01 x\n  assets:cash  ৳100\n  equity:opening\n\n2025-01-02 y\n  assets:cash  ৳-30 = ৳60\n"
             "  expenses:site\n")
    assert e.code == "balance_assertion_failed" and e.field == "book.journal:6"
    assert e.details["expected"] == "60" and e.details["actual"] == "70" and "book.journal:6" in e.message


def test_assertions_follow_date_order_not_file_order():
    j = parse_hledger("2025-01-05 later\n  assets:cash  $10 = $15\n  income:x\n\n"
                      "2025-01-01 earlier\n  assets:cash  $5\n  income:x\n")
    assert balances(j)["assets:cash"]["$"] == D(15)


def test_total_assertion_and_inclusive_assertion():
    parse_hledger("2025-01-01 a\n  assets:bank:a  $10\n  assets:bank:b  ৳5\n  equity:o\n\n"
                  "2025-01-02 b\n  assets:bank  0 $ =* $10\n  equity:o  0 $\n")
    e = _err("2025-01-01 a\n  assets:bank  $10\n  assets:bank  ৳5\n  equity:o\n\n"
             "2025-01-02 b\n  assets:bank  $0 == $10\n  equity:o  $0\n")
    assert e.code == "balance_assertion_failed" and e.details["commodity"] == "৳"


def test_strict_transaction_errors_import_nothing():
    assert "only one posting" in _err("2025-01-01 x\n  a:b  $1\n  assets:c\n  assets:d\n").message
    assert _err("2025-01-01 x\n  assets:a  $1\n  assets:b  $-2\n").code == "plaintext_unbalanced"
    assert _err("2025-01-01 x\n  assets:a  $1 + $2\n  assets:b\n").field == "book.journal:2"
    assert _err("2025-01-01 x\n  assets:a  1,00 USD\n  assets:b\n").field == "book.journal:2"
    assert _err("include missing.journal\n").code == "plaintext_include_refused"


def test_include_alias_default_commodity_and_virtual_postings(tmp_path):
    (tmp_path / "sub.journal").write_text("2025-01-02 sub\n  b  500\n  equity:o\n", encoding="utf-8")
    main = tmp_path / "main.journal"
    main.write_text("D ৳1,000.00\nalias b = assets:bank\ninclude sub.journal\n\n"
                    "2025-01-03 x\n  expenses:site  1,500.50\n  b\n  (budget:site)  -1,500.50\n", encoding="utf-8")
    j = load_hledger(str(main))
    got = balances(j)
    assert got["assets:bank"] == {"৳": D("-1000.50")} and got["budget:site"] == {"৳": D("-1500.50")}


def test_lot_reduction_with_empty_braces_must_be_unambiguous():
    head = ("2025-01-01 open Assets:Broker\n2025-01-01 open Assets:Cash\n2025-01-01 open Income:Gains\n\n"
            "2025-01-02 * \"buy\"\n  Assets:Broker  5 GP {10.00 BDT}\n  Assets:Cash\n\n"
            "2025-01-03 * \"buy\"\n  Assets:Broker  5 GP {12.00 BDT}\n  Assets:Cash\n\n")
    e = _err(head + "2025-01-04 * \"sell\"\n  Assets:Broker  -3 GP {}\n  Assets:Cash  30.00 BDT\n  Income:Gains\n",
             parse_beancount)
    assert "ambiguous lot" in e.message and e.field == "book.journal:14"
    j = parse_beancount(head + "2025-01-04 * \"sell\"\n  Assets:Broker  -3 GP {12.00 BDT} @ 15.00 BDT\n"
                        "  Assets:Cash  45.00 BDT\n  Income:Gains\n")
    assert balances(j)["Income:Gains"] == {"BDT": D("-9.00")}
    e = _err("2025-01-01 * \"x\"\n  Assets:Cash  1.00 BDT\n  Income:Gains\n", parse_beancount)
    assert "not open" in e.message


def test_golden_files_round_trip_through_both_exports():
    for j in (load_hledger(str(GOLDEN / "construction.journal")), load_beancount(str(GOLDEN / "construction.beancount"))):
        again = parse_hledger(to_hledger(j))
        assert balances(again) == balances(j) and balances(again, at_cost=True) == balances(j, at_cost=True)
        text, names = to_beancount(j)
        bc = parse_beancount(text)
        mapped: dict = {}
        for acct, row in balances(j).items():
            for c, q in row.items():
                key = names[acct]
                mapped.setdefault(key, {})
                mapped[key][beancount_currency(c)] = mapped[key].get(beancount_currency(c), D(0)) + q
        assert balances(bc) == mapped


ACCOUNTS = ["assets:bank:city", "assets:cash", "expenses:site", "income:contract", "liabilities:vat out",
            "equity:opening"]
COMMODITIES = ["৳", "$", "BDT", "green apples"]


@st.composite
def journals(draw):
    out = ["D ৳1,000.00", ""]
    for n in range(draw(st.integers(1, 8))):
        day = draw(st.integers(1, 28))
        out.append(f"2025-07-{day:02d} * txn {n} | note")
        cur = draw(st.sampled_from(COMMODITIES))
        quoted = f'"{cur}"' if " " in cur else cur
        for _ in range(draw(st.integers(1, 3))):
            q = draw(st.decimals(min_value=D("-99999.99"), max_value=D("99999.99"), places=2))
            acct = draw(st.sampled_from(ACCOUNTS))
            if draw(st.booleans()) and cur != "$":
                p = draw(st.decimals(min_value=D("0.01"), max_value=D("200"), places=2))
                out.append(f"    {acct}  {q} {quoted} @ ${p}")
            else:
                out.append(f"    {acct}  {q} {quoted}")
        out.append(f"    {draw(st.sampled_from(ACCOUNTS))}")
        out.append("")
    return "\n".join(out)


@settings(max_examples=60, deadline=None)
@given(journals())
def test_export_parse_round_trip_preserves_balances(text):
    j = parse_hledger(text)
    again = parse_hledger(to_hledger(j))
    assert balances(again) == balances(j)
    assert balances(again, at_cost=True) == balances(j, at_cost=True)
