"""A project's team (issue 13): users in a role of a small fixed list (project manager, site engineer, quantity
surveyor, site accountant, store keeper; English and Bangla names), added and removed over REST, GraphQL and the
project page's team section (a user found by e-mail), refused for an unknown role or user or twice the same;
`projects.api.members_with_role` names them for approvals by project role."""

from __future__ import annotations

from html import unescape
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.projects import api as projects_api
from vextrus.modules.projects import service


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


@pytest.fixture
def users(admin):
    from vextrus.modules.auth import service as auth

    tag = uuid4().hex[:8]
    return {who: auth.create_user(auth.UserInput(email=f"{who}.{tag}@team.example", name=who.title())).id
            for who in ("rahim", "karim")}


def test_rest_adds_lists_and_removes_members_and_refuses_bad_ones(client, users):
    p = service.create_project("TEAM-1", "Team tower")
    roles = client.get("/api/v1/projects/team-roles").json()
    assert [r["code"] for r in roles][:3] == ["project_manager", "site_engineer", "quantity_surveyor"]
    assert roles[0]["name_bn"] == "প্রকল্প ব্যবস্থাপক"
    r = client.post("/api/v1/projects/projects/TEAM-1/team", json={"user_id": str(users["rahim"]),
                                                                   "role": "project_manager"},
                    headers={"Idempotency-Key": "t1"})
    assert r.status_code == 201, r.text
    member = r.json()
    assert client.get(r.headers["location"]).json()["id"] == member["id"]
    again = client.post("/api/v1/projects/projects/TEAM-1/team", json={"user_id": str(users["rahim"]),
                                                                       "role": "project_manager"},
                        headers={"Idempotency-Key": "t1"})
    assert again.json()["id"] == member["id"]  # the same key: the first answer
    dup = client.post("/api/v1/projects/projects/TEAM-1/team", json={"user_id": str(users["rahim"]),
                                                                     "role": "project_manager"})
    assert dup.status_code == 409 and dup.json()["code"] == "project_member_exists" and dup.json()["message_bn"]
    bad = client.post("/api/v1/projects/projects/TEAM-1/team", json={"user_id": str(users["karim"]), "role": "chef"})
    assert bad.status_code == 422 and bad.json()["field"] == "role" and "প্রকল্প ব্যবস্থাপক" in bad.json()["message_bn"]
    nobody = client.post("/api/v1/projects/projects/TEAM-1/team", json={"user_id": str(uuid4()), "role": "site_engineer"})
    assert nobody.status_code == 422 and nobody.json()["code"] == "project_member_user_unknown"
    client.post("/api/v1/projects/projects/TEAM-1/team", json={"user_id": str(users["karim"]), "role": "site_engineer"})
    team = client.get("/api/v1/projects/projects/TEAM-1/team").json()
    assert [(m["role"], m["user_name"]) for m in team] == [("project_manager", "Rahim"), ("site_engineer", "Karim")]
    assert projects_api.members_with_role(p.id, "project_manager") == [users["rahim"]]
    left = client.delete(f"/api/v1/projects/projects/TEAM-1/team/{member['id']}")
    assert left.status_code == 200 and [m["role"] for m in left.json()] == ["site_engineer"]
    assert projects_api.members_with_role(p.id, "project_manager") == []
    gone = client.delete(f"/api/v1/projects/projects/TEAM-1/team/{member['id']}")
    assert gone.status_code == 404 and "পাওয়া যায়নি" in gone.json()["message_bn"]


def test_graphql_team(client, users):
    service.create_project("TEAM-2", "Team two")
    add = client.post("/graphql", json={"query": """mutation($u: ID!) {
        addProjectTeamMember(project: "TEAM-2", userId: $u, role: "quantity_surveyor") { id role roleNameBn userId } }""",
                                        "variables": {"u": str(users["karim"])}}).json()
    assert "errors" not in add, add
    m = add["data"]["addProjectTeamMember"]
    assert (m["role"], m["roleNameBn"]) == ("quantity_surveyor", "পরিমাণ জরিপকারী")
    q = client.post("/graphql", json={"query": '{ project(ref: "TEAM-2") { team { role userId } } '
                                                'projectTeamRoles { code nameBn } }'}).json()
    assert q["data"]["project"]["team"] == [{"role": "quantity_surveyor", "userId": str(users["karim"])}]
    assert len(q["data"]["projectTeamRoles"]) == 5
    rm = client.post("/graphql", json={"query": 'mutation($m: ID!) { removeProjectTeamMember(project: "TEAM-2", '
                                                'memberId: $m) { id } }', "variables": {"m": m["id"]}}).json()
    assert rm["data"]["removeProjectTeamMember"] == []


def test_the_project_page_team_section_in_english_and_bangla(client, users):
    from vextrus.modules.auth import api as auth_api

    service.create_project("TEAM-3", "Team three")
    assert client.get("/projects/TEAM-3?lang=en").status_code == 200
    token = client.cookies.get("vx_csrf")
    email = auth_api.user(users["rahim"]).email
    r = client.post("/projects/TEAM-3/team", data={"csrf_token": token, "role": "site_engineer", "email": email},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("#team")
    en = unescape(client.get("/projects/TEAM-3?lang=en").text)
    assert "Project team" in en and "Site engineer" in en and "Rahim" in en
    bn = unescape(client.get("/projects/TEAM-3?lang=bn").text)
    assert "প্রকল্প দল" in bn and "সাইট প্রকৌশলী" in bn and "দলে যোগ করুন" in bn
    unknown = client.post("/projects/TEAM-3/team?lang=bn", data={"csrf_token": token, "role": "site_engineer",
                                                                 "email": "nobody@nowhere.example"})
    assert unknown.status_code == 422 and "এই ই-মেইলের কোনো ব্যবহারকারী নেই" in unescape(unknown.text)
    assert 'value="nobody@nowhere.example"' in unknown.text  # what was typed is kept
    [m] = service.list_members("TEAM-3")
    out = client.post(f"/projects/TEAM-3/team/{m.id}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and service.list_members("TEAM-3") == []
