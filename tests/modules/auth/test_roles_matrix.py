"""docs/auth.md's roles × permissions matrix is the code's: the table between the markers is generated
from `auth/domain/roles.py` and the modules' manifests, and this test fails when either changes without
the other. Regenerate with `.venv/bin/python tests/modules/auth/test_roles_matrix.py`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from vextrus.modules.auth.domain.roles import DEFAULT_ROLES, default_role
from vextrus.platform.modules import available_modules

DOC = Path(__file__).resolve().parents[3] / "docs" / "auth.md"
START, END = "<!-- roles-matrix:start (generated: tests/modules/auth/test_roles_matrix.py) -->", \
    "<!-- roles-matrix:end -->"
SHORT = {"owner": "OW", "managing_director": "MD", "project_director": "PD", "project_manager": "PM",
         "site_engineer": "SE", "contractor": "CT", "accountant": "AC", "accounts_payable_clerk": "AP",
         "procurement_officer": "PO", "store_keeper": "SK", "sales_officer": "SO", "hr_officer": "HR", "auditor": "AU", "viewer": "VW",
         "customer": "CU"}


def permissions() -> list[tuple[str, str]]:
    return [(p.code, p.name) for m in available_modules().values() for p in m.permissions]


def code_matrix() -> dict[str, set[str]]:
    """role code → the declared permissions its default grants allow."""
    perms = [code for code, _ in permissions()]
    return {r.code: {p for p in perms if r.permission_set().allows(p)} for r in DEFAULT_ROLES}


def generated() -> str:
    roles = [r.code for r in DEFAULT_ROLES]
    matrix = code_matrix()
    lines = ["| role | short | permissions | its job |", "|---|---|---|---|"]
    lines += [f"| {r.name_en} (`{r.code}`) | {SHORT[r.code]} | {len(matrix[r.code])} | {r.reason} |"
              for r in DEFAULT_ROLES]
    lines += ["", "| permission | label | " + " | ".join(SHORT[c] for c in roles) + " |",
              "|---|---|" + "---|" * len(roles)]
    for code, label in permissions():
        marks = " | ".join("✓" if code in matrix[c] else "" for c in roles)
        lines.append(f"| `{code}` | {label} | {marks} |")
    return "\n".join([START, *lines, END])


def documented() -> dict[str, set[str]]:
    """Parse the doc's matrix table back into role code → permissions."""
    text = DOC.read_text()
    section = text[text.index(START):text.index(END)]
    header = next(line for line in section.splitlines() if line.startswith("| permission |"))
    shorts = [c.strip() for c in header.strip("|").split("|")][2:]
    by_short = {v: k for k, v in SHORT.items()}
    out: dict[str, set[str]] = {by_short[s]: set() for s in shorts}
    for line in section.splitlines():
        m = re.match(r"^\| `([a-z_.]+)` \|", line)
        if not m:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")][2:]
        for short, cell in zip(shorts, cells, strict=True):
            if cell == "✓":
                out[by_short[short]].add(m.group(1))
    return out


def test_the_documented_matrix_equals_the_code():
    assert documented() == code_matrix()


def test_the_documented_section_is_the_generated_one():
    text = DOC.read_text()
    assert text[text.index(START):text.index(END) + len(END)] == generated()


def test_every_role_has_a_reason_and_its_daily_job():
    m = code_matrix()
    assert all(r.reason for r in DEFAULT_ROLES)
    assert "projects.activity.progress" in m["site_engineer"] and "projects.activity.update" not in m["site_engineer"]
    assert {"finance.journal.post", "finance.journal.reverse"} <= m["accountant"]
    assert {"finance.journal.create", "finance.journal.post"} <= m["accounts_payable_clerk"]
    assert "finance.journal.reverse" not in m["accounts_payable_clerk"]
    assert {"master_data.item.create", "master_data.item.update", "projects.project.read"} <= m["store_keeper"]
    assert not any(p.split(".")[-1] not in ("view", "read") for p in m["viewer"])
    assert not any(p.split(".")[-1] not in ("view", "read", "verify", "export") for p in m["auditor"])  # changes nothing
    assert {"audit.record.view", "audit.record.export", "audit.chain.verify"} <= m["auditor"]
    assert "audit.archive.manage" not in m["auditor"] and "audit.archive.manage" in m["managing_director"]
    # RA bills: the project manager measures, the project director certifies, the accountant posts
    assert "contracts.bill.prepare" in m["project_manager"] and "contracts.bill.certify" not in m["project_manager"]
    assert "contracts.bill.certify" in m["project_director"] and "contracts.bill.post" not in m["project_director"]
    assert "contracts.bill.post" in m["accountant"] and "contracts.bill.certify" not in m["accountant"]
    # flats: the sales officer books, the accountant takes the money in, cancelling is the director's
    assert "sales.booking.write" in m["sales_officer"] and "sales.receipt.post" not in m["sales_officer"]
    assert "sales.receipt.post" in m["accountant"] and "sales.booking.cancel" not in m["sales_officer"]
    assert default_role("owner").permission_set().allows("configuration.setting.write")


def _acting(role: str, tenant_id):  # noqa: ANN001, ANN202
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    return context.acting_as(context.RequestContext(
        tenant_id=tenant_id, user_id=new_id(), permissions=frozenset(default_role(role).patterns),
        roles=frozenset({role}), actor=f"{role}@test"))


def test_the_site_engineer_records_progress_through_the_service_and_changes_nothing_else(db, admin):
    from datetime import date, datetime

    import pytest

    from vextrus.modules.projects import service as projects
    from vextrus.platform.errors import PermissionDenied

    projects.create_project("R1", "Roles house", contract_value="1500000.00", start_date=date(2026, 1, 3),
                            data_date=datetime(2026, 1, 3, 8), site_district_code="BD-13")
    projects.add_activity("R1", "A", "Excavation", 16)
    before = projects.list_activities("R1")[0].version
    with _acting("site_engineer", admin.tenant_id):
        a = projects.update_activity("R1", "A", before, name="Excavation", duration_hours=16.0, percent_complete=40.0)
        assert a.percent_complete == 40.0 and a.version > before
        with pytest.raises(PermissionDenied):
            projects.update_activity("R1", "A", a.version, name="Renamed", percent_complete=50.0)
        with pytest.raises(PermissionDenied):
            projects.add_activity("R1", "B", "Blinding", 8)
    with _acting("viewer", admin.tenant_id), pytest.raises(PermissionDenied):
        projects.update_activity("R1", "A", a.version, percent_complete=60.0)
    after = projects.list_activities("R1")[0]
    assert (after.name, after.percent_complete) == ("Excavation", 40.0)


def test_an_older_company_gets_todays_default_grants_added_and_nothing_else(db, admin):
    from typer.testing import CliRunner

    from vextrus.modules.auth import service
    from vextrus.modules.auth.cli import app as users_cli
    from vextrus.modules.organization import api as org

    c = org.create_company(org.CompanyInput(code="OLD", name="Old Builders Ltd."))
    service.seed_default_roles(c.id)
    old = [service.GrantView(pattern=p) for p in default_role("site_engineer").patterns
           if p != "projects.activity.progress"]  # the site engineer as seeded before issue 12
    service.save_role(c.id, "site_engineer", "Site engineer", "সাইট প্রকৌশলী", old)
    service.save_role(c.id, "clerk_custom", "Clerk", "করণিক", [service.GrantView(pattern="finance.journal.view")])
    result = CliRunner().invoke(users_cli, ["upgrade-roles", "--system", "--tenant", _tenant_code(admin.tenant_id, db)])
    assert result.exit_code == 0, result.output
    assert "OLD site_engineer: + projects.activity.progress" in result.output
    roles = {r.code: {g.pattern for g in r.grants} for r in service.list_roles(c.id)}
    assert roles["site_engineer"] == set(default_role("site_engineer").patterns)
    assert roles["clerk_custom"] == {"finance.journal.view"}  # a role the administrator made: left alone
    assert service.add_missing_default_grants(c.id) == {}  # idempotent


def _tenant_code(tenant_id, db) -> str:  # noqa: ANN001
    from sqlalchemy import select

    from vextrus.platform import context
    from vextrus.platform.tables import Tenant

    with context.acting_as(context.system_context()), db.session_factory() as s:
        return s.execute(select(Tenant.code).where(Tenant.id == tenant_id)).scalar_one()


if __name__ == "__main__":  # rewrite the doc's section from the code
    text = DOC.read_text()
    if START in text:
        text = text[:text.index(START)] + generated() + text[text.index(END) + len(END):]
    else:
        text += "\n" + generated() + "\n"
    DOC.write_text(text)
    sys.exit(0)
