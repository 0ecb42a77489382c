"""A project's team (issue 13): members (auth's users) in a role of `domain.team.TEAM_ROLES`; approval steps
"by project role" go to them (`projects.api.members_with_role`)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context, runtime
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work

from ..domain.team import TEAM_ROLES, MemberNotFound, check_team_role
from ..events import ProjectUpdated
from ..schemas import TeamMemberInput, TeamMemberView, TeamRoleView
from ..tables import Project, TeamMember
from .lookups import find_project


def team_roles() -> list[TeamRoleView]:
    return [TeamRoleView(code=c, name=en, name_bn=bn) for c, (en, bn) in TEAM_ROLES.items()]


def _auth_running() -> bool:
    return "auth" in runtime.current().registry.names


def _view(m: TeamMember) -> TeamMemberView:
    en, bn = TEAM_ROLES.get(m.role, (m.role, m.role))
    name = email = ""
    if _auth_running():
        from vextrus.modules.auth import api as auth

        u = auth.user(m.user_id)
        if u is not None:
            name, email = u.name, u.email
    return TeamMemberView(id=m.id, project_id=m.project_id, user_id=m.user_id, role=m.role, role_name=en,
                          role_name_bn=bn, added_by=m.added_by, added_at=m.added_at, user_name=name, user_email=email)


@query("projects.project.read")
def list_members(uow: UnitOfWork, project: UUID | str) -> list[TeamMemberView]:
    p = find_project(uow, project)
    rows = uow.session.execute(select(TeamMember).where(TeamMember.project_id == p.id)
                               .order_by(TeamMember.role, TeamMember.added_at, TeamMember.id)).scalars()
    return [_view(m) for m in rows]


@query("projects.project.read")
def get_member(uow: UnitOfWork, project: UUID | str, member_id: UUID) -> TeamMemberView:
    p = find_project(uow, project)
    m = uow.session.get(TeamMember, member_id)
    if m is None or m.project_id != p.id:
        raise MemberNotFound(member_id)
    return _view(m)


@command("projects.project.update", scope="projects.add_member")
def add_member(uow: UnitOfWork, project: UUID | str, data: TeamMemberInput) -> TeamMemberView:
    """Put a user on the project's team in a role; the same user may hold several roles, each once."""
    p = find_project(uow, project)
    check_team_role(data.role)
    if _auth_running():
        from vextrus.modules.auth import api as auth

        if auth.user(data.user_id) is None:
            raise ValidationFailed("project_member_user_unknown", f"User {data.user_id} does not exist",
                                   "ব্যবহারকারীটি নেই", field="user_id")
    if uow.session.execute(select(TeamMember.id).where(TeamMember.project_id == p.id, TeamMember.user_id == data.user_id,
                                                       TeamMember.role == data.role)).first() is not None:
        en, bn = TEAM_ROLES[data.role]
        raise Conflict("project_member_exists", f"This user is already on the team as {en}",
                       f"এই ব্যবহারকারী ইতিমধ্যে দলে {bn} হিসেবে আছেন", field="user_id")
    m = TeamMember(tenant_id=p.tenant_id, project_id=p.id, user_id=data.user_id, role=data.role,
                   added_by=context.current().actor[:120], added_at=clock.now())
    uow.session.add(m)
    uow.session.flush()
    uow.emit(ProjectUpdated(project_id=str(p.id), code=p.code, changed=["team"]))
    return _view(m)


@command("projects.project.update", scope="projects.remove_member")
def remove_member(uow: UnitOfWork, project: UUID | str, member_id: UUID) -> list[TeamMemberView]:
    """Take a member off the team (approvals already started keep the approvers they were given)."""
    p = find_project(uow, project)
    m = uow.session.get(TeamMember, member_id)
    if m is None or m.project_id != p.id:
        raise MemberNotFound(member_id)
    uow.session.delete(m)
    uow.session.flush()
    uow.emit(ProjectUpdated(project_id=str(p.id), code=p.code, changed=["team"]))
    rows = uow.session.execute(select(TeamMember).where(TeamMember.project_id == p.id)
                               .order_by(TeamMember.role, TeamMember.added_at, TeamMember.id)).scalars()
    return [_view(x) for x in rows]


def user_for_email(email: str) -> UUID | None:
    """The user with this e-mail (the project page's field), asked of auth as projects; None when none."""
    if not _auth_running():
        return None
    from vextrus.modules.auth import api as auth

    from .. import MODULE

    with context.calling_as(MODULE):
        u = auth.user_by_email(email.strip())
    return None if u is None else u.id


def members_with_role(project_id: UUID, role: str) -> list[UUID]:
    """The user ids of the project's members in `role` (read-only, no permission: approvals "by project
    role" ask it on behalf of the submitter). Empty for an unknown project (of this tenant) or role."""
    with unit_of_work() as uow:
        p = uow.session.get(Project, project_id)
        if p is None or p.tenant_id != context.current().tenant_id:
            return []
        return list(uow.session.execute(select(TeamMember.user_id).where(
            TeamMember.project_id == p.id, TeamMember.role == role).order_by(TeamMember.added_at, TeamMember.id))
            .scalars())
