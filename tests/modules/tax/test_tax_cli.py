"""`vextrus tax ...`: the issue's three commands, their arithmetic and JSON, and bad input (exit 2 naming the
option). Sources of the figures: see test_tax_domain.py (VAT and SD Act 2012; Income Tax Act 2023 s.89)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from vextrus.modules.tax.cli import app

runner = CliRunner()


def run(*args: str):  # noqa: ANN201
    return runner.invoke(app, list(args))


def test_vat_json_exclusive_and_inclusive():
    out = run("vat", "--code", "S004.00", "--amount", "1000000", "--date", "2025-08-01", "--format", "json")
    assert out.exit_code == 0, out.output
    body = json.loads(out.stdout)
    assert (body["rate"], body["net"], body["vat"], body["gross"]) == ("10", "1000000.00", "100000.00", "1100000.00")
    assert "S004.00" in body["source"]
    inc = json.loads(run("vat", "--code", "S004.00", "--amount", "1000000", "--date", "2025-08-01", "--inclusive",
                         "--format", "json").stdout)
    assert (inc["net"], inc["vat"], inc["gross"]) == ("909090.91", "90909.09", "1000000.00")


def test_vat_text_shows_the_arithmetic():
    out = run("vat", "--code", "VAT15", "--amount", "115000", "--date", "2025-08-01", "--inclusive")
    assert out.exit_code == 0
    assert "gross × 15 / (100 + 15) = 15,000.00" in out.stdout and "= 100,000.00" in out.stdout
    assert "source: VAT and SD Act 2012" in out.stdout


def test_withholding_json_names_the_band_and_text_the_rule():
    out = run("withholding", "--section", "89", "--base", "6000000", "--date", "2025-08-01", "--format", "json")
    body = json.loads(out.stdout)
    assert (body["rate"], body["amount"]) == ("5", "300000.00")
    assert body["bands"] == [{"lower": "5000000", "upper": "20000000", "rate": "5", "applied_rate": "5"}]
    no_tin = json.loads(run("withholding", "--section", "89", "--base", "6000000", "--date", "2025-08-01", "--no-tin",
                            "--format", "json").stdout)
    assert (no_tin["rate"], no_tin["amount"]) == ("7.5", "450000.00")
    text = run("withholding", "--section", "89", "--base", "30000000", "--date", "2025-08-01").stdout
    assert "above 20,000,000.00 with no upper limit: 7 %" in text and "= 2,100,000.00" in text


def test_vds_json_of_the_issue_example():
    out = run("vds", "--code", "S004.00", "--invoice-total", "345000", "--vat", "45000", "--date", "2025-08-01",
              "--format", "json")
    body = json.loads(out.stdout)
    assert (body["amount"], body["basis"], body["payable_to_supplier"]) == ("45000.00", "invoice_vat", "300000.00")
    assert body["warning"]  # 45,000 is 15 %, not S004.00's 10 % on that day
    text = run("vds", "--code", "VAT15", "--invoice-total", "115000", "--vat", "15000", "--date", "2025-08-01").stdout
    assert "paid to the supplier = 115,000.00 - 15,000.00 = 100,000.00" in text and "warning" not in text


def test_bad_input_exits_2_naming_the_option():
    cases = [
        (["vat", "--code", "S004.00", "--amount", "ten", "--date", "2025-08-01"], "--amount"),
        (["vat", "--code", "S999", "--amount", "10", "--date", "2025-08-01"], "--code"),
        (["vat", "--code", "VAT15", "--amount", "10", "--date", "01/08/2025"], "--date"),
        (["vat", "--code", "VAT15", "--amount", "10", "--date", "2018-01-01"], "--date"),
        (["vat", "--code", "VAT15", "--amount", "10", "--date", "2025-08-01", "--format", "xml"], "--format"),
        (["withholding", "--section", "89", "--base", "-5", "--date", "2025-08-01"], "--base"),
        (["withholding", "--section", "999", "--base", "5", "--date", "2025-08-01"], "--section"),
        (["vds", "--code", "VAT15", "--invoice-total", "100", "--vat", "200", "--date", "2025-08-01"], "--vat"),
        (["vds", "--code", "VAT15", "--invoice-total", "1.001", "--date", "2025-08-01"], "--invoice-total"),
    ]
    for args, option in cases:
        out = run(*args)
        assert out.exit_code == 2, (args, out.output)
        assert f"error: option {option}:" in out.stderr, (args, out.stderr)
    missing = run("vat", "--code", "VAT15", "--date", "2025-08-01")
    assert missing.exit_code == 2 and "--amount" in missing.output


def test_codes_lists_the_rates_of_the_day():
    out = run("codes", "--date", "2025-06-30", "--format", "json")
    rates = {c["code"]: c["rate"] for c in json.loads(out.stdout)["codes"]}
    assert rates["S004.00"] == "7.5" and rates["VAT15"] == "15" and len(rates) == 8
