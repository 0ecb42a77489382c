"""Master data's own CSV import (page, REST, CLI lines) with similar-party warnings in English and Bangla,
on both databases (issue 15): structured (row, code, field, en/bn naming the other party's code and
Bangla name), in their own table on the page, printed after the errors by the CLI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.master_data import imports, service
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform.ui import CSRF_COOKIE

BODY = b"legal_name,roles\nMeghna Cement Industries Ltd,vendor\nJamuna Bricks,vendor\n"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    service.create_party(PartyInput(code="MC-1", legal_name="Meghna Cement Industries",
                                    legal_name_bn="মেঘনা সিমেন্ট ইন্ডাস্ট্রিজ"))
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        c.get("/master_data/import")
        yield c


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_import_page_and_rest_show_the_similar_party_in_each_language(client, lang):
    token = client.cookies.get(CSRF_COOKIE) or ""
    r = client.post(f"/master_data/import?lang={lang}", data={"kind": "parties", "dry_run": "1", "csrf_token": token},
                    files={"file": ("p.csv", BODY, "text/csv")}, headers={"x-csrf-token": token})
    assert r.status_code == 200, r.text
    assert 'id="import-summary">2 / 2 / 0' in r.text and 'id="import-warnings"' in r.text
    if lang == "bn":
        assert "সদৃশ পার্টি" in r.text and "বিদ্যমান পার্টি MC-1 মেঘনা সিমেন্ট ইন্ডাস্ট্রিজ" in r.text
    else:
        assert "Similar parties" in r.text and "Looks like existing party MC-1 Meghna Cement Industries" in r.text
    api = client.post("/api/v1/master_data/import/parties?dry_run=true", files={"file": ("p.csv", BODY, "text/csv")})
    (w,) = api.json()["warnings"]
    assert (w["row"], w["code"], w["field"], w["similar_code"], w["reasons"]) == (
        1, "master_data.similar_party", "legal_name", "MC-1", ["similar_name"])


def test_the_cli_lines_put_warnings_after_errors_in_each_language(admin):
    service.create_party(PartyInput(code="MC-1", legal_name="Meghna Cement Industries",
                                    legal_name_bn="মেঘনা সিমেন্ট ইন্ডাস্ট্রিজ"))
    body = BODY + b",vendor\n"  # row 3: no name, refused
    report = imports.run_import("parties", body, dry_run=True)
    en = imports.report_lines(report, "en")
    assert en[0] == "parties: 3 rows, 2 valid, 1 with errors, 1 with warnings (dry run, nothing written)"
    assert en[1].startswith("  row 3") and en[2].startswith("  row 1 (warning): Looks like existing party MC-1")
    bn = imports.report_lines(report, "bn")
    assert bn[0] == "পার্টি: ৩টি সারি, ২টি সঠিক, ১টি ত্রুটি, ১টি সারিতে সতর্কতা (পরীক্ষামূলক যাচাই, কিছুই লেখা হয়নি)"
    assert bn[2].startswith("  সারি ১ (সতর্কতা): বিদ্যমান পার্টি MC-1 মেঘনা সিমেন্ট ইন্ডাস্ট্রিজ এর মতো দেখাচ্ছে")


def test_a_background_report_stored_with_the_old_string_warnings_still_reads():
    old = {"kind": "parties", "dry_run": True, "rows": 3, "valid": 3, "errors": [], "created": [],
           "warnings": ["row 3: similar to row 2 Padma Steel Mills"]}
    (w,) = imports.ImportReport.model_validate(old).warnings
    assert (w.row, w.code, w.message) == (3, "master_data.similar_party", "row 3: similar to row 2 Padma Steel Mills")
