"""Inventory (issue 17): a company's stores (central warehouse, site stores), stock moves (receipt, issue to
a project and activity, transfer, adjustment) valued at moving average or FIFO per (company, item) (the
company's costing method), stock on hand, an item's ledger and the valuation; receipts, issues and adjustments post their journal through
finance.api as inventory on behalf of the user. Items are master_data's."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.inventory"

MODULE = Module(
    name="inventory",
    title="Inventory",
    title_bn="মজুদ",
    depends_on=("organization", "master_data", "finance"),
    # the move form's project picker; XLSX reports (documents' xlsx_table); material estimates from a contract's BOQ
    optional=("projects", "documents", "contracts"),
    uses=("finance.journal.post", "finance.journal.import", "master_data.item.read", "projects.project.read",
          "projects.activity.read", "contracts.contract.read"),
    permissions=(
        Permission("inventory.stock.view", "View stores, stock and valuation", "গুদাম, মজুদ ও মূল্যায়ন দেখা"),
        Permission("inventory.move.post", "Post stock moves", "মজুদ চলাচল পোস্ট করা"),
        Permission("inventory.store.manage", "Manage stores", "গুদাম পরিচালনা"),
    ),
    nav=(NavItem("Inventory", "মজুদ", "/inventory", "inventory.stock.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",  # the demo company's central warehouse and site store, stock, transfers, levels
)
