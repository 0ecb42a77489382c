"""Fixtures of the files tests: a real S3 endpoint (moto's server in its own process on a free port)
and `blob_store`, which runs a test once on local disk and once on that S3 store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vextrus.modules.files import config
from vextrus.modules.files.storage import LocalStore, S3Store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """`moto_server` as a real local S3 endpoint (HTTP, SigV4, multipart): its URL."""
    port = _free_port()
    log = Path(tempfile.mkdtemp()) / "moto.log"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 30
    while True:
        if proc.poll() is not None:
            pytest.fail(f"moto server exited: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("moto server did not start in 30 s")
            time.sleep(0.1)  # waiting for the port to open, not timing
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def s3_store(endpoint: str, bucket: str, prefix: str = "") -> S3Store:
    import boto3
    from botocore.config import Config

    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing",
                          config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    client.create_bucket(Bucket=bucket)
    return S3Store(bucket, prefix, endpoint=endpoint, client=client)


@pytest.fixture(params=["local", "s3"])
def blob_store(request: pytest.FixtureRequest, db):  # noqa: ANN001, ANN201
    """The store this test's files go to: local disk, or a fresh bucket on the moto S3 server."""
    if request.param == "local":
        store = LocalStore(Path(tempfile.mkdtemp()) / "files")
    else:
        endpoint = request.getfixturevalue("moto_server")
        store = s3_store(endpoint, f"vx-{os.urandom(6).hex()}", "tenant-files")
    config.use_store(store)
    yield store
    config.use_store(None)
