"""The definition editor as a form (issue 13): a workflow administrator builds the steps without writing JSON,
posting the form as the browser does; the preview follows the unsaved form; a bad step is refused at its input
(English and Bangla) and nothing is stored; the Bangla page has no English word."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from bangla_text import latin_in_main
from vextrus.app import create_app
from vextrus.modules.workflow import service
from vextrus.platform import context

CODE = "purchase_order"


@pytest.fixture
def owner(db, people):  # noqa: ANN001, ANN201
    with context.acting_as(context.system_context(people.tenant_id)):
        service.seed_defaults()
    ctx = people.ctx("owner")
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        c.get(f"/workflow/definitions/{CODE}")
        yield c


def _saved(people):  # noqa: ANN001, ANN202
    with people.acting("owner"):
        return service.get_definition(CODE)


def _step(i: int, name: str, name_bn: str, role: str, **more: str) -> dict[str, str]:
    row = {"key": "", "name": name, "name_bn": name_bn, "cond_kind": "always", "amount_over": "", "condition": "",
           "kind": "role", "role": role, "project_role": "", "quorum": "any", "limit_permission": "", "timeout": "",
           "timeout_unit": "days", "timeout_action": "remind", **more}
    return {f"steps-{i}-{k}": v for k, v in row.items()}


THREE = [
    _step(0, "Site accounts check", "সাইট হিসাব যাচাই", "accounts_payable_clerk", timeout="2", timeout_action="remind"),
    _step(1, "Project manager", "প্রকল্প ব্যবস্থাপক", "project_manager", cond_kind="amount", amount_over="1,00,000",
          timeout="3", timeout_action="escalate"),
    _step(2, "Managing director", "ব্যবস্থাপনা পরিচালক", "managing_director", cond_kind="cel",
          condition="amount > 500000.0", timeout="36", timeout_unit="hours", timeout_action="reject"),
]


def _form(c: TestClient, d, steps: list[dict[str, str]], **more: str) -> dict[str, str]:  # noqa: ANN001
    data = {"csrf_token": c.cookies.get("vx_csrf"), "version": str(d.version), "name": d.name,
            "name_bn": d.name_bn, "mode": "ordered", "active": "on", "step_count": str(len(steps)), **more}
    for s in steps:
        data.update(s)
    return data


def test_a_three_step_definition_built_with_the_form_is_a_new_version_and_previews(owner, people):
    before = _saved(people)
    # "add a step" re-renders the form with one more (empty) step; nothing is saved
    added = owner.post(f"/workflow/definitions/{CODE}/edit", data=_form(owner, before, THREE[:2], op="add"))
    assert added.status_code == 200 and added.text.count('class="step-form"') == 3
    assert 'name="step_count" value="3"' in added.text and _saved(people).current_version == before.current_version
    moved = owner.post(f"/workflow/definitions/{CODE}/edit", data=_form(owner, before, THREE[:2], op="up-1"))
    names = re.findall(r'name="steps-\d-name" value="([^"]*)"', moved.text)
    assert names == ["Project manager", "Site accounts check"]
    # the live preview reads the form as it is now, before saving
    preview = owner.post(f"/workflow/definitions/{CODE}/preview", data=_form(owner, before, THREE, amount="600000"),
                         headers={"HX-Request": "true"})
    assert preview.status_code == 200 and preview.text.count('class="needed"') == 3, preview.text
    preview = owner.post(f"/workflow/definitions/{CODE}/preview", data=_form(owner, before, THREE, amount="50000"),
                         headers={"HX-Request": "true"})
    assert preview.text.count('class="needed"') == 1 and preview.text.count('class="skipped"') == 2

    r = owner.post(f"/workflow/definitions/{CODE}/edit", data=_form(owner, before, THREE, note="three levels"))
    assert r.status_code == 200 and 'id="saved"' in r.text
    after = _saved(people)
    assert after.current_version == before.current_version + 1
    got = [(s.key, s.approver.kind, s.approver.role, s.condition, s.timeout_hours, s.timeout_action)
           for s in after.steps]
    assert got == [("site_accounts_check", "role", "accounts_payable_clerk", "true", 48, "remind"),
                   ("project_manager", "role", "project_manager", "amount > 100000.0", 72, "escalate"),
                   ("managing_director", "role", "managing_director", "amount > 500000.0", 36, "reject")]
    assert after.steps[0].name_bn == "সাইট হিসাব যাচাই"
    # the saved version previews the same (the page's preview without the form)
    saved = owner.post(f"/workflow/definitions/{CODE}/preview", data={"amount": "600000"},
                       headers={"HX-Request": "true", "X-CSRF-Token": owner.cookies.get("vx_csrf")})
    assert saved.text.count('class="needed"') == 3
    # the page shows the saved steps back in the form (the amount threshold in its own input, 36 hours kept)
    page = owner.get(f"/workflow/definitions/{CODE}").text
    assert 'name="steps-1-amount_over" inputmode="decimal" value="100000"' in page
    assert 'id="steps-2-timeout" name="steps-2-timeout" inputmode="numeric" size="4" value="36"' in page


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_a_bad_step_is_refused_at_its_input_and_nothing_is_stored(owner, people, lang):
    before = _saved(people)
    cases = [
        ({**THREE[1], "steps-1-role": "chef"}, "steps-1-role", "steps[1].approver.role",
         "has no role" if lang == "en" else "কোম্পানিতে এই ভূমিকা নেই"),
        ({**THREE[2], "steps-2-timeout": "-2"}, "steps-2-timeout", "steps[2].timeout_hours",
         "above zero" if lang == "en" else "শূন্যের বেশি"),
        ({**THREE[2], "steps-2-condition": "amount > "}, "steps-2-condition", "steps[2].condition",
         "column" if lang == "en" else "কলাম"),
        ({**THREE[1], "steps-1-amount_over": "অনেক"}, "steps-1-condition", "steps[1].condition",
         "অনেক"),
    ]
    for bad, input_id, field, words in cases:
        steps = [bad if next(iter(bad))[:8] == next(iter(s))[:8] else s for s in THREE]
        r = owner.post(f"/workflow/definitions/{CODE}/edit?lang={lang}", data=_form(owner, before, steps))
        assert r.status_code == 422, (input_id, r.text[:300])
        m = re.search(rf'<p class="error field-error" id="{input_id}-error" data-field="([^"]+)">([^<]+)</p>', r.text)
        assert m and m.group(1) == field and words in unescape(m.group(2)), (input_id, m and m.groups())
        # the input itself is marked and points at its message (the amount input for an amount threshold)
        assert re.search(rf'<(input|select) id="[^"]+" name="[^"]+"[^>]*aria-invalid="true" '
                         rf'aria-describedby="{input_id}-error"', r.text), input_id
        if lang == "bn":
            assert latin_in_main(r.text) == [], (input_id, latin_in_main(r.text))
        now = _saved(people)  # nothing stored
        assert (now.current_version, now.steps) == (before.current_version, before.steps)


def test_the_editor_page_in_bangla_has_no_english_word(owner, people):
    page = owner.get(f"/workflow/definitions/{CODE}?lang=bn")
    assert page.status_code == 200 and 'for="steps-0-role"' in page.text and "ধাপ যোগ করুন" in page.text
    assert latin_in_main(page.text) == [], latin_in_main(page.text)
    # every kind of approver shows its picker in Bangla (the form re-rendered after a change of kind)
    d = _saved(people)
    kinds = [_step(0, "A", "ক", "", kind="manager"), _step(1, "B", "খ", "", kind="project_role"),
             _step(2, "C", "গ", "accountant", cond_kind="cel", condition="amount > 1.0")]
    r = owner.post(f"/workflow/definitions/{CODE}/edit?lang=bn", data=_form(owner, d, kinds, op="refresh"))
    assert r.status_code == 200 and 'for="steps-1-project_role"' in r.text and "প্রকল্প ব্যবস্থাপক" in r.text
    assert latin_in_main(r.text) == [], latin_in_main(r.text)
    assert owner.get(f"/workflow/definitions/{CODE}?advanced=1&lang=en").text.count('id="json-steps"') == 1


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_a_step_ticked_to_start_with_the_previous_one_is_saved_and_previewed_with_it(owner, people, lang):
    """A checkbox per step (not on the first): ticked on the second, the saved version has it, the editor shows it
    ticked again, and the live preview names the step as starting with the previous one (English and Bangla)."""
    before = _saved(people)
    steps = [THREE[0], {**THREE[1], "steps-1-with_previous": "1"}, THREE[2]]
    page = owner.get(f"/workflow/definitions/{CODE}?lang={lang}")
    assert 'name="steps-0-with_previous"' not in page.text
    preview = owner.post(f"/workflow/definitions/{CODE}/preview?lang={lang}",
                         data=_form(owner, before, steps, amount="600000"), headers={"HX-Request": "true"})
    words = "with the previous step" if lang == "en" else "আগের ধাপের সঙ্গে একসাথে"
    assert preview.text.count(words) == 1, preview.text
    if lang == "bn":
        assert latin_in_main(f"<main>{preview.text}</main>") == []
    r = owner.post(f"/workflow/definitions/{CODE}/edit?lang={lang}", data=_form(owner, before, steps))
    assert r.status_code == 200 and 'id="saved"' in r.text
    assert [s.with_previous for s in _saved(people).steps] == [False, True, False]
    assert re.search(r'name="steps-1-with_previous" value="1" checked', r.text)
    assert not re.search(r'name="steps-2-with_previous" value="1" checked', r.text)
    if lang == "bn":
        assert latin_in_main(r.text) == []
