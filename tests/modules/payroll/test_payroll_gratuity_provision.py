"""Gratuity accrued monthly (Bangladesh Labour Act 2006 s.2(10): 30 days' wages per completed year, 45 beyond
10 years), on both databases: the pure rule with figures derived in comments, the provision posted with the
monthly run's journal (Dr salary expense by project / Cr gratuity payable) when the company's setting
`gratuity_provision` is on, the final settlement's gratuity debiting the provision up to its balance, bad
settings refused with code, en/bn message and field (nothing stored). The provision has its own account, 2230
"Provision for gratuity" (not 2170, which PF payable uses), the default of `gratuity_payable_account`; the
setting overrides it for the runs and the settlement alike; finance_0004 adds 2230 to older books and
payroll_0012 moves a company's stored 2170 to it unless it has provided gratuity there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from payroll_setup import month_run, post, setup, site, staff

from vextrus.modules.finance import api as finance_api
from vextrus.modules.finance import service as finance
from vextrus.modules.payroll import domain as pay
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import SettingsChange, SettlementInput
from vextrus.platform.errors import ValidationFailed

MEMO = "Gratuity provision (BLA 2006 s.2(10))"


def test_the_pure_rule():
    # joined 1 Jan 2020, 31 Oct 2025: 70 whole months; 30 days a year: 20,000 ÷ 30 × 30 × 70 ÷ 12 = 116,666.67
    assert pay.gratuity_provision(D(20_000), date(2020, 1, 1), date(2025, 10, 31), D(0)) == D("116666.67")
    # November: 71 months → 118,333.33; less the 116,666.67 provided = 1,666.66
    assert pay.gratuity_provision(D(20_000), date(2020, 1, 1), date(2025, 11, 30), D("116666.67")) == D("1666.66")
    # beyond 10 years (121 months): 45 days for every year: 20,000 ÷ 30 × 45 × 121 ÷ 12 = 302,500.00
    assert pay.gratuity_provision(D(20_000), date(2015, 1, 1), date(2025, 1, 31), D(0)) == D("302500.00")
    # provided more than the liability (a lower basic): nothing, never negative
    assert pay.gratuity_provision(D(10_000), date(2020, 1, 1), date(2025, 10, 31), D("116666.67")) == 0
    assert pay.service_months(date(2025, 1, 15), date(2025, 3, 14)) == 2
    assert pay.service_months(date(2025, 10, 20), date(2025, 10, 31)) == 0  # joined this month: nothing yet


def _provision_lines(entry_id):
    e = finance.get_entry("PBL", entry_id)
    assert sum(ln.debit for ln in e.lines) == sum(ln.credit for ln in e.lines)
    return e


def test_provision_posted_with_the_run_by_project_and_settled_by_the_settlement(db, admin):
    """L1 works on site S (grade G1: basic 20,000, joined 1 Jan 2020). October 2025: the provision catches up
    70 months = **116,666.67**; November **1,666.66** (above): provided 118,333.33 after two posted runs.
    Resignation on 30 Nov 2025 with 60 days' notice: service 5 years 11 months → 6 years counted (s.2(10));
    gratuity 20,000 ÷ 30 × 30 × 6 = 120,000.00 (higher than s.27(4)'s 14 days × 6 = 56,000) → the settlement
    debits the provision 118,333.33 and the expense 120,000 − 118,333.33 = **1,666.67**."""
    c = setup()
    s = site(c)
    e = staff(c, "L1", workplace="site", project_id=s)
    service.change_settings(c.id, SettingsChange(gratuity_provision="true"))
    oct_run = month_run(c, date(2025, 10, 1))
    assert oct_run.payslips[0].gratuity_provision == D("116666.67")
    oct_run = post(oct_run)
    entry = _provision_lines(oct_run.entry_id)
    cr = [ln for ln in entry.lines if ln.memo == MEMO]
    assert [(ln.account_code, ln.credit) for ln in cr] == [("2230", D("116666.67"))]
    # 2170 (PF payable) holds the two PF shares only, 2230 the provision only
    pf = sum((p.pf_employee + p.pf_employer for p in oct_run.payslips), D(0))
    assert finance_api.account_balance("PBL", "2170") == -pf
    assert finance_api.account_balance("PBL", "2230") == D("-116666.67")
    # the expense is the site's salary account, on the project (with the gross): 31,500 + 116,666.67
    site_dr = [ln for ln in entry.lines if ln.account_code == "5130"]
    assert [(ln.project_id, ln.debit) for ln in site_dr] == [(s, D("31500.00") + D("116666.67"))]
    nov = post(month_run(c, date(2025, 11, 1)))
    assert nov.payslips[0].gratuity_provision == D("1666.66")
    v = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 11, 30),
                                                       notice_given_days=60))
    assert {ln.code: ln.amount for ln in v.lines}["gratuity"] == D("120000.00")
    v = service.approve_settlement(e.id, v.version)
    posted = service.post_settlement(e.id, v.version)
    lines = _provision_lines(posted.entry_id).lines
    settled = [ln for ln in lines if ln.memo == "Gratuity provision settled (BLA 2006 s.2(10))"]
    assert [(ln.account_code, ln.debit) for ln in settled] == [("2230", D("118333.33"))]
    assert finance_api.account_balance("PBL", "2230") == 0  # the provision used up by the settlement
    expense = [ln for ln in lines if ln.memo == "Gratuity (BLA 2006 s.2(10))"]
    assert [ln.debit for ln in expense] == [D("1666.67")]


def test_off_by_default_and_bad_settings_refused(db, admin):
    c = setup()
    staff(c, "E1")
    run = month_run(c, date(2025, 10, 1))
    assert run.payslips[0].gratuity_provision == 0  # the setting is off: no provision
    before = service.get_settings(c.id)
    with pytest.raises(ValidationFailed) as bad:
        service.change_settings(c.id, SettingsChange(gratuity_provision="yes"))
    assert (bad.value.code, bad.value.field) == ("payroll.setting_invalid", "gratuity_provision")
    assert bad.value.message_bn and bad.value.message != bad.value.message_bn
    assert service.get_settings(c.id) == before  # nothing stored


def test_the_provision_account_is_its_own_in_the_chart_and_the_setting_overrides_it(db, admin):
    """2230 is in the chart (en and bn names, a non-current liability under 2200) and the default; a company
    that keeps its provision elsewhere (here 2170, as before) sets `gratuity_payable_account`: the runs credit
    it and the final settlement debits it, from the setting (2230 is not touched)."""
    c = setup()
    acct = {a.code: a for a in finance_api.list_accounts("PBL")}["2230"]
    assert (acct.name, acct.name_bn, acct.account_type, acct.parent_code) == (
        "Provision for gratuity", "গ্র্যাচুইটি সঞ্চিতি", "liability", "2200")
    assert service.get_settings(c.id).gratuity_payable_account == "2230"
    s = site(c)
    e = staff(c, "L1", workplace="site", project_id=s)
    service.change_settings(c.id, SettingsChange(gratuity_provision="true", gratuity_payable_account="2170"))
    oct_run = post(month_run(c, date(2025, 10, 1)))
    cr = [ln for ln in _provision_lines(oct_run.entry_id).lines if ln.memo == MEMO]
    assert [(ln.account_code, ln.credit) for ln in cr] == [("2170", D("116666.67"))]
    v = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 10, 31),
                                                       notice_given_days=60))
    v = service.approve_settlement(e.id, v.version)
    posted = service.post_settlement(e.id, v.version)
    settled = [ln for ln in _provision_lines(posted.entry_id).lines
               if ln.memo == "Gratuity provision settled (BLA 2006 s.2(10))"]
    assert [(ln.account_code, ln.debit) for ln in settled] == [("2170", D("116666.67"))]
    assert finance_api.account_balance("PBL", "2230") == 0


def test_finance_0004_and_payroll_0012_bring_older_companies_to_2230_once(db, admin):
    """A book made before 2230 gets it from finance_0004, once; a company whose saved settings hold 2170 moves
    to 2230 with payroll_0012 unless a posted run of it has provided gratuity (its balance is in 2170)."""
    import importlib

    from sqlalchemy import delete, select

    from vextrus.modules.finance.tables import Account
    from vextrus.modules.payroll.tables import SettingRow

    fin = importlib.import_module("vextrus.modules.finance.migrations.0004_gratuity_provision_account")
    pay_mig = importlib.import_module("vextrus.modules.payroll.migrations.0012_gratuity_provision_account")
    pg = db.engine.dialect.name == "postgresql"
    c = setup()
    book = finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.ensure_book("RAW", "Imported book", template=None)  # no chart: no 2200 group, nothing added
    with db.session_factory() as s:
        s.execute(delete(Account).where(Account.book_id == book.id, Account.code == "2230"))
        s.commit()
    assert "2230" not in {a.code for a in finance_api.list_accounts("PBL")}
    with db.session_factory() as s:
        assert fin.add_gratuity_provision(s.connection(), pg) == 1
        assert fin.add_gratuity_provision(s.connection(), pg) == 0
        s.commit()
    a = {a.code: a for a in finance_api.list_accounts("PBL")}["2230"]
    assert (a.name_bn, a.subtype, a.tags) == ("গ্র্যাচুইটি সঞ্চিতি", "non_current_liability", ["gratuity_provision"])
    # two companies saved their settings while 2170 was the default; one has provided gratuity in it
    quiet, provided = c, setup("PBM")
    staff(provided, "L1", workplace="office")
    for co in (quiet, provided):
        service.change_settings(co.id, SettingsChange(gratuity_payable_account="2170"))
    service.change_settings(provided.id, SettingsChange(gratuity_provision="true"))
    post(month_run(provided, date(2025, 10, 1)))
    with db.session_factory() as s:
        assert pay_mig.repoint(s.connection(), pg) == 1
        assert pay_mig.repoint(s.connection(), pg) == 0
        s.commit()
    assert service.get_settings(quiet.id).gratuity_payable_account == "2230"
    assert service.get_settings(provided.id).gratuity_payable_account == "2170"
    with db.session_factory() as s:
        assert s.scalar(select(SettingRow.version).where(SettingRow.company_id == quiet.id)) == 2
