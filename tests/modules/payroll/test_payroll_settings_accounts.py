"""Issue 18: saving a company's payroll settings checks every account they name against its chart (through
finance.api), on both databases: an unknown code, an inactive account, a group and an account of the wrong
type are each refused (422, code, en/bn message, the setting's field) and nothing is stored; a valid change is
saved; the REST PATCH answers the same refusal. A company without a book yet is not checked (nothing to check
against). The pure rule is tested without a database."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from payroll_setup import setup

from vextrus.app import create_app
from vextrus.modules.finance import service as finance
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import domain as pay
from vextrus.modules.payroll import service
from vextrus.modules.payroll.domain.settings_accounts import ACCOUNT_SETTINGS, ChartAccount, check_accounts
from vextrus.modules.payroll.schemas import SettingsChange
from vextrus.platform.errors import ValidationFailed

LATIN = re.compile(r"[A-Za-z]")


def _refused(company_id, change: SettingsChange, code: str, field: str) -> ValidationFailed:
    before = service.get_settings(company_id)
    with pytest.raises(ValidationFailed) as bad:
        service.change_settings(company_id, change)
    e = bad.value
    assert (e.status, e.code, e.field) == (422, code, field)
    assert e.message and e.message_bn and not LATIN.search(e.message_bn), e.message_bn
    assert service.get_settings(company_id) == before  # nothing stored
    return e


def test_the_pure_rule():
    chart = {"5210": ChartAccount("expense"), "2160": ChartAccount("liability"), "2100": ChartAccount("liability", True),
             "2999": ChartAccount("liability", is_active=False), "1110": ChartAccount("asset")}
    ok = {"office_expense_account": "5210", "salaries_payable_account": "2160", "cash_account": "1110",
          "gratuity_account": "2160", "compensation_account": "5210"}  # a provision or an expense both do
    check_accounts(ok, chart)
    for key, code, want in [("salaries_payable_account", "9999", "payroll.account_unknown"),
                            ("salaries_payable_account", "2100", "payroll.account_not_postable"),
                            ("salaries_payable_account", "2999", "payroll.account_not_postable"),
                            ("salaries_payable_account", "5210", "payroll.account_wrong_type"),
                            ("office_expense_account", "2160", "payroll.account_wrong_type"),
                            ("cash_account", "5210", "payroll.account_wrong_type"),
                            ("gratuity_account", "1110", "payroll.account_wrong_type")]:
        with pytest.raises(ValidationFailed) as bad:
            check_accounts({**ok, key: code}, chart)
        assert (bad.value.code, bad.value.field, bad.value.details["code"]) == (want, key, code)
    # every account setting of the defaults is covered, and the default chart satisfies them (below, with a db)
    assert set(ACCOUNT_SETTINGS) == {k for k in pay.DEFAULT_SETTINGS
                                     if k.endswith("_account")}


def test_each_refusal_with_its_field_and_nothing_saved(db, admin):
    c = setup()
    e = _refused(c.id, SettingsChange(gratuity_payable_account="2299"), "payroll.account_unknown",
                 "gratuity_payable_account")
    assert "2299" in e.message and "২২৯৯" in e.message_bn and "গ্র্যাচুইটি সঞ্চিতি হিসাব" in e.message_bn
    e = _refused(c.id, SettingsChange(pf_payable_account="2100"), "payroll.account_not_postable", "pf_payable_account")
    assert "group" in e.message and "গ্রুপ" in e.message_bn
    finance.set_account_active("PBL", "2170", False)  # Accrued expenses, no balance yet
    e = _refused(c.id, SettingsChange(pf_expense_account="5210"), "payroll.account_not_postable",
                 "pf_payable_account")  # the stored default 2170 is checked too, not only what changed
    assert "inactive" in e.message and "নিষ্ক্রিয়" in e.message_bn
    finance.set_account_active("PBL", "2170", True)
    e = _refused(c.id, SettingsChange(salaries_payable_account="5210"), "payroll.account_wrong_type",
                 "salaries_payable_account")
    assert "liability" in e.message and "expense" in e.message and "দায়" in e.message_bn
    _refused(c.id, SettingsChange(site_expense_account="2160"), "payroll.account_wrong_type", "site_expense_account")
    _refused(c.id, SettingsChange(bank_account="2160"), "payroll.account_wrong_type", "bank_account")
    # one bad account among good ones: nothing of the change is stored
    _refused(c.id, SettingsChange(pf_employee_rate="0.08", tds_payable_account="1110"), "payroll.account_wrong_type",
             "tds_payable_account")


def test_a_valid_change_is_saved_and_a_bookless_company_is_not_checked(db, admin):
    c = setup()
    v = service.change_settings(c.id, SettingsChange(pf_payable_account="2160", gratuity_account="2230",
                                                     office_expense_account="5130"))
    assert (v.pf_payable_account, v.gratuity_account, v.office_expense_account, v.version) == ("2160", "2230",
                                                                                              "5130", 1)
    assert service.get_settings(c.id).pf_payable_account == "2160"
    bare = org.create_company(org.CompanyInput(code="NOB", name="No Book Ltd."))
    assert service.change_settings(bare.id, SettingsChange(pf_payable_account="2160")).pf_payable_account == "2160"


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_refusal_names_the_field_in_bangla(client):
    c = setup()
    r = client.patch(f"/api/v1/payroll/settings/{c.id}", json={"salaries_payable_account": "5210"},
                     headers={"Accept-Language": "bn"})
    assert r.status_code == 422, r.text
    body = r.json()
    assert (body["code"], body["field"]) == ("payroll.account_wrong_type", "salaries_payable_account")
    assert "বেতন প্রদেয় হিসাব" in body["message_bn"] and not LATIN.search(body["message_bn"])
    assert client.get(f"/api/v1/payroll/settings/{c.id}").json()["salaries_payable_account"] == "2160"
    r = client.patch(f"/api/v1/payroll/settings/{c.id}", json={"salaries_payable_account": "2170"})
    assert r.status_code == 200 and r.json()["salaries_payable_account"] == "2170", r.text


def test_a_payroll_approver_without_finance_rights_is_checked_through_payroll(db, admin, tenant_id):
    """The chart is read as payroll on the user's behalf (payroll `uses` finance.account.view): an approver
    holding only payroll's permission gets the same refusal, and saves a valid change."""
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    c = setup()
    approver = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="approver@test",
                                      permissions=frozenset({"payroll.run.approve", "payroll.run.prepare"}))
    with context.acting_as(approver):
        _refused(c.id, SettingsChange(cash_account="2160"), "payroll.account_wrong_type", "cash_account")
        assert service.change_settings(c.id, SettingsChange(cash_account="1120")).cash_account == "1120"
