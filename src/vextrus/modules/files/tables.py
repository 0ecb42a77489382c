"""Tables of the files module (schema `files`): stored contents (blobs, one per SHA-256 and tenant),
attachments on other modules' objects (by type and id, never a foreign key), and their versions."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vextrus.platform import clock
from vextrus.platform.db import IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("files")


class Blob(IdPk, TenantScoped, Base):
    """Stored bytes, addressed by their SHA-256: the same content uploaded twice is stored once."""

    __tablename__ = "files_blob"
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(120))
    storage_key: Mapped[str] = mapped_column(String(200))
    scan_status: Mapped[str] = mapped_column(String(20))  # clean | infected | not_scanned | error
    scan_detail: Mapped[str | None] = mapped_column(String(200))
    thumbnail_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now)
    __table_args__ = (UniqueConstraint("tenant_id", "sha256"),)


class File(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """One attachment on an object of some module (`finance.journal_entry` + its id), with versions."""

    __tablename__ = "files_file"
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    object_type: Mapped[str] = mapped_column(String(80))
    object_id: Mapped[UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(200))
    current_number: Mapped[int] = mapped_column(Integer)
    immutable: Mapped[bool] = mapped_column(default=False)  # generated documents: no new version, no delete
    created_by: Mapped[str] = mapped_column(String(120))
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deleted_by: Mapped[str | None] = mapped_column(String(120))
    versions: Mapped[list[FileVersion]] = relationship(
        back_populates="file", cascade="all, delete-orphan", lazy="selectin", order_by="FileVersion.number")
    __table_args__ = (Index("ix_files_file_object", "tenant_id", "object_type", "object_id"),)


class FileVersion(IdPk, TenantScoped, Base):
    __tablename__ = "files_version"
    file_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("files.files_file.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    blob_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("files.files_blob.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(400))
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now)
    file: Mapped[File] = relationship(back_populates="versions")
    blob: Mapped[Blob] = relationship(lazy="joined")
    __table_args__ = (UniqueConstraint("file_id", "number"),)
