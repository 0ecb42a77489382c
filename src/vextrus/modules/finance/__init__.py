"""Finance: the general ledger (chart of accounts, fiscal periods, journals, balances, statements)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.finance"


def _p(code: str, en: str, bn: str) -> Permission:
    return Permission(f"finance.{code}", en, bn)


MODULE = Module(
    name="finance",
    title="Finance",
    title_bn="অর্থ ও হিসাব",
    depends_on=("organization", "master_data"),  # companies own books; a line's party is held in master data
    optional=("projects", "rules", "workflow"),  # projects: a line's project is checked; workflow: approvals
    uses=("master_data.reference.manage", "workflow.instance.submit"),  # parties held; drafts sent for approval
    permissions=(
        _p("book.manage", "Create company books and import ledgers", "কোম্পানির খাতা তৈরি ও লেজার আমদানি"),
        _p("account.view", "View the chart of accounts", "হিসাবের তালিকা দেখা"),
        _p("account.create", "Create accounts", "হিসাব তৈরি"),
        _p("account.update", "Change accounts", "হিসাব পরিবর্তন"),
        _p("account.deactivate", "Deactivate accounts", "হিসাব নিষ্ক্রিয় করা"),
        _p("journal.view", "View journal entries", "জার্নাল এন্ট্রি দেখা"),
        _p("journal.create", "Create draft journal entries", "খসড়া জার্নাল এন্ট্রি তৈরি"),
        _p("journal.post", "Post journal entries", "জার্নাল এন্ট্রি পোস্ট করা"),
        _p("journal.approve", "Approve journal entries (up to a limit)", "জার্নাল এন্ট্রি অনুমোদন (সীমা পর্যন্ত)"),
        _p("journal.reverse", "Reverse posted entries", "পোস্ট করা এন্ট্রি রিভার্স করা"),
        _p("journal.import", "Bulk-post entries (imports, integrations)", "একসাথে এন্ট্রি পোস্ট (আমদানি)"),
        _p("period.view", "View fiscal periods", "অর্থবছরের মেয়াদ দেখা"),
        _p("period.close", "Close periods and years", "মেয়াদ ও বছর বন্ধ করা"),
        _p("period.reopen", "Reopen closed periods", "বন্ধ মেয়াদ পুনরায় খোলা"),
        _p("period.lock", "Lock periods for good", "মেয়াদ স্থায়ীভাবে লক করা"),
        _p("rate.manage", "Enter exchange rates", "বিনিময় হার দেওয়া"),
        _p("revaluation.run", "Run FX revaluation", "বৈদেশিক মুদ্রা পুনর্মূল্যায়ন"),
        _p("recurring.manage", "Manage recurring entries", "পুনরাবৃত্ত এন্ট্রি পরিচালনা"),
        _p("report.view", "View financial reports", "আর্থিক প্রতিবেদন দেখা"),
        _p("ledger.verify", "Verify balances against the journal", "জার্নালের সাথে স্থিতি যাচাই"),
    ),
    nav=(NavItem("Ledger", "লেজার", "/finance", "finance.account.view"),),
    metadata=f"{_P}.tables:Base",
    handlers=f"{_P}.handlers:subscriptions",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    cli=f"{_P}.cli:app",
    cli_name="ledger",
    demo=f"{_P}.demo:load",
    jobs=f"{_P}.jobs:JOBS",
    ready=f"{_P}.service:ready",
)
