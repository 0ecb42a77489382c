"""The journal entry form through platform.forms (issue 21, one declaration per concept): each line is read
into `LineIn` with `forms.rows_from_form` (a refusal names `lines[i].field`), the head into `EntryIn` with
`model_from_form`. A wrong input of each kind is shown in Bangla (and English) next to its field — a line's
under that line — what was typed stays, and nothing is posted or saved as a draft; on both databases."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import service


@pytest.fixture
def client(db, admin):
    b = service.ensure_book("PADMA", "Padma Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/finance/PADMA/journal")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


FORM = {"entry_date": "2025-07-10", "journal_type": "general", "narration": "Rod for level 3",
        "account": ["5110", "", "2110"], "debit": ["300", "", ""], "credit": ["", "", "300"], "memo": ["", "", ""],
        "cost_centre_id": ["", "", ""], "department_id": ["", "", ""]}

WRONG = [  # (what changes, the field named, the Bangla words next to it)
    pytest.param({"entry_date": "10th July"}, "entry_date", "তারিখ: '10th July' তারিখ নয়", id="a date"),
    pytest.param({"entry_date": ""}, "entry_date", "তারিখ: একটি মান দিতে হবে", id="no date"),
    pytest.param({"debit": ["3OO", "", ""]}, "lines[0].debit", "লাইন ১: ডেবিট অঙ্কটি সংখ্যা নয়", id="an amount"),
    pytest.param({"credit": ["", "", "৩০০.০০১"]}, "lines[2].credit",
                 "লাইন ৩: দশমিকের ঘর বেশি", id="an amount the ledger refuses (on the page's line 3, not 2)"),
    pytest.param({"cost_centre_id": ["", "", "CC-9"]}, "lines[2].cost_centre_id", "লাইন ৩: খরচ কেন্দ্র আইডি সঠিক নয়",
                 id="an id (line numbers count the blank line)"),
    pytest.param({"account": ["", "", "2110"]}, "lines[0].account_code", "লাইন ১, হিসাব: একটি মান দিতে হবে",
                 id="an amount without an account"),
    pytest.param({"debit": ["300", "", ""], "credit": ["", "", "299"]}, "lines", "সমান নয়", id="unbalanced"),
]


def _by_field(page: str, field: str) -> str:
    """The message shown next to `field` on the page ('' when none)."""
    marker = f'data-field="{field}">'
    return page.split(marker, 1)[1].split("</span>", 1)[0] if marker in page else ""


# a draft may be unbalanced or over-precise until it is posted (the ledger refuses it then): a draft is
# checked only for what the form itself reads
DRAFT_CHECKS = ("lines[0]", "entry_date", "lines[2].cost")
CASES = [pytest.param(*p.values, action, id=f"{action}-{p.id}") for action in ("post", "draft") for p in WRONG
         if action == "post" or p.values[1].startswith(DRAFT_CHECKS)]


@pytest.mark.parametrize(("change", "field", "words_bn", "action"), CASES)
def test_a_wrong_input_is_shown_next_to_its_field_in_bangla_and_nothing_is_saved(client, change, field, words_bn,
                                                                                 action):
    data = {**FORM, **change, "action": action}
    bn = unescape(client.post("/finance/PADMA/journal?lang=bn", data=data, follow_redirects=False).text)
    shown = _by_field(bn, field)
    assert shown and words_bn in shown, (field, bn[-4000:])
    assert 'role="alert"' in bn and "Rod for level 3" in bn  # the message above the form too; what was typed kept
    for english in ("is not a", "a value is required", "Line "):
        assert english not in shown
    en = client.post("/finance/PADMA/journal?lang=en", data=data, follow_redirects=False)
    assert en.status_code == 422 and _by_field(unescape(en.text), field)
    assert service.list_entries("PADMA") == []  # nothing posted, no draft


def test_a_refused_line_keeps_every_line_as_typed_and_marks_only_that_line(client):
    r = client.post("/finance/PADMA/journal", data={**FORM, "debit": ["3OO", "", ""]}, follow_redirects=False)
    page = unescape(r.text)
    assert r.status_code == 422 and page.count('class="row-error"') == 1 and page.count('class="invalid"') == 1
    assert _by_field(page, "lines[0].debit") == "Line 1: the debit amount is not a number"
    assert 'value="3OO"' in page and 'value="5110"' in page and 'value="2110"' in page


def test_typed_lines_are_read_by_their_types(client):
    """Bangla digits, lakh commas and a blank line between: posted as before."""
    data = {**FORM, "entry_date": "২০২৫-০৭-১০", "debit": ["১,৫০,০০০.৫০", "", ""], "credit": ["", "", "150000.50"]}
    r = client.post("/finance/PADMA/journal", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text[-2000:]
    (entry,) = service.list_entries("PADMA")
    lines = service.get_entry("PADMA", entry.number).lines
    assert [(ln.account_code, ln.debit, ln.credit) for ln in lines] == [
        ("5110", Decimal("150000.50"), 0), ("2110", 0, Decimal("150000.50"))]
