"""The documents subgraph: document types, generated documents, and generating one."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.graphql import Subgraph, dto_type
from vextrus.platform.ids import parse_id

from . import service
from .schemas import DocumentView, TemplateInput, TemplateRevision, TemplateView


@strawberry.type
class DocumentKind:
    code: str
    title: str
    title_bn: str
    prefix: str
    source_type: str | None
    fields: JSON = strawberry.field(description="JSON schema of the data the type takes")


@strawberry.federation.type(keys=["id"])
class GeneratedDocument:
    id: strawberry.ID
    doc_type: str
    lang: str
    number: str
    doc_date: date
    title: str
    data: JSON
    data_hash: str
    file_id: strawberry.ID
    pdf_sha256: str
    source_type: str | None
    source_id: strawberry.ID | None
    created_by: str
    created_at: datetime
    verify_path: str
    output: str

    @strawberry.field
    def pdf_path(self) -> str:
        """The stored file's download path: `/pdf`, or `/docx` for Word documents."""
        return f"/api/v1/documents/{self.id}/{self.output}"

    @classmethod
    def of(cls, d: DocumentView) -> GeneratedDocument:
        return cls(id=strawberry.ID(str(d.id)), doc_type=d.doc_type, lang=d.lang, number=d.number,
                   doc_date=d.doc_date, title=d.title, data=d.data, data_hash=d.data_hash,
                   file_id=strawberry.ID(str(d.file_id)), pdf_sha256=d.pdf_sha256, source_type=d.source_type,
                   source_id=strawberry.ID(str(d.source_id)) if d.source_id else None, created_by=d.created_by,
                   created_at=d.created_at, verify_path=d.verify_path, output=d.output)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> GeneratedDocument:  # noqa: A002
        return cls.of(service.get_document(parse_id(id)))


@dto_type(TemplateRevision, name="DocumentTemplateRevision")
class DocumentTemplateRevision:
    pass


@dto_type(TemplateView, name="DocumentTemplate")
class DocumentTemplate:
    pass


@strawberry.type
class DocumentsQuery:
    @strawberry.field(description="The template a document type uses in one language (the company's own or shipped)")
    def document_template(self, doc_type: str, lang: str) -> DocumentTemplate:
        return DocumentTemplate.from_pydantic(service.get_template(doc_type, lang))

    @strawberry.field
    def document_types(self) -> list[DocumentKind]:
        return [DocumentKind(code=t.code, title=t.title, title_bn=t.title_bn, prefix=t.prefix,
                             source_type=t.source_type, fields=t.fields) for t in service.document_types()]

    @strawberry.field
    def generated_documents(self, doc_type: str | None = None, source_id: strawberry.ID | None = None,
                            limit: int = 100) -> list[GeneratedDocument]:
        return [GeneratedDocument.of(d) for d in service.list_documents(
            doc_type, parse_id(source_id, "sourceId") if source_id else None, limit)]

    @strawberry.field
    def generated_document(self, id: strawberry.ID) -> GeneratedDocument:  # noqa: A002
        return GeneratedDocument.of(service.get_document(parse_id(id)))


@strawberry.type
class DocumentsMutation:
    @strawberry.mutation(description="Number, render and store a document (lang: en or bn)")
    def generate_document(self, doc_type: str, lang: str, data: JSON, source_id: strawberry.ID | None = None,
                          idempotency_key: str | None = None) -> GeneratedDocument:
        return GeneratedDocument.of(service.generate(doc_type, lang, data, source_id=parse_id(source_id, "sourceId")
                                                     if source_id else None, idempotency_key=idempotency_key))


    @strawberry.mutation(description="Save the company's template of a document type in one language (checked on "
                                     "the sample data; an empty body goes back to the shipped template)")
    def save_document_template(self, doc_type: str, lang: str, body: str, expected_revision: int | None = None,
                               note: str = "", idempotency_key: str | None = None) -> DocumentTemplate:
        return DocumentTemplate.from_pydantic(service.save_template(
            doc_type, lang, TemplateInput(body=body, expected_revision=expected_revision, note=note),
            idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=DocumentsQuery, mutation=DocumentsMutation, types=(GeneratedDocument,))
