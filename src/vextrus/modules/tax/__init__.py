"""Tax: VAT (inclusive/exclusive, by code and date), VAT deducted at source (VDS) and income tax withheld at
source (AIT/TDS) as pure calculators over rates kept as data with their legal sources (docs/tax.md)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.tax"

MODULE = Module(
    name="tax",
    title="Tax",
    title_bn="কর",
    permissions=(
        Permission("tax.calculator.view", "Use the VAT, VDS and withholding calculators and see the rates",
                   "ভ্যাট, ভিডিএস ও উৎসে কর ক্যালকুলেটর ব্যবহার ও হার দেখা"),
    ),
    nav=(NavItem("Tax", "কর", "/tax", "tax.calculator.view"),),
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    cli=f"{_P}.cli:app",
    cli_name="tax",
)
