"""Demo data: Padma Builders Ltd. with its Dhaka head office, the Mirpur Tower site,
departments and cost centres."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context

from . import service
from .schemas import CompanyInput

DEMO_COMPANY_CODE = "PBL"


def load(tenant_id: UUID) -> None:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        c = service.create_company(CompanyInput(
            code=DEMO_COMPANY_CODE, name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড",
            tin="123456789012", bin="0012345670101", trade_licence="DNCC-TRAD-2019-045678",
            address="House 12, Road 7, Gulshan-1, Dhaka 1212"))
        ho = service.add_branch(c.id, "HO", "Dhaka head office", "head_office", "ঢাকা প্রধান কার্যালয়",
                                "House 12, Road 7, Gulshan-1, Dhaka 1212")
        site = service.add_branch(c.id, "MIRPUR", "Mirpur Tower site", "site", "মিরপুর টাওয়ার সাইট",
                                  "Plot 5, Section 10, Mirpur, Dhaka 1216")
        depts = {}
        for code, name, bn in (("ACC", "Accounts", "হিসাব"), ("PROC", "Procurement", "ক্রয়"),
                               ("HR", "Human resources", "মানবসম্পদ"), ("ENG", "Engineering", "প্রকৌশল")):
            depts[code] = service.add_department(c.id, code, name, bn, ho.id)
        service.add_cost_centre(c.id, "CC-HO", "Head office overhead", "প্রধান কার্যালয় ওভারহেড",
                                depts["ACC"].id, ho.id)
        service.add_cost_centre(c.id, "CC-MIRPUR", "Mirpur Tower construction", "মিরপুর টাওয়ার নির্মাণ",
                                depts["ENG"].id, site.id)
