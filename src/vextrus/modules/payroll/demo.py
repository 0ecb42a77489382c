"""Demo rows of payroll for the demo company: structures per grade, 20 employees (office staff and site
staff of the projects demo's building), a salary advance to a site worker (6,000 in three instalments from
January) and January 2026's run, posted to the ledger with the advance's first instalment deducted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

from vextrus.platform import context, runtime

from . import service
from .schemas import AdvanceInput, ComponentInput, EmployeeInput, OvertimeInput, RunInput, StructureInput

MONTH = date(2026, 1, 1)  # finance's demo closes July–December 2025; January is open

GRADES = {  # grade: basic, house rent (share of basic), medical, conveyance
    "M1": (D(120_000), D("0.5"), D(5_000), D(5_000)),
    "M2": (D(80_000), D("0.5"), D(3_000), D(3_000)),
    "E1": (D(50_000), D("0.5"), D(2_000), D(2_000)),
    "S1": (D(30_000), D("0.5"), D(1_500), D(1_000)),
    "W1": (D(13_000), D("0.4"), D(750), D(450)),
    "W2": (D(10_000), D("0.4"), D(750), D(450)),
}

PEOPLE = [  # code, name, name_bn, grade, workplace, type, category, joined, pay by
    ("E001", "Kamal Hossain", "কামাল হোসেন", "M1", "office", "permanent", "general", date(2012, 3, 1), "bank"),
    ("E002", "Nasrin Akter", "নাসরিন আক্তার", "M2", "office", "permanent", "woman", date(2016, 8, 15), "bank"),
    ("E003", "Rafiqul Islam", "রফিকুল ইসলাম", "M2", "office", "permanent", "general", date(2018, 1, 10), "bank"),
    ("E004", "Shirin Sultana", "শিরিন সুলতানা", "E1", "office", "permanent", "woman", date(2021, 5, 2), "bank"),
    ("E005", "Abdul Karim", "আব্দুল করিম", "E1", "site", "permanent", "general", date(2019, 11, 1), "bank"),
    ("E006", "Mahbub Alam", "মাহবুব আলম", "E1", "site", "permanent", "general", date(2022, 2, 1), "bank"),
    ("E007", "Farhana Yasmin", "ফারহানা ইয়াসমিন", "S1", "office", "permanent", "woman", date(2023, 7, 1), "mfs"),
    ("E008", "Jahangir Alam", "জাহাঙ্গীর আলম", "S1", "office", "probation", "general", date(2025, 10, 1), "bank"),
    ("E009", "Harun-or-Rashid", "হারুন-অর-রশিদ", "S1", "site", "permanent", "war_wounded_freedom_fighter",
     date(2010, 4, 1), "bank"),
    ("E010", "Selim Reza", "সেলিম রেজা", "S1", "site", "contractual", "general", date(2024, 9, 1), "mfs"),
    ("W001", "Md. Rubel", "মোঃ রুবেল", "W1", "site", "contractual", "general", date(2024, 1, 15), "mfs"),
    ("W002", "Md. Sohel", "মোঃ সোহেল", "W1", "site", "contractual", "general", date(2024, 3, 1), "mfs"),
    ("W003", "Jamal Uddin", "জামাল উদ্দিন", "W1", "site", "contractual", "general", date(2023, 6, 1), "mfs"),
    ("W004", "Rokeya Begum", "রোকেয়া বেগম", "W2", "site", "daily_wage", "woman", date(2025, 2, 1), "mfs"),
    ("W005", "Alamgir Hossain", "আলমগীর হোসেন", "W2", "site", "daily_wage", "general", date(2025, 4, 1), "mfs"),
    ("W006", "Babul Mia", "বাবুল মিয়া", "W2", "site", "daily_wage", "general", date(2025, 6, 1), "cash"),
    ("W007", "Shahidul Islam", "শহিদুল ইসলাম", "W2", "site", "daily_wage", "general", date(2025, 8, 1), "mfs"),
    ("W008", "Monir Hossain", "মনির হোসেন", "W2", "site", "daily_wage", "general", date(2025, 9, 1), "mfs"),
    ("W009", "Kulsum Akter", "কুলসুম আক্তার", "W2", "site", "daily_wage", "woman", date(2025, 11, 1), "mfs"),
    ("W010", "Anwar Hossain", "আনোয়ার হোসেন", "W2", "site", "daily_wage", "general", date(2025, 12, 1), "cash"),
]


# demo payment details (made up): banks and branches for the bank advice, MFS providers for the wallet files
BANKS = (("Sonali Bank PLC", "Motijheel Corporate Branch", "200275356"),
         ("Dutch-Bangla Bank PLC", "Gulshan Branch", "090261726"),
         ("BRAC Bank PLC", "Dhanmondi Branch", "060261728"))
PROVIDERS = ("bkash", "nagad")


def _project() -> UUID | None:
    if "projects" not in runtime.current().registry.names:
        return None
    from vextrus.modules.projects import api as projects

    p = projects.project_by_code("PADMA-RES")
    return p.id if p else None


def load(tenant_id: UUID) -> None:
    from vextrus.modules.organization import api as organization

    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        company = organization.demo_company()
        if company is None:
            return
        cid = company.id
        if service.list_employees(cid, 1).items:
            return
        for grade, (basic, hr, med, conv) in GRADES.items():
            service.save_structure(StructureInput(company_id=cid, grade=grade, basic=basic, components=[
                ComponentInput(name="house_rent", basis="basic", value=hr),
                ComponentInput(name="medical", basis="fixed", value=med),
                ComponentInput(name="conveyance", basis="fixed", value=conv)]))
        project = _project()
        ids = {}
        for i, (code, name, bn, grade, where, kind, cat, joined, pay) in enumerate(PEOPLE):
            e = service.create_employee(EmployeeInput(
                company_id=cid, code=code, name=name, name_bn=bn, grade=grade, workplace=where,
                employment_type=kind, category=cat, joining_date=joined, payment_method=pay,
                account_no="" if pay == "cash" else (f"017{i:08d}" if pay == "mfs" else f"2050{i:09d}"),
                **(dict(zip(("bank_name", "bank_branch", "routing_no"), BANKS[i % len(BANKS)], strict=True))
                   if pay == "bank" else {}),
                mfs_provider=PROVIDERS[i % len(PROVIDERS)] if pay == "mfs" else "",
                nid=f"{1990000000 + i}", etin=f"{500000000000 + i}" if grade[0] in "MES" else "",
                project_id=project if where == "site" else None,
                investment=D(150_000) if grade in ("M1", "M2") else D(0)))
            ids[code] = e.id
        service.give_advance(AdvanceInput(
            company_id=cid, employee_id=ids["W001"], kind="advance", given_on=date(2026, 1, 5), amount=D(6_000),
            instalments=3, start_month=MONTH, paid_from="cash", note="Medical treatment of a family member"))
        run = service.prepare_run(RunInput(company_id=cid, month=MONTH, overtime=[
            OvertimeInput(employee_id=ids[c], hours=D(h)) for c, h in
            (("W001", 24), ("W002", 18), ("W003", 30), ("W004", 12), ("W005", 20), ("E010", 8))]))
        service.post_run(service.approve_run(run.id).id)
