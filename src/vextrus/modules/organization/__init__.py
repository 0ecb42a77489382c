"""Organization: a tenant's companies (legal entities), their branches and project sites,
departments and cost centres, and which people belong to which company."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.organization"

MODULE = Module(
    name="organization",
    title="Organization",
    title_bn="প্রতিষ্ঠান",
    depends_on=("master_data",),
    permissions=(
        Permission("organization.company.view", "View companies", "কোম্পানি দেখা"),
        Permission("organization.company.create", "Create companies", "কোম্পানি তৈরি"),
        Permission("organization.company.update", "Change companies", "কোম্পানি পরিবর্তন"),
        Permission("organization.unit.view", "View branches, sites, departments, cost centres",
                   "শাখা, সাইট, বিভাগ, কস্ট সেন্টার দেখা"),
        Permission("organization.unit.manage", "Manage branches, sites, departments, cost centres",
                   "শাখা, সাইট, বিভাগ, কস্ট সেন্টার পরিচালনা"),
        Permission("organization.member.view", "View company members", "কোম্পানির সদস্য দেখা"),
        Permission("organization.member.manage", "Add or remove company members", "কোম্পানির সদস্য যোগ/বাদ"),
    ),
    nav=(NavItem("Companies", "কোম্পানি", "/organization", "organization.company.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    home=f"{_P}.web:home_cards",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
)
