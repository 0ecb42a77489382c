"""The invoicing subgraph: invoices by id and by company (read only for now; REST and pages write)."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Connection, PageInfo, Subgraph
from vextrus.platform.ids import parse_id

from . import service
from .schemas import InvoiceView


@strawberry.federation.type(keys=["id"], name="InvoicingInvoice")  # type names are unique across modules
class Invoice:
    id: strawberry.ID
    kind: str
    number: str | None
    status: str
    party_name: str
    invoice_date: str
    net: str
    vat: str
    gross: str
    paid: str

    @classmethod
    def of(cls, v: InvoiceView) -> Invoice:
        return cls(id=strawberry.ID(str(v.id)), kind=v.kind, number=v.number, status=v.status,
                   party_name=v.party_name, invoice_date=v.invoice_date.isoformat(), net=str(v.net), vat=str(v.vat),
                   gross=str(v.gross), paid=str(v.paid))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Invoice:  # noqa: A002
        return cls.of(service.get_invoice(parse_id(id, "id")))


@strawberry.type
class InvoicingQuery:
    @strawberry.field
    def invoicing_invoices(self, company_id: strawberry.ID, kind: str | None = None, first: int = 50,
                           after: str | None = None) -> Connection[Invoice]:
        page = service.list_invoices(parse_id(company_id, "company_id"), kind, first, after)
        return Connection(nodes=[Invoice.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))


SUBGRAPH = Subgraph(query=InvoicingQuery, types=(Invoice,))
