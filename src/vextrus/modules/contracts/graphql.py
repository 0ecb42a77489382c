"""The contracts subgraph."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Subgraph


@strawberry.type
class ContractsQuery:
    @strawberry.field
    def contracts_ping(self) -> bool:
        return True


SUBGRAPH = Subgraph(query=ContractsQuery)
