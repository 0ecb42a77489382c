"""The files module's own deployment settings (`VEXTRUS_FILES_*`); where files live is the platform's
`VEXTRUS_FILES_URL` (file://, s3://) and the upload size limit is `VEXTRUS_MAX_UPLOAD_BYTES`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from vextrus.platform import runtime

from .scanning import Scanner, scanner_from
from .storage import BlobStore, store_from_url


class FilesSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VEXTRUS_FILES_", env_file=".env", extra="ignore")

    clamd: str | None = None  # tcp://127.0.0.1:3310 or /run/clamav/clamd.ctl; unset: files are "not scanned"
    retention_days: int = Field(default=30, ge=0)  # a deleted file stays restorable this long, then is purged
    link_seconds: int = Field(default=900, ge=10, le=7 * 24 * 3600)  # life of a download link
    thumbnails: bool = True


@lru_cache(maxsize=1)
def files_settings() -> FilesSettings:
    return FilesSettings()


_stores: dict[tuple[str, str], BlobStore] = {}


def store() -> BlobStore:
    """The blob store of the running process (from `VEXTRUS_FILES_URL`, under the data dir by default)."""
    s = runtime.current().settings
    key = (s.files_url, str(Path(s.data_dir).resolve()))
    if key not in _stores:
        _stores[key] = store_from_url(s.files_url, Path(s.data_dir))
    return _stores[key]


def use_store(blob_store: BlobStore | None) -> None:
    """Tests and tools: make this process use another store (None: back to the configured one)."""
    s = runtime.current().settings
    key = (s.files_url, str(Path(s.data_dir).resolve()))
    if blob_store is None:
        _stores.pop(key, None)
    else:
        _stores[key] = blob_store


_scanner: list[Scanner] = []


def scanner() -> Scanner:
    return _scanner[0] if _scanner else scanner_from(files_settings().clamd)


def use_scanner(s: Scanner | None) -> None:
    _scanner.clear()
    if s is not None:
        _scanner.append(s)


def max_bytes() -> int:
    return runtime.current().settings.max_upload_bytes
