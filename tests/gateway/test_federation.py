"""Every module's subgraph joins a real federation composition, and the composed API is the same
API the single process serves."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from graphql import build_schema as parse_sdl

GATEWAY = Path(__file__).resolve().parents[2] / "gateway"


def _root_fields(sdl: str) -> dict[str, set[str]]:
    schema = parse_sdl(sdl, assume_valid=True, assume_valid_sdl=True)
    out = {}
    for root in ("Query", "Mutation"):
        t = schema.get_type(root)
        out[root] = {f for f in (t.fields if t else {}) if not f.startswith("_")}
    return out


def test_subgraphs_compose_and_match_the_single_process_schema(tmp_path):
    if shutil.which("node") is None or not (GATEWAY / "node_modules" / "@theguild").is_dir():
        pytest.fail("node and gateway/node_modules are needed: run `npm ci --prefix gateway`")
    subgraphs = tmp_path / "subgraphs"
    subprocess.run([sys.executable, "-m", "vextrus.cli", "schema", "export", "--out", str(subgraphs)],
                   check=True, capture_output=True, text=True)
    assert len(list(subgraphs.glob("*.graphql"))) >= 1
    r = subprocess.run(["node", str(GATEWAY / "compose.mjs"), str(subgraphs), str(tmp_path / "super.graphql"),
                        str(tmp_path / "api.graphql")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    single = subprocess.run([sys.executable, "-m", "vextrus.cli", "schema", "print"], check=True,
                            capture_output=True, text=True).stdout
    composed = (tmp_path / "api.graphql").read_text()
    assert _root_fields(composed) == _root_fields(single)
