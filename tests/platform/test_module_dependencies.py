"""`depends_on` is checked against the code (docs/modules.md, "Dependencies"): every import of another
module (`vextrus.modules.<other>.api` / `.events`, at the top of a file or inside a function) found in
a module's source is declared, hard in `depends_on` (the module does not work without it) or soft in
`optional` (it works without it); nothing is declared that is not imported; the permissions a module
`uses` belong to a module it declares. Importing only another module's `events` (to subscribe to
its published contract) needs no declaration: without that module the handler simply never runs. The registry orders by both kinds, pulls hard dependencies
into a process, refuses a missing hard one and a cycle of hard ones, and treats optional ones as soft."""

from __future__ import annotations

import ast

import pytest

from vextrus.platform.errors import ConfigurationError
from vextrus.platform.modules import Module, Registry, available_modules, build_registry

PREFIX = "vextrus.modules."


def _imported_modules(module: Module, *, subscriptions: bool = False) -> dict[str, set[str]]:
    """Other modules imported anywhere in this module's package: name -> the files importing it.
    Imports of another module's `events` alone count only when `subscriptions` is asked for."""
    root = module.migrations_dir.parent
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.relative_to(root).parts:
            continue
        package = ".".join([module.package, *path.relative_to(root).parent.parts])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against the file's package
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                # `from vextrus.modules import finance` names the module in the imported names
                names = [f"{target}.{a.name}" for a in node.names] if target + "." == PREFIX else [target]
            else:
                continue
            for name in names:
                if name.startswith(PREFIX):
                    other, *rest = name.removeprefix(PREFIX).split(".")
                    if rest[:1] == ["events"] and not subscriptions:
                        continue
                    if other != module.name:
                        found.setdefault(other, set()).add(str(path.relative_to(root)))
    return found


MODULES = available_modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_import_of_another_module_is_declared_and_every_declaration_is_used(name):
    m = MODULES[name]
    imported = _imported_modules(m)
    declared = set(m.depends_on) | set(m.optional)
    undeclared = {other: sorted(files) for other, files in imported.items() if other not in declared}
    assert not undeclared, (f"{name} imports {undeclared} but declares neither depends_on nor optional for it "
                            "(docs/modules.md, Dependencies)")
    unused = declared - set(imported)
    assert not unused, f"{name} declares {sorted(unused)} but never imports them"
    assert not set(m.depends_on) & set(m.optional), f"{name}: a dependency is either hard or optional"
    assert name not in declared and declared <= set(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_used_permissions_belong_to_a_declared_module(name):
    m = MODULES[name]
    declared = set(m.depends_on) | set(m.optional)
    for code in m.uses:
        owner = code.split(".")[0]
        assert owner != name, f"{name} uses its own permission {code}: it needs no declaration"
        assert owner in declared, f"{name} uses {code} of {owner}, which it does not declare as a dependency"
        assert code in {p.code for p in MODULES[owner].permissions}, f"{name} uses {code}: no such permission"


def test_the_shipped_manifests_say_what_the_code_does():
    assert MODULES["finance"].depends_on == ("organization", "master_data")
    assert MODULES["finance"].optional == ("projects", "rules", "workflow")  # workflow: journal approvals
    assert MODULES["projects"].depends_on == ("organization", "master_data")
    assert MODULES["master_data"].optional == ("configuration",)


def test_all_modules_are_ordered_after_their_hard_and_optional_dependencies():
    names = build_registry(["all"]).names
    for m in MODULES.values():
        for dep in (*m.depends_on, *m.optional):
            assert names.index(dep) < names.index(m.name), f"{m.name} before {dep} in {names}"


def test_a_one_module_process_loads_its_hard_dependencies_but_not_its_optional_ones():
    registry = build_registry(["finance"])
    assert {"finance", "organization", "master_data", "auth"} <= set(registry.names)
    assert "projects" not in registry.names  # optional: finance works without it (scale-out)
    assert registry.served(["finance"]).names == ["finance"]
    assert "finance" not in build_registry(["organization"]).names
    assert "configuration" not in build_registry(["master_data"]).names


# ---- the registry's rules, on made-up modules -----------------------------------------------------

def _mods(*mods: Module) -> dict[str, Module]:
    return {m.name: m for m in mods}


def test_a_missing_hard_dependency_is_refused_and_a_missing_optional_one_is_not():
    mods = _mods(Module("a", "A", "A"), Module("b", "B", "B", depends_on=("a",)),
                 Module("c", "C", "C", optional=("a",)))
    with pytest.raises(ConfigurationError, match="'b' needs 'a'"):
        build_registry(["b"], mods, include_dependencies=False)
    assert build_registry(["c"], mods, include_dependencies=False).names == ["c"]
    assert build_registry(["b"], mods).names == ["a", "b"]  # pulled in by default
    with pytest.raises(ConfigurationError, match="'b' needs 'a'"):
        Registry([mods["b"], mods["c"]]).served(["b"])
    with pytest.raises(ConfigurationError, match="not installed"):
        build_registry(["x"], _mods(Module("x", "X", "X", depends_on=("gone",))))
    assert build_registry(["y"], _mods(Module("y", "Y", "Y", optional=("gone",)))).names == ["y"]


def test_optional_dependencies_order_when_present():
    mods = _mods(Module("z", "Z", "Z", optional=("a",)), Module("a", "A", "A"))
    assert build_registry(["all"], mods).names == ["a", "z"]


def test_a_cycle_of_hard_dependencies_is_refused_but_an_optional_edge_gives_way():
    hard = _mods(Module("x", "X", "X", depends_on=("y",)), Module("y", "Y", "Y", depends_on=("z",)),
                 Module("z", "Z", "Z", depends_on=("x",)))
    with pytest.raises(ConfigurationError, match="cycle"):
        build_registry(["all"], hard)
    soft = _mods(Module("a", "A", "A", optional=("b",)), Module("b", "B", "B", depends_on=("a",)))
    assert build_registry(["all"], soft).names == ["a", "b"]  # the hard edge wins; the optional one is left out


def test_the_import_scanner_sees_imports_inside_functions_and_skips_the_modules_own():
    found = _imported_modules(MODULES["master_data"])
    assert found == {"configuration": {"settings.py"}}  # `from vextrus.modules.configuration.api import setting` in a function
    assert set(_imported_modules(MODULES["finance"])) == {"organization", "master_data", "projects", "rules",
                                                          "workflow"}


def test_a_subscription_to_another_modules_events_is_seen_but_is_not_a_dependency():
    # projects records actual costs from finance's JournalPosted, and works without finance
    assert _imported_modules(MODULES["projects"], subscriptions=True)["finance"] == {"handlers.py"}
    assert "finance" not in _imported_modules(MODULES["projects"])
    assert "finance" not in (*MODULES["projects"].depends_on, *MODULES["projects"].optional)
