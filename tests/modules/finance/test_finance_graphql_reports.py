"""The statements through GraphQL: comparison windows, and a drill-down from every figure to the
ledger lines that make it up (on the demo company's year of construction transactions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import demo
from vextrus.modules.finance.service import reporting


@pytest.fixture
def gql(db, admin, tenant_id):
    demo.load(tenant_id)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        def run(query: str) -> dict:
            body = c.post("/graphql", json={"query": query}).json()
            assert "errors" not in body, body["errors"]
            return body["data"]
        run.client = c  # type: ignore[attr-defined]
        yield run


SECTION = "{ key total previousTotal lines { accountCode name amount previousAmount } }"
DRILL = "{ key total lines { accountCode amount entries(limit: 5000) { opening closing truncated lines { debit credit } } } }"


def _money(v: str | None) -> D | None:
    return None if v is None else D(v)


def test_income_statement_compares_with_the_previous_months_and_each_figure_drills_down(gql):
    q = f"""{{ incomeStatement(book: "PADMA", dateFrom: "2026-01-01", dateTo: "2026-03-31", compare: "period") {{
        dateFrom dateTo grossProfit netProfit previousNetProfit compared: comparedWith {{ kind dateFrom dateTo }}
        revenue {SECTION} costOfSales {SECTION} otherIncome {SECTION} operatingExpenses {SECTION} }} }}"""
    s = gql(q)["incomeStatement"]
    assert s["compared"] == {"kind": "period", "dateFrom": "2025-10-01", "dateTo": "2025-12-31"}
    prev = reporting.income_statement("PADMA", date(2025, 10, 1), date(2025, 12, 31))
    assert D(s["previousNetProfit"]) == prev.net_profit != 0
    revenue = s["revenue"]
    assert revenue["lines"] and D(revenue["total"]) == sum(D(ln["amount"]) for ln in revenue["lines"])
    before = {ln.account_code: ln.amount for ln in prev.revenue.lines}
    assert {ln["accountCode"]: D(ln["previousAmount"]) for ln in revenue["lines"]} == {
        ln["accountCode"]: before.get(ln["accountCode"], D(0)) for ln in revenue["lines"]}
    assert D(s["netProfit"]) == (D(s["grossProfit"]) + D(s["otherIncome"]["total"])
                                 - D(s["operatingExpenses"]["total"]))

    drilled = gql(f"""{{ incomeStatement(book: "PADMA", dateFrom: "2026-01-01", dateTo: "2026-03-31") {{
        revenue {DRILL} operatingExpenses {DRILL} }} }}""")["incomeStatement"]
    for sign, section in ((-1, drilled["revenue"]), (1, drilled["operatingExpenses"])):
        for ln in section["lines"]:
            gl = ln["entries"]
            moved = sum(D(x["debit"]) - D(x["credit"]) for x in gl["lines"])
            assert not gl["truncated"] and sign * moved == D(ln["amount"]), ln["accountCode"]
            assert D(gl["closing"]) - D(gl["opening"]) == moved


def test_balance_sheet_balances_and_each_balance_is_its_ledger_to_date(gql):
    bs = gql(f"""{{ balanceSheet(book: "PADMA", asOf: "2026-03-31", compare: "year") {{ asOf isBalanced totalAssets
        totalLiabilitiesAndEquity currentYearEarnings comparedWith {{ kind dateTo }}
        assets {DRILL} }} }}""")["balanceSheet"]
    assert bs["isBalanced"] and bs["totalAssets"] == bs["totalLiabilitiesAndEquity"]
    assert bs["comparedWith"] == {"kind": "year", "dateTo": "2025-03-31"}
    for ln in bs["assets"]["lines"]:
        gl = ln["entries"]
        assert D(gl["opening"]) == 0 and D(gl["closing"]) == D(ln["amount"]), ln["accountCode"]


def test_cash_flow_reconciles_and_compares(gql):
    cf = gql(f"""{{ cashFlow(book: "PADMA", dateFrom: "2026-01-01", dateTo: "2026-03-31", compare: "period") {{
        netProfit operating netChange openingCash closingCash reconciles previousNetChange previousOperating
        comparedWith {{ dateFrom dateTo }} workingCapital {SECTION} investing {SECTION} financing {SECTION}
        nonCashAdjustments {SECTION} }} }}""")["cashFlow"]
    assert cf["reconciles"]
    assert D(cf["netChange"]) == D(cf["closingCash"]) - D(cf["openingCash"])
    assert D(cf["operating"]) == (D(cf["netProfit"]) + D(cf["nonCashAdjustments"]["total"])
                                  + D(cf["workingCapital"]["total"]))
    prev = reporting.cash_flow("PADMA", date(2025, 10, 1), date(2025, 12, 31))
    assert cf["comparedWith"] == {"dateFrom": "2025-10-01", "dateTo": "2025-12-31"}
    assert D(cf["previousNetChange"]) == prev.net_change and D(cf["previousOperating"]) == prev.operating


def test_trial_balance_by_dimension_and_with_previous_closing(gql):
    tb = gql("""{ trialBalance(book: "PADMA", dateFrom: "2026-01-01", dateTo: "2026-01-31", compare: "period") {
        isBalanced totalDebit totalCredit comparedWith { dateFrom dateTo } lines { accountCode closingDebit
        closingCredit previousClosing } } }""")["trialBalance"]
    assert tb["isBalanced"] and tb["totalDebit"] == tb["totalCredit"]
    assert tb["comparedWith"] == {"dateFrom": "2025-12-01", "dateTo": "2025-12-31"}
    prev = reporting.trial_balance("PADMA", date(2025, 12, 1), date(2025, 12, 31))
    closing = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in prev.lines}
    assert {ln["accountCode"]: D(ln["previousClosing"]) for ln in tb["lines"]} == {
        ln["accountCode"]: closing.get(ln["accountCode"], D(0)) for ln in tb["lines"]}


def test_general_ledger_says_when_it_stops_early_and_keeps_the_true_closing(gql):
    full = gql('{ generalLedger(book: "PADMA", account: "1120", limit: 5000) { closing truncated lines { balance } } }')
    short = gql('{ generalLedger(book: "PADMA", account: "1120", limit: 3) { closing truncated lines { balance } } }')
    g, s = full["generalLedger"], short["generalLedger"]
    assert not g["truncated"] and len(g["lines"]) > 3 and g["closing"] == g["lines"][-1]["balance"]
    assert s["truncated"] and len(s["lines"]) == 3 and s["closing"] == g["closing"]


def test_a_bad_comparison_is_refused_naming_the_field(gql):
    body = gql.client.post("/graphql", json={"query": '{ incomeStatement(book: "PADMA", compare: "decade") '
                                                      "{ netProfit } }"}).json()
    [err] = body["errors"]
    assert err["extensions"]["code"] == "compare_invalid" and err["extensions"]["field"] == "compare"
