"""Audit: every event of every module (and auth's sign-in events) kept as a tamper-evident record:
who (incl. "U via X"), when, from which request and address, which object, what changed. Records
form a hash chain per tenant (`vextrus audit verify`), are searched with the database's own
full-text search, exported to CSV/XLSX, and archived to compressed files by retention policy."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.audit"

MODULE = Module(
    name="audit",
    title="Audit trail",
    title_bn="অডিট ট্রেইল",
    permissions=(
        Permission("audit.record.view", "View the audit trail and object histories", "অডিট ট্রেইল ও অবজেক্টের ইতিহাস দেখা"),
        Permission("audit.record.export", "Export audit records (CSV, Excel)", "অডিট রেকর্ড রপ্তানি (CSV, এক্সেল)"),
        Permission("audit.chain.verify", "Verify the audit chain", "অডিট চেইন যাচাই"),
        Permission("audit.archive.manage", "Set retention and archive old audit records",
                   "সংরক্ষণকাল নির্ধারণ ও পুরোনো অডিট রেকর্ড আর্কাইভ"),
    ),
    optional=("projects",),  # a project's company, for company scoping (projects.api.project_companies)
    nav=(NavItem("Audit", "অডিট", "/audit", "audit.record.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    handlers=f"{_P}.handlers:subscriptions",
    cli=f"{_P}.cli:app",
    cli_name="audit",
    jobs=f"{_P}.jobs:JOBS",
)
