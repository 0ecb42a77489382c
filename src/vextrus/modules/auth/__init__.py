"""Auth: users, sign-in (passwords, JWT, refresh sessions, TOTP, API keys), roles and permissions.

The pure security rules live in `domain/`; this package stores them and serves them.
"""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.auth"

MODULE = Module(
    name="auth",
    title="Users and access",
    title_bn="ব্যবহারকারী ও প্রবেশাধিকার",
    depends_on=("organization", "master_data"),
    uses=("organization.member.manage",),  # holding a role in a company makes the user its member
    permissions=(
        Permission("auth.user.view", "View users", "ব্যবহারকারী দেখা"),
        Permission("auth.user.create", "Invite or create users", "ব্যবহারকারী তৈরি"),
        Permission("auth.user.update", "Change, activate or deactivate users", "ব্যবহারকারী পরিবর্তন"),
        Permission("auth.user.reset_password", "Reset other users' passwords", "অন্যের পাসওয়ার্ড রিসেট"),
        Permission("auth.role.view", "View roles and permissions", "ভূমিকা ও অনুমতি দেখা"),
        Permission("auth.role.manage", "Create and change roles", "ভূমিকা তৈরি ও পরিবর্তন"),
        Permission("auth.role.assign", "Assign roles to users", "ব্যবহারকারীকে ভূমিকা দেওয়া"),
        Permission("auth.mfa_policy.manage", "Require two-step verification for roles",
                   "ভূমিকার জন্য দুই-ধাপ যাচাইকরণ বাধ্যতামূলক করা"),
        Permission("auth.api_key.manage", "Create and revoke own API keys", "নিজের এপিআই কি তৈরি ও বাতিল"),
    ),
    nav=(
        NavItem("Users", "ব্যবহারকারী", "/auth/users", "auth.user.view"),
        NavItem("Roles", "ভূমিকা", "/auth/roles", "auth.role.view"),
        NavItem("API keys", "এপিআই কি", "/auth/api-keys", "auth.api_key.manage"),
    ),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    home=f"{_P}.web:home_cards",
    always_loaded=True,  # every process authenticates its requests
    graphql=f"{_P}.graphql:SUBGRAPH",
    handlers=f"{_P}.handlers:subscriptions",
    cli=f"{_P}.cli:app",
    cli_name="users",
    demo=f"{_P}.demo:load",
    first_run=f"{_P}.web_auth:first_run",
    authenticator=f"{_P}.web_auth:authenticate",
    acts_for=f"{_P}.service.sessions:context_for",  # background runs act as their submitter (platform.background)
)
