"""The auth subgraph: the federated `User` entity, roles, and the signed-in user."""

from __future__ import annotations

import strawberry

from vextrus.platform import context
from vextrus.platform.errors import Unauthenticated
from vextrus.platform.graphql import Connection, Subgraph, dto_input, dto_type, to_connection
from vextrus.platform.ids import parse_id

from . import service

# Types and inputs derive from the service's DTOs (schemas.py); tests/platform/test_dto_parity.py holds them together.

@dto_type(service.GrantView)
class RoleGrant:
    pass


@dto_type(service.RoleView)
class Role:
    id: strawberry.ID
    company_id: strawberry.ID


@dto_type(service.AssignmentView)
class RoleAssignment:
    id: strawberry.ID
    user_id: strawberry.ID
    company_id: strawberry.ID
    scope_id: strawberry.ID | None


@dto_type(service.UserView, keys=["id"])
class User:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:  # noqa: A002
        return cls.of(service.get_user(parse_id(id, "id")))

    @strawberry.field
    def roles(self) -> list[RoleAssignment]:
        return [RoleAssignment.of(a) for a in service.assignments_of(parse_id(self.id, "id"))]


@dto_input(service.UserInput)
class UserInput:
    pass


@strawberry.type
class AuthQuery:
    @strawberry.field(description="The signed-in user")
    def me(self) -> User:
        uid = context.current().user_id
        if uid is None:
            raise Unauthenticated()
        return User.of(service.get_user(uid))

    @strawberry.field(description="Users of the tenant (or holding a role in one company), oldest first")
    def users(self, company_id: strawberry.ID | None = None, first: int = 50,
              after: str | None = None) -> Connection[User]:
        page = service.users_page(parse_id(company_id, "company_id") if company_id else None, first=first, after=after)
        return to_connection(page, User.of)

    @strawberry.field
    def user(self, id: strawberry.ID) -> User:  # noqa: A002
        return User.of(service.get_user(parse_id(id, "id")))

    @strawberry.field
    def roles(self, company_id: strawberry.ID) -> list[Role]:
        return [Role.of(r) for r in service.list_roles(parse_id(company_id, "company_id"))]


@strawberry.type
class AuthMutation:
    @strawberry.mutation
    def create_user(self, input: UserInput, company_id: strawberry.ID | None = None, roles: list[str] | None = None,
                    idempotency_key: str | None = None) -> User:
        """Invite a user: they receive a link to set their password."""
        return User.of(service.create_user(input.to_model(), None, parse_id(company_id, "company_id") if company_id else None,
                                           roles or [], idempotency_key=idempotency_key))

    @strawberry.mutation
    def update_user(self, id: strawberry.ID, input: UserInput, expected_version: int | None = None) -> User:  # noqa: A002
        return User.of(service.update_user(parse_id(id, "id"), input.to_model(), expected_version))

    @strawberry.mutation
    def set_user_active(self, id: strawberry.ID, active: bool) -> User:  # noqa: A002
        return User.of(service.set_active(parse_id(id, "id"), active))

    @strawberry.mutation(description="Let a user sign in again at once from every address (clears the throttling "
                                     "of their account); returns how many addresses were being slowed down")
    def unlock_sign_in(self, user_id: strawberry.ID) -> int:
        return service.unlock_sign_in(parse_id(user_id, "user_id"))

    @strawberry.mutation
    def assign_role(self, user_id: strawberry.ID, company_id: strawberry.ID, role_code: str,
                    scope_kind: str | None = None, scope_id: strawberry.ID | None = None,
                    idempotency_key: str | None = None) -> RoleAssignment:
        a = service.assign_role(parse_id(user_id, "user_id"), parse_id(company_id, "company_id"), role_code, scope_kind,
                                parse_id(scope_id, "scope_id") if scope_id else None, idempotency_key=idempotency_key)
        return RoleAssignment.of(a)


SUBGRAPH = Subgraph(query=AuthQuery, mutation=AuthMutation, types=(User,))
