"""A project's team (issue 13): who works on a project in which role, a small fixed list of roles with their
English and Bangla names. Approval steps "by project role" go to the project's members holding the role."""

from __future__ import annotations

from vextrus.platform.errors import DomainError, NotFound, ValidationFailed

TEAM_ROLES: dict[str, tuple[str, str]] = {
    "project_manager": ("Project manager", "প্রকল্প ব্যবস্থাপক"),
    "site_engineer": ("Site engineer", "সাইট প্রকৌশলী"),
    "quantity_surveyor": ("Quantity surveyor", "পরিমাণ জরিপকারী"),
    "site_accountant": ("Site accountant", "সাইট হিসাবরক্ষক"),
    "store_keeper": ("Store keeper", "ভান্ডাররক্ষক"),
}


def check_team_role(role: str, field: str = "role") -> str:
    """The role code, or a refusal naming the roles there are."""
    if role not in TEAM_ROLES:
        raise ValidationFailed("project_team_role", f"Team role is one of: {', '.join(TEAM_ROLES)}",
                               "দলের ভূমিকা: " + ", ".join(bn for _, bn in TEAM_ROLES.values()), field=field,
                               details={"roles": list(TEAM_ROLES)})
    return role


class MemberNotFound(NotFound):
    def __init__(self, key: object):
        DomainError.__init__(self, "not_found", f"Team member '{key}' was not found",
                             f"দলের সদস্য '{key}' পাওয়া যায়নি", field="member_id",
                             details={"object": "team member", "key": str(key)})
