"""Every benchmark takes `--size tiny`: CI runs each bench/*.py that way (.ci/run), and one that does not know the
flag fails CI only after the whole test suite has run (bench/invoicing_advances.py did, on 7 December 2026)."""

from __future__ import annotations

import ast
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _takes_size(path: Path) -> bool:
    """"--size" and "tiny" among the file's string constants: an argparse option or a read of `sys.argv` (the
    choices are often a dict of sizes, so the call itself is not read)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return {"--size", "tiny"} <= strings


def test_every_benchmark_takes_size_tiny():
    benches = sorted(p for p in BENCH.glob("*.py") if not p.name.startswith("_"))
    assert benches, BENCH
    assert [p.name for p in benches if not _takes_size(p)] == []
