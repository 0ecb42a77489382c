"""The payroll settings page (issue 18), on both databases: every setting shown with its label in English and
Bangla, the account settings as selects of the company's chart; saved through the service (CSRF, the version
seen, an idempotency key per rendered form); a wrong account refused at its field in the page's language (no
English word on the Bangla page); a reader without the approve right sees it read-only and is refused (403) when
posting; a stale version is the 409 message; nothing is stored on a refusal."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from payroll_setup import setup

from bangla_text import latin_words
from vextrus.modules.payroll import service
from vextrus.modules.payroll.domain.run import DEFAULT_SETTINGS
from vextrus.platform import context
from vextrus.platform.ids import new_id


def _client(db, ctx) -> TestClient:
    from vextrus.app import create_app

    cl = TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))
    cl.get("/payroll/settings")
    cl.headers["X-CSRF-Token"] = cl.cookies.get("vx_csrf") or ""
    return cl


def _form(html: str) -> dict[str, str]:
    """What the page's form would send as rendered: hidden fields, inputs and each select's chosen option."""
    form = html.split('id="settings-form"', 1)[1].split("</form>", 1)[0]
    out = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    out |= dict(re.findall(r'<input id="setting-[^"]+" name="([^"]+)"[^>]*value="([^"]*)"', form))
    for name, body in re.findall(r'<select id="setting-[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        out[name] = re.search(r'<option value="([^"]*)" selected>', body).group(1)
    out.pop("csrf_token", None)
    return out


def _main(html: str) -> str:
    """The page's own text (the settings form and its messages), what the Bangla check reads."""
    body = html.split("<h1>", 1)[1].split("</form>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


def test_the_page_shows_every_setting_and_saves_through_the_service(db, admin):
    c = setup()
    cl = _client(db, admin)
    en = cl.get(f"/payroll/settings?company={c.id}&lang=en")
    assert en.status_code == 200 and "Payroll settings" in en.text and "Salaries payable" in en.text
    sent = _form(en.text)
    assert set(DEFAULT_SETTINGS) <= set(sent), set(DEFAULT_SETTINGS) - set(sent)
    assert sent["salaries_payable_account"] == "2160" and sent["expected_version"] == "0"
    # the salaries payable select offers liabilities of the chart, not the expense accounts
    sel = en.text.split('name="salaries_payable_account"', 1)[1].split("</select>", 1)[0]
    assert 'value="2170"' in sel and 'value="5210"' not in sel
    bn = cl.get(f"/payroll/settings?company={c.id}&lang=bn")
    assert "বেতন সেটিং" in bn.text and "বেতন প্রদেয়" in bn.text and "২১৬০" in bn.text
    assert latin_words(_main(bn.text)) == []
    assert '/payroll/settings' in cl.get(f"/payroll?company={c.id}").text  # linked from payroll

    # saved: the rate in Bangla digits, another liability; the same form sent twice saves once (its key)
    data = {**_form(bn.text), "pf_payable_account": "2230", "pf_employee_rate": "০.০৮"}
    done = cl.post("/payroll/settings", data=data, follow_redirects=False)
    again = cl.post("/payroll/settings", data=data, follow_redirects=False)
    assert done.status_code == again.status_code == 303, done.text[-2000:]
    v = service.get_settings(c.id)
    assert (v.pf_payable_account, str(v.pf_employee_rate), v.version) == ("2230", "0.08", 1)
    page = cl.get(f"/payroll/settings?company={c.id}&lang=en&saved=1").text
    assert "The settings are saved." in page and _form(page)["expected_version"] == "1"


def test_a_wrong_account_at_its_field_in_bangla_and_a_stale_version_409(db, admin):
    c = setup()
    cl = _client(db, admin)
    data = _form(cl.get(f"/payroll/settings?company={c.id}&lang=bn").text)
    # an expense account as the salaries payable (a stale or forged select): refused at its field, nothing saved
    r = cl.post("/payroll/settings?lang=bn", data={**data, "salaries_payable_account": "5210"})
    assert r.status_code == 422, r.text[-2000:]
    row = r.text.split('data-setting="salaries_payable_account"', 1)[1].split("</tr>", 1)[0]
    assert 'aria-invalid="true"' in row and "বেতন প্রদেয় হিসাব" in row and "৫২১০" in row
    assert 'class="field-error"' in row and latin_words(_main(r.text)) == []
    assert r.text.count('aria-invalid="true"') == 1
    assert _form(r.text)["salaries_payable_account"] == "5210"  # what was chosen is kept
    en = cl.post("/payroll/settings?lang=en", data={**data, "cash_account": "2160"})
    row = en.text.split('data-setting="cash_account"', 1)[1].split("</tr>", 1)[0]
    assert en.status_code == 422 and "must be an asset account" in row
    # a rate out of range, also named by its label (not its code) in Bangla
    r = cl.post("/payroll/settings?lang=bn", data={**data, "pf_employer_rate": "২"})
    row = r.text.split('data-setting="pf_employer_rate"', 1)[1].split("</tr>", 1)[0]
    assert r.status_code == 422 and "সীমার বাইরে" in row and latin_words(_main(r.text)) == []
    assert service.get_settings(c.id).version == 0  # nothing stored

    # someone saves meanwhile: the form's version (0) is stale, 409 in Bangla, nothing of it stored
    cl.post("/payroll/settings", data={**data, "idempotency_key": "other-tab", "cash_account": "1120"})
    assert service.get_settings(c.id).version == 1
    r = cl.post("/payroll/settings?lang=bn", data={**data, "idempotency_key": "first-tab", "bank_account": "1110"})
    assert r.status_code == 409 and "অন্য কেউ পরিবর্তন করেছেন" in r.text and 'role="alert"' in r.text
    assert latin_words(_main(r.text)) == []
    assert service.get_settings(c.id).bank_account == "1120"


def test_a_reader_sees_it_read_only_and_is_refused_403(db, admin, tenant_id):
    c = setup()
    preparer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="clerk@test",
                                      permissions=frozenset({"payroll.run.prepare", "payroll.employee.view"}))
    cl = _client(db, preparer)
    page = cl.get(f"/payroll/settings?company={c.id}&lang=en")
    assert page.status_code == 200 and 'id="settings-read-only"' in page.text and "Salaries payable" in page.text
    assert "Save the settings" not in page.text and "disabled" in page.text
    data = {**_form(page.text), "salaries_payable_account": "2170"}
    r = cl.post("/payroll/settings?lang=bn", data=data)
    assert r.status_code == 403, r.text[-1000:]
    assert service.get_settings(c.id).salaries_payable_account == "2160" and service.get_settings(c.id).version == 0
    # no payroll right at all: the page is not shown
    nobody = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="nobody@test",
                                    permissions=frozenset({"payroll.employee.view"}))
    assert _client(db, nobody).get(f"/payroll/settings?company={c.id}").status_code == 403
