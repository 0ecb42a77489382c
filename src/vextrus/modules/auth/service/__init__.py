"""Auth commands and queries, one file per aggregate: `users`, `roles` (grants, assignments, the last
owner, the two-step rule per role), `permissions` (effective permissions of a user), `sessions`
(sign-in, refresh, company switch; with `mfa`, `password_links` and `api_keys` beside it), `passwords`
(hashing and policy) and `lookups`. Permission checks happen here, so GraphQL, REST, CLI and jobs
obey them alike.

DTOs are in `schemas.py`, value rules in `domain/`, the stores of the domain's refresh families and
sign-in attempts in `repository.py`. Every public name of users, roles and permissions is re-exported
here as before (`from vextrus.modules.auth import service; service.create_user(...)`); sessions are
`from vextrus.modules.auth.service import sessions`.
"""

from ..schemas import (
    ApiKeyView,
    AssignmentView,
    Enrolment,
    GrantView,
    LoginResult,
    NewApiKeyView,
    PendingResetLink,
    RoleView,
    UserInput,
    UserView,
)
from . import lookups, passwords, permissions, roles, sessions, users
from .lookups import (
    check_company,
    find_role,
    find_user,
    holders_of_role,
    mobile_number,
    user_or_none,
    user_view,
)
from .passwords import POLICY, generate_password, hashed_outside, hasher, set_password, use_hasher
from .permissions import (
    amount_limit,
    companies_of_user,
    default_company,
    grants_of,
    mfa_required_for,
    permission_vocabulary,
    roles_of,
)
from .roles import (
    add_missing_default_grants,
    assign_role,
    assignments_of,
    assignments_of_users,
    list_roles,
    permission_matrix,
    save_role,
    seed_default_roles,
    set_mfa_required,
    unassign_role,
)
from .users import (
    admin_reset_password,
    create_user,
    get_user,
    list_users,
    set_active,
    sign_in_throttled,
    unlock_sign_in,
    update_user,
    user_by_email,
    users_page,
)

_user = find_user  # the name sessions and older callers used

__all__ = [
    "POLICY", "ApiKeyView", "AssignmentView", "Enrolment", "GrantView", "LoginResult", "NewApiKeyView",
    "PendingResetLink", "RoleView", "UserInput", "UserView", "add_missing_default_grants", "admin_reset_password",
    "amount_limit", "assign_role", "holders_of_role", "user_or_none", "assignments_of", "assignments_of_users", "check_company", "companies_of_user",
    "create_user", "default_company", "find_role", "find_user", "generate_password", "get_user", "grants_of",
    "hashed_outside", "hasher", "list_roles", "list_users", "lookups", "mfa_required_for", "mobile_number",
    "passwords", "permission_matrix", "permission_vocabulary", "permissions", "roles", "roles_of", "save_role",
    "seed_default_roles", "sessions", "set_active", "set_mfa_required", "set_password", "sign_in_throttled",
    "unassign_role", "unlock_sign_in", "update_user", "use_hasher", "user_by_email", "user_view", "users",
    "users_page",
]
