"""Every module has the same shape (docs/modules.md): one conformance test, run for every module found in
`vextrus.modules` — a new module passes it by existing, if it follows the recipe; `vextrus dev new-module`
scaffolds one that does (tests/platform/test_dev_new_module.py runs these checks on a scaffolded module).

Checked per module: the manifest (names, parts it names load from the module's own package, known
dependencies); permissions named `module.object.action`, translated into Bangla, and every permission the
module's code checks (`@command`, `@query`, `require`, `can`) declared by it (its own) or by another
module (a permission it `uses`); the rooms (another module only through its `api` and `events`, `domain`
free of frameworks, and the import-linter contracts that enforce both cover the module); typed events
named after the module; tables prefixed with the module's name in the module's schema; migrations on the
module's own Alembic branch; the English and Bangla catalogues.

The checks are plain functions of a manifest (`check_*`), so the scaffold test can run them on a module
that exists only in a temporary directory."""

from __future__ import annotations

import ast
import configparser
import fnmatch
import importlib
import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest

from vextrus.platform.events import Event
from vextrus.platform.modules import Module, available_modules

MODULES = available_modules()
REPO = Path(__file__).resolve().parents[2]
PERMISSION = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
BANGLA = re.compile(r"[\u0980-\u09FF]")
PARTS = ("metadata", "rest", "web", "graphql", "handlers", "cli", "demo", "ready", "first_run", "jobs", "home",
         "authenticator", "acts_for")
FRAMEWORKS = ("sqlalchemy", "fastapi", "starlette", "strawberry", "alembic", "psycopg")
CHECKING_CALLS = {"command", "query", "require", "can"}
# Event fields that carry any JSON value on purpose (a setting's value is typed by the setting's declaration).
UNTYPED_ALLOWED = {("configuration.setting.changed", "value"), ("configuration.setting.changed", "previous")}


def root(m: Module) -> Path:
    return m.migrations_dir.parent


def sources(m: Module, *, migrations: bool = False) -> list[Path]:
    base = root(m)
    return [p for p in sorted(base.rglob("*.py"))
            if migrations or "migrations" not in p.relative_to(base).parts]


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# --- manifest -------------------------------------------------------------------------------------------

def check_manifest(m: Module, known: set[str]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", m.name), f"module name {m.name!r}: lower-case letters, digits, _"
    assert root(m).name == m.name, f"{m.name}: the manifest's name must be its package's ({root(m).name})"
    assert m.title.strip() and m.title_bn.strip() and BANGLA.search(m.title_bn), f"{m.name}: title in en and bn"
    for dep in (*m.depends_on, *m.optional):
        assert dep in known and dep != m.name, f"{m.name}: depends on unknown module {dep!r}"
    for part in PARTS:
        ref = getattr(m, part)
        if ref is None:
            continue
        pkg, sep, attr = ref.partition(":")
        assert sep and attr, f"{m.name}.{part} = {ref!r}: 'package.file:attribute'"
        assert pkg == m.package or pkg.startswith(m.package + "."), f"{m.name}.{part} = {ref!r} is not the module's own"
        assert m.load(ref) is not None, f"{m.name}.{part} = {ref!r} does not load"
    assert (m.cli is None) == (m.cli_name is None), f"{m.name}: cli and cli_name go together"
    for item in m.nav:
        assert item.label and BANGLA.search(item.label_bn), f"{m.name}: nav item {item.label!r} needs Bangla"


# --- permissions ----------------------------------------------------------------------------------------

def check_permissions_declared_and_translated(m: Module) -> None:
    codes = [p.code for p in m.permissions]
    assert len(codes) == len(set(codes)), f"{m.name}: a permission is declared twice"
    for p in m.permissions:
        assert PERMISSION.match(p.code) and p.code.startswith(f"{m.name}."), \
            f"{m.name}: permission {p.code!r} is not '{m.name}.object.action'"
        assert p.name.strip(), f"{p.code}: no English name"
        assert BANGLA.search(p.name_bn) and p.name_bn != p.name, f"{p.code}: no Bangla name ({p.name_bn!r})"


def checked_permissions(m: Module) -> dict[str, str]:
    """Every permission the module's code checks: first argument of @command/@query/require/can, a string
    or a module-level string constant of the same file. -> {permission: where}."""
    found: dict[str, str] = {}
    for path in sources(m):
        tree = _parse(path)
        constants = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for t in node.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
            if name not in CHECKING_CALLS:
                continue
            arg = node.args[0]
            value = arg.value if isinstance(arg, ast.Constant) else constants.get(arg.id) \
                if isinstance(arg, ast.Name) else None
            if isinstance(value, str) and PERMISSION.match(value):
                found.setdefault(value, f"{path.relative_to(root(m))}:{node.lineno}")
    return found


def check_checked_permissions_are_declared(m: Module, modules: dict[str, Module]) -> None:
    own = {p.code for p in m.permissions}
    everyone = {p.code for mod in modules.values() for p in mod.permissions}
    for code, where in checked_permissions(m).items():
        if code.startswith(f"{m.name}."):
            assert code in own, f"{m.name} checks {code} ({where}) but its manifest does not declare it"
        else:
            assert code in everyone, f"{m.name} checks {code} ({where}), which no module declares"


# --- rooms ----------------------------------------------------------------------------------------------

def _imports(path: Path, package: str) -> list[str]:
    out = []
    for node in ast.walk(_parse(path)):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            out += [f"{target}.{a.name}" for a in node.names] + [target]
    return out


def check_rooms(m: Module) -> None:
    base = root(m)
    for path in sources(m):
        rel = path.relative_to(base)
        package = ".".join([m.package, *rel.parent.parts])
        in_domain = rel.parts[0] in ("domain", "domain.py")
        for name in _imports(path, package):
            if name.startswith("vextrus.modules."):
                other, *rest = name.removeprefix("vextrus.modules.").split(".")
                if other != m.name and rest:
                    assert rest[0] in ("api", "events"), f"{m.name}/{rel} imports {name}: only api and events"
            if in_domain:
                assert name.split(".")[0] not in FRAMEWORKS, f"{m.name}/{rel} (domain) imports {name}"


def check_import_contracts_cover(m: Module, importlinter: Path = REPO / ".importlinter") -> None:
    """The CI contracts (import-linter) that enforce the rooms name this module (wildcards count)."""
    cfg = configparser.ConfigParser()
    cfg.read(importlinter)

    def covers(section: str, key: str, wanted: str) -> bool:
        lines = [ln.strip() for ln in cfg.get(section, key, fallback="").splitlines() if ln.strip()]
        return any(fnmatch.fnmatchcase(wanted, ln.replace("**", "*")) for ln in lines)

    contracts = [s for s in cfg.sections() if s.startswith("importlinter:contract:")]
    assert any(cfg.get(s, "type") == "independence" and covers(s, "modules", m.package) for s in contracts), \
        f"{m.name}: no import-linter independence contract covers {m.package}"
    assert any(cfg.get(s, "type") == "forbidden" and covers(s, "source_modules", f"{m.package}.domain")
               and "sqlalchemy" in cfg.get(s, "forbidden_modules") for s in contracts), \
        f"{m.name}: no import-linter contract keeps {m.package}.domain free of frameworks"


# --- events ---------------------------------------------------------------------------------------------

def declared_events(m: Module) -> list[type[Event]]:
    try:
        mod = importlib.import_module(f"{m.package}.events")
    except ModuleNotFoundError:
        return []
    return [v for v in vars(mod).values() if isinstance(v, type) and issubclass(v, Event) and v is not Event
            and v.__module__ == mod.__name__]


def check_events_typed(m: Module, all_names: dict[str, str]) -> None:
    for cls in declared_events(m):
        assert "name" in vars(cls), f"{cls.__name__}: declares no name of its own"
        assert re.fullmatch(rf"{m.name}\.[a-z_]+\.[a-z_]+", cls.name), \
            f"{cls.__name__}: {cls.name!r} is not '{m.name}.object.verb'"
        assert all_names.get(cls.name, cls.__qualname__) == cls.__qualname__, f"{cls.name} is declared twice"
        hints = typing.get_type_hints(cls)
        for field in cls.model_fields:
            hint = hints.get(field)
            assert hint is not None, f"{cls.name}.{field} has no type"
            if (cls.name, field) not in UNTYPED_ALLOWED:
                assert hint is not Any and "typing.Any" not in str(hint), f"{cls.name}.{field} is typed Any"
            if field.endswith(("_id", "_ids")):
                assert "UUID" in str(hint), f"{cls.name}.{field} is an id typed {hint} (use UUID)"
        assert "version" not in cls.model_fields, f"{cls.name}: a field named version (it is the schema version)"


# --- tables ---------------------------------------------------------------------------------------------

def check_tables_prefixed(m: Module) -> None:
    if not m.metadata:
        return
    base = m.load(m.metadata)
    assert base.metadata.schema == m.name, f"{m.name}: tables live in schema {base.metadata.schema!r}"
    prefix = m.tables_prefix
    assert prefix.endswith("_") and prefix[:-1], f"{m.name}: table_prefix {prefix!r} must end with '_'"
    for table in base.metadata.tables.values():
        assert table.schema == m.name, f"{table.name}: schema {table.schema!r}, not {m.name!r}"
        assert table.name == prefix[:-1] or table.name.startswith(prefix), \
            f"{m.name}: table {table.name!r} does not start with {prefix!r}"


# --- migrations -----------------------------------------------------------------------------------------

def _revision_info(path: Path) -> dict[str, Any]:
    info: dict[str, Any] = {}
    for node in _parse(path).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            key = node.targets[0].id
            if key in ("revision", "down_revision", "branch_labels", "depends_on"):
                info[key] = ast.literal_eval(node.value)
    return info


def check_migrations_on_own_branch(m: Module) -> None:
    files = sorted(m.migrations_dir.glob("*.py")) if m.migrations_dir.is_dir() else []
    if not m.metadata:
        assert not files, f"{m.name}: migrations but no tables (manifest metadata=)"
        return
    revisions = {p.name: _revision_info(p) for p in files if p.name != "__init__.py"}
    assert revisions, f"{m.name}: tables but no migrations/"
    ids = {i["revision"] for i in revisions.values()}
    assert len(ids) == len(revisions), f"{m.name}: two files share a revision id"
    roots = [f for f, i in revisions.items() if i.get("down_revision") is None]
    assert len(roots) == 1, f"{m.name}: the branch must have one first revision, found {roots}"
    first = revisions[roots[0]]
    labels = first.get("branch_labels")
    assert tuple([labels] if isinstance(labels, str) else labels or ()) == (m.name,), \
        f"{m.name}: first revision's branch_labels must be ('{m.name}',), is {labels!r}"
    children: dict[str, int] = {}
    for f, i in revisions.items():
        assert i["revision"].startswith(f"{m.name}_"), f"{m.name}/{f}: revision id {i['revision']!r}"
        down = i.get("down_revision")
        for parent in ([down] if isinstance(down, str) else down or ()):
            assert parent in ids, f"{m.name}/{f}: down_revision {parent!r} is not on the module's branch"
            children[parent] = children.get(parent, 0) + 1
        if f != roots[0]:
            assert not i.get("branch_labels"), f"{m.name}/{f}: only the first revision labels the branch"
    heads = ids - set(children)
    assert len(heads) == 1, f"{m.name}: the branch has {len(heads)} heads {sorted(heads)} (merge them)"


# --- i18n -----------------------------------------------------------------------------------------------

def check_catalogues(m: Module) -> None:
    cats = {}
    for locale in ("en", "bn"):
        path = root(m) / "i18n" / f"{locale}.json"
        assert path.is_file(), f"{m.name}: no i18n/{locale}.json"
        cats[locale] = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(cats[locale], dict), f"{m.name}: i18n/{locale}.json is not an object"
    assert set(cats["en"]) == set(cats["bn"]), f"{m.name}: English and Bangla catalogues differ in keys"


def check_module(m: Module, modules: dict[str, Module]) -> None:
    """Every check, for one module (the scaffold test calls this)."""
    names = {cls.name: cls.__qualname__ for mod in modules.values() if mod is not m for cls in declared_events(mod)}
    check_manifest(m, set(modules))
    check_permissions_declared_and_translated(m)
    check_checked_permissions_are_declared(m, modules)
    check_rooms(m)
    check_import_contracts_cover(m)
    check_events_typed(m, names)
    check_tables_prefixed(m)
    check_migrations_on_own_branch(m)
    check_catalogues(m)


# --- the tests ------------------------------------------------------------------------------------------

NAMES = sorted(MODULES)


@pytest.mark.parametrize("name", NAMES)
def test_manifest_is_valid(name):
    check_manifest(MODULES[name], set(MODULES))


@pytest.mark.parametrize("name", NAMES)
def test_permissions_are_declared_and_translated(name):
    check_permissions_declared_and_translated(MODULES[name])
    check_checked_permissions_are_declared(MODULES[name], MODULES)


@pytest.mark.parametrize("name", NAMES)
def test_rooms_are_respected(name):
    check_rooms(MODULES[name])
    check_import_contracts_cover(MODULES[name])


@pytest.mark.parametrize("name", NAMES)
def test_events_are_typed(name):
    m = MODULES[name]
    others = {cls.name: cls.__qualname__ for n, mod in MODULES.items() if n != name for cls in declared_events(mod)}
    check_events_typed(m, others)


@pytest.mark.parametrize("name", NAMES)
def test_tables_are_prefixed_with_the_module(name):
    check_tables_prefixed(MODULES[name])


@pytest.mark.parametrize("name", NAMES)
def test_migrations_are_on_the_modules_own_branch(name):
    check_migrations_on_own_branch(MODULES[name])


@pytest.mark.parametrize("name", NAMES)
def test_catalogues_in_english_and_bangla(name):
    check_catalogues(MODULES[name])


def test_the_checks_find_what_they_look_for():
    """The scan is not blind: known permissions checked, known events, prefixed tables."""
    assert "finance.journal.post" in checked_permissions(MODULES["finance"])
    assert "master_data.party.read" in checked_permissions(MODULES["master_data"])
    assert len(declared_events(MODULES["finance"])) >= 5
    bad = Module(name="finance", title="Finance", title_bn="হিসাব", metadata=MODULES["finance"].metadata,
                 table_prefix="fin_")
    with pytest.raises(AssertionError, match="does not start with 'fin_'"):
        check_tables_prefixed(bad)
    unnamed = Module(name="finance", title="Finance", title_bn="হিসাব",
                     permissions=(*MODULES["finance"].permissions[:1],))
    with pytest.raises(AssertionError, match="does not declare"):
        check_checked_permissions_are_declared(unnamed, {"finance": unnamed})


def test_a_lost_update_names_the_table_without_its_module_prefix():
    """Users read the table's name in a lost compare-and-set ('party was changed by someone else'), not
    the prefixed one the database knows."""
    from sqlalchemy.orm.exc import StaleDataError

    from vextrus.platform.versioning import stale_version_from

    def said(table: str) -> str:
        return stale_version_from(StaleDataError(
            f"UPDATE statement on table '{table}' expected to update 1 row(s); 0 were matched.")).message

    assert said("master_data_party").startswith("party was changed")
    assert said("organization_cost_centre").startswith("cost centre was changed")
    assert said("project_activity").startswith("activity was changed")
