"""Demo rows of hr: the demo site's (project PADMA-RES) muster rolls for the current month up to yesterday,
approved (Fridays the weekly holiday; a few absences, half days and overtime), two leave applications and two
expense claims of a site engineer (one posted, one a draft)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D
from uuid import UUID

from vextrus.platform import clock, context, runtime

from . import service
from .schemas import AttendanceInput, ExpenseClaimInput, ExpenseLineInput, LeaveInput, MusterInput


def load(tenant_id: UUID) -> None:
    from vextrus.modules.organization import api as organization

    if "projects" not in runtime.current().registry.names:
        return
    from vextrus.modules.projects import api as projects

    from . import MODULE
    from .service import people

    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        company = organization.demo_company()
        if company is None:
            return
        with context.calling_as(MODULE):
            site = projects.project_by_code("PADMA-RES")
        if site is None:
            return
        today = clock.today()
        first = today.replace(day=1)
        if service.get_muster(company.id, site.id, first).id is not None:
            return
        day = first
        while day < today:
            workers = people.site_workers(company.id, site.id, day)
            lines = []
            for i, w in enumerate(workers):
                k = (day.day + i) % 13
                if day.weekday() == 4:  # Friday: the weekly holiday (BLA 2006 s.103)
                    lines.append(AttendanceInput(employee_id=w.id, status="holiday"))
                elif k == 0:
                    lines.append(AttendanceInput(employee_id=w.id, status="absent"))
                elif k == 5:
                    lines.append(AttendanceInput(employee_id=w.id, status="half_day"))
                else:
                    lines.append(AttendanceInput(employee_id=w.id, status="present",
                                                 overtime_hours=D(2) if k in (3, 7, 11) else D(0)))
            m = service.record_muster(MusterInput(company_id=company.id, project_id=site.id, day=day, lines=lines))
            service.approve_muster(m.id)
            day += timedelta(days=1)
        staff = people.site_workers(company.id, site.id, today)
        if len(staff) >= 2:
            nxt = today + timedelta(days=7)
            service.apply_leave(LeaveInput(employee_id=staff[0].id, leave_type="casual", start=nxt,
                                           end=nxt + timedelta(days=1), reason="Family matter"))
            service.apply_leave(LeaveInput(employee_id=staff[1].id, leave_type="sick", start=nxt, end=nxt,
                                           reason="Fever"))
            _expense_claims(site.id, staff[0].id, today)


def _expense_claims(site_id: UUID, employee_id: UUID, today) -> None:  # noqa: ANN001
    """A posted claim for the site (system work is approved at once) and a draft (typed in Bangla, as users do)."""
    from vextrus.platform.errors import DomainError

    y = today - timedelta(days=1)
    posted = service.create_claim(ExpenseClaimInput(
        employee_id=employee_id, claim_date=y, project_id=site_id, purpose="সাইট পরিদর্শন", lines=[
            ExpenseLineInput(day=y, category="conveyance", description="সিএনজি ভাড়া", amount=D("450.00")),
            ExpenseLineInput(day=y, category="site_purchase", description="বাঁধাই তার", amount=D("1250.50"))]))
    try:
        service.submit_claim(posted.id)
    except DomainError:  # the demo book has no open period for the day: the claim stays a draft
        pass
    service.create_claim(ExpenseClaimInput(
        employee_id=employee_id, claim_date=today, purpose="মোবাইল বিল", lines=[
            ExpenseLineInput(day=today, category="mobile", description="সাইটের ফোন", amount=D("300.00"))]))
