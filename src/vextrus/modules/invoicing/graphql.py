"""The invoicing subgraph."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Connection, PageInfo, Subgraph
from vextrus.platform.ids import parse_id

from . import service
from .schemas import NoteInput, NoteView


@strawberry.federation.type(keys=["id"], name="InvoicingNote")  # type names are unique across modules
class Note:
    id: strawberry.ID
    code: str
    title: str
    title_bn: str
    version: int

    @classmethod
    def of(cls, v: NoteView) -> Note:
        return cls(**{**v.model_dump(), "id": strawberry.ID(str(v.id))})

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Note:  # noqa: A002
        return cls.of(service.get_note(parse_id(id, "id")))


@strawberry.type
class InvoicingQuery:
    @strawberry.field
    def invoicing_notes(self, first: int = 50, after: str | None = None) -> Connection[Note]:
        page = service.list_notes(first, after)
        return Connection(nodes=[Note.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))


@strawberry.type
class InvoicingMutation:
    @strawberry.mutation
    def create_invoicing_note(self, code: str, title: str, title_bn: str = "",
                            idempotency_key: str | None = None) -> Note:
        return Note.of(service.create_note(NoteInput(code=code, title=title, title_bn=title_bn),
                                           idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=InvoicingQuery, mutation=InvoicingMutation, types=(Note,))
