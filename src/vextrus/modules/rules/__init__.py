"""Rules: business rules as data (CEL conditions over a subject's declared fields), versioned."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.rules"

MODULE = Module(
    name="rules",
    title="Business rules",
    title_bn="ব্যবসায়িক নিয়ম",
    permissions=(
        Permission("rules.rule_set.view", "View rule sets and test them", "নিয়মসেট দেখা ও পরীক্ষা"),
        Permission("rules.rule_set.manage", "Create and change rule sets", "নিয়মসেট তৈরি ও পরিবর্তন"),
        Permission("rules.rule_set.evaluate", "Evaluate rule sets for a document", "নথির জন্য নিয়মসেট মূল্যায়ন"),
    ),
    nav=(NavItem("Rules", "নিয়ম", "/rules", "rules.rule_set.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
)
