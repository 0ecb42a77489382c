"""CLI start-up (issue 20, docs/performance.md): `vextrus version` imports nothing but the package,
`--help` lists every module's command group without importing a module, and a module's command
imports only that module. Checked by what is imported (`sys.modules` at exit: `-X importtime` misses
`importlib.import_module`), not by the clock."""

from __future__ import annotations

import subprocess
import sys

from vextrus.cli_app import _module_commands
from vextrus.platform.modules import available_modules

PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("MODULES " + " ".join(sorted(sys.modules)) + "\\n"))
sys.argv = ["vextrus", *sys.argv[1:]]
from vextrus import cli
cli.main()
"""


def _imported(*args: str) -> tuple[str, set[str]]:
    r = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    line = next(x for x in r.stderr.splitlines() if x.startswith("MODULES "))
    return r.stdout, set(line.split()[1:])


def test_version_imports_neither_the_platform_nor_typer():
    out, names = _imported("version")
    assert out.startswith("vextrus ")
    assert "typer" not in names and not any(n.startswith("vextrus.platform") for n in names)


def test_help_lists_every_module_group_without_importing_a_module():
    out, names = _imported("--help")
    for name in _module_commands():
        assert name in out
    assert not any(n.startswith("vextrus.modules.") for n in names)
    assert "vextrus.platform.runtime" not in names


def test_a_module_command_imports_only_its_module():
    out, names = _imported("ledger", "--help")
    assert "verify" in out
    assert "vextrus.modules.finance.cli" in names
    assert "vextrus.modules.payroll" not in names and "vextrus.modules.tax" not in names


def test_the_groups_read_from_source_are_the_manifests():
    index = _module_commands()
    assert index is not None
    declared = {m.cli_name or m.name: m.cli for m in available_modules().values() if m.cli}
    assert {name: target for name, (target, _title) in index.items()} == declared
