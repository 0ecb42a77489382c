"""Approvers "by project role" (issue 13): a requisition names its project (`project_id`, the subject's declared
field), and a step for the project's `project_manager` goes to the members holding that role on the project's
team (projects), found when it is submitted. Another project manager (the auth role, not on the team) is
refused; a requisition without a project, or a project without such a member, is refused on submission."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest

from approval_people import People, approvers
from conftest import DAY, Setup
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.procurement import approvals_requisition as approvals
from vextrus.modules.procurement import service
from vextrus.modules.procurement.schemas import RequisitionInput, RequisitionLineInput
from vextrus.modules.projects import api as projects_api
from vextrus.modules.projects import service as projects
from vextrus.modules.projects.schemas import TeamMemberInput
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused, WorkflowError
from vextrus.modules.workflow.schemas import ApproverModel, DefinitionInput, StepModel
from vextrus.platform import context

ROLES = {"se": ["site_engineer"], "pm": ["project_manager"], "pm2": ["project_manager"], "qs": ["project_manager"]}


@pytest.fixture
def people(db, tenant_id, co: Setup) -> People:
    people = approvers(tenant_id, co.company_id, ROLES, "prr")
    with context.acting_as(context.system_context(tenant_id)):
        workflow.save_definition("requisition_by_team", DefinitionInput(
            subject=approvals.SUBJECT, name="Requisition: the project's manager", name_bn="অধিযাচন: প্রকল্প ব্যবস্থাপক",
            steps=[StepModel(key="project_manager", name="Project manager", name_bn="প্রকল্প ব্যবস্থাপক",
                             approver=ApproverModel(kind="project_role", project_role="project_manager"))]))
    return people


@pytest.fixture
def tower(people: People) -> UUID:
    """A project whose team has "pm" as project manager and "qs" as quantity surveyor."""
    with context.acting_as(context.system_context(people.tenant_id)):
        p = projects.create_project("TWR", "Purbachal tower", company_id=people.company_id)
        projects.add_member(p.id, TeamMemberInput(user_id=people.ids["pm"], role="project_manager"))
        projects.add_member(p.id, TeamMemberInput(user_id=people.ids["qs"], role="quantity_surveyor"))
        return p.id


@pytest.fixture
def bricks(co: Setup) -> UUID:
    return item_service.create_item(ItemInput(code="BRK", name="First-class brick", name_bn="প্রথম শ্রেণির ইট",
                                              base_unit="pcs", standard_cost=D("12"))).id


def draft(co: Setup, people: People, item_id: UUID, project_id: UUID | None):
    with people.acting("se"):
        return service.create_requisition(RequisitionInput(
            company_id=co.company_id, store_id=co.site_id, requested_on=DAY, project_id=project_id,
            lines=[RequisitionLineInput(item_id=item_id, quantity=D("100"), needed_by=date(2025, 8, 20))]))


def test_projects_names_the_members_holding_a_role(db, people, tower):
    with context.acting_as(context.system_context(people.tenant_id)):
        assert projects_api.members_with_role(tower, "project_manager") == [people.ids["pm"]]
        assert projects_api.members_with_role(tower, "site_engineer") == []


def test_the_projects_project_manager_approves_and_another_project_manager_is_refused(db, co, people, tower, bricks):
    r = draft(co, people, bricks, tower)
    with people.acting("se"):
        inst = approvals.submit_requisition_for_approval(r.id)
    [task] = inst.tasks
    assert (task.approver.kind, task.approver.project_role, task.approver.user_ids) == (
        "project_role", "project_manager", [people.ids["pm"]])
    for who in ("pm2", "qs"):  # the auth role project_manager, or another role on the team, is not enough
        with people.acting(who), pytest.raises(DecisionRefused) as e:
            workflow.decide(inst.id, "approve")
        assert e.value.code == "approver_project_role" and e.value.message_bn
    with people.acting("pm2"):
        assert workflow.inbox().mine == []
    with people.acting("pm"):
        assert [i.instance_id for i in workflow.inbox().mine] == [inst.id]
        assert workflow.decide(inst.id, "approve").status == "approved"
    assert service.get_requisition(r.id).status == "approved"


def test_a_requisition_without_a_project_or_a_member_in_the_role_is_refused_on_submission(db, co, people, bricks):
    r = draft(co, people, bricks, None)
    with people.acting("se"), pytest.raises(WorkflowError) as e:
        approvals.submit_requisition_for_approval(r.id)
    assert (e.value.code, e.value.field, e.value.details["reason"]) == ("approver_not_found", "steps[0].approver",
                                                                        "no_project")
    assert "প্রকল্প" in e.value.message_bn
    assert service.get_requisition(r.id).status == "draft"  # nothing changed
    with context.acting_as(context.system_context(people.tenant_id)):
        empty = projects.create_project("EMP", "No team yet", company_id=people.company_id).id
    r2 = draft(co, people, bricks, empty)
    with people.acting("se"), pytest.raises(WorkflowError) as e:
        approvals.submit_requisition_for_approval(r2.id)
    assert e.value.details["reason"] == "no_member" and "প্রকল্প ব্যবস্থাপক" in e.value.message_bn
    assert service.get_requisition(r2.id).status == "draft"
