"""Issue 18: a final settlement's earlier attempts (posted, then reversed) are kept when it is computed again
(payroll_0014, `payroll_settlement_attempt`) and shown on the employee page with their journals, dates and
reasons, in English and Bangla; on both databases. The migration adds the table and its downgrade removes it."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from fastapi.testclient import TestClient
from payroll_setup import setup, staff

from bangla_text import latin_words
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import SettlementInput

OCT31, NOV30 = date(2025, 10, 31), date(2025, 11, 30)


def _post(e, last_day, kind="resignation", version=None):
    v = service.draft_settlement(e.id, SettlementInput(kind=kind, last_day=last_day, notice_given_days=60,
                                                       reason="চাকরি ছাড়া"), version)
    v = service.approve_settlement(e.id, v.version)
    return service.post_settlement(e.id, v.version)


def test_earlier_attempts_are_kept_and_shown_on_the_page(db, admin):
    c = setup()
    e = staff(c, "L1")
    first = _post(e, OCT31)
    r1 = service.reverse_settlement(e.id, "পদত্যাগ প্রত্যাহার", date(2025, 11, 3), first.version)
    assert service.get_settlement(e.id).attempts == []  # the reversed attempt is still the settlement itself
    second = _post(e, NOV30, "termination", r1.version)
    assert second.entry_id != first.entry_id
    got = service.get_settlement(e.id)
    assert [(a.attempt, a.kind, a.last_day, a.net, a.entry_id, a.entry_number, a.reversed_on, a.reversal_reason,
             a.reversal_entry_id, a.reversal_entry_number) for a in got.attempts] == [
        (1, "resignation", OCT31, first.net, first.entry_id, first.entry_number, date(2025, 11, 3),
         "পদত্যাগ প্রত্যাহার", r1.reversal_entry_id, r1.reversal_entry_number)]
    r2 = service.reverse_settlement(e.id, "আবার ফিরলেন", None, second.version)
    service.draft_settlement(e.id, SettlementInput(kind="retirement", last_day=date(2025, 12, 31)), r2.version)
    got = service.get_settlement(e.id)
    assert [(a.attempt, a.kind, a.entry_id, a.reversed_on, a.reversal_reason) for a in got.attempts] == [
        (1, "resignation", first.entry_id, date(2025, 11, 3), "পদত্যাগ প্রত্যাহার"),
        (2, "termination", second.entry_id, NOV30, "আবার ফিরলেন")]
    assert (got.status, got.entry_id, got.reversed_on) == ("draft", None, None)  # the row itself is the new draft

    from vextrus.app import create_app

    cl = TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin]))
    for lang, words in (("en", "Earlier attempts"), ("bn", "আগের প্রচেষ্টা")):
        page = cl.get(f"/payroll/employees/{e.id}?lang={lang}").text
        hist = page.split('id="settlement-history"', 1)[1].split("</div>", 1)[0]
        assert words in hist and hist.count('class="settlement-attempt"') == 2
        assert "পদত্যাগ প্রত্যাহার" in hist and "আবার ফিরলেন" in hist
    assert latin_words(hist) == []  # the Bangla page's history: no English word


def test_the_migration_adds_the_table_and_downgrade_removes_it(db, own_database):
    from vextrus.platform import migrations

    engine = own_database
    schema = "payroll" if engine.dialect.name == "postgresql" else None
    migrations.upgrade(engine)
    assert "payroll_settlement_attempt" in sa.inspect(engine).get_table_names(schema=schema)
    migrations.downgrade(engine, "payroll_0013")
    assert "payroll_settlement_attempt" not in sa.inspect(engine).get_table_names(schema=schema)
    assert "payroll_settlement" in sa.inspect(engine).get_table_names(schema=schema)
    migrations.upgrade(engine)
    cols = {c["name"] for c in sa.inspect(engine).get_columns("payroll_settlement_attempt", schema=schema)}
    assert {"settlement_id", "attempt", "entry_id", "reversed_on", "reversal_reason", "reversal_entry_id"} <= cols
