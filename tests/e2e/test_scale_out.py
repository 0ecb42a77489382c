"""The scale-out shape, end to end: PostgreSQL (as the ordinary app role, so row-level security
applies), a private NATS JetStream, one `vextrus serve --modules <name>` per module that has a
subgraph, a `vextrus worker`, and GraphQL Hive Gateway serving the composed supergraph.

Through the gateway a signed-in user runs one operation answered by several module processes,
and a mutation in one process (organization) is handled by another module's durable handler
(finance opens the new company's book) in another process via NATS.

NATS and Redis are private to the test (own port, own store): JetStream durable consumers are
named by handler only, so a shared server would mix this deployment's events with other ones.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = ROOT / "gateway"
HIVE = GATEWAY / "node_modules" / ".bin" / "hive-gateway"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
START_TIMEOUT = 90.0  # seconds for the whole deployment to become ready (2 shared cores)
EFFECT_TIMEOUT = 30.0  # seconds for an event to cross processes


def _missing_pieces() -> list[str]:
    missing = []
    if shutil.which("node") is None:
        missing.append("node")
    if not HIVE.exists() or not (GATEWAY / "node_modules" / "@theguild").is_dir():
        missing.append("gateway/node_modules with @graphql-hive/gateway (run `npm ci --prefix gateway`)")
    for binary in ("nats-server", "redis-server"):
        if shutil.which(binary) is None and not Path(f"/usr/sbin/{binary}").exists():
            missing.append(binary)
    return missing


def _free_port() -> int:
    """A port free now, taken below the kernel's ephemeral range (32768–60999 on Linux): a module process binds
    it seconds later, after its imports, and an ephemeral port could meanwhile be handed to any outgoing
    connection of the parallel tests (CI once lost the invoicing process that way: address already in use)."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def _binary(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"


@dataclass
class Deployment:
    workdir: Path
    env: dict[str, str]
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)  # module -> http://127.0.0.1:<port>
    gateway: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    data_dir: Path = Path()

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def start(self, name: str, argv: list[str], **env: str) -> subprocess.Popen:
        with (self.workdir / f"{name}.log").open("w") as out:
            proc = subprocess.Popen(argv, cwd=self.workdir, env={**self.env, **env}, stdout=out,
                                    stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def run(self, name: str, argv: list[str], timeout: float = 120) -> None:
        with (self.workdir / f"{name}.log").open("w") as out:
            r = subprocess.run(argv, cwd=self.workdir, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                               timeout=timeout)
        if r.returncode != 0:
            pytest.fail(f"{name} failed ({r.returncode}): {self.log(name)}")

    def wait_until(self, what: str, check: Callable[[], bool], timeout: float, watch: list[str]) -> None:
        """Poll `check` until it holds; fail at once with its log if a watched process died."""
        deadline = time.monotonic() + timeout
        while True:
            for name in watch:
                if self.procs[name].poll() is not None:
                    pytest.fail(f"{name} exited ({self.procs[name].returncode}) while waiting for {what}: "
                                f"{self.log(name)}")
            try:
                if check():
                    return
            except (httpx.HTTPError, OSError):
                pass
            if time.monotonic() > deadline:
                logs = "\n".join(f"--- {n}\n{self.log(n)}" for n in watch)
                pytest.fail(f"{what} not ready in {timeout:.0f} s\n{logs}")
            time.sleep(0.2)  # polling interval, not a timing assumption

    def stop(self) -> None:
        for proc in reversed(list(self.procs.values())):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _ready(url: str) -> bool:
    return httpx.get(url + "/health/ready", timeout=3).status_code == 200


@pytest.fixture(scope="module")
def deployment(scratch_postgres) -> Iterator[Deployment]:
    missing = _missing_pieces()
    if missing:
        reason = f"scale-out test needs: {', '.join(missing)}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        pg = scratch_postgres()  # the app's runtime role, and the owner role `vextrus migrate` uses
        drop_db = pg.drop
    except Exception as exc:  # PostgreSQL not reachable
        if os.environ.get("VEXTRUS_TEST_REQUIRE_POSTGRES") == "1" or IN_CI:
            pytest.fail(f"PostgreSQL is required but unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")

    t0 = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="vextrus-scale-out-"))
    nats_port, redis_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_")}
    env.update({
        **pg.environment(),
        "VEXTRUS_BUS_URL": f"nats://127.0.0.1:{nats_port}",
        "VEXTRUS_JOBS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "VEXTRUS_AUTO_MIGRATE": "false",
        "VEXTRUS_SECRET_KEY": secrets.token_urlsafe(48),
        "VEXTRUS_DATA_DIR": str(workdir / "var"),
        "VEXTRUS_LOG_LEVEL": "warning",
        "VEXTRUS_AUTH_ARGON2": os.environ.get("VEXTRUS_AUTH_ARGON2", "fast-test"),
    })
    d = Deployment(workdir, env, data_dir=workdir / "var")
    try:
        d.start("nats", [_binary("nats-server"), "-a", "127.0.0.1", "-p", str(nats_port), "-js",
                         "-sd", str(workdir / "nats")])
        d.start("redis", [_binary("redis-server"), "--port", str(redis_port), "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no", "--dir", str(workdir)])
        d.wait_until("nats and redis", lambda: _port_open(nats_port) and _port_open(redis_port), 20,
                     ["nats", "redis"])
        vextrus = [sys.executable, "-m", "vextrus.cli"]

        # once, before any module process starts (deploy/compose.federated.yaml: migrate, init, demo):
        # the first administrator, then the demo company, which writes demo-credentials.txt
        d.run("migrate", [*vextrus, "migrate"])
        d.run("init-and-demo", [sys.executable, "-c", (
            "from vextrus.platform import bootstrap, runtime\n"
            "from vextrus.platform.settings import load_settings\n"
            "rt = runtime.start(load_settings(), consume=False)\n"
            "bootstrap.prepare_database()\n"
            "print(*bootstrap.first_run(), sep='\\n')\n"
            "bootstrap.load_demo()\n"
            "rt.close()\n")])
        d.timings["migrate, first run, demo"] = time.monotonic() - t0
        d.run("schema-export", [*vextrus, "schema", "export", "--out", str(workdir / "subgraphs")])
        modules = sorted(p.stem for p in (workdir / "subgraphs").glob("*.graphql"))
        assert {"auth", "organization", "finance"} <= set(modules), modules

        t1 = time.monotonic()
        for name in modules:
            port = _free_port()
            d.urls[name] = f"http://127.0.0.1:{port}"
            d.start(name, [*vextrus, "serve", "--modules", name, "--port", str(port)], VEXTRUS_MODULES=name)
        d.start("worker", [*vextrus, "worker"])

        (workdir / "urls.json").write_text(json.dumps({m: u + "/graphql" for m, u in d.urls.items()}))
        r = subprocess.run(["node", str(GATEWAY / "compose.mjs"), str(workdir / "subgraphs"),
                            str(workdir / "supergraph.graphql"), "--urls", str(workdir / "urls.json")],
                           capture_output=True, text=True, cwd=workdir)
        assert r.returncode == 0, r.stderr
        gw_port = _free_port()
        d.gateway = f"http://127.0.0.1:{gw_port}"
        d.start("gateway", ["node", str(HIVE), "supergraph", str(workdir / "supergraph.graphql"),
                            "--host", "127.0.0.1", "--port", str(gw_port),
                            "-c", str(GATEWAY / "gateway.config.mjs")])

        for name in modules:
            d.wait_until(f"module process {name}", lambda u=d.urls[name]: _ready(u), START_TIMEOUT, [name, "worker"])
        d.wait_until("worker", lambda: "worker started" in d.log("worker"), START_TIMEOUT, ["worker"])
        d.wait_until("gateway", lambda: httpx.get(d.gateway + "/readiness", timeout=3).status_code == 200,
                     START_TIMEOUT, ["gateway"])
        d.timings["processes ready"] = time.monotonic() - t1
        yield d
    finally:
        d.stop()
        drop_db()
        shutil.rmtree(workdir, ignore_errors=True)
        print("scale-out timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in d.timings.items()))


# ---- helpers ------------------------------------------------------------------------------------


def _owner_credentials(data_dir: Path) -> tuple[str, str]:
    """The demo owner's e-mail and the generated demo password, from the demo loader's file."""
    text = (data_dir / "demo-credentials.txt").read_text()
    password = re.search(r"password for all: (\S+)\)", text)
    owner = re.search(r"^\s+owner\s+(\S+@\S+)$", text, re.M)
    assert password and owner, text
    return owner.group(1), password.group(1)


def _gql(url: str, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    r = httpx.post(url + "/graphql", json={"query": query, "variables": variables or {}},
                   headers={k.replace("_", "-"): v for k, v in headers.items()}, timeout=20)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def token(deployment: Deployment) -> str:
    email, password = _owner_credentials(deployment.data_dir)
    r = httpx.post(deployment.urls["auth"] + "/api/v1/auth/login", json={"email": email, "password": password},
                   timeout=20)
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body["mfa_required"] and body["access_token"], body
    return body["access_token"]


OVERVIEW = """
query Overview($book: String!) {
  me { email }
  settings { key module value }
  companies { nodes { id code name } }
  projects { nodes { code name } }
  ledgerAccounts(book: $book) { code name }
}
"""
# which module process answers each root field of OVERVIEW
OWNERS = {"me": "auth", "settings": "configuration", "companies": "organization", "projects": "projects",
          "ledgerAccounts": "finance"}


# ---- the tests ----------------------------------------------------------------------------------


def test_one_operation_is_answered_by_several_module_processes(deployment: Deployment, token: str):
    from vextrus.modules.organization.demo import DEMO_COMPANY_CODE
    from vextrus.platform.modules import available_modules

    email, _ = _owner_credentials(deployment.data_dir)
    auth = f"Bearer {token}"
    result = _gql(deployment.gateway, OVERVIEW, {"book": DEMO_COMPANY_CODE}, authorization=auth)
    assert "errors" not in result, result["errors"]
    data = result["data"]
    assert data["me"]["email"] == email
    assert DEMO_COMPANY_CODE in [c["code"] for c in data["companies"]["nodes"]]
    assert data["projects"]["nodes"] and data["ledgerAccounts"]
    own = {("configuration", d.key) for d in available_modules()["configuration"].settings}
    assert own and own <= {(s["module"], s["key"]) for s in data["settings"]}
    # each part is exactly what that module's own process answers for the same user
    for root, module in OWNERS.items():
        fragment = re.search(rf"^  {root}\b.*$", OVERVIEW, re.M).group(0)
        args = "($book: String!)" if "$book" in fragment else ""
        direct = _gql(deployment.urls[module], f"query Part{args} {{ {fragment} }}",
                      {"book": DEMO_COMPANY_CODE} if args else {}, authorization=auth)
        assert direct.get("errors") is None, (module, direct)
        assert direct["data"][root] == data[root], root
    # and a process serves only its own subgraph
    alone = _gql(deployment.urls["finance"], "{ companies { nodes { code } } }", authorization=auth)
    assert alone.get("errors"), "the finance process must not answer organization's fields"


def test_the_gateway_lists_every_modules_settings_as_the_single_process_does(deployment: Deployment, token: str):
    from vextrus.platform.modules import available_modules

    declared = {(m.name, d.key) for m in available_modules().values() for d in m.settings}
    result = _gql(deployment.gateway, "{ settings { key module } }", authorization=f"Bearer {token}")
    assert result.get("errors") is None, result
    assert {(s["module"], s["key"]) for s in result["data"]["settings"]} == declared


def test_the_gateway_passes_the_callers_credentials_to_every_subgraph(deployment: Deployment, token: str):
    anonymous = _gql(deployment.gateway, "{ companies { nodes { code } } }")
    assert anonymous.get("errors") and not (anonymous.get("data") or {}).get("companies")
    # an API key limited to viewing companies: organization answers, finance refuses
    r = httpx.post(deployment.urls["auth"] + "/api/v1/auth/api-keys", timeout=20,
                   headers={"authorization": f"Bearer {token}"},
                   json={"name": "scale-out test", "scopes": ["organization.company.view"]})
    assert r.status_code == 201, r.text
    key = r.json()["key"]
    seen = _gql(deployment.gateway, "{ companies { nodes { code } } }", x_api_key=key)
    assert seen.get("errors") is None and seen["data"]["companies"]["nodes"], seen
    from vextrus.modules.organization.demo import DEMO_COMPANY_CODE

    denied = _gql(deployment.gateway, "query($b: String!) { ledgerAccounts(book: $b) { code } }",
                  {"b": DEMO_COMPANY_CODE}, x_api_key=key)
    assert denied.get("errors") and not (denied.get("data") or {}).get("ledgerAccounts"), denied


def test_a_company_created_in_one_process_gets_its_book_from_finance_in_another(
        deployment: Deployment, token: str):
    from vextrus.modules.finance.domain.accounts import TEMPLATE_BD_CONSTRUCTION, load_template

    auth = f"Bearer {token}"
    code = f"SO{secrets.token_hex(3).upper()}"
    created = _gql(deployment.gateway, """
        mutation($input: CompanyInput!) { createCompany(input: $input, idempotencyKey: "scale-out-1") { id code } }
    """, {"input": {"code": code, "name": "Scale-out Builders Ltd."}}, authorization=auth)
    assert created.get("errors") is None, created
    assert created["data"]["createCompany"]["code"] == code

    accounts: list[dict[str, str]] = []
    # the administrator acts in the demo company, and books are company-scoped (docs/security.md):
    # the new company's book is looked for in the database, as the tenant
    import sqlalchemy as sa

    engine = sa.create_engine(deployment.env["VEXTRUS_DATABASE_URL"])

    def book_opened() -> bool:
        with engine.begin() as c:
            tid = c.execute(sa.text("SELECT id FROM platform.tenant WHERE code = 'padma'")).scalar_one()
            c.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
            accounts[:] = [{"code": a} for a in c.execute(sa.text(
                "SELECT a.code FROM finance.finance_account a JOIN finance.finance_book b ON b.id = a.book_id "
                "WHERE b.code = :c"), {"c": code}).scalars()]
        return bool(accounts)

    t = time.monotonic()
    deployment.wait_until(f"book {code} opened by finance", book_opened, EFFECT_TIMEOUT,
                          ["organization", "finance", "worker"])
    deployment.timings["event across processes"] = time.monotonic() - t
    engine.dispose()
    assert sorted(a["code"] for a in accounts) == sorted(a.code for a in load_template(TEMPLATE_BD_CONSTRUCTION))
    # the organization process does not load finance, so its handler ran elsewhere: the event came over NATS
    from vextrus.platform.modules import build_registry

    assert "finance" not in build_registry(["organization"]).names
