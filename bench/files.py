"""Benchmark: upload throughput of the files module, on local disk and on an S3-compatible store.

    python bench/files.py                  # 20 files of 16 MiB to each store
    python bench/files.py --size tiny      # 4 files of 256 KiB (CI)
    python bench/files.py --s3-endpoint http://127.0.0.1:9000 --s3-bucket bench   # a real MinIO/S3
                                           # (credentials from the AWS_* variables)

Each upload goes through the real command (`files.service.attach`): streamed in 1 MiB chunks, hashed
(SHA-256), sniffed, size-checked, staged and committed to its content address, recorded on SQLite.
Without --s3-endpoint a moto server is started on a free port (moto keeps objects in memory, so the S3
figure is the module's and boto3's cost more than a network's). Re-uploading the same bytes measures
de-duplication (nothing new is stored); reading back measures downloads.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"tiny": (4, 256 * 1024), "small": (10, 4 * 1024 * 1024), "full": (20, 16 * 1024 * 1024)}
CHUNK = 1024 * 1024


def _moto() -> tuple[str, subprocess.Popen]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return f"http://127.0.0.1:{port}", proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("moto server did not start") from None
            time.sleep(0.1)


def _payloads(n: int, size: int) -> list[bytes]:
    """Binary contents no sniffer recognises (stored as application/octet-stream): the figures are the
    store's and the module's, without thumbnail work (a PDF or image upload adds its thumbnail)."""
    return [b"\x00VXBENCH" + os.urandom(size - 8) for _ in range(n)]


def _chunks(data: bytes):
    for i in range(0, len(data), CHUNK):
        yield data[i:i + CHUNK]


def run(label: str, store, payloads: list[bytes]) -> None:  # noqa: ANN001
    from vextrus.modules.files import config, service
    from vextrus.platform.ids import new_id

    config.use_store(store)
    total = sum(len(p) for p in payloads) / 1024 / 1024
    entry = new_id()
    start = time.perf_counter()
    files = [service.attach("finance.journal_entry", entry, f"scan-{i}.bin", _chunks(p)) for i, p in enumerate(payloads)]
    up = time.perf_counter() - start
    start = time.perf_counter()
    for i, p in enumerate(payloads):
        assert service.attach("finance.journal_entry", entry, f"copy-{i}.bin", _chunks(p)).deduplicated
    dedup = time.perf_counter() - start
    start = time.perf_counter()
    for f, p in zip(files, payloads, strict=True):
        assert len(service.open_version(f.id).read()) == len(p)
    down = time.perf_counter() - start
    print(f"{label:10} upload {total / up:7.1f} MiB/s ({len(payloads) / up:6.1f} files/s)   "
          f"same bytes again {total / dedup:7.1f} MiB/s   download {total / down:7.1f} MiB/s")
    config.use_store(None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    ap.add_argument("--s3-endpoint")
    ap.add_argument("--s3-bucket", default=f"vextrus-bench-{os.getpid()}")
    args = ap.parse_args()
    n, size = SIZES[args.size]

    from vextrus.modules.files.storage import LocalStore, S3Store
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    tmp = Path(tempfile.mkdtemp())
    settings = load_settings(database_url=f"sqlite:///{tmp}/bench.db", data_dir=tmp, secret_key="b" * 48,
                             log_level="warning", max_upload_bytes=max(size + 1024, 1024 * 1024))
    rt = runtime.start(settings)
    migrations.upgrade(rt.engine)
    with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
        tenant = Tenant(code=f"bench{int(time.time())}", name="Bench Ltd.")
        s.add(tenant)
    payloads = _payloads(n, size)
    print(f"files bench: {n} files of {size / 1024 / 1024:g} MiB, SQLite, 1 MiB chunks")
    moto = None
    try:
        with context.acting_as(context.system_context(tenant.id)):
            run("local", LocalStore(tmp / "files"), payloads)
            endpoint = args.s3_endpoint
            if endpoint is None:
                os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
                os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
                endpoint, moto = _moto()
            s3 = S3Store(args.s3_bucket, "bench", endpoint=endpoint)
            s3.client.create_bucket(Bucket=args.s3_bucket)
            run("s3" + (" (moto)" if moto else ""), s3, payloads)
    finally:
        if moto is not None:
            moto.terminate()
        rt.close()


if __name__ == "__main__":
    main()
