"""Company setup page with typed values that are not what they should be (issue 12, "Bad input"):
a fiscal-year month that is not a number, a parent id that is not an id: a message in words in the
page's language, never pydantic's text or a 500. Both databases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.organization import service


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/organization")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_company_form_refusals_are_in_words(client):
    r = client.post("/organization/companies", data={"code": "PADMA", "name": "Padma Builders Ltd.",
                                                     "fiscal_year_start_month": "July"})
    assert r.status_code == 422 and "Fiscal year starts (month): &#39;July&#39; is not a whole number" in r.text
    assert 'id="fiscal_year_start_month-error"' in r.text  # said next to the field it is about
    assert "fiscal_year_start_month:" not in r.text and "Input should be" not in r.text  # no code, no pydantic
    bn = client.post("/organization/companies?lang=bn", data={"code": "PADMA", "name": "Padma Builders Ltd.",
                                                              "fiscal_year_start_month": "July"})
    assert "অর্থবছর শুরুর মাস: &#39;July&#39; পূর্ণসংখ্যা নয়" in bn.text
    r = client.post("/organization/companies?lang=en", data={"id": "not-an-id", "code": "PADMA", "name": "Padma"})
    assert r.status_code == 422 and "is not an id" in r.text
    company = service.create_company(service.CompanyInput(code="MEGHNA", name="Meghna Homes"))
    r = client.post(f"/organization/companies/{company.id}/units?lang=en",
                    data={"kind": "department", "code": "CIV", "name": "Civil", "parent_id": "garbage"})
    assert r.status_code == 422 and "Belongs to: &#39;garbage&#39; is not an id" in r.text and "parent_id:" not in r.text
