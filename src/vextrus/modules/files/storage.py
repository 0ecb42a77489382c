"""Where file contents live: behind `BlobStore`, on local disk (embedded default, under the data
directory) or in any S3-compatible store (AWS S3, MinIO, Ceph, moto in the tests).

Contents are addressed by their SHA-256 (`<tenant>/<ab>/<sha256>`), so the same bytes are stored once
per tenant. An upload is first *staged* (a temporary file, or an S3 multipart upload) while its hash
is computed; `commit(key)` moves it to its address (or drops it when that address already holds the
same bytes); `abort()` removes every trace. A process killed mid-upload leaves only a staging entry,
which `clean_staging` (the nightly purge job) removes: nothing is ever visible under a content key
before the whole upload was received.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

from vextrus.platform import clock
from vextrus.platform.errors import ConfigurationError

CHUNK = 1024 * 1024
S3_PART = 8 * 1024 * 1024  # S3 multipart parts must be at least 5 MiB (but the last)


class Staged(Protocol):
    size: int

    def write(self, chunk: bytes) -> None: ...
    def commit(self, key: str) -> bool: ...  # True: stored now; False: the key already held these bytes
    def abort(self) -> None: ...


class BlobStore(Protocol):
    kind: str  # "local" or "s3"

    def stage(self) -> Staged: ...
    def exists(self, key: str) -> bool: ...
    def read(self, key: str) -> Iterator[bytes]: ...
    def put(self, key: str, data: bytes) -> None: ...
    def delete(self, key: str) -> None: ...
    def presigned_url(self, key: str, seconds: int, filename: str, content_type: str) -> str | None: ...
    def list_keys(self) -> list[str]: ...  # every stored key, staging included (tests, housekeeping)
    def clean_staging(self, older_than: timedelta) -> int: ...
    def check(self) -> None: ...  # raises when the store cannot be written (readiness)


def safe_key(key: str) -> str:
    parts = key.split("/")
    if not key or any(p in ("", ".", "..") for p in parts) or "\\" in key:
        raise ValueError(f"bad blob key {key!r}")
    return key


# ---- local disk -------------------------------------------------------------------------------


class _LocalStaged:
    def __init__(self, store: LocalStore):
        self.store = store
        self.path = store.staging / f"{uuid.uuid4().hex}.part"
        self.fh: Any = open(self.path, "xb")  # noqa: SIM115 - closed in commit/abort
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.fh.write(chunk)
        self.size += len(chunk)

    def commit(self, key: str) -> bool:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        target = self.store.path(key)
        if target.exists():
            self.path.unlink(missing_ok=True)
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.path, target)  # atomic: a reader sees all of it or nothing
        return True

    def abort(self) -> None:
        try:
            self.fh.close()
        finally:
            self.path.unlink(missing_ok=True)


class LocalStore:
    kind = "local"

    def __init__(self, root: Path):
        self.root = root
        self.staging = root / ".staging"
        self.staging.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.root / safe_key(key)

    def stage(self) -> Staged:
        return _LocalStaged(self)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def read(self, key: str) -> Iterator[bytes]:
        with open(self.path(key), "rb") as fh:
            while chunk := fh.read(CHUNK):
                yield chunk

    def put(self, key: str, data: bytes) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.staging / f"{uuid.uuid4().hex}.part"
        tmp.write_bytes(data)
        os.replace(tmp, target)

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def presigned_url(self, key: str, seconds: int, filename: str, content_type: str) -> str | None:
        return None  # served by the application (signed link, see service.download_link)

    def list_keys(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())

    def stored(self, prefix: str) -> list[tuple[str, datetime]]:
        base = self.root / safe_key(prefix.rstrip("/"))
        if not base.is_dir():
            return []
        return [(str(p.relative_to(self.root)), datetime.fromtimestamp(p.stat().st_mtime, UTC))
                for p in base.rglob("*") if p.is_file()]

    def clean_staging(self, older_than: timedelta) -> int:
        limit = (clock.now() - older_than).timestamp()
        n = 0
        for p in self.staging.glob("*.part"):
            if p.stat().st_mtime < limit:
                p.unlink(missing_ok=True)
                n += 1
        return n

    def check(self) -> None:
        if not os.access(self.staging, os.W_OK):
            raise PermissionError(f"files directory {self.root} is not writable")

    def wipe(self) -> None:  # tests
        shutil.rmtree(self.root, ignore_errors=True)


# ---- S3-compatible ----------------------------------------------------------------------------


class _S3Staged:
    def __init__(self, store: S3Store):
        self.store = store
        self.key = f"{store.prefix}.staging/{uuid.uuid4().hex}"
        self.buffer = bytearray()
        self.parts: list[dict[str, Any]] = []
        self.upload_id: str | None = None
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.buffer += chunk
        self.size += len(chunk)
        if len(self.buffer) >= S3_PART:
            self._flush_part()

    def _flush_part(self) -> None:
        s3, bucket = self.store.client, self.store.bucket
        if self.upload_id is None:
            self.upload_id = s3.create_multipart_upload(Bucket=bucket, Key=self.key)["UploadId"]
        n = len(self.parts) + 1
        etag = s3.upload_part(Bucket=bucket, Key=self.key, UploadId=self.upload_id, PartNumber=n,
                              Body=bytes(self.buffer))["ETag"]
        self.parts.append({"ETag": etag, "PartNumber": n})
        self.buffer.clear()

    def commit(self, key: str) -> bool:
        s3, bucket, final = self.store.client, self.store.bucket, self.store.full(key)
        if self.store.exists(key):
            self.abort()
            return False
        if self.upload_id is None:  # small: one PUT straight to its address, no staging object at all
            s3.put_object(Bucket=bucket, Key=final, Body=bytes(self.buffer))
            self.buffer.clear()
            return True
        if self.buffer:
            self._flush_part()
        try:
            s3.complete_multipart_upload(Bucket=bucket, Key=self.key, UploadId=self.upload_id,
                                         MultipartUpload={"Parts": self.parts})
            self.upload_id = None
            s3.copy({"Bucket": bucket, "Key": self.key}, bucket, final)  # managed copy: any size
        finally:
            self.abort()
        return True

    def abort(self) -> None:
        s3, bucket = self.store.client, self.store.bucket
        self.buffer.clear()
        if self.upload_id is not None:
            s3.abort_multipart_upload(Bucket=bucket, Key=self.key, UploadId=self.upload_id)
            self.upload_id = None
        s3.delete_object(Bucket=bucket, Key=self.key)


class S3Store:
    """`s3://bucket/optional/prefix?endpoint=http://minio:9000&region=us-east-1` (credentials from the
    usual AWS variables or instance role; `addressing=path` for MinIO is the default with an endpoint)."""

    kind = "s3"

    def __init__(self, bucket: str, prefix: str = "", endpoint: str | None = None, region: str | None = None,
                 addressing: str | None = None, client: Any = None):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = (prefix.strip("/") + "/") if prefix.strip("/") else ""
        style = addressing or ("path" if endpoint else "auto")
        self.client = client or boto3.client(
            "s3", endpoint_url=endpoint, region_name=region or "us-east-1",
            config=Config(signature_version="s3v4", s3={"addressing_style": style},
                          retries={"max_attempts": 3, "mode": "standard"}))

    def full(self, key: str) -> str:
        return self.prefix + safe_key(key)

    def stage(self) -> Staged:
        return _S3Staged(self)

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.full(key))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def read(self, key: str) -> Iterator[bytes]:
        body = self.client.get_object(Bucket=self.bucket, Key=self.full(key))["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.full(key), Body=data)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.full(key))

    def presigned_url(self, key: str, seconds: int, filename: str, content_type: str) -> str | None:
        return self.client.generate_presigned_url(
            "get_object", ExpiresIn=seconds,
            Params={"Bucket": self.bucket, "Key": self.full(key), "ResponseContentType": content_type,
                    "ResponseContentDisposition": content_disposition(filename)})

    def list_keys(self) -> list[str]:
        out: list[str] = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
            out += [o["Key"][len(self.prefix):] for o in page.get("Contents", [])]
        uploads = self.client.list_multipart_uploads(Bucket=self.bucket, Prefix=self.prefix).get("Uploads", [])
        out += [u["Key"][len(self.prefix):] + " (unfinished upload)" for u in uploads]
        return sorted(out)

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)  # reachable, exists, and these credentials may use it

    def stored(self, prefix: str) -> list[tuple[str, datetime]]:
        out = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                          Prefix=self.prefix + prefix):
            out += [(o["Key"][len(self.prefix):], o["LastModified"]) for o in page.get("Contents", [])]
        return out

    def clean_staging(self, older_than: timedelta) -> int:
        limit = clock.now() - older_than
        n = 0
        staging = f"{self.prefix}.staging/"
        for u in self.client.list_multipart_uploads(Bucket=self.bucket, Prefix=staging).get("Uploads", []):
            if u["Initiated"] < limit:
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=u["Key"], UploadId=u["UploadId"])
                n += 1
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=staging):
            for o in page.get("Contents", []):
                if o["LastModified"] < limit:
                    self.client.delete_object(Bucket=self.bucket, Key=o["Key"])
                    n += 1
        return n


def content_disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def store_from_url(url: str, data_dir: Path) -> BlobStore:
    """`file://` (default: `<data dir>/files`), `file:///absolute/path`, or `s3://bucket/prefix?...`."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        if url in ("file://", "file://./var/files"):  # the default: under the data directory
            return LocalStore(Path(data_dir) / "files")
        path = Path((parsed.netloc or "") + parsed.path)
        return LocalStore(path if path.is_absolute() else Path.cwd() / path)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ConfigurationError("setting VEXTRUS_FILES_URL is invalid: s3:// needs a bucket (s3://bucket/prefix)")
        q = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return S3Store(parsed.netloc, parsed.path, endpoint=q.get("endpoint"), region=q.get("region"),
                       addressing=q.get("addressing"))
    raise ConfigurationError(f"setting VEXTRUS_FILES_URL is invalid: must be file://... or s3://bucket (got {url!r})")


def expiry(seconds: int) -> datetime:
    return clock.now() + timedelta(seconds=seconds)
