"""Invoicing: scaffolded by `vextrus dev new-module invoicing` (docs/modules.md is the recipe)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.invoicing"

MODULE = Module(
    name="invoicing",
    title="Invoicing",
    title_bn="চালান",
    permissions=(
        Permission("invoicing.note.read", "Read Invoicing notes", "চালান নোট দেখা"),
        Permission("invoicing.note.write", "Write Invoicing notes", "চালান নোট লেখা"),
    ),
    nav=(NavItem("Invoicing", "চালান", "/invoicing", "invoicing.note.read"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
)
