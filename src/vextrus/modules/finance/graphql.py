"""The finance subgraph."""

import strawberry

from vextrus.platform.graphql import Subgraph


@strawberry.type
class FinanceQuery:
    @strawberry.field
    def finance_ready(self) -> bool:
        return True


SUBGRAPH = Subgraph(query=FinanceQuery)
