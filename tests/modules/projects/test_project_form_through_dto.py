"""The new-project form (list page) and the dashboard's details form read into `ProjectForm` with
platform.forms.model_from_form (issue 21, one declaration per concept): a wrong input of each kind is shown in
Bangla next to its field — as well as in the alert above the form — what was typed stays, and nothing is
saved; on both databases. (test_projects_ui_edit.py holds the older page tests, unchanged.)"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.projects import service

DHAKA, VATARA = "13", "91310"


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/projects?lang=bn")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


FORM = {"code": "GULSHAN-2", "name": "Gulshan 2 office tower", "name_bn": "গুলশান ২ অফিস টাওয়ার", "party_q": "",
        "client_party_id": "", "site_district_code": DHAKA, "site_upazila_code": VATARA,
        "contract_value": "1,25,00,000", "start_date": "2026-01-10", "finish_date": "2027-06-30", "status": "active"}

WRONG = [  # (what changes, the field named, the Bangla words next to it)
    pytest.param({"contract_value": "1,25,00,abc"}, "contract_value", "'1,25,00,abc' সংখ্যা নয়", id="not a number"),
    pytest.param({"contract_value": "-5,000"}, "contract_value", "চুক্তি মূল্য ঋণাত্মক হতে পারে না", id="negative"),
    pytest.param({"contract_value": "100.555"}, "contract_value", "সর্বোচ্চ ২ দশমিক", id="too precise"),
    pytest.param({"start_date": "2026-13-45"}, "start_date", "'2026-13-45' তারিখ নয়", id="not a date"),
    pytest.param({"start_date": "2026-05-01", "finish_date": "2026-04-30"}, "finish_date",
                 "শেষের তারিখ শুরুর তারিখের আগে", id="dates out of order"),
    pytest.param({"code": ""}, "code", "প্রকল্প কোড প্রয়োজন", id="no code"),
    pytest.param({"name": " "}, "name", "ইংরেজি নাম প্রয়োজন", id="no name"),
    pytest.param({"status": "dreaming"}, "status", "প্রকল্পের অবস্থা সঠিক নয়", id="unknown status"),
    pytest.param({"site_district_code": "", "site_upazila_code": VATARA}, "site_district_code",
                 "আগে জেলা নির্বাচন করুন", id="upazila without district"),
    pytest.param({"party_q": "Bashundhara"}, "client_party_id", "তালিকা থেকে ক্লায়েন্ট বেছে নিন",
                 id="client typed, not picked"),
]


def _by_field(page: str, field: str) -> str:
    m = re.search(rf'<span class="error" data-field="{re.escape(field)}">(.*?)</span>', page, re.S)
    return unescape(m.group(1)) if m else ""


@pytest.mark.parametrize(("change", "field", "words_bn"), WRONG)
def test_a_wrong_new_project_is_shown_next_to_its_field_in_bangla_and_nothing_is_saved(client, change, field,
                                                                                       words_bn):
    r = client.post("/projects?lang=bn", data={**FORM, **change})
    shown = _by_field(r.text, field)
    assert r.status_code == 422 and words_bn in shown, (field, shown, r.text[-3000:])
    for english in ("is not a", "required", "must be", "contract_value", field):
        assert english not in shown.replace(f"'{change.get(field, '')}'", "")
    assert 'role="alert"' in r.text and 'value="গুলশান ২ অফিস টাওয়ার"' in r.text  # the alert too; typed kept
    en = client.post("/projects?lang=en", data={**FORM, **change})
    assert en.status_code == 422 and _by_field(en.text, field)
    assert service.list_projects() == []


def test_the_details_form_shows_a_wrong_value_by_its_field_and_changes_nothing(client, admin):
    p = service.create_project("UTTARA", "Uttara shops", contract_value="1000")
    r = client.post("/projects/UTTARA/details?lang=bn", data={
        "version": p.version, "contract_value": "৳ দশ লাখ", "status": "planned", "start_date": "",
        "finish_date": "", "site_district_code": "", "site_upazila_code": ""})
    assert r.status_code == 422 and "'৳ দশ লাখ' সংখ্যা নয়" in _by_field(r.text, "contract_value")
    after = service.get_project("UTTARA")
    assert (after.contract_value, after.version) == (Decimal("1000"), p.version)


def test_typed_values_are_read_by_their_types(client):
    r = client.post("/projects", data={**FORM, "contract_value": "৳ ১,২৫,০০,০০০.৫০", "start_date": "২০২৬-০১-১০"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[-2000:]
    p = service.get_project("GULSHAN-2")
    assert (p.contract_value, str(p.start_date)) == (Decimal("12500000.50"), "2026-01-10")
