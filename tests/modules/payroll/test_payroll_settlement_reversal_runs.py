"""Issue 18: reversing a posted final settlement gives the employee back their place in draft monthly runs, on
both databases. Posting the settlement took the employee out of October's draft; November's draft was prepared
while they were separated. The reversal puts their payslip back in both (computed as a run computes it: salary,
PF, tax, the advance instalment recovered again; no overtime, which only hr hands over when it prepares the run),
the runs' totals follow and their version moves (a page showing the old figures is refused); the settlement
tells which drafts to prepare again; preparing October again takes the overtime back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from payroll_setup import give, month_run, setup, staff

from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import OvertimeInput, SettlementInput
from vextrus.platform.errors import Conflict

OCT, NOV = date(2025, 10, 1), date(2025, 11, 1)
FIELDS = ("basic", "house_rent", "medical", "gross", "tax", "pf_employee", "pf_employer", "advance", "net")


def _slip(run, code):
    return next(p for p in run.payslips if p.employee_code == code)


def _totals_follow(run):
    for total, field in (("gross", "gross"), ("tax", "tax"), ("pf_employee", "pf_employee"),
                         ("pf_employer", "pf_employer"), ("advances", "advance"), ("net", "net")):
        assert getattr(run, total) == sum((getattr(p, field) for p in run.payslips), D(0)), total


def test_reversal_puts_the_employee_back_in_draft_runs_and_says_which(db, admin):
    c = setup()
    e = staff(c, "L1")
    staff(c, "L2")
    give(c, e, "5000.00", OCT, instalment_amount=D(1000))
    overtime = [OvertimeInput(employee_id=e.id, hours=D(10))]
    october = month_run(c, OCT, overtime=overtime)
    first = _slip(october, "L1")
    assert first.overtime > 0 and first.advance == D("1000.00")

    v = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 10, 31),
                                                       notice_given_days=60))
    posted = service.post_settlement(e.id, service.approve_settlement(e.id, v.version).version)
    assert [p.employee_code for p in service.get_run(october.id).payslips] == ["L2"]
    november = month_run(c, NOV)  # prepared while L1 is separated: without them
    assert [p.employee_code for p in november.payslips] == ["L2"]
    seen = {r.id: service.get_run(r.id).version for r in (october, november)}

    rev = service.reverse_settlement(e.id, "Resignation withdrawn", None, posted.version)
    assert [(d.run_id, d.month, d.employee_included, d.approval_pending) for d in rev.draft_runs] == [
        (october.id, OCT, True, False), (november.id, NOV, True, False)]
    assert service.get_settlement(e.id).draft_runs == rev.draft_runs

    oct_after, nov_after = service.get_run(october.id), service.get_run(november.id)
    for run in (oct_after, nov_after):
        assert [p.employee_code for p in run.payslips] == ["L1", "L2"] and run.status == "draft"
        _totals_follow(run)
    back = _slip(oct_after, "L1")
    # the month's salary, PF and tax as the run computes them; the advance's October instalment recovered again
    # (the settlement's recovery was given back); no overtime: only hr hands it over, when it prepares the run
    assert (back.basic, back.house_rent, back.medical) == (first.basic, first.house_rent, first.medical)
    assert (back.overtime_hours, back.overtime, back.advance) == (D(0), D(0), D("1000.00"))
    assert back.gross == first.gross - first.overtime and back.pf_employee == first.pf_employee
    assert _slip(nov_after, "L1").advance == D("1000.00")  # November's instalment
    assert _slip(oct_after, "L2") == _slip(october, "L2")  # the others' payslips untouched

    # the runs changed: an approval from a page showing the old figures is refused
    with pytest.raises(Conflict):
        service.approve_run(october.id, expected_version=seen[october.id])
    # preparing October again with hr's figures gives the employee's full payslip back
    again = month_run(c, OCT, overtime=overtime)
    assert {f: getattr(_slip(again, "L1"), f) for f in FIELDS} == {f: getattr(first, f) for f in FIELDS}
    assert _slip(again, "L1").overtime == first.overtime


def test_a_reversal_with_no_draft_runs_changes_no_run(db, admin):
    c = setup()
    e = staff(c, "L1")
    staff(c, "L2")
    v = service.draft_settlement(e.id, SettlementInput(kind="resignation", last_day=date(2025, 10, 31),
                                                       notice_given_days=60))
    posted = service.post_settlement(e.id, service.approve_settlement(e.id, v.version).version)
    rev = service.reverse_settlement(e.id, "Resignation withdrawn", None, posted.version)
    assert rev.draft_runs == [] and service.list_runs(c.id, 10).items == []
    # the month prepared after the reversal includes the employee again
    assert [p.employee_code for p in month_run(c, OCT).payslips] == ["L1", "L2"]
