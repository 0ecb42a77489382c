"""Approvers "the submitter's manager" (issue 13): the reporting line is kept on payroll's employee record
(manager and user account, no self, no cycle), hr answers `manager_user_of`, and the workflow finds the
manager when a document is submitted. A leave request goes to the applicant's manager and nobody else; with
no manager recorded the application is refused with a bilingual error and nothing is stored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vextrus.modules.hr import api as hr_api
from vextrus.modules.hr import service as hr
from vextrus.modules.hr.schemas import LeaveInput
from vextrus.modules.payroll import service as payroll
from vextrus.modules.payroll.schemas import EmployeeChange, EmployeeInput, StructureInput
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused, WorkflowError
from vextrus.modules.workflow.schemas import ApproverModel, DefinitionInput, StepModel
from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed

LEAVE = "hr.leave_request"


@pytest.fixture
def staff(db, people):  # noqa: ANN001, ANN201
    """Employees of the people fixture's company: the site engineer ("se", a user) reports to the project manager
    ("pm", a user); "nobody" has neither a manager nor a user account."""
    from vextrus.modules.auth import service as auth

    with context.acting_as(context.system_context(people.tenant_id)):
        people.ids["se"] = auth.create_user(auth.UserInput(
            email=f"se.{people.tenant_id.hex[-10:]}@wf.example", name="SE"), "Pass-word-123",
            people.company_id, ["site_engineer"]).id
        payroll.save_structure(StructureInput(company_id=people.company_id, grade="G1", basic=Decimal(30_000),
                                              components=[]))

        def hire(code: str, **kw):  # noqa: ANN003, ANN202
            return payroll.create_employee(EmployeeInput(company_id=people.company_id, code=code, name=f"Staff {code}",
                                                         grade="G1", joining_date=date(2024, 1, 1), account_no="1",
                                                         **kw))

        boss = hire("PM1", user_id=people.ids["pm"])
        engineer = hire("SE1", user_id=people.ids["se"], manager_id=boss.id)
        nobody = hire("NB1")
        return {"boss": boss, "engineer": engineer, "nobody": nobody}


def _by_manager(people) -> None:  # noqa: ANN001
    with people.acting("owner"):
        workflow.save_definition("leave_by_manager", DefinitionInput(
            subject=LEAVE, name="Leave: the manager decides", name_bn="ছুটি: ব্যবস্থাপক সিদ্ধান্ত দেন",
            steps=[StepModel(key="manager", name="Manager", name_bn="ব্যবস্থাপক", approver=ApproverModel(kind="manager"))]))


def _apply(employee, day: int = 2):  # noqa: ANN001, ANN202
    return hr.apply_leave(LeaveInput(employee_id=employee.id, leave_type="casual", start=date(2026, 3, day),
                                     end=date(2026, 3, day + 1), reason="family"))


def test_hr_names_the_manager_of_a_user(db, people, staff):
    with context.acting_as(context.system_context(people.tenant_id)):
        assert hr_api.manager_user_of(people.ids["se"]) == people.ids["pm"]
        assert hr_api.manager_user_of(people.ids["pm"]) is None  # the project manager reports to nobody
        assert hr_api.manager_user_of(people.ids["acct"]) is None  # no employee at all


def test_the_reporting_line_refuses_self_cycles_and_a_user_account_twice(db, people, staff):
    boss, engineer, nobody = staff["boss"], staff["engineer"], staff["nobody"]
    with people.acting("owner"):
        with pytest.raises(ValidationFailed) as e:
            payroll.change_employee(boss.id, EmployeeChange(manager_id=boss.id))
        assert (e.value.code, e.value.field) == ("payroll.manager_self", "manager_id") and "নিজের" in e.value.message_bn
        with pytest.raises(ValidationFailed) as e:  # the engineer reports to the boss: the boss cannot report to them
            payroll.change_employee(boss.id, EmployeeChange(manager_id=engineer.id))
        assert e.value.code == "payroll.manager_cycle" and "চক্র" in e.value.message_bn
        payroll.change_employee(nobody.id, EmployeeChange(manager_id=engineer.id))  # a longer chain is fine
        with pytest.raises(ValidationFailed) as e:  # ... but not closed: boss → nobody → engineer → boss
            payroll.change_employee(boss.id, EmployeeChange(manager_id=nobody.id))
        assert e.value.code == "payroll.manager_cycle"
        with pytest.raises(Conflict) as e:
            payroll.change_employee(nobody.id, EmployeeChange(user_id=people.ids["se"]))
        assert e.value.code == "payroll.user_taken" and e.value.details["employee"] == "SE1"
        assert payroll.get_employee(boss.id).manager_id is None  # every refusal changed nothing
        cleared = payroll.change_employee(engineer.id, EmployeeChange(manager_id=None))
    assert cleared.manager_id is None and cleared.user_id == people.ids["se"]


def test_a_leave_request_is_decided_by_the_applicants_manager_only(db, people, staff):
    _by_manager(people)
    with people.acting("se"):
        leave = _apply(staff["engineer"])
        inst = workflow.get_instance(leave.approval_id)
    [task] = inst.tasks
    assert task.approver.kind == "manager" and task.approver.user_ids == [people.ids["pm"]]
    with people.acting("acct"):  # another user who may decide approvals: not the manager
        assert not workflow.inbox().mine
        with pytest.raises(DecisionRefused) as e:
            workflow.decide(inst.id, "approve")
    assert e.value.code == "approver_not_manager" and "ব্যবস্থাপক" in e.value.message_bn
    with people.acting("pm"):
        assert [i.instance_id for i in workflow.inbox().mine] == [inst.id]
        assert workflow.decide(inst.id, "approve", "enjoy").status == "approved"
        [after] = [x for x in hr.list_leave(people.company_id) if x.id == leave.id]
    assert after.status == "approved"


def test_without_a_manager_the_application_is_refused_clearly_and_nothing_is_stored(db, people, staff):
    _by_manager(people)
    with people.acting("pm"), pytest.raises(WorkflowError) as e:  # the project manager has no manager
        _apply(staff["boss"])
    assert e.value.code == "approver_not_found" and e.value.field == "steps[0].approver"
    assert "manager" in e.value.message and "ব্যবস্থাপক" in e.value.message_bn
    assert e.value.details["reason"] == "no_manager"
    with people.acting("owner"):
        assert hr.list_leave(people.company_id) == []  # no application, no approval left behind
        assert workflow.inbox().submitted == []


def test_the_definition_editor_accepts_both_kinds(db, people, staff):
    """The editor's JSON takes a manager step and a project-role step (the subject must give its project)."""
    with people.acting("owner"):
        d = workflow.save_definition("req_by_team", DefinitionInput(
            subject="procurement.purchase_requisition", name="Requisition by the team", steps=[
                StepModel(key="manager", name="Manager", approver=ApproverModel(kind="manager")),
                StepModel(key="pm", name="Project manager",
                          approver=ApproverModel(kind="project_role", project_role="project_manager"))]))
        assert [s.approver.kind for s in d.steps] == ["manager", "project_role"]
        assert d.steps[1].approver.project_role == "project_manager"
        with pytest.raises(WorkflowError) as e:
            workflow.save_definition("req_bad", DefinitionInput(
                subject="procurement.purchase_requisition", name="Bad", steps=[
                    StepModel(key="x", name="X", approver=ApproverModel(kind="project_role", project_role="chef"))]))
        assert e.value.code == "approver_project_role_unknown" and e.value.field == "steps[0].approver.project_role"
        with pytest.raises(WorkflowError) as e:  # a leave request names no project
            workflow.save_definition("leave_bad", DefinitionInput(subject=LEAVE, name="Bad", steps=[
                StepModel(key="x", name="X", approver=ApproverModel(kind="project_role", project_role="project_manager"))]))
        assert e.value.code == "approver_subject_has_no_project" and "প্রকল্প" in e.value.message_bn


def test_the_editor_page_saves_and_shows_both_kinds_in_english_and_bangla(db, people):
    import json

    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    with context.acting_as(context.system_context(people.tenant_id)):
        workflow.seed_defaults()
    ctx = people.ctx("owner")
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        page = c.get("/workflow/definitions/purchase_requisition")
        token = c.cookies.get("vx_csrf")
        d = workflow_definition(people, "purchase_requisition")
        steps = [{"key": "manager", "name": "Manager", "name_bn": "ব্যবস্থাপক", "approver": {"kind": "manager"}},
                 {"key": "pm", "name": "Project manager", "name_bn": "প্রকল্প ব্যবস্থাপক",
                  "approver": {"kind": "project_role", "project_role": "project_manager"}}]
        r = c.post("/workflow/definitions/purchase_requisition/edit", data={
            "csrf_token": token, "version": str(d.version), "name": d.name, "name_bn": d.name_bn, "mode": "ordered",
            "active": "on", "steps": json.dumps(steps)})
        assert page.status_code == 200 and r.status_code == 200 and 'id="saved"' in r.text, r.text[:400]
        assert '<option value="manager" selected>The submitter&#39;s manager</option>' in r.text  # the form's kind
        bn = c.get("/workflow/definitions/purchase_requisition?lang=bn").text
        assert "জমাদাতার ব্যবস্থাপক" in bn and "প্রকল্পের ভূমিকা" in bn
        assert '<option value="project_manager" selected>প্রকল্প ব্যবস্থাপক</option>' in bn
        bad = c.post("/workflow/definitions/purchase_requisition/edit", data={
            "csrf_token": token, "version": str(d.version + 1), "name": d.name, "mode": "ordered", "active": "on",
            "steps": json.dumps([{**steps[1], "approver": {"kind": "project_role"}}]), "lang": "bn"})
        assert bad.status_code == 422 and "steps[0].approver.project_role" in bad.text


def workflow_definition(people, code: str):  # noqa: ANN001, ANN201
    with people.acting("owner"):
        return workflow.get_definition(code)


def test_the_employee_page_shows_and_edits_the_reporting_line_in_english_and_bangla(db, people, staff):
    from html import unescape

    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    ctx = people.ctx("owner")
    nobody, boss = staff["nobody"], staff["boss"]
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        en = unescape(c.get(f"/payroll/employees/{staff['engineer'].id}?lang=en").text)
        assert "Reporting line" in en and "Staff PM1" in en and "se." in en
        token = c.cookies.get("vx_csrf")
        pm_mail = f"pm.{people.tenant_id.hex[-10:]}@wf.example"
        r = c.post(f"/payroll/employees/{nobody.id}/reporting", follow_redirects=False, data={
            "csrf_token": token, "expected_version": "1", "manager_id": str(boss.id), "user_email": ""})
        assert r.status_code == 303, r.text[:300]
        after = payroll_employee(people, nobody.id)
        assert after.manager_id == boss.id and after.user_id is None
        bad = c.post(f"/payroll/employees/{nobody.id}/reporting?lang=bn", data={
            "csrf_token": token, "expected_version": str(after.version), "manager_id": "", "user_email": pm_mail})
        text = unescape(bad.text)
        assert bad.status_code == 409 and "এই ব্যবহারকারী অ্যাকাউন্ট ইতিমধ্যে কর্মী" in text and "রিপোর্টিং সম্পর্ক" in text
        unknown = c.post(f"/payroll/employees/{nobody.id}/reporting?lang=bn", data={
            "csrf_token": token, "expected_version": str(after.version), "manager_id": "",
            "user_email": "nobody@nowhere.example"})
        assert unknown.status_code == 422 and "এই ই-মেইলের কোনো ব্যবহারকারী নেই" in unescape(unknown.text)
        bn = unescape(c.get(f"/payroll/employees/{boss.id}?lang=bn").text)
        assert "যাঁর কাছে রিপোর্ট করেন" in bn and "কেউ নন" in bn
    assert payroll_employee(people, nobody.id).manager_id == boss.id  # the refusals changed nothing


def payroll_employee(people, employee_id):  # noqa: ANN001, ANN201
    with context.acting_as(context.system_context(people.tenant_id)):
        return payroll.get_employee(employee_id)


def test_rest_and_graphql_carry_the_reporting_line(db, people, staff):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    ctx = people.ctx("owner")
    nobody, engineer = staff["nobody"], staff["engineer"]
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        got = c.get(f"/api/v1/payroll/employees/{engineer.id}").json()
        assert (got["manager_id"], got["user_id"]) == (str(staff["boss"].id), str(people.ids["se"]))
        r = c.patch(f"/api/v1/payroll/employees/{nobody.id}", json={"manager_id": str(nobody.id)})
        assert r.status_code == 422 and r.json()["code"] == "payroll.manager_self" and r.json()["field"] == "manager_id"
        r = c.patch(f"/api/v1/payroll/employees/{nobody.id}", json={"manager_id": str(engineer.id),
                                                                    "user_id": str(people.ids["acct"])})
        assert r.status_code == 200 and r.json()["manager_id"] == str(engineer.id)
        q = c.post("/graphql", json={"query": "query($c: ID!) { payrollEmployees(companyId: $c) { nodes { "
                                              "code managerId userId } } }",
                                     "variables": {"c": str(people.company_id)}}).json()
    with context.acting_as(context.system_context(people.tenant_id)):
        assert hr_api.manager_user_of(people.ids["acct"]) == people.ids["se"]  # acct now reports to the engineer
    assert "errors" not in q, q
    nodes = {n["code"]: n for n in q["data"]["payrollEmployees"]["nodes"]}
    assert nodes["NB1"]["managerId"] == str(engineer.id) and nodes["NB1"]["userId"] == str(people.ids["acct"])
