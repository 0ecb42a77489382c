"""`vextrus dev new-module NAME` scaffolds a module that passes the conformance test, ruff, the import-linter
contracts and its own generated test on both databases. The module is written into a temporary copy of the
package (discovery, migrations and the registry then see it like any other), never into the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import vextrus
from vextrus.cli import app
from vextrus.dev_cli import scaffold
from vextrus.platform.errors import ConfigurationError

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NAME = "site_diary"
# the per-module tests CI runs over every module (selected for the new one with -k)
PLATFORM_TESTS = ("test_module_conformance.py", "test_module_dependencies.py", "test_i18n_catalogues.py",
                  "test_event_contracts.py")


@pytest.fixture
def copy_of_the_repository(tmp_path: Path) -> Path:
    """src/vextrus, the test setup and the CI configuration, copied."""
    package = Path(next(iter(vextrus.__path__)))
    shutil.copytree(package, tmp_path / "src" / "vextrus",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.db", "*.egg-info"))
    (tmp_path / "tests" / "platform").mkdir(parents=True)
    shutil.copy(REPO / "tests" / "conftest.py", tmp_path / "tests" / "conftest.py")
    for test in PLATFORM_TESTS:
        shutil.copy(REPO / "tests" / "platform" / test, tmp_path / "tests" / "platform")
    for f in ("pyproject.toml", ".importlinter"):
        shutil.copy(REPO / f, tmp_path / f)
    return tmp_path


def _run(cmd: list[str], cwd: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd / "src")}  # the copy, ahead of the installed package
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_a_scaffolded_module_passes_conformance_ruff_contracts_and_its_own_test(copy_of_the_repository):
    root = copy_of_the_repository
    modules = root / "src" / "vextrus" / "modules"
    result = CliRunner().invoke(app, ["dev", "new-module", NAME, "--title", "Site diary", "--title-bn", "সাইট ডায়েরি",
                                      "--modules-dir", str(modules), "--tests-dir", str(root / "tests" / "modules")])
    assert result.exit_code == 0, result.output
    assert (modules / NAME / "migrations" / f"0001_{NAME}.py").is_file()
    assert (root / "tests" / "modules" / NAME / f"test_{NAME}_notes.py").is_file()
    assert not (REPO / "src" / "vextrus" / "modules" / NAME).exists()

    ruff = _run([str(BIN / "ruff"), "check", f"src/vextrus/modules/{NAME}", f"tests/modules/{NAME}"], root, 120)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr

    where = _run([sys.executable, "-c", "import vextrus.modules.site_diary as m; print(m.__file__)"], root, 60)
    assert where.stdout.strip().startswith(str(root)), where.stdout + where.stderr  # the copy is what runs

    contracts = _run([str(BIN / "lint-imports")], root, 600)
    assert contracts.returncode == 0, contracts.stdout[-3000:] + contracts.stderr[-2000:]

    tests = _run([sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:cacheprovider", f"tests/modules/{NAME}",
                  *(f"tests/platform/{t}" for t in PLATFORM_TESTS), "-k", f"{NAME} or not_found"], root, 900)
    assert tests.returncode == 0, tests.stdout[-5000:] + tests.stderr[-2000:]
    databases = os.environ.get("VEXTRUS_TEST_DATABASES", "sqlite,postgresql").split(",")
    passed = int(tests.stdout.strip().splitlines()[-1].split(" passed")[0].split()[-1])
    assert passed >= 6 * len(databases) + 7, tests.stdout[-2000:]  # 6 tests per database, 7 conformance checks

    schema = _run([str(BIN / "vextrus"), "schema", "print"], root, 300)  # it joins the one GraphQL schema
    assert schema.returncode == 0 and "type SiteDiaryNote" in schema.stdout and "siteDiaryNotes" in schema.stdout, \
        schema.stdout[-1000:] + schema.stderr[-2000:]


def test_a_bad_or_taken_name_is_refused(tmp_path):
    for bad in ("Finance", "1st", "x", "with-dash", "class"):
        with pytest.raises(ConfigurationError):
            scaffold(bad, tmp_path, tmp_path / "tests")
    scaffold("first_one", tmp_path, tmp_path / "tests")
    with pytest.raises(ConfigurationError, match="exists"):
        scaffold("first_one", tmp_path, tmp_path / "tests")
    result = CliRunner().invoke(app, ["dev", "new-module", "Bad", "--modules-dir", str(tmp_path)])
    assert result.exit_code == 2
