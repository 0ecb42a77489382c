"""The rule editor as a form (issue 13): rules built without writing JSON, posting the form as the browser does;
the saved rule matches in test/explain; a syntax error is shown at the condition with its line and column
(English and Bangla) and nothing is stored; the Bangla page has no English word."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from bangla_text import latin_in_main
from vextrus.app import create_app


def latin_in(html: str) -> list[str]:
    """English words of the page's own content; an e-mail address (who saved a version) is data, not a word."""
    return latin_in_main(re.sub(r"[\w.+-]+@[\w.-]+", " ", html))

CODE = "site_purchase_limits"
SET = {"subject": "tax.withholding", "name": "Site purchase limits", "name_bn": "সাইট ক্রয়ের সীমা", "mode": "first",
       "rules": [{"key": "always", "name": "Everything else", "name_bn": "বাকি সব", "condition": "true",
                  "priority": 100, "outcome": {"kind": "value", "value": "normal"}}]}


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        assert c.put(f"/api/v1/rules/rule-sets/{CODE}", json=SET).status_code == 200
        c.get(f"/rules/{CODE}")
        yield c


def _rule(i: int, **values: str) -> dict[str, str]:
    row = {"key": "", "name": "", "name_bn": "", "priority": "100", "condition": "", "kind": "value", "value": "",
           "level": "", "message": "", "message_bn": "", **values}
    return {f"rules-{i}-{k}": v for k, v in row.items()}


def _form(c: TestClient, version: int, rules: list[dict[str, str]], **more: str) -> dict[str, str]:
    data = {"csrf_token": c.cookies.get("vx_csrf"), "version": str(version), "name": SET["name"],
            "name_bn": SET["name_bn"], "mode": "first", "active": "on", "rule_count": str(len(rules)), **more}
    for r in rules:
        data.update(r)
    return data


def _saved(c: TestClient) -> dict:
    return c.get(f"/api/v1/rules/rule-sets/{CODE}").json()


BLOCK = _rule(0, name="No TIN above 5 lakh", name_bn="টিআইএন ছাড়া ৫ লাখের বেশি নয়", priority="5",
              condition="amount > 500000.0 && !payee_has_tin", kind="block",
              message="A payee without TIN cannot be paid above 5 lakh",
              message_bn="টিআইএন ছাড়া প্রাপককে ৫ লাখের বেশি পরিশোধ করা যায় না")
LEVEL = _rule(1, name="Contractor above 50 lakh", name_bn="৫০ লাখের বেশি ঠিকাদার", priority="10",
              condition='payment_kind == "contractor" && amount > 5000000.0', kind="approval_level", level="2")
VALUE = _rule(2, key="always", name="Everything else", name_bn="বাকি সব", priority="100", condition="true",
              kind="value", value='{"rate": "3"}')


def test_rules_built_with_the_form_save_a_version_that_matches_in_test_and_explain(client):
    before = _saved(client)
    added = client.post(f"/rules/{CODE}/edit", data=_form(client, before["version"], [VALUE], op="add"))
    assert added.status_code == 200 and added.text.count('class="rule-form"') == 2
    assert _saved(client)["current_version"] == before["current_version"]  # nothing saved by "add"
    kinds = client.post(f"/rules/{CODE}/edit", data=_form(client, before["version"], [VALUE, LEVEL], op="refresh"))
    assert 'for="rules-1-level"' in kinds.text and 'for="rules-0-value"' in kinds.text  # each kind its fields

    r = client.post(f"/rules/{CODE}/edit", data=_form(client, before["version"], [BLOCK, LEVEL, VALUE]))
    assert r.status_code == 200 and 'id="saved"' in r.text, r.text[-2000:]
    after = _saved(client)
    assert after["current_version"] == before["current_version"] + 1
    got = [(x["key"], x["priority"], x["outcome"]["kind"]) for x in after["rules"]]
    assert got == [("no_tin_above_5_lakh", 5, "block"), ("contractor_above_50_lakh", 10, "approval_level"),
                   ("always", 100, "value")]
    assert after["rules"][1]["outcome"]["level"] == 2 and after["rules"][2]["outcome"]["value"] == {"rate": "3"}
    sample = {"payment_kind": "contractor", "amount": "6000000", "payee_has_tin": "on", "on": "2025-08-01"}
    t = client.post(f"/rules/{CODE}/test", data=sample, headers={"X-CSRF-Token": client.cookies.get("vx_csrf")})
    assert t.status_code == 200
    assert re.search(r'class="matched-rule" data-key="contractor_above_50_lakh">Contractor above 50 lakh', t.text)
    assert [m for m in re.findall(r'<tr data-key="([^"]+)"><td>[^<]*(?:<code>[^<]*</code>)?</td><td>(\w+)</td>',
                                  t.text)] == [("no_tin_above_5_lakh", "No"), ("contractor_above_50_lakh", "Yes"),
                                               ("always", "Yes")]
    blocked = client.post(f"/rules/{CODE}/test?lang=bn", data={**sample, "payee_has_tin": ""},
                          headers={"X-CSRF-Token": client.cookies.get("vx_csrf")})
    assert "টিআইএন ছাড়া প্রাপককে ৫ লাখের বেশি পরিশোধ করা যায় না" in blocked.text
    assert latin_in_main(blocked.text) == [], latin_in_main(blocked.text)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_a_syntax_error_is_shown_at_the_condition_with_line_and_column_and_nothing_saved(client, lang):
    before = _saved(client)
    bad = {**LEVEL, "rules-1-condition": 'payment_kind == "contractor" &&'}
    r = client.post(f"/rules/{CODE}/edit?lang={lang}", data=_form(client, before["version"], [BLOCK, bad, VALUE]))
    assert r.status_code == 422
    m = re.search(r'<p class="error field-error" id="rules-1-condition-error" data-field="rules\[1\]\.condition">(.*?)</p>',
                  r.text, re.S)
    assert m, r.text[-3000:]
    shown = unescape(re.sub(r"<[^>]+>", "", m.group(1)))
    line, column = re.search(r'data-line="(\d+)" data-column="(\d+)"', m.group(1)).groups()
    assert (line, column) == ("1", "32")  # just after the dangling &&: where the parser wanted more
    assert ("line 1, column 32" if lang == "en" else "লাইন ১, কলাম ৩২") in shown
    assert 'id="rules-1-condition" name="rules-1-condition"' in r.text and \
        'aria-describedby="rules-1-condition-error"' in r.text
    # the form keeps what was typed, and nothing was stored
    assert 'value="payment_kind == &#34;contractor&#34; &amp;&amp;"' in r.text or \
        "value=\"payment_kind == &quot;contractor&quot; &amp;&amp;\"" in r.text
    assert _saved(client)["current_version"] == before["current_version"]
    if lang == "bn":
        assert latin_in(r.text) == [], latin_in(r.text)


def test_the_rule_editor_page_in_bangla_has_no_english_word(client):
    page = client.get(f"/rules/{CODE}?lang=bn")
    assert page.status_code == 200 and 'for="rules-0-condition"' in page.text and "নিয়ম যোগ করুন" in page.text
    assert latin_in(page.text) == [], latin_in(page.text)
    v = _saved(client)["version"]
    r = client.post(f"/rules/{CODE}/edit?lang=bn", data=_form(client, v, [BLOCK, LEVEL, VALUE], op="refresh"))
    assert 'for="rules-0-message_bn"' in r.text and latin_in(r.text) == [], latin_in(r.text)
    assert client.get(f"/rules/{CODE}?advanced=1&lang=en").text.count('id="json-rules"') == 1
