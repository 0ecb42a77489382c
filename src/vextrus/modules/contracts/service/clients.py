"""What a contract's client reads of their own contracts (the customer portal, through `contracts.api`)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.uow import UnitOfWork, query

from ..repository import contract_view
from ..schemas import ContractView
from ..tables import ContractRow
from .contracts import party_name


@query("contracts.contract.read")
def client_contracts(uow: UnitOfWork, party_id: UUID) -> list[ContractView]:
    """The client contracts whose client is the party, in the active company, by code, with the list's figures
    (billed to date, retention and security deposit held; no bills). Subcontracts (the party as subcontractor)
    are not among them."""
    stmt = select(ContractRow).where(ContractRow.client_party_id == party_id, ContractRow.kind == "client")
    scope = context.company_scope()
    if scope is not None:
        stmt = stmt.where(ContractRow.company_id == scope)
    rows = [r for r in uow.session.scalars(stmt.order_by(ContractRow.code))
            if r.tenant_id == context.current().tenant_id]
    name = party_name(party_id) if rows else ("", "")
    return [contract_view(uow.session, r, name, full=False) for r in rows]


@query("contracts.contract.read")
def client_parties(uow: UnitOfWork) -> list[UUID]:
    """The parties that are the client of a client contract in the active company (each once): whom the
    portal's invitation page offers besides the customers."""
    stmt = select(ContractRow.client_party_id).where(ContractRow.kind == "client").distinct()
    scope = context.company_scope()
    if scope is not None:
        stmt = stmt.where(ContractRow.company_id == scope)
    return sorted(set(uow.session.scalars(stmt)), key=str)
