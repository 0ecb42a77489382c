"""`vextrus companies create|list` and the first steps on a fresh database (issue 12, "First steps"):
`migrate` ends by naming the command that makes the first company, module CLIs name it instead of
"several tenants exist (known: none)", and `companies create` makes the tenant, the company (its
book and roles follow) and an owner whose printed password signs in. Real `vextrus` processes on a
scratch SQLite file and a scratch PostgreSQL database."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest

from vextrus.platform.scratch import scratch_database


@pytest.fixture
def env(db, scratch_postgres, tmp_path):
    scratch = scratch_postgres() if db.engine.dialect.name == "postgresql" else scratch_database(None)
    base = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_")}
    yield {**base, **scratch.environment(), "VEXTRUS_DATA_DIR": str(tmp_path / "var"),
           "VEXTRUS_SECRET_KEY": secrets.token_urlsafe(48), "VEXTRUS_LOG_LEVEL": "warning",
           "VEXTRUS_AUTH_ARGON2": os.environ.get("VEXTRUS_AUTH_ARGON2", "fast-test")}
    scratch.drop()


def vextrus(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vextrus.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120)


SIGN_IN = """
import sys
from vextrus.platform import runtime
from vextrus.platform.settings import load_settings
from vextrus.modules.auth.service import sessions
runtime.start(load_settings(), consume=False)
print(bool(sessions.login(sys.argv[1], sys.argv[2])))
"""


def test_a_fresh_database_to_a_first_company_and_its_owner(env):
    r = vextrus(env, "migrate")
    assert r.returncode == 0, r.stderr
    assert "No company yet" in r.stdout and 'vextrus companies create CODE --name "Company name"' in r.stdout
    r = vextrus(env, "projects", "activities", "X")
    assert r.returncode == 2 and "vextrus companies create CODE" in r.stderr and "known: none" not in r.stderr
    r = vextrus(env, "users", "list", "--system")
    assert r.returncode == 2 and "no company exists yet" in r.stderr and "vextrus companies create" in r.stderr
    r = vextrus(env, "companies", "list")
    assert r.returncode == 0 and "No company yet" in r.stdout

    r = vextrus(env, "companies", "create", "PADMA", "--name", "Padma Builders Ltd.", "--name-bn",
                "পদ্মা বিল্ডার্স লিমিটেড", "--fy-start-month", "7", "--currency", "BDT")
    assert r.returncode == 0, r.stderr
    assert "Company PADMA — Padma Builders Ltd. created in tenant 'main' (new)" in r.stdout
    owner = re.search(r"Owner: (\S+) / (\S+) ", r.stdout)
    assert owner and owner.group(1) == "admin@localhost", r.stdout
    signed = subprocess.run([sys.executable, "-c", SIGN_IN, owner.group(1), owner.group(2)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert signed.stdout.strip() == "True", signed.stderr

    r = vextrus(env, "companies", "create", "MEGHNA", "--name", "Meghna Homes", "--fy-start-month", "1",
                "--currency", "usd")
    assert r.returncode == 0 and "No user was created" in r.stdout and "Owner:" not in r.stdout, r.stderr
    r = vextrus(env, "companies", "create", "PADMA", "--name", "Again")
    assert r.returncode == 1 and "PADMA" in r.stderr and "already used" in r.stderr
    r = vextrus(env, "companies", "list")
    rows = [line.split() for line in r.stdout.splitlines()]
    assert [(x[0], x[1], x[-5], x[-1]) for x in rows] == [("main", "MEGHNA", "USD", "1"), ("main", "PADMA", "BDT", "7")]
    r = vextrus(env, "ledger", "verify", "--tenant", "main")  # each company got its book (CompanyCreated)
    assert r.returncode == 0 and "MEGHNA" in r.stdout and "PADMA" in r.stdout, r.stdout + r.stderr
    r = vextrus(env, "migrate")
    assert r.returncode == 0 and "No company yet" not in r.stdout
