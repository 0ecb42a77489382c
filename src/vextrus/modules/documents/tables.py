"""Tables of the documents module (schema `documents`): generated documents (immutable: the PDF is a
file of the files module, named by id) and the number sequences."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Date, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("documents")


class Document(IdPk, TenantScoped, Timestamped, Base):
    """One generated document. Never updated: a correction is a new document."""

    __tablename__ = "documents_document"
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    doc_type: Mapped[str] = mapped_column(String(60))
    lang: Mapped[str] = mapped_column(String(5))
    number: Mapped[str] = mapped_column(String(60))
    doc_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    data_hash: Mapped[str] = mapped_column(String(64))
    file_id: Mapped[UUID] = mapped_column(Uuid)  # the PDF, in the files module
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    source_type: Mapped[str | None] = mapped_column(String(80))
    source_id: Mapped[UUID | None] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "doc_type", "number", "lang"),)  # numbered per company


class Sequence(IdPk, TenantScoped, Versioned, Base):
    """The last serial given per company, document type and fiscal year (a versioned row: two requests
    taking the same serial cannot both commit)."""

    __tablename__ = "documents_sequence"
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    doc_type: Mapped[str] = mapped_column(String(60))
    fiscal_year: Mapped[str] = mapped_column(String(9))
    last: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "doc_type", "fiscal_year"),)


class Template(IdPk, TenantScoped, Timestamped, Base):
    """A tenant's own version of a document type's template in one language. Each save is a new row (the
    history); the highest revision is in use; an empty body goes back to the template shipped with Vextrus."""

    __tablename__ = "documents_template"
    doc_type: Mapped[str] = mapped_column(String(60))
    lang: Mapped[str] = mapped_column(String(5))
    revision: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(200), default="")
    saved_by: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("tenant_id", "doc_type", "lang", "revision"),)
