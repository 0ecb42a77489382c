"""REST, GraphQL and the /tax page: the calculators answer with the rule's source, refuse bad input with
code/message/message_bn/field (422), need `tax.calculator.view`, and the page reads in English and Bangla.
Figures: VAT and SD Act 2012 (s.15 tax fraction, S004.00 10 % from 2025-07-01, s.49 VDS), Income Tax Act
2023 s.89 bands (see test_tax_domain.py for the sources)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.platform import context
from vextrus.platform.ids import new_id


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_rest_vat_withholding_vds_and_codes(client):
    r = client.get("/api/v1/tax/vat", params={"code": "S004.00", "amount": "1000000", "date": "2025-08-01"})
    assert r.status_code == 200
    assert {k: r.json()[k] for k in ("rate", "net", "vat", "gross")} == {
        "rate": "10", "net": "1000000.00", "vat": "100000.00", "gross": "1100000.00"}
    inc = client.get("/api/v1/tax/vat", params={"code": "VAT15", "amount": "1,15,000", "date": "2025-08-01",
                                                "inclusive": "true"}).json()
    assert (inc["net"], inc["vat"]) == ("100000.00", "15000.00")  # lakh commas read as written on an invoice
    w = client.get("/api/v1/tax/withholding", params={"section": "89", "base": "6000000", "date": "2025-08-01"}).json()
    assert (w["rate"], w["amount"], w["bands"][0]["lower"]) == ("5", "300000.00", "5000000")
    no_tin = client.get("/api/v1/tax/withholding", params={"section": "89", "base": "4000000", "date": "2025-08-01",
                                                           "has_tin": "false"}).json()
    assert (no_tin["rate"], no_tin["amount"]) == ("4.5", "180000.00")
    v = client.get("/api/v1/tax/vds", params={"code": "VAT15", "invoice_total": "115000", "vat": "15000",
                                              "date": "2025-08-01"}).json()
    assert (v["amount"], v["payable_to_supplier"], v["basis"]) == ("15000.00", "100000.00", "invoice_vat")
    codes = client.get("/api/v1/tax/codes", params={"date": "2025-06-30"}).json()
    assert {c["code"]: c["rate"] for c in codes}["S004.00"] == "7.5"
    sections = client.get("/api/v1/tax/sections", params={"date": "2025-08-01"}).json()
    assert [b["rate"] for b in next(s for s in sections if s["section"] == "89")["bands"]] == ["3", "5", "7"]


@pytest.mark.parametrize(("path", "params", "code", "field"), [
    ("/vat", {"code": "S004.00", "amount": "abc", "date": "2025-08-01"}, "number_invalid", "amount"),
    ("/vat", {"code": "S004.00", "date": "2025-08-01"}, None, "amount"),
    ("/vat", {"code": "S004.00", "amount": "-5", "date": "2025-08-01"}, "tax.amount_negative", "amount"),
    ("/vat", {"code": "S004.00", "amount": "5", "date": "2025-02-30"}, "date_invalid", "date"),
    ("/vat", {"code": "NOPE", "amount": "5", "date": "2025-08-01"}, "tax.vat_code_unknown", "code"),
    ("/vat", {"code": "VAT15", "amount": "5", "date": "2010-01-01"}, "tax.vat_code_not_in_force", "date"),
    ("/vat", {"code": "VAT15", "amount": "NaN", "date": "2025-08-01"}, None, "amount"),
    ("/withholding", {"section": "89", "base": "1.234", "date": "2025-08-01"}, "amount_precision", "base"),
    ("/withholding", {"section": "xx", "base": "1", "date": "2025-08-01"}, "tax.section_unknown", "section"),
    ("/vds", {"code": "VAT15", "invoice_total": "100", "vat": "150", "date": "2025-08-01"}, "tax.vds_vat_above_total",
     "vat"),
    ("/codes", {"date": "soon"}, "date_invalid", "date"),
])
def test_rest_refuses_bad_input_naming_the_field(client, path, params, code, field):
    r = client.get("/api/v1/tax" + path, params=params)
    body = r.json()
    assert r.status_code == 422, body
    assert body["field"] == field and body["message"] and body["message_bn"] and body["code"]
    if code:
        assert body["code"] == code


def test_the_calculators_need_the_permission(client, db, tenant_id):
    nobody = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset(), actor="x@test")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: nobody])
    with TestClient(app) as c:
        r = c.get("/api/v1/tax/vat", params={"code": "VAT15", "amount": "1", "date": "2025-08-01"})
        assert r.status_code == 403 and r.json()["code"] == "permission_denied"
        assert c.get("/tax").status_code == 403


def test_graphql_calculators(client):
    q = """{ taxVat(code: "S004.00", amount: "1000000", on: "2025-08-01", inclusive: true) { rate net vat gross source }
             taxWithholding(section: "89", base: "30000000", on: "2025-08-01") { rate amount bands { lower upper } }
             taxVds(code: "S004.00", invoiceTotal: "1100000", vat: "0", on: "2025-08-01") { amount basis }
             taxVatCodes(on: "2025-08-01") { code rate } }"""
    data = client.post("/graphql", json={"query": q}).json()
    assert "errors" not in data, data
    d = data["data"]
    assert (d["taxVat"]["vat"], d["taxVat"]["net"]) == ("90909.09", "909090.91")
    assert (d["taxWithholding"]["rate"], d["taxWithholding"]["amount"]) == ("7", "2100000.00")
    assert d["taxWithholding"]["bands"] == [{"lower": "20000000", "upper": None}]
    assert d["taxVds"] == {"amount": "100000.00", "basis": "rate"}
    assert len(d["taxVatCodes"]) == 8
    bad = client.post("/graphql", json={"query": '{ taxVat(code: "X", amount: "1", on: "2025-08-01") { vat } }'}).json()
    assert bad["errors"][0]["extensions"]["code"] == "tax.vat_code_unknown"


def test_page_calculates_in_english_and_bangla(client):
    en = client.get("/tax?lang=en")
    assert en.status_code == 200 and "VAT calculator" in en.text and "S004.00" in en.text
    assert "Income Tax Act 2023 s.89" in en.text  # the source beside each rate
    r = client.get("/tax/calc/vat", params={"code": "S004.00", "amount": "1000000", "date": "2025-08-01"},
                   headers={"HX-Request": "true"})
    assert r.status_code == 200 and "1,00,000.00" in r.text and "11,00,000.00" in r.text
    assert "<html" not in r.text  # a fragment for htmx
    bn = client.get("/tax?lang=bn")
    assert bn.status_code == 200 and "ভ্যাট হিসাব" in bn.text and "উৎসে আয়কর কর্তন" in bn.text
    assert "VAT calculator" not in bn.text
    r = client.get("/tax/calc/withholding", params={"section": "89", "base": "৬০,০০,০০০", "date": "2025-08-01"},
                   headers={"HX-Request": "true"})
    assert r.status_code == 200 and "৩,০০,০০০.০০" in r.text and "কর্তিত" in r.text  # Bangla digits in and out
    r = client.get("/tax/calc/vds", params={"code": "S004.00", "invoice_total": "345000", "vat": "45000",
                                            "date": "2025-08-01"})  # no htmx: the whole page with the result
    assert r.status_code == 200 and "<html" in r.text and "যাচাই করুন" in r.text


def test_page_refuses_bad_input_in_the_page_language(client):
    r = client.get("/tax/calc/vat", params={"code": "S004.00", "amount": "abc", "date": "2025-08-01", "lang": "bn"},
                   headers={"HX-Request": "true"})
    assert r.status_code == 422 and "সংখ্যা নয়" in r.text and "amount" in r.text
    r = client.get("/tax/calc/vat?lang=en", params={"code": "S004.00", "amount": "5", "date": ""})
    assert r.status_code == 422 and "<html" in r.text
