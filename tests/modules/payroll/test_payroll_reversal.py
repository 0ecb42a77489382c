"""Reversing a posted payroll run on both databases: finance reverses the run's journal (the original stays,
marked reversed), the run becomes `reversed` with the reason, every advance and loan recovery it took is given
back (a loan the run settled is active again with its balance back), a wage run's worker-days are freed so a
corrected run pays them, and the ledger of the run's accounts nets to zero. Only the company's latest monthly
run may be reversed (a later month's §86 withholding counts this month's tax as already deducted)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from payroll_setup import SAT, give, month_run, post, setup, site, staff, week, worker

from bangla_text import latin_in_main
from vextrus.modules.finance import api as finance_api
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import api as hr_api
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import WageRunRequest
from vextrus.platform.errors import Conflict, StaleVersion, ValidationFailed

ACCOUNTS = ("5210", "5130", "2160", "2151", "2170", "1143")


def net_by_account(*entry_ids) -> dict[str, D]:
    out: dict[str, D] = defaultdict(lambda: D(0))
    for eid in entry_ids:
        for ln in finance.get_entry("PBL", eid).lines:
            out[ln.account_code] += ln.debit - ln.credit
    return dict(out)


def balances() -> dict[str, D]:
    return {a: finance_api.account_balance("PBL", a) for a in ACCOUNTS}


def test_reversing_the_latest_monthly_run_gives_a_settled_loan_back_and_nets_the_ledger(db, admin):
    c = setup()
    e = staff(c)
    loan = give(c, e, "3000.00", date(2026, 1, 1), kind="loan", instalments=1, given_on=date(2025, 12, 20))
    dec = post(month_run(c, date(2025, 12, 1)))
    before = balances()
    jan = post(month_run(c, date(2026, 1, 1)))
    assert jan.advances == D(3000) and service.get_advance(loan.id).status == "settled"
    assert finance_api.account_balance("PBL", "1143") == 0
    # December is not the latest posted run: January's tax withheld counts December's as deducted
    with pytest.raises(Conflict) as refused:
        service.reverse_run(dec.id, "wrong month", None)
    assert refused.value.code == "payroll.run_not_latest" and "2026" in refused.value.message
    assert "সর্বশেষ" in refused.value.message_bn
    # refused input: no reason, a date before the posting date (31 January), a stale version
    with pytest.raises(ValidationFailed) as no_reason:
        service.reverse_run(jan.id, "  ", None)
    assert no_reason.value.field == "reason" and no_reason.value.message_bn
    with pytest.raises(ValidationFailed) as early:
        service.reverse_run(jan.id, "wrong rates", date(2026, 1, 30))
    assert early.value.field == "reversal_date" and early.value.code == "payroll.reversal_before_posting"
    with pytest.raises(StaleVersion):
        service.reverse_run(jan.id, "wrong rates", None, expected_version=jan.version - 1)
    assert service.get_run(jan.id).status == "posted" and service.get_advance(loan.id).status == "settled"

    rev = service.reverse_run(jan.id, "wrong rates", None, expected_version=jan.version)
    assert (rev.status, rev.reversed_on, rev.reversal_reason) == ("reversed", date(2026, 1, 31), "wrong rates")
    assert rev.reversal_entry_id and rev.reversal_entry_number and rev.version > jan.version
    assert finance.get_entry("PBL", jan.entry_id).status == "reversed"  # never edited: reversed
    assert all(v == 0 for v in net_by_account(jan.entry_id, rev.reversal_entry_id).values())
    assert balances() == before  # 1143 holds the loan again: 3,000
    back = service.get_advance(loan.id)
    assert (back.status, back.recovered, back.balance, back.pending, back.recoveries) == (
        "active", D(0), D(3000), D(0), [])
    with pytest.raises(Conflict) as twice:
        service.reverse_run(jan.id, "again", None)
    assert twice.value.code == "payroll.run_already_reversed"
    # the month is prepared again: a new run (revision 1) takes the instalment again
    again = post(month_run(c, date(2026, 1, 1)))
    assert again.id != jan.id and again.revision == 1 and again.advances == D(3000)
    assert service.get_advance(loan.id).status == "settled"
    assert service.get_run(jan.id).status == "reversed"
    assert [r.id for r in service.list_runs(c.id).items] == [dec.id, jan.id, again.id]
    # now December is still not the latest
    with pytest.raises(Conflict):
        service.reverse_run(dec.id, "wrong month", None)


def test_a_reversed_wage_run_frees_its_days_and_gives_its_deductions_back(db, admin):
    c = setup()
    s = site(c)
    w1, w2 = worker(c, s, "W-1", D(600)), worker(c, s, "W-2", D(500))
    a = give(c, w1, "1000.00", date(2025, 10, 1), instalment_amount=D(1000))
    week(c, s, [w1, w2], SAT, {w1.id: 6, w2.id: 5})
    req = WageRunRequest(company_id=c.id, period_start=SAT, period_end=date(2025, 10, 10), project_id=s)
    run = hr_api.prepare_wage_run(req)
    posted = service.post_wage_run(service.approve_wage_run(run.id).id)
    assert posted.deductions == D(1000) and service.get_advance(a.id).status == "settled"
    with pytest.raises(Conflict):
        hr_api.prepare_wage_run(req)  # the posted run holds the days
    rev = service.reverse_wage_run(run.id, "W-2 was on leave, not absent", date(2025, 10, 12))
    assert (rev.status, rev.reversed_on) == ("reversed", date(2025, 10, 12))
    assert all(v == 0 for v in net_by_account(posted.entry_id, rev.reversal_entry_id).values())
    assert finance_api.account_balance("PBL", "1143") == D(1000)
    assert (service.get_advance(a.id).status, service.get_advance(a.id).balance) == ("active", D(1000))
    with pytest.raises(Conflict) as twice:
        service.reverse_wage_run(run.id, "again", None)
    assert twice.value.code == "payroll.run_already_reversed"
    # the freed days are paid by a corrected run, the advance taken again
    fixed = hr_api.prepare_wage_run(req)
    assert fixed.id != run.id and fixed.gross == posted.gross and fixed.deductions == D(1000)
    fixed = service.post_wage_run(service.approve_wage_run(fixed.id).id)
    assert service.get_advance(a.id).status == "settled" and finance_api.account_balance("PBL", "1143") == 0
    assert finance_api.account_balance("PBL", "2160") == -fixed.net


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_graphql_and_the_reverse_form_in_english_and_bangla(client):
    c = setup()
    staff(c)
    nov = post(month_run(c, date(2025, 11, 1)))
    dec = post(month_run(c, date(2025, 12, 1)))
    url = f"/api/v1/payroll/runs/{dec.id}/reverse"
    stale = client.post(url, json={"reason": "x", "expected_version": dec.version + 5})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    body = {"reason": "festival bonus left out", "expected_version": dec.version}
    r1 = client.post(url, json=body, headers={"Idempotency-Key": "rev-1"})
    r2 = client.post(url, json=body, headers={"Idempotency-Key": "rev-1"})  # the same request: the same answer
    assert r1.status_code == r2.status_code == 200 and r1.json() == r2.json()
    assert r1.json()["status"] == "reversed" and r1.json()["reversed_on"] == "2025-12-31"
    again = client.post(url, json={"reason": "again"}, headers={"Idempotency-Key": "rev-2"})
    assert again.status_code == 409 and again.json()["code"] == "payroll.run_already_reversed"
    assert again.json()["message_bn"]
    # GraphQL: November is now the latest posted run
    g = ('mutation { reversePayrollRun(id: "' + str(nov.id) + '", reason: "wrong grade", reversalDate: "2026-01-05", '
         'idempotencyKey: "rev-g") { status reversedOn reversalReason reversalEntryNumber } }')
    made = client.post("/graphql", json={"query": g}).json()["data"]["reversePayrollRun"]
    assert made["status"] == "reversed" and made["reversedOn"] == "2026-01-05" and made["reversalEntryNumber"]
    # the page's Reverse form (a posted run, a user who may post), the reversed run's reason, en/bn
    jan = post(month_run(c, date(2026, 1, 1)))
    client.get("/payroll")
    client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
    for lang, words in (("en", "Reverse the run"), ("bn", "চালনা রিভার্স করুন")):
        page = client.get(f"/payroll/runs/{jan.id}?lang={lang}").text
        assert 'id="run-reverse"' in page and words in page
    assert latin_in_main(client.get(f"/payroll/runs/{jan.id}?lang=bn").text) == []
    empty = client.post(f"/payroll/runs/{jan.id}/reverse?lang=bn", data={"expected_version": str(jan.version),
                                                                         "reason": ""})
    assert empty.status_code == 422 and "রিভার্স করার কারণ লিখুন" in empty.text
    done = client.post(f"/payroll/runs/{jan.id}/reverse", data={"expected_version": str(jan.version),
                                                                "reason": "overtime twice", "reversal_date": ""},
                       follow_redirects=False)
    assert done.status_code == 303 and service.get_run(jan.id).status == "reversed"
    for lang, words in (("en", "Reversed on"), ("bn", "রিভার্সের তারিখ")):
        page = client.get(f"/payroll/runs/{jan.id}?lang={lang}").text
        assert 'id="reversal"' in page and words in page and "overtime twice" in page
        assert 'id="run-reverse"' not in page
    stale = client.post(f"/payroll/runs/{nov.id}/reverse?lang=bn", data={"expected_version": "1", "reason": "x"})
    assert stale.status_code == 409
    # a wage run's page: the form says the days are freed; reversed from the page, its days can be paid again
    s = site(c)
    w = worker(c, s, "W-1", D(600))
    week(c, s, [w], SAT, {w.id: 6})
    req = WageRunRequest(company_id=c.id, period_start=SAT, period_end=date(2025, 10, 10))
    wr = service.post_wage_run(service.approve_wage_run(hr_api.prepare_wage_run(req).id).id)
    page = client.get(f"/payroll/wage-runs/{wr.id}?lang=bn").text
    assert 'id="run-reverse"' in page and "শ্রমিকদের দিনগুলো মুক্ত হয়" in page and latin_in_main(page) == []
    done = client.post(f"/payroll/wage-runs/{wr.id}/reverse", data={"expected_version": str(wr.version),
                                                                    "reason": "rates", "reversal_date": "2025-10-11"},
                       follow_redirects=False)
    assert done.status_code == 303 and service.get_wage_run(wr.id).reversed_on == date(2025, 10, 11)
    assert hr_api.prepare_wage_run(req).gross == wr.gross


def test_a_run_reversal_reason_longer_than_kept_is_refused_at_the_field_en_bn(client):
    """The run and wage run pages' Reverse form: the input's maxlength, and past it (a client need not honour it) the
    reversal's own rule at the `reason` field, in the page's language; the run stays posted. GraphQL the same."""
    c = setup()
    staff(c)
    run = post(month_run(c, date(2025, 11, 1)))
    client.get("/payroll")
    client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
    form = client.get(f"/payroll/runs/{run.id}").text.split('id="run-reverse"', 1)[1].split("</form>", 1)[0]
    assert 'name="reason" maxlength="400"' in form
    for lang, words in (("en", "at most 400 characters"), ("bn", "সর্বোচ্চ ৪০০টি অক্ষরে লিখুন")):
        r = client.post(f"/payroll/runs/{run.id}/reverse?lang={lang}",
                        data={"expected_version": str(run.version), "reason": "ক" * 401})
        assert r.status_code == 422, r.text[-2000:]
        form = r.text.split('id="run-reverse"', 1)[1].split("</form>", 1)[0]
        assert words in form and 'aria-invalid="true"' in form
        assert form.index('aria-invalid="true"') < form.index('name="reversal_date"')
        assert "reversal_reason" not in r.text
    assert latin_in_main(r.text) == [] and "৪০১" in r.text
    g = ('mutation { reversePayrollRun(id: "' + str(run.id) + '", reason: "' + "x" * 401 + '") { status } }')
    err = client.post("/graphql", json={"query": g}).json()["errors"][0]["extensions"]
    assert err["code"] == "payroll.reversal_reason_too_long" and err["field"] == "reason", err
    with pytest.raises(ValidationFailed) as e:
        service.reverse_run(run.id, "y" * 401)
    assert (e.value.code, e.value.field, e.value.details) == ("payroll.reversal_reason_too_long", "reason",
                                                              {"max_length": 400, "length": 401})
    assert service.get_run(run.id).status == "posted"
