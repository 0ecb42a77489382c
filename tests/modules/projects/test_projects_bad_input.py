"""Bad input on project pages is a field error in words, input kept (issue 12, "Bad input"):
`?status_date=garbage` on the EVM page was a 500; `abc` as a percentage showed Python's "could not
convert string to float" and the row forgot what was typed. Both databases."""

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
    p = service.create_project("BAD-IN", "Bad Input Tower", start_date="2025-07-01")
    service.add_activity(p.code, "A1", "Piling", duration_hours=40.0)
    service.schedule_project(p.code)
    return p.code


def test_evm_with_a_status_date_that_is_not_a_date(client, project):
    for lang, words in (("en", "Status date: 'garbage' is not a date"), ("bn", "অবস্থার তারিখ: 'garbage' তারিখ নয়")):
        r = client.get(f"/projects/{project}/evm", params={"status_date": "garbage", "lang": lang})
        assert r.status_code == 422 and 'id="form-error"' in r.text and words in unescape(r.text), r.text[-2000:]
        assert 'class="s-curve"' in r.text  # the page is still there, at the project's own status date
    assert client.get(f"/projects/{project}/evm", params={"status_date": "2025-07-03"}).status_code == 200


def _row_values(html: str) -> dict[str, str]:
    return {m.group(1): unescape(m.group(2)) for m in re.finditer(r'<input name="(\w+)" value="([^"]*)"', html)}


@pytest.mark.parametrize("field,typed,words", [
    ("percent_complete", "abc", "Percent complete: 'abc' is not a number"),
    ("duration_hours", "ten", "Duration (hours): 'ten' is not a number"),
])
def test_activity_row_refusal_keeps_what_was_typed(client, project, field, typed, words):
    a = next(x for x in service.list_activities(project) if x.code == "A1")
    form = {"version": str(a.version), "name": "Piling (bored)", "duration_hours": "48", "percent_complete": "10"}
    r = client.post(f"/projects/{project}/activities/A1", data={**form, field: typed})
    assert r.status_code == 422 and words in unescape(r.text) and "could not convert" not in r.text
    assert _row_values(r.text) == {**{k: v for k, v in form.items() if k != "version"}, field: typed}
    assert re.search(rf'name="{field}" value="{typed}"[^>]*aria-invalid="true"', r.text)
    after = next(x for x in service.list_activities(project) if x.code == "A1")
    assert (after.name, after.version) == ("Piling", a.version)  # nothing saved
    bn = client.post(f"/projects/{project}/activities/A1?lang=bn", data={**form, field: typed})
    assert f"'{typed}' সংখ্যা নয়" in unescape(bn.text)


def test_a_baseline_or_period_id_that_is_not_an_id_is_refused_in_words(client, project):
    service.save_baseline(project, "B0")
    r = client.get(f"/projects/{project}/compare", params={"baseline_id": "garbage"},
                   headers={"accept": "text/html"})
    assert r.status_code == 422 and "baseline_id: &#39;garbage&#39; is not an id" in r.text
    r = client.post("/projects/calendars/monsoon", data={"start": "2025-06-01", "finish": "2025-09-30",
                                                         "hours": "6", "period_id": "nope"})
    assert r.status_code == 422 and "period_id: &#39;nope&#39; is not an id" in r.text
