"""Module manifests and the registry that orders them by dependency.

Each module's `__init__.py` declares `MODULE = Module(...)`. Heavy parts (routers, GraphQL
types, CLI) are named as "package.module:attribute" strings and imported only when used, so
a process serving one module does not import the others.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vextrus.platform.errors import ConfigurationError


@dataclass(frozen=True)
class Permission:
    code: str  # module.object.action
    name: str
    name_bn: str


@dataclass(frozen=True)
class NavItem:
    """A link in the navigation, shown to whoever holds `permission` (or any one of a tuple of them:
    a page useful to several kinds of user); the page itself must open for exactly those users."""

    label: str
    label_bn: str
    path: str
    permission: str | tuple[str, ...] | None = None

    def shown_to(self, can: Callable[[str], bool]) -> bool:
        if self.permission is None:
            return True
        alternatives = (self.permission,) if isinstance(self.permission, str) else self.permission
        return any(can(p) for p in alternatives)


@dataclass(frozen=True)
class HomeCard:
    """A figure a module shows on the home page (e.g. cash at bank, projects running)."""

    title: str
    title_bn: str
    value: str
    href: str | None = None
    note: str = ""
    note_bn: str = ""


@dataclass(frozen=True)
class SettingDef:
    """A per-tenant setting a module declares, with its type, default and labels."""

    key: str
    type: str  # str | int | bool | decimal | date | choice | json
    default: Any
    label: str
    label_bn: str
    choices: tuple[str, ...] = ()
    min: Any = None
    max: Any = None
    help: str = ""


@dataclass(frozen=True)
class FlagDef:
    key: str
    default: bool
    description: str
    description_bn: str


@dataclass(frozen=True)
class Module:
    name: str
    title: str
    title_bn: str
    depends_on: tuple[str, ...] = ()  # hard: loaded with this module, refused when not installed (no cycles)
    permissions: tuple[Permission, ...] = ()
    optional: tuple[str, ...] = ()  # soft: works without it (a figure, a picker); ordered before it when present
    uses: tuple[str, ...] = ()  # other modules' permissions this module's calls into them need (`calling_as`)
    settings: tuple[SettingDef, ...] = ()
    flags: tuple[FlagDef, ...] = ()
    nav: tuple[NavItem, ...] = ()
    metadata: str | None = None  # "pkg.tables:Base" (declarative base) of the module's tables
    rest: str | None = None  # "pkg.rest:router"
    web: str | None = None  # "pkg.web:router"
    graphql: str | None = None  # "pkg.graphql:SUBGRAPH"
    handlers: str | None = None  # "pkg.handlers:subscriptions"
    cli: str | None = None  # "pkg.cli:app" (typer), mounted as `vextrus <cli_name>`
    cli_name: str | None = None
    demo: str | None = None  # "pkg.demo:load" called with (tenant_id)
    ready: str | None = None  # "pkg.service:ready" -> None or raises
    first_run: str | None = None  # "pkg.bootstrap:first_run" -> lines to print on first start
    jobs: str | None = None  # "pkg.jobs:JOBS" -> list[vextrus.platform.jobs.Job]
    # "pkg.jobs:run_declared" (job, trigger) -> runs each tenant's turn of every declared job (platform/jobs.py)
    job_runner: str | None = None
    home: str | None = None  # "pkg.web:home_cards" () -> list[HomeCard] for the signed-in user
    always_loaded: bool = False  # loaded in every process (e.g. the module that authenticates requests)
    authenticator: str | None = None  # "pkg.web_auth:authenticate" (request) -> RequestContext | None
    # "pkg.sessions:context_for" (user_id, tenant_id, company_id=) -> RequestContext: who background work acts as
    acts_for: str | None = None
    # every table's name starts with it (docs/modules.md, "Tables"); None: "<name>_". Table names share one
    # namespace on SQLite, so a module's own prefix keeps inventory's items apart from master_data's.
    table_prefix: str | None = None

    @property
    def package(self) -> str:
        return f"vextrus.modules.{self.name}"

    @property
    def tables_prefix(self) -> str:
        """What this module's table names start with (a table may also be named the prefix itself
        without its last underscore: projects' `project`)."""
        return self.table_prefix if self.table_prefix is not None else f"{self.name}_"

    @property
    def migrations_dir(self) -> Path:
        spec = importlib.util.find_spec(self.package)  # type: ignore[attr-defined]
        assert spec and spec.submodule_search_locations
        return Path(next(iter(spec.submodule_search_locations))) / "migrations"

    def load(self, attr: str | None) -> Any:
        if not attr:
            return None
        mod_name, _, name = attr.partition(":")
        return getattr(importlib.import_module(mod_name), name)


MODULES_PACKAGE = "vextrus.modules"


@functools.cache
def available_modules() -> dict[str, Module]:
    """Every module shipped in `vextrus.modules` that declares a manifest (scanned once)."""
    pkg = importlib.import_module(MODULES_PACKAGE)  # discovered by scanning, never named

    found: dict[str, Module] = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        mod = importlib.import_module(f"{MODULES_PACKAGE}.{info.name}")
        manifest = getattr(mod, "MODULE", None)
        if isinstance(manifest, Module):
            found[manifest.name] = manifest
    return found


@dataclass
class Registry:
    """The enabled modules, in dependency order (a module comes after what it depends on)."""

    modules: list[Module] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.modules]

    def get(self, name: str) -> Module:
        for m in self.modules:
            if m.name == name:
                return m
        raise KeyError(name)

    def each(self, attr: str) -> list[tuple[Module, Any]]:
        """(module, loaded object) for every module that declares `attr`."""
        return [(m, m.load(getattr(m, attr))) for m in self.modules if getattr(m, attr)]

    def served(self, requested: list[str]) -> Registry:
        """The modules whose API and pages this process serves: those asked for by name
        (dependencies and always-loaded modules run inside, but expose no endpoints). A served
        module whose hard dependency does not run in this process is refused."""
        if requested == ["all"] or not requested:
            return self
        served = Registry([m for m in self.modules if m.name in requested])
        _require_hard_dependencies(served.modules, set(self.names))
        return served

    def all_permissions(self) -> list[Permission]:
        return [p for m in self.modules for p in m.permissions]


def build_registry(requested: list[str], available: dict[str, Module] | None = None,
                   include_dependencies: bool = True) -> Registry:
    available = available if available is not None else available_modules()
    if requested == ["all"] or not requested:
        wanted = set(available)
    else:
        unknown = [n for n in requested if n not in available]
        if unknown:
            raise ConfigurationError(
                f"setting VEXTRUS_MODULES is invalid: unknown module {', '.join(map(repr, unknown))} "
                f"(known: {', '.join(sorted(available))})"
            )
        wanted = set(requested) | {n for n, m in available.items() if m.always_loaded}
    if include_dependencies:
        stack = list(wanted)
        while stack:
            for dep in available[stack.pop()].depends_on:
                if dep not in available:
                    raise ConfigurationError(f"module dependency '{dep}' is not installed")
                if dep not in wanted:
                    wanted.add(dep)
                    stack.append(dep)
    mods = [available[n] for n in sorted(wanted)]
    _require_hard_dependencies(mods, wanted)
    return Registry(_topological(mods))


def _require_hard_dependencies(mods: list[Module], running: set[str]) -> None:
    """Refuse a module whose hard dependency (`depends_on`) does not run alongside it; a missing
    optional one is fine (the module works without it)."""
    for m in mods:
        missing = [d for d in m.depends_on if d not in running]
        if missing:
            raise ConfigurationError(
                f"module '{m.name}' needs {', '.join(map(repr, missing))} (its depends_on) in the same process")


def _topological(mods: list[Module]) -> list[Module]:
    """Dependencies first: hard ones always (a cycle among them is refused), then optional ones
    where present, except an optional edge that would close a cycle (soft: it is left out)."""
    by_name = {m.name: m for m in mods}
    edges = {m.name: [d for d in m.depends_on if d in by_name] for m in mods}
    _order(mods, edges)  # refuses a cycle of hard dependencies

    def reaches(src: str, dst: str) -> bool:
        seen, stack = set(), [src]
        while stack:
            n = stack.pop()
            if n == dst:
                return True
            if n not in seen:
                seen.add(n)
                stack.extend(edges[n])
        return False

    for m in mods:
        for dep in m.optional:
            if dep in by_name and dep not in edges[m.name] and not reaches(dep, m.name):
                edges[m.name].append(dep)
    return [by_name[n] for n in _order(mods, edges)]


def _order(mods: list[Module], edges: dict[str, list[str]]) -> list[str]:
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise ConfigurationError(f"module dependency cycle: {' -> '.join((*path, name))}")
        state[name] = 1
        for dep in edges[name]:
            visit(dep, (*path, name))
        state[name] = 2
        done.append(name)

    for m in mods:
        visit(m.name, ())
    return done


def call_each(registry: Registry, attr: str, *args: Any) -> list[tuple[Module, Any]]:
    out = []
    for m, fn in registry.each(attr):
        assert isinstance(fn, Callable)  # type: ignore[arg-type]
        out.append((m, fn(*args)))
    return out
