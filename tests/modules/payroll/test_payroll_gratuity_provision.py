"""Gratuity accrued monthly (Bangladesh Labour Act 2006 s.2(10): 30 days' wages per completed year, 45 beyond
10 years), on both databases: the pure rule with figures derived in comments, the provision posted with the
monthly run's journal (Dr salary expense by project / Cr gratuity payable) when the company's setting
`gratuity_provision` is on, the final settlement's gratuity debiting the provision up to its balance, bad
settings refused with code, en/bn message and field (nothing stored)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from payroll_setup import month_run, post, setup, site, staff

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
    assert [(ln.account_code, ln.credit) for ln in cr] == [("2170", D("116666.67"))]
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
    assert [(ln.account_code, ln.debit) for ln in settled] == [("2170", D("118333.33"))]
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
