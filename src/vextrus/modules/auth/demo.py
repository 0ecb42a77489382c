"""Demo users of Padma Builders Ltd., one per main role, all able to sign in.

They share one generated password (never a fixed one); it and the emails are written to
`<data dir>/demo-credentials.txt` (mode 600) and the loader logs where to find them."""

from __future__ import annotations

from uuid import UUID

import structlog

from vextrus.modules.organization import api as organization
from vextrus.platform import context, runtime

from . import service

log = structlog.get_logger("vextrus.auth.demo")

DEMO_USERS = (
    ("owner", "owner@padma.example", "Rahim Uddin", "রহিম উদ্দিন"),
    ("project_manager", "pm@padma.example", "Karim Hossain", "করিম হোসেন"),
    ("site_engineer", "engineer@padma.example", "Nusrat Jahan", "নুসরাত জাহান"),
    ("accountant", "accounts@padma.example", "Farhana Akter", "ফারহানা আক্তার"),
    ("accounts_payable_clerk", "ap@padma.example", "Shakil Ahmed", "শাকিল আহমেদ"),
    ("procurement_officer", "procurement@padma.example", "Tanvir Rahman", "তানভীর রহমান"),
    ("store_keeper", "store@padma.example", "Jamal Mia", "জামাল মিয়া"),
    ("sales_officer", "sales@padma.example", "Mitu Rani Das", "মিতু রানী দাস"),
    ("hr_officer", "hr@padma.example", "Sabina Yasmin", "সাবিনা ইয়াসমিন"),
    ("auditor", "auditor@padma.example", "Mahbub Alam", "মাহবুব আলম"),
    ("viewer", "viewer@padma.example", "Guest Viewer", "অতিথি দর্শক"),
    ("customer", "buyer@padma.example", "Flat buyer (demo)", "ফ্ল্যাট ক্রেতা (ডেমো)"),  # the portal links a buyer
)


def load(tenant_id: UUID) -> list[str]:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        company = organization.demo_company()  # never a company someone added beside it
        if company is None:  # organization's demo did not run: no demo company, no demo users
            return []
        service.seed_default_roles(company.id)
        password = service.generate_password(16)
        lines = [f"Demo users of {company.name} (password for all: {password})"]
        for role, email, name, name_bn in DEMO_USERS:
            service.create_user(service.UserInput(email=email, name=name, name_bn=name_bn, mobile="01711-000000"),
                                password=password, company_id=company.id, roles=[role])
            lines.append(f"  {role:<24} {email}")
    path = runtime.current().settings.data_dir / "demo-credentials.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    log.info("demo users created", credentials_file=str(path), users=len(DEMO_USERS))
    return [f"Demo sign-in: {DEMO_USERS[0][1]} / {password} (all demo users: {path})"]
