"""Schema composition: each module's federation subgraph, and the combined schema served in process.

Scale-out runs one process per module (`vextrus serve --modules finance`), each serving its own
subgraph; GraphQL Hive Gateway (deploy/, gateway/) composes them into the same API.
"""

from __future__ import annotations

from pathlib import Path

from strawberry.federation import Schema

from vextrus.platform.graphql import build_schema
from vextrus.platform.modules import Registry, available_modules, build_registry


def combined_schema(registry: Registry | None = None) -> Schema:
    registry = registry or build_registry(["all"], available_modules())
    return build_schema(sg for _m, sg in registry.each("graphql"))


def subgraph_sdls() -> dict[str, str]:
    """Module name -> SDL of its federation subgraph."""
    registry = build_registry(["all"], available_modules())
    return {m.name: build_schema([sg]).as_str() + "\n" for m, sg in registry.each("graphql")}


def export_subgraphs(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, sdl in subgraph_sdls().items():
        path = out / f"{name}.graphql"
        path.write_text(sdl)
        written.append(path)
    return written
