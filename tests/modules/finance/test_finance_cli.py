"""`vextrus ledger import/report/export/verify` against the golden journals, on both databases."""

import json
from decimal import Decimal as D
from pathlib import Path

from typer.testing import CliRunner

from vextrus.modules.finance.cli import app
from vextrus.modules.finance.domain.plaintext.booking import balances
from vextrus.modules.finance.domain.plaintext.hledger import parse_hledger

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()


def expected(name: str) -> dict[str, dict[tuple[str, str], D]]:
    out: dict[str, dict[tuple[str, str], D]] = {}
    section = ""
    for line in (GOLDEN / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        acct, cur, amt = (x.strip() for x in line.split("|"))
        out.setdefault(section, {})[(acct, cur)] = D(amt)
    return out


def _code(tenant_id) -> str:
    return f"t{tenant_id.hex[-12:]}"


def report(tenant_id, company, kind="trial-balance", *extra):
    r = runner.invoke(app, ["report", kind, "--company", company, "--format", "json", "--tenant", _code(tenant_id),
                            *extra])
    assert r.exit_code == 0, r.output
    return {(row["account"], row["commodity"]): D(row["amount"]) for row in json.loads(r.stdout)["rows"]}


def test_import_then_report_matches_hand_worked_balances(db, tenant_id):
    r = runner.invoke(app, ["import", str(GOLDEN / "construction.journal"), "--format", "hledger", "--company", "HL",
                            "--tenant", _code(tenant_id)])
    assert r.exit_code == 0, r.output
    assert "construction.journal:33" in r.output  # the periodic rule is listed, not dropped
    want = expected("construction.expected")
    # units, except the lot held at cost, which is reported at its cost
    units = {k: v for k, v in want["units"].items() if k[0] != "assets:investments"}
    units[("assets:investments", "৳")] = want["at_cost"][("assets:investments", "৳")]
    assert report(tenant_id, "HL") == units
    assert report(tenant_id, "HL", "income-statement") == {k: v for k, v in units.items()
                                                           if k[0].startswith(("income", "expenses"))}
    r = runner.invoke(app, ["verify", "--tenant", _code(tenant_id)])
    assert r.exit_code == 0 and "0 differences" in r.output


def test_beancount_import_matches_golden(db, tenant_id):
    r = runner.invoke(app, ["import", str(GOLDEN / "construction.beancount"), "--format", "beancount",
                            "--company", "BC", "--tenant", _code(tenant_id)])
    assert r.exit_code == 0, r.output
    want = expected("construction_beancount.expected")
    lots = {a for (a, _c) in want["units"]} - {a for (a, _c) in want["at_cost"] if (a, _c) in want["units"]}
    units = {k: v for k, v in want["units"].items() if k[0] not in lots}
    units.update({k: v for k, v in want["at_cost"].items() if k[0] in lots})
    assert report(tenant_id, "BC") == units


def test_export_reimports_to_the_same_balances(db, tenant_id):
    runner.invoke(app, ["import", str(GOLDEN / "construction.journal"), "--format", "hledger", "--company", "HL",
                        "--tenant", _code(tenant_id)])
    r = runner.invoke(app, ["export", "--company", "HL", "--format", "hledger", "--tenant", _code(tenant_id)])
    assert r.exit_code == 0, r.output
    original = parse_hledger((GOLDEN / "construction.journal").read_text(encoding="utf-8"), source="orig")
    again = parse_hledger(r.stdout, source="export")
    assert balances(again) == balances(original)
    assert balances(again, at_cost=True) == balances(original, at_cost=True)


def test_syntax_error_names_the_line_and_imports_nothing(db, tenant_id, tmp_path):
    bad = tmp_path / "bad.journal"
    bad.write_text("2025-07-01 ok\n  assets:cash  ৳100\n  equity:capital\n\n2025-07-02 broken\n"
                   "  assets:cash  ৳abc\n  equity:capital\n", encoding="utf-8")
    r = runner.invoke(app, ["import", str(bad), "--format", "hledger", "--company", "BAD", "--tenant",
                            _code(tenant_id)])
    assert r.exit_code == 1 and "bad.journal:6" in r.output
    r = runner.invoke(app, ["report", "trial-balance", "--company", "BAD", "--tenant", _code(tenant_id)])
    assert r.exit_code == 1 and "not found" in r.output  # not even the book was created


def test_rates_import_and_post_due_from_the_command_line(db, admin, tenant_id, tmp_path):
    from datetime import date

    from vextrus.modules.finance import service
    from vextrus.modules.finance.service import LineIn, RecurringInput, rates

    service.ensure_book("CLI", "CLI Ltd.")
    service.open_fiscal_year("CLI", "2025-26")
    service.create_recurring("CLI", RecurringInput(name="Rent", start_date=date(2025, 7, 31), lines=[
        LineIn(account_code="5220", debit=D("1000")), LineIn(account_code="1120", credit=D("1000"))]))
    f = tmp_path / "rates.csv"
    f.write_text("currency,date,rate\nUSD,2025-07-31,122.10\nEUR,2025-07-31,131.75\n", encoding="utf-8")
    r = runner.invoke(app, ["rates", str(f), "--company", "CLI", "--tenant", _code(tenant_id)])
    assert r.exit_code == 0, r.output
    assert "imported 2 rates (EUR, USD)" in r.output
    assert {(x.currency, x.rate) for x in rates.list_rates("CLI")} == {("USD", D("122.1")), ("EUR", D("131.75"))}
    f.write_text("USD,2025-07-31,x\n", encoding="utf-8")
    r = runner.invoke(app, ["rates", str(f), "--company", "CLI", "--tenant", _code(tenant_id)])
    assert r.exit_code == 1 and "rows[0].rate" in r.output

    r = runner.invoke(app, ["post-due", "--company", "CLI", "--as-of", "2025-09-30", "--tenant", _code(tenant_id)])
    assert r.exit_code == 0, r.output
    assert "posted 3 recurring entries" in r.output and "0 automatic reversals" in r.output
    r = runner.invoke(app, ["post-due", "--company", "CLI", "--as-of", "30/09/2025", "--tenant", _code(tenant_id)])
    assert r.exit_code == 2 and "not a date" in r.output
