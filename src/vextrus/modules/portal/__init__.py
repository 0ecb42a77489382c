"""Customer portal: a buyer signs in and sees their own bookings, instalment schedule, receipts and
statement (also as PDFs: statement of account and money receipts), and a contract's client their own
construction contracts (RA bills, deductions, retention held, receipts, outstanding, the printed bill); the
sale agreement and final statement printed by sales (`sales.api`) for the buyer who owns the booking;
nothing else. Staff invite a customer party's (or a contract client's) contact; the portal links that user
to the party, and every read is narrowed to the party's own documents (through `sales.api`,
`contracts.api`; PDFs through `documents.api`)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.portal"

MODULE = Module(
    name="portal",
    title="Customer portal",
    title_bn="গ্রাহক পোর্টাল",
    depends_on=("auth", "master_data", "sales", "contracts", "documents", "files"),
    uses=(
        "auth.user.create",  # the invited customer's sign-in (auth.api.invite_user)
        "master_data.party.read",  # the party invited must be a customer
        "sales.booking.read",  # the buyer's own bookings
        "sales.collections.view",  # and their statements
        "contracts.contract.read",  # a client's own contracts, RA bills and the printed bill
        "documents.document.create",  # the statement and receipt PDFs (numbered, stored)
        "documents.document.view",
        "files.file.view",  # the stored PDF read back
    ),
    permissions=(
        Permission("portal.self.view", "See one's own bookings, schedule and receipts (a customer)",
                   "নিজের বুকিং, কিস্তির সূচি ও রসিদ দেখা (গ্রাহক)"),
        Permission("portal.account.manage", "Invite customers to the portal", "গ্রাহককে পোর্টালে আমন্ত্রণ"),
    ),
    nav=(NavItem("My bookings", "আমার বুকিং", "/portal", "portal.self.view"),
         NavItem("Portal accounts", "পোর্টাল অ্যাকাউন্ট", "/portal/accounts", "portal.account.manage")),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
)
