import pytest

from vextrus.platform.errors import ConfigurationError
from vextrus.platform.modules import Module, build_registry

MODS = {
    "a": Module("a", "A", "A"),
    "b": Module("b", "B", "B", depends_on=("a",)),
    "c": Module("c", "C", "C", depends_on=("b",)),
}


def test_dependencies_come_first_and_are_pulled_in():
    assert build_registry(["c"], MODS).names == ["a", "b", "c"]


def test_unknown_module_names_the_setting():
    with pytest.raises(ConfigurationError, match="VEXTRUS_MODULES.*'zzz'"):
        build_registry(["zzz"], MODS)


def test_cycles_are_reported():
    mods = {"x": Module("x", "X", "X", depends_on=("y",)), "y": Module("y", "Y", "Y", depends_on=("x",))}
    with pytest.raises(ConfigurationError, match="cycle"):
        build_registry(["all"], mods)


def test_every_shipped_table_name_is_unique_across_modules():
    from vextrus.platform.modules import available_modules

    seen: dict[str, str] = {}
    for m in available_modules().values():
        if not m.metadata:
            continue
        for t in m.load(m.metadata).metadata.tables.values():
            assert t.name not in seen, f"{t.name} in {m.name} and {seen[t.name]}"
            seen[t.name] = m.name


def test_always_loaded_modules_join_every_process_but_only_requested_ones_are_served():
    mods = {**MODS, "auth": Module("auth", "Auth", "Auth", always_loaded=True)}
    registry = build_registry(["b"], mods)
    assert set(registry.names) == {"a", "auth", "b"}
    assert registry.served(["b"]).names == ["b"]
    assert registry.served(["all"]).names == registry.names
