"""One Settings object, read from `VEXTRUS_*` environment variables (and `.env`)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from vextrus.platform.errors import ConfigurationError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VEXTRUS_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./vextrus.db"
    # the role that owns the schemas and runs migrations (PostgreSQL); unset: database_url does both,
    # which suits SQLite and a one-role development database, not production (docs/operations.md)
    migration_database_url: str | None = None
    bus_url: str = "memory://"
    bus_stream: str = Field(default="vextrus", pattern=r"^[a-z][a-z0-9_]*$")  # NATS stream/subject prefix per deployment
    files_url: str = "file://./var/files"
    jobs_url: str = "sqlite://"  # sqlite:// = a queue file in the data dir; redis://host:6379/0 to scale out
    modules: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["all"])
    data_dir: Path = Path("./var")
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_format: Literal["console", "json"] = "console"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    auto_migrate: bool = True
    base_url: str | None = None
    tracing: Literal["none", "console", "otlp"] = "none"  # OpenTelemetry spans: off, to stdout, or OTLP/HTTP
    otlp_endpoint: str = "http://127.0.0.1:4318"  # OTLP/HTTP collector; spans go to <endpoint>/v1/traces
    service_name: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    # request bounds (docs/security.md): bodies, and the work one GraphQL operation may ask for
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)  # any request body (JSON, forms, GraphQL)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)  # imports and uploads
    max_concurrent_uploads: int = Field(default=2, ge=1)  # imports running at once; more wait, holding no thread
    import_max_rows: int = Field(default=50_000, ge=1)  # data rows of one CSV import (parties, items, rates)
    graphql_max_depth: int = Field(default=12, ge=2)  # nesting of selections
    graphql_max_aliases: int = Field(default=30, ge=0)  # aliased fields in one document
    graphql_max_tokens: int = Field(default=5000, ge=100)  # lexical tokens in one document
    graphql_max_cost: int = Field(default=200_000, ge=100)  # fields, each multiplied by the pages above it
    graphql_max_page_size: int = Field(default=5000, ge=1)  # largest `first`/`limit` a list field accepts
    graphql_public_schema: bool = False  # introspection and /graphql/sdl without signing in
    # `vextrus serve` processes (docs/performance.md): unset = one per core serving every module, one
    # process serving some (`--modules`: the scale-out shape, where the orchestrator adds processes)
    workers: int | None = Field(default=None, ge=1, le=64)
    # PostgreSQL connections of ONE process (each worker has its own pool): kept open, and extra under load
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=20, ge=0, le=400)

    @field_validator("modules", mode="before")
    @classmethod
    def _split_modules(cls, v: object) -> object:
        if isinstance(v, str):
            return [m.strip() for m in v.split(",") if m.strip()] or ["all"]
        return v

    @field_validator("database_url", "migration_database_url")
    @classmethod
    def _known_database(cls, v: str | None, info: ValidationInfo) -> str | None:
        if not v and info.field_name == "migration_database_url":
            return None  # unset (or empty in a compose file): the one URL does both
        v = v or ""
        if not (v.startswith("sqlite") or v.startswith("postgresql")):
            raise ValueError("must start with sqlite:// or postgresql://")
        if v.startswith("postgresql://"):
            v = "postgresql+psycopg://" + v.removeprefix("postgresql://")
        return v

    @field_validator("bus_url")
    @classmethod
    def _known_bus(cls, v: str) -> str:
        if not (v.startswith("memory://") or v.startswith("nats://")):
            raise ValueError("must be memory:// or nats://host:port")
        return v

    @field_validator("jobs_url")
    @classmethod
    def _known_jobs(cls, v: str) -> str:
        if not (v.startswith("sqlite://") or v.startswith("redis://")):
            raise ValueError("must be sqlite:// (embedded) or redis://host:6379/0")
        return v

    @field_validator("otlp_endpoint")
    @classmethod
    def _known_otlp(cls, v: str) -> str:
        if not (v.startswith("http://") or v.startswith("https://")):
            raise ValueError("must be an OTLP/HTTP URL like http://collector:4318")
        return v.rstrip("/")

    def resolved_workers(self) -> int:
        """`VEXTRUS_WORKERS`, else one per core for the whole app, one process for some modules."""
        import os

        if self.workers:
            return self.workers
        return (os.cpu_count() or 1) if not self.modules or self.modules == ["all"] else 1

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolved_service_name(self) -> str:
        """The tracing service name: `VEXTRUS_SERVICE_NAME`, else `vextrus`, or `vextrus-finance` for a
        process serving only some modules (`serve --modules finance`)."""
        if self.service_name:
            return self.service_name
        if not self.modules or self.modules == ["all"]:
            return "vextrus"
        return "vextrus-" + "-".join(self.modules)

    def resolved_secret_key(self) -> str:
        """The signing secret: from the environment, else generated once into the data dir."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


def load_settings(**overrides: object) -> Settings:
    """Read settings; a malformed value becomes one clear line naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "VEXTRUS_" + str(first["loc"][0]).upper() if first.get("loc") else "VEXTRUS_*"
        got = first.get("input")
        raise ConfigurationError(f"setting {name} is invalid: {first['msg']} (got {got!r})") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
