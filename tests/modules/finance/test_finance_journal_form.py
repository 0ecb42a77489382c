"""The journal form's everyday help (issue 12): a success message naming the entry's number after
posting, running debit/credit totals and their difference, a confirmation before reversing, and an
activity picker that searches the project's activities. English and Bangla; both databases."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import service
from vextrus.modules.organization import api as organization
from vextrus.modules.organization import demo as org_demo
from vextrus.modules.projects import api as projects
from vextrus.modules.projects import demo as projects_demo


@pytest.fixture
def company(admin, tenant_id):
    """The demo company, its book with fiscal year 2025-26 open, and the demo building project."""
    org_demo.load(tenant_id)
    projects_demo.load(tenant_id)
    c = organization.company_by_code(org_demo.DEMO_COMPANY_CODE)
    service.ensure_book(c.code, c.name, company_id=c.id)
    service.open_fiscal_year(c.code, "2025-26")
    return c


@pytest.fixture
def client(db, admin, company):
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])) as c:
        c.get(f"/finance/{company.code}/journal")  # the CSRF cookie
        yield c


def _post(client, book, action="post", debit="45000", credit="45000"):
    return client.post(f"/finance/{book}/journal", headers={"X-CSRF-Token": client.cookies.get("vx_csrf")}, data={
        "entry_date": "2025-07-10", "journal_type": "general", "narration": "Site office rent", "action": action,
        "account": ["5110", "2110"], "debit": [debit, ""], "credit": ["", credit], "memo": ["", ""]},
        follow_redirects=False)


def test_posting_says_which_number_the_entry_got(client, company):
    r = _post(client, company.code)
    assert r.status_code == 303
    [entry] = service.list_entries(company.code)
    assert r.headers["location"] == f"/finance/{company.code}/journal?done={entry.id}"
    page = unescape(client.get(r.headers["location"] + "&lang=en").text)
    message = re.search(r'<p class="ok" role="status" id="entry-done">(.*?)</p>', page, re.S).group(1)
    assert f"Entry {entry.number} posted." in message and re.match(r"JV/2025-26/\d{6}", entry.number)
    assert f'href="/finance/{company.code}/entries/{entry.id}"' in message
    bn = unescape(client.get(r.headers["location"] + "&lang=bn").text)
    assert f"এন্ট্রি {entry.number} পোস্ট হয়েছে।" in bn
    # an id that is no entry of this book (typed, stale) shows the journal without a message
    for junk in ("not-an-id", "01900000-0000-7000-8000-000000000000"):
        other = client.get(f"/finance/{company.code}/journal", params={"done": junk})
        assert other.status_code == 200 and 'id="entry-done"' not in other.text


def test_a_saved_draft_says_so(client, company):
    r = _post(client, company.code, action="draft")
    [draft] = service.list_entries(company.code, status="draft")
    assert r.headers["location"].endswith(f"?done={draft.id}")
    page = client.get(r.headers["location"]).text
    assert "Draft saved: it is posted when you press Post." in page
    posted = client.post(f"/finance/{company.code}/journal/{draft.id}/post",
                         headers={"X-CSRF-Token": client.cookies.get("vx_csrf")}, follow_redirects=False)
    done = service.get_entry(company.code, draft.id)
    assert done.status == "posted" and posted.headers["location"].endswith(f"?done={draft.id}")
    assert f"Entry {done.number} posted." in client.get(posted.headers["location"]).text


def _totals(html: str) -> tuple[str, str, str, str]:
    foot = re.search(r'<tr id="entry-totals">(.*?)</tr>', html, re.S).group(1)
    dr = re.search(r'id="total-debit">([^<]*)<', foot).group(1)
    cr = re.search(r'id="total-credit">([^<]*)<', foot).group(1)
    cell = re.search(r'<td[^>]*id="entry-difference"[^>]*class="([^"]*)">([^<]*)<', foot)
    return dr, cr, cell.group(1), unescape(cell.group(2)).strip()


def test_the_form_shows_running_totals_and_their_difference(client, company):
    assert _totals(client.get(f"/finance/{company.code}/journal?lang=en").text) == \
        ("0.00", "0.00", "balanced", "Balanced")
    # a refused (unbalanced) entry comes back as typed, its totals and difference worked out
    r = _post(client, company.code, debit="1,57,500", credit="150000")
    assert r.status_code == 422 and service.list_entries(company.code) == []
    assert _totals(r.text) == ("1,57,500.00", "1,50,000.00", "unbalanced", "Difference: 7,500.00")
    client.cookies.set("vx_lang", "bn")
    r = client.post(f"/finance/{company.code}/journal?lang=bn", headers={"X-CSRF-Token": client.cookies.get("vx_csrf")},
                    data={"entry_date": "2025-07-10", "account": ["5110", "2110"], "debit": ["১০০", ""],
                          "credit": ["", "৯৯.৫০"], "memo": ["", ""]})
    dr, cr, state, text = _totals(r.text)
    assert (dr, cr, state) == ("১০০.০০", "৯৯.৫০", "unbalanced") and text == "পার্থক্য: ০.৫০"
    # the page's script keeps them current while typing, with the same words
    page = client.get(f"/finance/{company.code}/journal?lang=bn").text
    assert 'data-label="পার্থক্য" data-balanced="মিলেছে"' in page and "function recalc()" in page


def test_reversing_asks_first_naming_the_entry(client, company):
    _post(client, company.code)
    [entry] = service.list_entries(company.code)

    def question(path: str, lang: str) -> str:
        page = client.get(f"{path}?lang={lang}").text  # the attribute as the browser reads it
        form = re.search(rf'<form method="post" action="/finance/{company.code}/journal/{entry.id}/reverse"[^>]*>', page)
        return json.loads(re.search(r"onsubmit='return confirm\((.*?)\)'", form.group(0)).group(1))

    for path in (f"/finance/{company.code}/journal", f"/finance/{company.code}/entries/{entry.id}"):
        assert question(path, "en").startswith(f"Reverse entry {entry.number}? A reversal entry on the date given")
        assert question(path, "bn").startswith(f"এন্ট্রি {entry.number} রিভার্স করবেন?")
    # the confirmation is the page's; the reversal itself still works as before
    r = client.post(f"/finance/{company.code}/journal/{entry.id}/reverse",
                    headers={"X-CSRF-Token": client.cookies.get("vx_csrf")}, data={"reversal_date": "2025-07-11"},
                    follow_redirects=False)
    assert r.status_code == 303 and service.get_entry(company.code, entry.id).status == "reversed"


def test_the_activity_picker_searches_the_projects_activities(client, company):
    project = projects.project_by_code(projects_demo.CODE)
    r = client.get(f"/finance/{company.code}/lookups/activities", params={"project_id": str(project.id)})
    picker = re.search(r'<span class="activity-picker">(.*?)</span>', r.text, re.S).group(1)
    assert '<input type="search" class="activity-search"' in picker and 'placeholder="Search activities"' in picker
    assert 'disabled' not in picker.split("<select")[0]
    assert len(re.findall(r"<option value=\"[^\"]+\"", picker)) == len(projects.activities_of(project.id)) > 100
    # no project yet: nothing to search
    page = client.get(f"/finance/{company.code}/journal?lang=bn").text
    first = re.search(r'<span class="activity-picker">(.*?)</span>', page, re.S).group(1)
    assert "disabled" in first and 'placeholder="কার্যক্রম খুঁজুন"' in first
    # a project's change refills the whole picker (box and list), and the script narrows the list by words
    assert 'hx-target="next .activity-picker"' in page
    assert "o.hidden = !words.every(w => o.textContent.toLowerCase().includes(w));" in page


def test_a_refused_reversal_says_why_in_words_and_changes_nothing(client, company):
    _post(client, company.code)
    [entry] = service.list_entries(company.code)
    token = {"X-CSRF-Token": client.cookies.get("vx_csrf")}
    for day, words in (("garbage", "Date"), ("2025-07-09", "before")):  # not a date; before the entry itself
        r = client.post(f"/finance/{company.code}/journal/{entry.id}/reverse?lang=en", headers=token,
                        data={"reversal_date": day})
        assert r.status_code == 422 and '<p class="error"' in r.text and words in unescape(r.text), day
        assert "Traceback" not in r.text and service.get_entry(company.code, entry.id).status == "posted"
