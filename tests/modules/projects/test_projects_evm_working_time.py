"""Earned value over working time and the PMI estimates at completion, named as PMI names them.

Sources of the worked examples (numbers reproduced here, not the text):

- **The fence** — Rita Mulcahy, *PMP Exam Prep* (RMC Publications), the earned value exercise "build a
  four-sided fence, one side a day at $1,000 each; today is the end of day three": sides 1 and 2
  complete for $1,000 and $1,200, side 3 half done for $600, side 4 not started. Published answers:
  PV 3,000, EV 2,500, AC 2,800, BAC 4,000, CV −300, CPI .893, SV −500, SPI .833, EAC 4,479, ETC 1,679,
  VAC −479. The book rounds CPI to .893 before dividing; Vextrus divides by the exact CPI (2,500/2,800),
  so EAC = 4,000 × 2,800 / 2,500 = 4,480, ETC 1,680 and VAC −480 (the book's figures ± 1 of rounding).
- **Bottom-up EAC** — tutorialspoint, "Earned Value Management — Example": one task of 8 h at $100/h
  (BAC $800), 11 h spent (AC $1,100), an estimate to complete of 1 h ($100): EAC = AC + ETC = $1,200,
  VAC = −$400.

The formulas are those of the PMI *Practice Standard for Earned Value Management* (2nd ed.) and the
PMBOK Guide (6th ed., 7.4.2.2): EAC = BAC/CPI; EAC = AC + (BAC − EV); EAC = AC + (BAC − EV)/(CPI × SPI);
EAC = AC + bottom-up ETC; TCPI = (BAC − EV)/(BAC − AC) or (BAC − EV)/(EAC − AC); VAC = BAC − EAC.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.projects import service
from vextrus.modules.projects.domain.calendar import Calendar
from vextrus.modules.projects.domain.evm import EvmItem, evm_metrics, forecasts, planned_value, s_curve
from vextrus.modules.projects.service import costs
from vextrus.platform.errors import ValidationFailed

# Sat-Thu 08:00-12:00, 13:00-17:00 (the Bangladesh site week; Friday off)
SITE = Calendar.build("site", days="Sat-Thu", hours="08:00-12:00,13:00-17:00")
# Mon-Fri 08:00-16:00 (a five-day week: two-day weekends)
OFFICE = Calendar.build("office", days="Mon-Fri", hours="08:00-16:00")


def _day(d: date, cal: Calendar = SITE) -> tuple[datetime, datetime]:
    ivs = cal.intervals_on(d)
    return (datetime.combine(d, datetime.min.time()) + timedelta(minutes=ivs[0][0]),
            datetime.combine(d, datetime.min.time()) + timedelta(minutes=ivs[-1][1]))


# The fence on the site calendar: Thu 8, (Fri 9 off), Sat 10, Sun 11, Mon 12 January 2026
FENCE_DAYS = [date(2026, 1, 8), date(2026, 1, 10), date(2026, 1, 11), date(2026, 1, 12)]
FENCE = [EvmItem(f"SIDE{i + 1}", D(1000), *_day(d), pct, ac, calendar=SITE)
         for i, (d, pct, ac) in enumerate(zip(FENCE_DAYS, (D(100), D(100), D(50), D(0)),
                                              (D(1000), D(1200), D(600), D(0)), strict=True))]
END_OF_DAY_THREE = datetime(2026, 1, 11, 17)


def test_the_fence_reproduces_the_published_figures():
    m = evm_metrics(FENCE, END_OF_DAY_THREE, "USD")
    assert (m.pv, m.ev, m.ac, m.bac) == (D("3000.00"), D("2500.00"), D("2800.00"), D("4000.00"))
    assert (m.cv, m.sv) == (D("-300.00"), D("-500.00"))
    assert (m.cpi, m.spi) == (D("0.8929"), D("0.8333"))  # the book: .893 and .833
    assert m.eac_bac_over_cpi == D("4480.00")  # the book: 4,479 (CPI rounded to .893 first)
    assert m.etc == D("1680.00") and m.vac == D("-480.00")  # the book: 1,679 and -479
    # the other PMI variants on the same figures
    assert m.eac_ac_plus_remaining == D("4300.00")  # 2,800 + (4,000 - 2,500)
    assert m.eac_ac_plus_remaining_over_cpi_spi == D("4816.00")  # 2,800 + 1,500 / (0.893 x 0.833)
    assert m.tcpi_bac == D("1.2500")  # 1,500 / 1,200
    assert m.tcpi_eac == D("0.8929")  # 1,500 / (4,480 - 2,800)
    # bottom-up without estimates: each side's remaining budget (side 3: 500, side 4: 1,000)
    assert m.etc_bottom_up == D("1500.00") and m.eac_bottom_up == D("4300.00")


def test_the_fence_accrues_over_working_time_not_the_clock():
    # Fri 9 is off: nothing more is planned on it than at Thursday's close
    assert planned_value(FENCE, datetime(2026, 1, 9, 12)) == D("1000.00")
    # Sat 10 at 12:00: 4 of side 2's 8 working hours (elapsed time would say 4 of 9 clock hours)
    assert planned_value(FENCE, datetime(2026, 1, 10, 12)) == D("1500.00")
    # the lunch hour accrues nothing
    assert planned_value(FENCE, datetime(2026, 1, 10, 12, 30)) == D("1500.00")
    elapsed = [EvmItem(i.code, i.budget, i.baseline_start, i.baseline_finish) for i in FENCE]
    assert planned_value(elapsed, datetime(2026, 1, 10, 12)) == D("1444.44")


def test_a_ten_working_day_activity_over_two_weekends_accrues_only_on_working_days():
    # Thu 8 Jan 08:00 .. Wed 21 Jan 16:00 on a Mon-Fri calendar: Thu, Fri, (Sat, Sun), Mon-Fri,
    # (Sat, Sun), Mon, Tue, Wed = 10 working days of 8 h: BDT 1,000 a working day
    item = EvmItem("WALL", D(10000), datetime(2026, 1, 8, 8), datetime(2026, 1, 21, 16), calendar=OFFICE)
    pv = [planned_value([item], datetime(2026, 1, d, 16)) for d in range(8, 22)]
    assert pv == [D(x) for x in ("1000.00", "2000.00", "2000.00", "2000.00", "3000.00", "4000.00", "5000.00",
                                 "6000.00", "7000.00", "7000.00", "7000.00", "8000.00", "9000.00", "10000.00")]
    assert planned_value([item], datetime(2026, 1, 12, 12)) == D("2500.00")  # Monday noon
    # over elapsed time the same activity would have accrued on the weekends
    clockwise = EvmItem("WALL", D(10000), item.baseline_start, item.baseline_finish)
    assert planned_value([clockwise], datetime(2026, 1, 11, 16)) > planned_value([item], datetime(2026, 1, 11, 16))


def test_the_s_curve_is_flat_over_a_weekend():
    item = EvmItem("WALL", D(10000), datetime(2026, 1, 8, 8), datetime(2026, 1, 21, 16), calendar=OFFICE)
    pts = s_curve([item], datetime(2026, 1, 12, 16), step=timedelta(days=1))
    by_day = {p.at.date(): p.pv for p in pts if p.at.hour == 8}  # the steps (the status date is 16:00)
    assert by_day[date(2026, 1, 10)] == by_day[date(2026, 1, 11)] == by_day[date(2026, 1, 12)]  # Sat..Mon 08:00
    assert pts[-1].pv == D("10000.00")


def test_bottom_up_eac_from_the_estimate_to_complete():
    task = EvmItem("T1", D(800), datetime(2026, 1, 5, 8), datetime(2026, 1, 5, 16), D("91.7"), D(1100),
                   calendar=OFFICE, remaining_cost=D(100))
    m = evm_metrics([task], datetime(2026, 1, 6, 8))
    assert m.etc_bottom_up == D("100.00") and m.eac_bottom_up == D("1200.00") and m.vac_bottom_up == D("-400.00")
    assert m.ev == D("733.60")  # 91.7 % of 800 (the source rounds to 734)
    # without an estimate the remaining budget stands in: 800 x 8.3 % = 66.40
    m = evm_metrics([EvmItem("T1", D(800), task.baseline_start, task.baseline_finish, D("91.7"), D(1100))],
                    datetime(2026, 1, 6, 8))
    assert m.etc_bottom_up == D("66.40") and m.eac_bottom_up == D("1166.40")


MONEY = st.decimals(min_value=D("0.01"), max_value=D("1e12"), places=2)


@given(MONEY, st.data())
def test_on_budget_and_on_schedule_every_eac_is_the_budget(bac, data):
    """CPI = 1 and SPI = 1 (AC = EV = PV) with the remaining work estimated at its budget: every EAC
    variant is BAC, ETC = BAC − AC, VAC = 0 and both TCPIs are 1."""
    ev = data.draw(st.decimals(min_value=D("0.01"), max_value=bac, places=2))
    f = forecasts(bac, ev, ev, ev, bac - ev)
    assert f.eac_bac_over_cpi == f.eac_ac_plus_remaining == f.eac_ac_plus_remaining_over_cpi_spi \
        == f.eac_bottom_up == bac
    assert f.vac == f.vac_bottom_up == 0 and f.etc == f.etc_bottom_up == bac - ev
    if ev < bac:
        assert f.tcpi_bac == f.tcpi_eac == D("1.0000")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10**9), st.integers(0, 30), st.integers(1, 400),
                          st.sampled_from([SITE, OFFICE])), min_size=1, max_size=12),
       st.integers(0, 60 * 24 * 60))
def test_working_time_pv_is_monotone_bounded_and_ends_at_bac(rows, minute):
    t0 = datetime(2026, 1, 3, 8)
    items = [EvmItem(f"A{i}", D(b) / 100, t0 + timedelta(days=d), t0 + timedelta(days=d, hours=h), calendar=c)
             for i, (b, d, h, c) in enumerate(rows)]
    now = t0 + timedelta(minutes=minute)
    bac = evm_metrics(items, now).bac
    assert D(0) <= planned_value(items, now) <= planned_value(items, now + timedelta(hours=7)) <= bac
    assert planned_value(items, t0 + timedelta(days=60)) == bac


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10**7), st.integers(1, 30 * 24 * 60), st.integers(0, 30 * 24 * 60))
def test_a_round_the_clock_calendar_is_elapsed_time(budget, length, minute):
    t0 = datetime(2026, 1, 3, 8)
    cont = EvmItem("A", D(budget), t0, t0 + timedelta(minutes=length), calendar=Calendar.continuous())
    clockwise = EvmItem("A", D(budget), t0, t0 + timedelta(minutes=length))
    at = t0 + timedelta(minutes=minute)
    assert planned_value([cont], at) == planned_value([clockwise], at)


# ---- the project's EVM on both databases: service, REST, GraphQL, page --------------------------

@pytest.fixture
def client(db, admin):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def _wall_project() -> None:
    """One 10-working-day activity (80 h) on the SITE calendar (Sat-Thu) from Sat 3 Jan 2026 08:00: it
    works Sat 3 .. Thu 8 and Sat 10 .. Tue 13 (Fri 9 off), BDT 1,000 a working day."""
    service.create_project("EVM-W", "Boundary wall", start_date=date(2026, 1, 3), data_date=datetime(2026, 1, 3, 8))
    service.add_activity("EVM-W", "WALL", "Brick wall", 80, budget="10000")
    service.add_activity("EVM-W", "GATE", "Gate", 8, budget="2000")
    service.add_relationship("EVM-W", "WALL", "GATE")
    service.schedule_project("EVM-W")
    service.save_baseline("EVM-W", "Contract")


def test_the_project_evm_accrues_over_site_working_days_and_sums_the_estimates(db, admin, client):
    _wall_project()
    wall = next(a for a in service.list_activities("EVM-W") if a.code == "WALL")
    assert (wall.early_start, wall.early_finish) == (datetime(2026, 1, 3, 8), datetime(2026, 1, 13, 17))
    # Thursday 8 Jan 17:00: six working days; Friday 9 is off, so Friday evening still six
    assert costs.evm("EVM-W", datetime(2026, 1, 8, 17)).pv == D("6000.00")
    assert costs.evm("EVM-W", datetime(2026, 1, 9, 17)).pv == D("6000.00")
    assert costs.evm("EVM-W", datetime(2026, 1, 10, 12)).pv == D("6500.00")  # half of Saturday
    service.update_activity("EVM-W", "WALL", wall.version, percent_complete=50, remaining_cost="7000")
    costs.record_actual_cost("EVM-W", "6000", date(2026, 1, 8), activity_code="WALL")
    m = costs.evm("EVM-W", datetime(2026, 1, 8, 17))
    # EV 5,000, AC 6,000, PV 6,000, BAC 12,000; ETC bottom-up = 7,000 (WALL's estimate) + 2,000 (GATE's budget)
    assert (m.ev, m.ac, m.bac) == (D("5000.00"), D("6000.00"), D("12000.00"))
    assert m.etc_bottom_up == D("9000.00") and m.eac_bottom_up == D("15000.00") and m.vac_bottom_up == D("-3000.00")
    assert m.eac_bac_over_cpi == D("14400.00") and m.eac_ac_plus_remaining == D("13000.00")
    assert m.eac_ac_plus_remaining_over_cpi_spi == D("16080.00")  # 6,000 + 7,000 x 6,000 x 6,000 / 5,000²
    body = client.get("/api/v1/projects/projects/EVM-W/evm", params={"status_date": "2026-01-08T17:00:00"}).json()
    assert D(body["eac_bottom_up"]) == D("15000.00") and D(body["tcpi_eac"]) == m.tcpi_eac
    q = ('{ project(ref: "EVM-W") { earnedValue(statusDate: "2026-01-08T17:00:00") { eacBacOverCpi '
         'eacAcPlusRemaining eacAcPlusRemainingOverCpiSpi eacBottomUp etcBottomUp vacBottomUp tcpiBac tcpiEac '
         'eac tcpi projectId sCurve { at pv } } } }')
    ev = client.post("/graphql", json={"query": q}).json()["data"]["project"]["earnedValue"]
    assert D(ev["eacBottomUp"]) == D("15000.00") and D(ev["eacAcPlusRemainingOverCpiSpi"]) == D("16080.00")
    # EarnedValue derives from EvmView; the older names `eac` and `tcpi` still answer as before
    assert (D(ev["eac"]), D(ev["tcpi"])) == (D(ev["eacBacOverCpi"]), D(ev["tcpiBac"]))
    assert ev["projectId"] == str(m.project_id) and len(ev["sCurve"]) == len(m.s_curve)
    assert D(ev["sCurve"][-1]["pv"]) == m.s_curve[-1].pv
    for lang, words in (("en", ["EAC = AC + bottom-up ETC", "working time"]),
                        ("bn", ["নিচ থেকে যোগ করা ETC", "কাজের সময়ে"])):
        page = client.get("/projects/EVM-W/evm", params={"status_date": "2026-01-08", "lang": lang})
        assert page.status_code == 200 and all(w in page.text for w in words)
    # cleared, the estimate falls back to the remaining budget: 5,000 + 2,000
    wall = next(a for a in service.list_activities("EVM-W") if a.code == "WALL")
    assert wall.remaining_cost == D("7000.00")
    service.update_activity("EVM-W", "WALL", wall.version, remaining_cost="")
    assert costs.evm("EVM-W", datetime(2026, 1, 8, 17)).etc_bottom_up == D("7000.00")


def test_a_negative_cost_to_complete_is_refused(db, admin):
    _wall_project()
    wall = next(a for a in service.list_activities("EVM-W") if a.code == "WALL")
    with pytest.raises(ValidationFailed) as err:
        service.update_activity("EVM-W", "WALL", wall.version, remaining_cost="-5")
    assert err.value.field == "remaining_cost" and err.value.message_bn
