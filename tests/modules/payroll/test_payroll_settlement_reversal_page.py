"""The employee page's Reverse form on a posted final settlement (issue 18), on both databases: shown only to a
user who may approve settlements (and refused in the service for one who posts without the right); a refusal
(no reason, a date before the journal, already reversed) shown on the page next to its field in English and
Bangla with no English word on the Bangla page; a reversal from the page done once for a retried form."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from payroll_setup import setup, staff

from bangla_text import latin_words
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import SettlementInput
from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.ids import new_id

OCT31 = date(2025, 10, 31)


def _posted():
    c = setup()
    e = staff(c, "L1")
    v = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=OCT31, notice_given_days=60))
    v = service.approve_settlement(e.id, v.version)
    return e, service.post_settlement(e.id, v.version)


def _client(db, ctx, first: str) -> TestClient:
    """A client acting as `ctx`, with the CSRF cookie its first page (`first`) set."""
    from vextrus.app import create_app

    cl = TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))
    cl.get(first)
    cl.headers["X-CSRF-Token"] = cl.cookies.get("vx_csrf") or ""
    return cl


def _section(html: str) -> str:
    """The settlement section's own text (what the Bangla check reads)."""
    return html.split('id="settlement"', 1)[1].split(">", 1)[1].split("</section>", 1)[0]


def test_the_page_reverses_a_posted_settlement_refusals_on_the_page_en_bn(db, admin):
    e, posted = _posted()
    cl = _client(db, admin, f"/payroll/employees/{e.id}")
    url = f"/payroll/employees/{e.id}/settlement/reverse"
    for lang, words in (("en", "Reverse the settlement"), ("bn", "নিষ্পত্তি রিভার্স করুন")):
        page = cl.get(f"/payroll/employees/{e.id}?lang={lang}").text
        assert 'id="settlement-reverse"' in page and words in page and 'name="idempotency_key"' in page
    assert latin_words(_section(cl.get(f"/payroll/employees/{e.id}?lang=bn").text)) == []

    # no reason: 422, the message next to the reason field, in the page's language; nothing reversed
    v = str(posted.version)
    for lang, words in (("en", "Give the reason for the reversal"), ("bn", "রিভার্স করার কারণ লিখুন")):
        r = cl.post(f"{url}?lang={lang}", data={"expected_version": v, "reason": "  ", "reversal_date": ""})
        assert r.status_code == 422 and words in r.text, r.text[-2000:]
        form = r.text.split('id="settlement-reverse"', 1)[1].split("</form>", 1)[0]
        assert 'name="reason"' in form and 'aria-invalid="true"' in form and words in form
    assert latin_words(_section(r.text)) == []
    # a date before the journal (the last day): 422 on the date field, what was typed kept
    r = cl.post(f"{url}?lang=bn", data={"expected_version": v, "reason": "ফেরত", "reversal_date": "2025-10-30"})
    form = r.text.split('id="settlement-reverse"', 1)[1].split("</form>", 1)[0]
    assert r.status_code == 422 and "এর আগে হতে পারে না" in form and 'value="ফেরত"' in form
    assert form.index('aria-invalid="true"') > form.index('name="reversal_date"')
    assert latin_words(_section(r.text)) == []
    assert service.get_settlement(e.id).status == "posted"

    # reversed from the page; the same form sent twice (its idempotency key) reverses once
    data = {"expected_version": v, "reason": "Resignation withdrawn", "reversal_date": "2025-11-03",
            "idempotency_key": "page-rev-1"}
    done = cl.post(url, data=data, follow_redirects=False)
    again = cl.post(url, data=data, follow_redirects=False)
    assert done.status_code == again.status_code == 303, done.text[-2000:]
    rev = service.get_settlement(e.id)
    assert (rev.status, rev.reversed_on, rev.reversal_reason) == ("reversed", date(2025, 11, 3),
                                                                  "Resignation withdrawn")
    assert service.get_employee(e.id).status == "active"
    for lang, words in (("en", "Reversed on"), ("bn", "রিভার্সের তারিখ")):
        page = cl.get(f"/payroll/employees/{e.id}?lang={lang}").text
        assert 'id="settlement-reversal"' in page and words in page and "Resignation withdrawn" in page
        assert 'id="settlement-reverse"' not in page
    # already reversed: 409 on the page, in Bangla (a form left open in another tab: its version is stale, 409)
    r = cl.post(f"{url}?lang=bn", data={"expected_version": str(rev.version), "reason": "আবার",
                                        "idempotency_key": "page-rev-2"})
    assert r.status_code == 409 and "ইতিমধ্যে রিভার্স করা হয়েছে" in r.text and 'role="alert"' in r.text
    stale = cl.post(f"{url}?lang=bn", data={"expected_version": v, "reason": "আবার", "idempotency_key": "page-rev-3"})
    assert stale.status_code == 409 and "অন্য কেউ পরিবর্তন করেছেন" in stale.text


def test_without_the_permission_no_button_and_refused(db, admin, tenant_id):
    e, posted = _posted()
    clerk = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="clerk@test",
                                   permissions=frozenset({"payroll.employee.view", "payroll.settlement.prepare"}))
    cl = _client(db, clerk, f"/payroll/employees/{e.id}")
    page = cl.get(f"/payroll/employees/{e.id}?lang=en")
    assert page.status_code == 200 and 'id="settlement"' in page.text
    assert 'id="settlement-reverse"' not in page.text and "Reverse the settlement" not in page.text
    r = cl.post(f"/payroll/employees/{e.id}/settlement/reverse?lang=bn",
                data={"expected_version": str(posted.version), "reason": "চেষ্টা"})
    assert r.status_code == 403 and 'id="settlement"' in r.text  # the page with the refusal, not a 500
    assert service.get_settlement(e.id).status == "posted" and service.get_employee(e.id).status == "separated"


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_catalogues_carry_the_form_words(lang):
    import json
    from importlib import resources

    cat = json.loads(resources.files("vextrus.modules.payroll").joinpath(f"i18n/{lang}.json").read_text("utf-8"))
    keys = ("payroll.reverse_settlement_help", "payroll.settlement_reversal_date", "payroll.do_reverse_settlement")
    assert all(cat.get(k) for k in keys)
    if lang == "bn":
        assert all(latin_words(cat[k]) == [] for k in keys)


def test_a_reason_longer_than_kept_is_refused_at_the_reason_field_en_bn(db, admin):
    """Past 400 characters (what the row keeps; the input's maxlength, which a client need not honour) the reason
    is refused by the reversal's own rule at the form's `reason` field, not by the column at `reversal_reason`."""
    e, posted = _posted()
    cl = _client(db, admin, f"/payroll/employees/{e.id}")
    page = cl.get(f"/payroll/employees/{e.id}").text
    assert 'name="reason" maxlength="400"' in page.split('id="settlement-reverse"', 1)[1].split("</form>", 1)[0]
    url = f"/payroll/employees/{e.id}/settlement/reverse"
    for lang, words in (("en", "at most 400 characters"), ("bn", "সর্বোচ্চ ৪০০টি অক্ষরে লিখুন")):
        r = cl.post(f"{url}?lang={lang}", data={"expected_version": str(posted.version), "reason": "ক" * 401,
                                                "idempotency_key": f"long-{lang}"})
        assert r.status_code == 422, r.text[-2000:]
        form = r.text.split('id="settlement-reverse"', 1)[1].split("</form>", 1)[0]
        assert words in form and form.index('aria-invalid="true"') < form.index('name="reversal_date"')
        assert "reversal_reason" not in r.text
    assert latin_words(_section(r.text)) == []
    assert "৪০১" in _section(r.text)
    with pytest.raises(ValidationFailed) as exc:  # the same rule for the API's callers (GraphQL goes through the service)
        service.reverse_settlement(e.id, "x" * 401, None, posted.version)
    assert (exc.value.code, exc.value.field) == ("payroll.reversal_reason_too_long", "reason")
    assert exc.value.details == {"max_length": 400, "length": 401}
    assert service.get_settlement(e.id).status == "posted"  # nothing reversed
    ok = service.reverse_settlement(e.id, "ক" * 400, None, posted.version)  # exactly the limit is kept
    assert ok.status == "reversed" and len(ok.reversal_reason) == 400
