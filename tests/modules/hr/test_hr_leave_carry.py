"""Annual (earned) leave carried forward from one year to the next (Bangladesh Labour Act 2006 s.117), on both
databases: the worked example with every figure derived in comments, the cap (60 days for an adult in a shop,
commercial or industrial establishment; the setting hr.annual_leave_carry_cap), casual and sick leave not
carried, payroll's final settlement reading the same balance through its port, bad input refused with code,
en/bn message and field (nothing stored), REST, GraphQL and the leave page in English and Bangla."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_hr_attendance import day_sheet, setup_site

from bangla_text import latin_in_main
from vextrus.app import create_app
from vextrus.modules.hr import domain, service
from vextrus.modules.hr.schemas import LeaveInput
from vextrus.modules.hr.service.leave import annual_leave_left
from vextrus.modules.hr.tables import LeaveRow
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.uow import unit_of_work


def _work(c, w, start: date, days: int) -> None:
    for i in range(days):
        service.approve_muster(day_sheet(c, start + timedelta(days=i), [(w, "present", 0)]).id)


def _leave(w, kind: str, start: date, n: int, approve: bool = True):
    v = service.apply_leave(LeaveInput(employee_id=w.id, leave_type=kind, start=start, end=start + timedelta(days=n - 1)))
    return service.approve_leave(v.id) if approve else v


def _bal(w, year: int) -> dict:
    return {b.leave_type: b for b in service.balances(w.id, year)}


def _rows() -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(LeaveRow))


def _example(c, w1):
    """2024: 40 days present (1–40 March) → earned int(40 / 18) = 2 days; 1 day annual leave taken in December
    and 3 days casual → annual left 0 + 2 − 1 = 1, carried to 2025 (under the cap of 60); casual's 7 days left
    lapse (s.115). 2025: 20 days present (1–20 March) → earned int(20 / 18) = 1; opening 1 + earned 1 = 2."""
    _work(c, w1, date(2024, 3, 1), 40)
    _leave(w1, "earned", date(2024, 12, 10), 1)
    _leave(w1, "casual", date(2024, 12, 15), 3)
    _work(c, w1, date(2025, 3, 1), 20)


def test_worked_example_carried_forward_earned_taken_and_the_settlement_port(db, admin):
    c, (w1, w2, _) = setup_site()
    _example(c, w1)
    y24, y25 = _bal(w1, 2024), _bal(w1, 2025)
    e24 = y24["earned"]
    assert (e24.opening, e24.earned, e24.taken, e24.left, e24.carry_forward, e24.over_cap) == (0, 2, 1, 1, 1, 0)
    e25 = y25["earned"]
    assert (e25.opening, e25.earned, e25.entitled, e25.taken, e25.left) == (D(1), D(1), D(2), 0, D(2))
    # casual and sick are not carried forward: 2025 starts afresh at 10 and 14 (BLA ss.115, 116)
    assert (y24["casual"].left, y25["casual"].opening, y25["casual"].left, y25["sick"].left) == (D(7), 0, D(10), D(14))
    # payroll's final settlement reads the same figure through its port (payroll.api.provide_leave_balance)
    assert annual_leave_left(w1.id, date(2025, 6, 30)) == e25.left == D(2)
    assert annual_leave_left(w2.id, date(2025, 6, 30)) == 0
    # the carried day can be taken in 2025: 2 days asked, 2 left (1 carried + 1 earned)
    _leave(w1, "earned", date(2025, 4, 1), 2)
    assert _bal(w1, 2025)["earned"].left == 0 and annual_leave_left(w1.id, date(2025, 6, 30)) == 0
    # a later year with no work still shows what came forward: 2025 left 0 → 2026 opening 0
    assert _bal(w1, 2026)["earned"].opening == 0


def test_the_cap_and_lapse_of_the_pure_ledger():
    """Year 1: 2,000 days worked (an illustration of many years' work) → earned int(2000 / 18) = 111; nothing
    taken → left 111, carried min(111, 60) = 60, 51 over the cap lapse. Year 2: opening 60 + earned int(300 / 18)
    = 16, taken 10 → left 66 → carried 60, 6 over. Year 3 with a cap of 40 (a factory): opening 40."""
    led = domain.annual_ledger(2023, 2025, {2023: D(2000), 2024: D(300)}, {2024: D(10)}, {}, {})
    a, b, c = led
    assert (a.earned, a.left, a.carried, a.over_cap) == (D(111), D(111), D(60), D(51))
    assert (b.opening, b.earned, b.left, b.carried, b.over_cap) == (D(60), D(16), D(66), D(60), D(6))
    assert (c.opening, c.earned, c.left) == (D(60), 0, D(60))
    factory = domain.annual_ledger(2023, 2024, {2023: D(2000)}, {}, {}, {}, cap=D(40))
    assert factory[1].opening == D(40)
    # pending applications count against what is carried; encashed days leave the balance
    d = domain.annual_ledger(2024, 2025, {2024: D(90)}, {}, {2024: D(2)}, {2024: D(1)})
    assert (d[0].earned, d[0].left, d[1].opening) == (D(5), D(2), D(2))
    with pytest.raises(ValidationFailed) as bad:
        domain.annual_ledger(2024, 2024, {}, {}, {}, {}, cap=D(-1))
    assert (bad.value.code, bad.value.field) == ("hr.carry_cap_invalid", "annual_leave_carry_cap")
    assert bad.value.message_bn and "365" in bad.value.message


def _refused(err: DomainError, code: str, field: str) -> None:
    assert (err.code, err.field) == (code, field)
    assert err.message and err.message_bn and err.message != err.message_bn


def test_bad_input_is_refused_by_field_in_both_languages_and_nothing_is_stored(db, admin):
    c, (w1, _, _) = setup_site()
    _example(c, w1)
    before = _rows()
    for year in (0, 1989, 2101, -5):
        with pytest.raises(ValidationFailed) as bad:
            service.balances(w1.id, year)
        _refused(bad.value, "hr.year_invalid", "year")
    with pytest.raises(ValidationFailed) as over:  # 3 days asked, 2 left (1 carried + 1 earned)
        _leave(w1, "earned", date(2025, 5, 1), 3, approve=False)
    _refused(over.value, "hr.leave_exceeds_balance", "end")
    assert "২" in over.value.message_bn and D(over.value.details["balance"]) == 2 == D(over.value.details["days"]) - 1
    pending = _leave(w1, "earned", date(2025, 5, 1), 2, approve=False)  # fits: 2 of 2
    with pytest.raises(ValidationFailed) as again:  # the pending 2 leave nothing for a second day
        _leave(w1, "earned", date(2025, 6, 1), 1, approve=False)
    _refused(again.value, "hr.leave_exceeds_balance", "end")
    assert _rows() == before + 1 and pending.status == "applied"


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_rest_graphql_and_the_leave_page_in_english_and_bangla(client):
    c, (w1, _, _) = setup_site()
    _example(c, w1)
    r = client.get(f"/api/v1/hr/leave/balances?employee_id={w1.id}&year=2025")
    assert r.status_code == 200
    e = {b["leave_type"]: b for b in r.json()}["earned"]
    assert [D(e[k]) for k in ("opening", "earned", "entitled", "left", "carry_forward")] == [1, 1, 2, 2, 2]
    for year in ("0", "99999", "x"):
        bad = client.get(f"/api/v1/hr/leave/balances?employee_id={w1.id}&year={year}")
        assert bad.status_code == 422 and bad.json()["field"] == "year" and bad.json()["code"], bad.text
        assert bad.json().get("message_bn"), bad.text
    q = ('{ hrLeaveBalances(employeeId: "' + str(w1.id) + '", year: 2025) '
         '{ leaveType opening earned left carryForward overCap } }')
    g = client.post("/graphql", json={"query": q}).json()
    assert not g.get("errors"), g
    earned = [b for b in g["data"]["hrLeaveBalances"] if b["leaveType"] == "earned"][0]
    assert (D(earned["opening"]), D(earned["left"]), D(earned["carryForward"])) == (1, 2, 2)
    en = client.get(f"/hr/leave?company={c.id}&employee={w1.id}&lang=en").text
    assert "Carried forward" in en and "To next year" in en and "60 days" in en and "s.117" in en
    bn = client.get(f"/hr/leave?company={c.id}&employee={w1.id}&lang=bn")
    assert bn.status_code == 200 and "গত বছরের জের" in bn.text and "৬০ দিন" in bn.text and "ধারা ১১৭" in bn.text
    # only data is left in Latin letters: the office employee of setup_site has no Bangla name
    assert set(latin_in_main(bn.text)) <= {"Office"}, latin_in_main(bn.text)
