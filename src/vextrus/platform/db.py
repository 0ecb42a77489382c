"""Database plumbing: engines for SQLite and PostgreSQL, per-module metadata, exact money columns.

On PostgreSQL each module owns a schema (`finance.journal_entry`); on SQLite the same tables
live in one file (schemas are translated away), so table names must be unique across modules.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, DateTime, MetaData, Uuid, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from vextrus.platform import clock
from vextrus.platform.errors import ConfigurationError, ValidationFailed
from vextrus.platform.ids import new_id

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def module_metadata(schema: str) -> MetaData:
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


def declarative_base(schema: str) -> type[DeclarativeBase]:
    """A declarative base whose tables live in the module's own schema."""

    class Base(DeclarativeBase):
        metadata = module_metadata(schema)
        type_annotation_map = {datetime: UtcDateTime, UUID: Uuid}

    Base.__name__ = f"{schema.title()}Base"
    return Base


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both databases (SQLite stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Amount(TypeDecorator):
    """An exact decimal stored as a scaled integer, so SUM stays exact on SQLite too.

    `Amount(2)` keeps poisha; `Amount(6)` suits exchange rates and quantities. A value with
    more decimals than the column keeps is refused rather than silently rounded.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int = 2):
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value: Decimal | int | None, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("Amount columns take Decimal, never float")
        scaled = Decimal(value).scaleb(self.scale)
        if scaled != scaled.to_integral_value():
            raise ValidationFailed(
                "amount_precision", f"{value} has more than {self.scale} decimal places",
                f"{value} এ {self.scale} দশমিক স্থানের বেশি আছে", details={"scale": self.scale},
            )
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale)

    def from_sum(self, value: int | None) -> Decimal:
        """Turn a SQL SUM over this column back into a Decimal."""
        return Decimal(int(value or 0)).scaleb(-self.scale)


class IdPk:
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True, default=new_id)


class TenantScoped:
    """Mixin for business rows: filtered to the current tenant automatically (see tenancy)."""

    tenant_id: Mapped[UUID] = mapped_column(Uuid, index=True, nullable=False)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=clock.now, onupdate=clock.now,
                                                 nullable=False)


def make_engine(url: str, schemas: list[str]) -> Engine:
    """Create the engine; on SQLite: WAL, foreign keys, busy timeout and BEGIN IMMEDIATE."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        engine = engine.execution_options(schema_translate_map={s: None for s in schemas})

        @event.listens_for(engine.engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _rec: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine.engine, "begin")
        def _begin_immediate(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql"):
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise ConfigurationError(
                "setting VEXTRUS_DATABASE_URL names PostgreSQL but psycopg is not installed "
                "(pip install 'vextrus[postgres]')"
            ) from None
        return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    raise ConfigurationError(f"setting VEXTRUS_DATABASE_URL is invalid: unsupported database '{url}'")


def describe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
