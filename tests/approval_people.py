"""Real users holding the default construction roles in one company, for tests of approvals through the
workflow module: `people = approvers(tenant_id, company_id, {"acct": ["accountant"]}, "po")`, then
`with people.acting("acct"): ...` acts as that user exactly as auth signs them in."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from vextrus.platform import context


@dataclass
class People:
    tenant_id: UUID
    company_id: UUID
    ids: dict[str, UUID]

    def ctx(self, who: str) -> context.RequestContext:
        """Who a signed-in user is: auth's own answer (its manifest's `acts_for`, wherever auth keeps it)."""
        from vextrus.platform.modules import available_modules

        auth = available_modules()["auth"]
        return auth.load(auth.acts_for)(self.ids[who], self.tenant_id, company_id=self.company_id)

    def acting(self, who: str):  # noqa: ANN201
        return context.acting_as(self.ctx(who))


def approvers(tenant_id: UUID, company_id: UUID, roles: dict[str, list[str]], mail_domain: str) -> People:
    """The company's default roles seeded and one user per entry of `roles` (name → role codes)."""
    from vextrus.modules.auth import service as auth

    with context.acting_as(context.system_context(tenant_id)):
        auth.seed_default_roles(company_id)
        ids = {who: auth.create_user(auth.UserInput(email=f"{who}.{tenant_id.hex[-10:]}@{mail_domain}.example",
                                                    name=who.title()), "Pass-word-123", company_id, codes).id
               for who, codes in roles.items()}
    return People(tenant_id, company_id, ids)
