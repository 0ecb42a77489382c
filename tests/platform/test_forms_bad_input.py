"""platform.forms: typed text becomes a number or a date, or a field error in words (issue 12)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from vextrus.platform import forms
from vextrus.platform.errors import ValidationFailed


def test_what_people_type_is_accepted():
    assert forms.decimal(" 1,50,000.50 ", "x") == Decimal("150000.50")
    assert forms.decimal("১২.৫", "x") == Decimal("12.5")
    assert forms.number("৭৫", "x") == 75.0
    assert forms.integer(" ১,২০০ ", "x") == 1200
    assert forms.day("২০২৫-০৭-৩১", "x") == date(2025, 7, 31)
    assert forms.moment("2025-07-31T17:00", "x") == datetime(2025, 7, 31, 17, 0)
    assert forms.moment("2025-07-31", "x") == datetime(2025, 7, 31)
    for fn in (forms.decimal, forms.number, forms.integer, forms.day, forms.moment):
        assert fn("  ", "x") is None and fn(None, "x") is None


@pytest.mark.parametrize("fn,text,code", [
    (forms.decimal, "abc", "number_invalid"), (forms.decimal, "NaN", "number_invalid"),
    (forms.decimal, "Infinity", "number_invalid"), (forms.decimal, "1_000", "number_invalid"),
    (forms.number, "1e999", "number_invalid"), (forms.number, "12%", "number_invalid"),
    (forms.integer, "2.5", "integer_invalid"), (forms.integer, "abc", "integer_invalid"),
    (forms.integer, "9" * 40, "integer_invalid"),
    (forms.day, "garbage", "date_invalid"), (forms.day, "31/07/2025", "date_invalid"),
    (forms.day, "2025-02-30", "date_invalid"), (forms.day, "20250731", "date_invalid"),
    (forms.moment, "garbage", "date_invalid"), (forms.moment, "2025-07-31T25:00", "date_invalid"),
    (forms.moment, "2025-07-31T10:00+06:00", "date_invalid"),
])
def test_bad_text_is_a_field_error_in_both_languages_quoting_the_input(fn, text, code):
    with pytest.raises(ValidationFailed) as err:
        fn(text, "percent_complete", label="Percent complete", label_bn="সম্পন্ন (%)")
    e = err.value
    assert (e.code, e.field) == (code, "percent_complete")
    assert e.message.startswith("Percent complete: ") and e.message_bn.startswith("সম্পন্ন (%): ")
    shown = text if len(text) <= forms.MAX_SHOWN else text[:forms.MAX_SHOWN] + "…"
    assert f"'{shown}'" in e.message and f"'{shown}'" in e.message_bn
    for python_words in ("could not convert", "Decimal", "ConversionSyntax", "isoformat", "invalid literal"):
        assert python_words not in e.message and python_words not in e.message_bn


def test_required_blank_says_so():
    with pytest.raises(ValidationFailed) as err:
        forms.day("", "entry_date", required=True)
    assert err.value.code == "field_required" and err.value.field == "entry_date" and err.value.message_bn


# ---- typed parameters the framework refuses: REST, pages, GraphQL ----------------------------------


@pytest.fixture
def client(db, admin):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.modules.projects import service

    service.create_project("BAD-Q", "Bad Query Tower", start_date="2025-07-01")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_rest_query_parameters_are_refused_in_words(client):
    r = client.get("/api/v1/projects/projects/BAD-Q/evm", params={"status_date": "garbage"})
    body = r.json()
    assert r.status_code == 422 and (body["code"], body["field"]) == ("invalid_input", "status_date")
    assert body["message"].startswith("status_date: 'garbage' is not a date")
    assert body["message_bn"] == "'garbage' তারিখ নয় (বছর-মাস-দিন লিখুন, যেমন ২০২৫-০৭-৩১)"
    r = client.get("/api/v1/finance/books/X/reports/trial-balance", params={"date_to": "31/07/2025"})
    assert r.status_code == 422 and r.json()["field"] == "date_to" and "'31/07/2025' is not a date" in r.json()["message"]


def test_a_page_request_gets_the_html_error_page_not_json(client):
    r = client.get("/finance/X/reports/trial-balance", params={"date_to": "garbage", "lang": "bn"},
                   headers={"accept": "text/html"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "'garbage' তারিখ নয়" in r.text.replace("&#39;", "'")


def test_explain_turns_pydantic_errors_into_words():
    """What GraphQL inputs (platform.graphql) and REST bodies go through."""
    from pydantic import BaseModel, ValidationError

    class Body(BaseModel):
        when: date
        count: int
        amount: Decimal
        name: str

    cases = [({"when": "soon", "count": 1, "amount": "1", "name": "x"}, "when", "'soon' is not a date", "তারিখ নয়"),
             ({"when": "2025-07-01", "count": "two", "amount": "1", "name": "x"}, "count",
              "'two' is not a whole number", "পূর্ণসংখ্যা নয়"),
             ({"when": "2025-07-01", "count": 1, "amount": "lots", "name": "x"}, "amount",
              "'lots' is not a number", "সংখ্যা নয়"),
             ({"when": "2025-07-01", "count": 1, "amount": "1"}, "name", "a value is required", "একটি মান দিতে হবে")]
    for data, field, words, words_bn in cases:
        with pytest.raises(ValidationError) as err:
            Body(**data)
        e = forms.explain(err.value.errors())
        assert (e.code, e.field, e.status) == ("invalid_input", field, 422)
        assert e.message == f"{field}: " + words + e.message.split(words, 1)[1] and words_bn in e.message_bn
        assert "Input should" not in e.message and not any("a" <= c <= "z" for c in e.message_bn.replace(
            data.get(field, "") if isinstance(data.get(field), str) else "", ""))


def test_graphql_scalars_refuse_in_words(client):
    for m, words, words_bn in [
        ('mutation { createParty(input: {legalName: "X", creditLimit: "lots"}) { id } }',
         "'lots' is not a number", "'lots' সংখ্যা নয়"),
        ('mutation { createParty(input: {legalName: "X", paymentTermsDays: "thirty"}) { id } }',
         "'thirty' is not a whole number", "'thirty' পূর্ণসংখ্যা নয়"),
    ]:
        out = client.post("/graphql", json={"query": m}).json()
        err = out["errors"][0]
        assert err["message"].startswith(words) and "Decimal" not in err["message"], out
        assert err["extensions"]["code"] == "invalid_input" and err["extensions"]["message_bn"].startswith(words_bn)
    assert forms.scalar_words("Cannot query field 'x' on type 'Query'.") is None


def test_a_refused_form_names_its_field_by_the_label_never_by_its_code():
    """model_from_form's refusal starts with the field's code; a page shows the module's label for it (crm has
    `crm.estimated_value`), or no name at all where the catalogue has none (the field is marked on the form)."""
    from vextrus.modules.crm.schemas import TenderInput
    from vextrus.platform.errors import ValidationFailed
    from vextrus.platform.forms import _name_field_by_label, model_from_form

    form = {"procuring_entity": "LGED", "title": "Road", "closing_at": "2027-01-05T12:00", "bid_security_amount": "1",
            "bid_security_form": "pay_order", "estimated_value": "abc"}
    with pytest.raises(ValidationFailed) as e:
        model_from_form(TenderInput, form)
    assert e.value.message.startswith("estimated_value: ")
    _name_field_by_label(e.value, e.value.field, "crm/tenders.html")
    assert e.value.message.startswith("Estimated value (BDT): 'abc'")
    assert e.value.message_bn.startswith("প্রাক্কলিত মূল্য (টাকা): 'abc'") and "estimated_value" not in e.value.message_bn
    with pytest.raises(ValidationFailed) as unlabelled:
        model_from_form(TenderInput, {**form, "estimated_value": "1", "bid_security_amount": "x"})
    _name_field_by_label(unlabelled.value, unlabelled.value.field, "nomodule/page.html")
    assert unlabelled.value.message.startswith("'x'") and "bid_security_amount" not in unlabelled.value.message_bn
