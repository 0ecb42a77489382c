"""crm in a real headless Chromium, once in English and once in Bangla: the sales officer opens the pipeline
board, registers a lead, is warned when the same mobile is typed again, converts the lead, opens an
opportunity for it, moves it a stage on and logs a call; an empty name or an amount like "abc" is refused at
its field in the page's language and stores nothing. The Bangla pages show no English outside what the users
typed, and amounts in Bangla digits."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_bangla_walk import offending, user_phrases, visible_text

pytestmark = pytest.mark.browser

# What the user reads, per language; the figures are the ones typed below.
SAYS = {
    "en": {"board": "Sales pipeline", "leads": "Leads", "open": "Open", "converted": "Converted",
           "budget": "৳85,00,000.00", "value": "৳95,00,000.00", "mobile": "+8801712345678",
           "duplicate": "Register anyway (I checked the match)", "call": "Call", "due": "10 Jan 2026, 10:30"},
    "bn": {"board": "বিক্রয় পাইপলাইন", "leads": "লিড", "open": "চলমান", "converted": "রূপান্তরিত",
           "budget": "৳৮৫,০০,০০০.০০", "value": "৳৯৫,০০,০০০.০০", "mobile": "+৮৮০১৮১২৩৪৫৬৭৮",
           "duplicate": "তবুও নিবন্ধন করুন (মিল যাচাই করেছি)", "call": "ফোন কল", "due": "১০ জানু ২০২৬, ১০:৩০"},
}
# What the sales officer types: a lead (the Bangla one with Bangla digits in the mobile) and an opportunity.
TYPED = {
    "en": {"name": "Rashed Karim", "again": "R. Karim", "mobile": "01712-345678", "title": "3-bed flat, Padma Residency",
           "subject": "Call Rashed about the site visit"},
    "bn": {"name": "রাশেদ করিম", "again": "রা. করিম", "mobile": "০১৮১২ ৩৪৫ ৬৭৮", "title": "তিন শয্যার ফ্ল্যাট, পদ্মা রেসিডেন্সি",
           "subject": "সাইট পরিদর্শন নিয়ে রাশেদকে ফোন"},
}


def _password(live_server) -> str:
    creds = (live_server.workdir / "var" / "demo-credentials.txt").read_text()
    return re.search(r"password for all: (\S+)\)", creds).group(1)


def _sign_in(live_server, page, email: str, lang: str) -> None:
    page.goto(live_server.url + f"/login?lang={lang}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", _password(live_server))
    with page.expect_navigation():
        page.click("#login-form button")
    assert "/login" not in page.url


def _lead_row(page, name: str):
    return page.locator("#leads tbody tr").filter(has=page.get_by_role("cell", name=name, exact=True))


def _submit_lead(page, name: str, mobile: str, budget: str = "") -> int:
    form = page.locator("#lead-form")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=mobile]").fill(mobile)
    form.locator("select[name=source]").select_option("phone")
    form.locator("select[name=unit_type]").select_option("flat")
    form.locator("input[name=budget]").fill(budget)
    with page.expect_navigation() as nav:
        form.locator("button[type=submit]").click()
    return nav.value.status if nav.value else 0


def _card(page, title: str):
    return page.locator("article.opportunity").filter(has_text=title)


def _no_english(live_server, page, where: str, typed: tuple[str, ...] = ()) -> None:
    """No English in the main content beyond what users typed (the demo's and this test's own words)."""
    phrases = [*typed, *user_phrases(str(live_server.workdir / "vextrus.db"))]
    main = page.evaluate("""() => { document.querySelectorAll('main code, main kbd, main samp')
        .forEach(e => e.remove()); return document.querySelector('main').innerText; }""")  # as laid out
    words, numbers = offending(main, phrases)
    assert not words and not numbers, f"{where}: English {sorted(words)}, ASCII numbers {sorted(numbers)}"
    assert page.locator("html").get_attribute("lang") == "bn"
    assert visible_text(page)  # the whole page rendered


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_sales_officer_takes_a_lead_through_the_pipeline(live_server, page, lang):
    says, typed = SAYS[lang], TYPED[lang]
    _sign_in(live_server, page, "sales@padma.example", lang)

    # the board: six stages, the open pipeline in the page's digits
    page.goto(live_server.url + "/crm")
    expect(page.locator("h1")).to_have_text(says["board"])
    expect(page.locator("#board section.column")).to_have_count(6)
    total = page.locator("#total-open").inner_text()
    assert total.startswith("৳") and (re.search("[0-9]", total) is None) == (lang == "bn"), total
    if lang == "bn":
        _no_english(live_server, page, "/crm")

    # a new lead, typed as the caller gave it
    page.click(f"a:text-is('{says['leads']}')")
    expect(page.locator("h1")).to_have_text(says["leads"])
    before = page.locator("#leads tbody tr").count()
    assert _submit_lead(page, typed["name"], typed["mobile"], "8500000") == 200
    row = _lead_row(page, typed["name"])
    expect(row).to_have_count(1)
    cells = row.locator("td").all_inner_texts()
    assert cells[1] == says["mobile"] and cells[5] == says["budget"] and cells[6] == says["open"], cells
    expect(page.locator("#leads tbody tr")).to_have_count(before + 1)

    # the same mobile again (written differently): the form warns, names the lead, keeps what was typed
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/crm/leads")) as sent:
        _submit_lead(page, typed["again"], typed["mobile"].replace("-", " ").replace(" ", ""))
    assert sent.value.status == 409
    warning = page.locator("#error").inner_text()
    assert typed["name"] in warning, warning
    confirm = page.locator("#lead-form").get_by_label(says["duplicate"], exact=True)
    expect(confirm).to_have_attribute("name", "confirm_duplicate")
    expect(page.locator("#lead-form input[name=name]")).to_have_value(typed["again"])
    expect(page.locator("#leads tbody tr")).to_have_count(before + 1)
    expect(_lead_row(page, typed["again"])).to_have_count(0)
    if lang == "bn":
        assert re.search("[A-Za-z]", warning) is None, warning
        _no_english(live_server, page, "duplicate warning")

    # wrong input: an empty name is stopped by the form; a blank one and an amount like "abc" by the server,
    # each at its field in the page's language, nothing stored
    form = page.locator("#lead-form")
    form.locator("input[name=name]").fill("")
    form.locator("button[type=submit]").click()
    assert form.locator("input[name=name]").evaluate("e => e.validity.valueMissing")
    for name, budget, field in (("   ", "", "name"), ("Budget Test", "abc", "budget")):
        with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/crm/leads")) as sent:
            _submit_lead(page, name, "01999-000111", budget)
        assert sent.value.status == 422, (field, sent.value.status)
        error = page.locator(f"#lead-form .error[data-field={field}]")
        expect(error).to_be_visible()
        text = error.inner_text().replace("'abc'", "")  # what was typed is shown back as typed
        assert text and (re.search("[A-Za-z]", text) is None) == (lang == "bn"), (field, text)
        assert field not in text, text  # the field is named as the form labels it, not by its code
        expect(page.locator("#leads tbody tr")).to_have_count(before + 1)
        if lang == "bn":
            _no_english(live_server, page, f"refused {field}", ("'abc'",))

    # convert the lead to a customer
    page.goto(live_server.url + "/crm/leads")
    with page.expect_navigation():
        _lead_row(page, typed["name"]).get_by_role("button").click()
    expect(_lead_row(page, typed["name"]).locator("td").nth(6)).to_have_text(says["converted"])
    expect(_lead_row(page, typed["name"]).get_by_role("button")).to_have_count(0)

    # an opportunity for it on the board: a bad amount first, then the right one
    page.goto(live_server.url + "/crm")
    new_count = page.locator("#stage-new .count").inner_text()
    opp = page.locator("#opportunity-form")
    lead_option = opp.locator("select[name=lead_id] option", has_text=typed["name"]).first
    opp.locator("select[name=lead_id]").select_option(lead_option.get_attribute("value"))
    opp.locator("input[name=title]").fill(typed["title"])
    opp.locator("input[name=expected_value]").fill("abc")
    opp.locator("input[name=expected_close]").fill("2027-01-15")
    with page.expect_navigation() as nav:
        opp.locator("button[type=submit]").click()
    assert nav.value.status == 422
    error = page.locator("#opportunity-form .error")
    expect(error).to_have_count(1)
    text = error.inner_text().replace("'abc'", "")
    assert (re.search("[A-Za-z]", text) is None) == (lang == "bn") and "expected_value" not in text, text
    expect(_card(page, typed["title"])).to_have_count(0)
    assert page.locator("#stage-new .count").inner_text() == new_count
    opp.locator("input[name=expected_value]").fill("9500000")
    with page.expect_navigation():
        opp.locator("button[type=submit]").click()
    card = page.locator("#stage-new article.opportunity").filter(has_text=typed["title"])
    expect(card).to_have_count(1)
    assert says["value"] in card.inner_text(), card.inner_text()

    # moved on to "contacted"
    card.locator("select[name=stage]").select_option("contacted")
    with page.expect_navigation():
        card.locator("form[action$='/stage'] button").click()
    expect(page.locator("#stage-new article.opportunity").filter(has_text=typed["title"])).to_have_count(0)
    card = page.locator("#stage-contacted article.opportunity").filter(has_text=typed["title"])
    expect(card).to_have_count(1)

    # a call logged on it, due yesterday: it shows among the overdue activities
    card.locator("details summary").click()
    activity = card.locator("form[action$='/activities']")
    activity.locator("select[name=kind]").select_option("call")
    activity.locator("input[name=subject]").fill(typed["subject"])
    activity.locator("input[name=due_at]").fill("2026-01-10T10:30")
    with page.expect_navigation():
        activity.locator("button[type=submit]").click()
    overdue = page.locator("#overdue tbody tr").filter(has_text=typed["subject"])
    expect(overdue).to_have_count(1)
    kind, _, due = overdue.locator("td").all_inner_texts()[:3]
    assert (kind, due) == (says["call"], says["due"])
    if lang == "bn":
        _no_english(live_server, page, "/crm after the call")
