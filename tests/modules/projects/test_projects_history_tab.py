"""The project dashboard carries its History tab (audit's trail of `projects.project`), in English and
Bangla, hidden from a user without `audit.record.view`."""

from __future__ import annotations

from history_tab_helpers import check_history_tab
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service


def test_the_project_page_shows_its_history(db, admin):
    c = org.create_company(org.CompanyInput(code="HIST", name="History Builders Ltd."))
    p = service.create_project("HIS-TWR", "History Tower", company_id=c.id)
    check_history_tab(db, admin, f"/projects/{p.id}", "projects.project", p.id, ["projects.project.created"])
