"""Bad settings give one clear line naming the setting, exit code != 0, and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _vextrus(tmp_path, *args, **env):
    full = {**os.environ, "VEXTRUS_DATA_DIR": str(tmp_path / "var"),
            "VEXTRUS_DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}", **env}
    return subprocess.run([sys.executable, "-m", "vextrus.cli", *args], capture_output=True, text=True,
                          env=full, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize(("env", "names"), [
    ({"VEXTRUS_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}, "VEXTRUS_DATABASE_URL"),
    ({"VEXTRUS_MODULES": "configuration,warehouse9"}, "VEXTRUS_MODULES"),
    ({"VEXTRUS_PORT": "eighty"}, "VEXTRUS_PORT"),
    ({"VEXTRUS_BUS_URL": "kafka://x"}, "VEXTRUS_BUS_URL"),
    ({"VEXTRUS_BUS_URL": "nats://127.0.0.1:1"}, "VEXTRUS_BUS_URL"),
])
def test_bad_setting_is_one_clear_line(tmp_path, env, names):
    r = _vextrus(tmp_path, "check", **env)
    assert r.returncode == 2
    assert names in r.stderr and "Traceback" not in r.stderr + r.stdout
    assert len(r.stderr.strip().splitlines()) == 1


def test_check_passes_on_a_fresh_directory(tmp_path):
    r = _vextrus(tmp_path, "check")
    assert r.returncode == 0, r.stderr
    assert "ok  database" in r.stdout and "module:configuration" in r.stdout


def test_schema_print_for_one_module(tmp_path):
    r = _vextrus(tmp_path, "schema", "print", "--module", "configuration")
    assert r.returncode == 0 and "featureFlags" in r.stdout
