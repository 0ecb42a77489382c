"""Project pages read their forms with platform.forms.model_from_form and re-render a refusal with
forms.refused (issue 21, Deliver 8): a wrong value is refused on the page in English and Bangla, the
message stands next to the field it names, and what was typed is kept. Both databases."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.projects import service


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/projects")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


@pytest.fixture
def project(admin):
    p = service.create_project("FORM-H", "Form Helper Tower", start_date="2025-07-01")
    service.add_activity(p.code, "A1", "Piling", duration_hours=40.0)
    service.schedule_project(p.code)
    return p.code


@pytest.mark.parametrize(
    "lang,words", [("en", "Percent complete: 'abc' is not a number"), ("bn", "সম্পন্নের হার (%): 'abc' সংখ্যা নয়")]
)
def test_activity_row_refuses_abc_as_a_percentage_next_to_the_field(client, project, lang, words):
    a = next(x for x in service.list_activities(project) if x.code == "A1")
    form = {
        "version": str(a.version),
        "name": "Piling (bored)",
        "duration_hours": "48",
        "percent_complete": "abc",
    }
    r = client.post(f"/projects/{project}/activities/A1?lang={lang}", data=form)
    text = unescape(r.text)
    assert r.status_code == 422 and f'data-field="percent_complete">{words}' in text, text[-1500:]
    assert re.search(r'name="percent_complete" value="abc"[^>]*aria-invalid="true"', r.text)
    assert (
        'value="Piling (bored)"' in text and 'name="duration_hours" value="48"' in text
    )  # typed values kept
    assert "percent_complete:" not in text  # the field's code is not shown to the reader
    after = next(x for x in service.list_activities(project) if x.code == "A1")
    assert (after.name, after.version) == ("Piling", a.version)  # nothing saved


@pytest.mark.parametrize(
    "lang,words",
    [("en", "Percent complete: 'abc' is not a number"), ("bn", "সম্পন্নের হার (%): 'abc' সংখ্যা নয়")],
)
def test_planner_progress_refuses_abc_as_a_percentage_next_to_the_field(client, project, lang, words):
    form = {
        "activity": "A1",
        "actual_start": "2025-07-02T08:00",
        "percent_complete": "abc",
        "remaining_cost": "5,000",
    }
    r = client.post(f"/projects/{project}/planner/progress?lang={lang}", data=form)
    text = unescape(r.text)
    assert r.status_code == 422 and f'data-field="percent_complete" id="form-error">{words}' in text, text[
        -1500:
    ]
    assert re.search(r'name="percent_complete" value="abc"[^>]*aria-invalid="true"', r.text)
    assert (
        'value="2025-07-02T08:00"' in text and 'name="remaining_cost" value="5,000"' in text
    )  # typed values kept
    assert "percent_complete:" not in text
    assert (
        next(x for x in service.list_activities(project) if x.code == "A1").actual_start is None
    )  # nothing saved


@pytest.mark.parametrize("lang,words", [("en", "Lag (days): 'two' is not a number"), ("bn", "'two' সংখ্যা নয়")])
def test_planner_relationship_refuses_a_lag_that_is_not_a_number(client, project, lang, words):
    service.add_activity(project, "A2", "Pile cap", duration_hours=16.0)
    form = {"predecessor": "A1", "successor": "A2", "type": "FS", "lag_days": "two"}
    r = client.post(f"/projects/{project}/planner/relationships?lang={lang}", data=form)
    text = unescape(r.text)
    assert r.status_code == 422 and 'data-field="lag_days" id="form-error">' in text and words in text, text[
        -1500:
    ]
    assert re.search(r'name="lag_days" value="two"[^>]*aria-invalid="true"', r.text)
    assert service.list_relationships(project) == []  # nothing saved


@pytest.mark.parametrize(
    "lang,words", [("en", "Status date: 'garbage' is not a date"), ("bn", "অবস্থার তারিখ: 'garbage' তারিখ নয়")]
)
def test_evm_status_date_refused_next_to_the_field(client, project, lang, words):
    r = client.get(f"/projects/{project}/evm", params={"status_date": "garbage", "lang": lang})
    text = unescape(r.text)
    assert r.status_code == 422 and f'data-field="status_date" id="form-error">{words}' in text, text[-1500:]
    # a date input cannot show 'garbage': it shows the project's own status date, marked, the typed text kept by it
    assert re.search(
        r'name="status_date" value="[0-9-]{10}"[^>]*aria-invalid="true"[^>]*data-typed="garbage"', r.text
    )
    assert 'class="s-curve"' in r.text and "status_date:" not in text
