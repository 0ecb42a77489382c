"""Payroll: scaffolded by `vextrus dev new-module payroll` (docs/modules.md is the recipe)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.payroll"

MODULE = Module(
    name="payroll",
    title="Payroll",
    title_bn="বেতন",
    permissions=(
        Permission("payroll.note.read", "Read Payroll notes", "বেতন নোট দেখা"),
        Permission("payroll.note.write", "Write Payroll notes", "বেতন নোট লেখা"),
    ),
    nav=(NavItem("Payroll", "বেতন", "/payroll", "payroll.note.read"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
    cli=f"{_P}.cli:app",
    cli_name="payroll",
)
