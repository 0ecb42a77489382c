"""Property sales (issue 19): a developer's real-estate projects (projects') divided into buildings, floors
and units (flats, shops, parking) with price lists by date and a status machine; bookings by buyers
(master_data's parties) with an instalment schedule (booking money, down payment, monthly, and milestones
that fall due when a project activity completes); receipts allocated oldest due first and posted through
finance.api (Dr bank/cash, Cr customer advances; revenue on handover), delay charges computed, customer
statements, cancellation with a deduction, transfer to another buyer, and the collections report; the sale
agreement and the final statement printed through the documents module."""

from vextrus.platform.modules import Module, NavItem, Permission

from .settings import SETTINGS

_P = "vextrus.modules.sales"

MODULE = Module(
    name="sales",
    title="Property sales",
    title_bn="সম্পত্তি বিক্রয়",
    depends_on=("projects", "master_data", "finance", "documents", "files"),
    optional=("configuration",),  # its settings are read there; the declared defaults apply without it
    uses=("master_data.party.read", "master_data.reference.manage", "finance.journal.post",
          "projects.project.read",  # the project's name on the printed sale agreement
          "documents.document.create", "documents.document.view",  # the agreement and final statement PDFs
          "files.file.view"),  # the stored PDF read back
    permissions=(
        Permission("sales.inventory.read", "View buildings, units, price lists and the availability grid",
                   "ভবন, ইউনিট, মূল্য তালিকা ও প্রাপ্যতা ছক দেখা"),
        Permission("sales.inventory.manage", "Manage buildings, units, price lists and holds",
                   "ভবন, ইউনিট, মূল্য তালিকা ও সংরক্ষণ পরিচালনা"),
        Permission("sales.booking.read", "View bookings and their schedules", "বুকিং ও কিস্তির সূচি দেখা"),
        Permission("sales.booking.write", "Book units, sign agreements, transfer and hand over",
                   "ইউনিট বুকিং, চুক্তি, হস্তান্তর ও বুঝিয়ে দেওয়া"),
        Permission("sales.booking.cancel", "Cancel bookings with a refund", "ফেরতসহ বুকিং বাতিল করা"),
        Permission("sales.receipt.post", "Post receipts from buyers", "ক্রেতার কাছ থেকে প্রাপ্তি পোস্ট করা"),
        Permission("sales.collections.view", "View customer statements and the collections report",
                   "গ্রাহক বিবরণী ও আদায় প্রতিবেদন দেখা"),
    ),
    settings=SETTINGS,
    nav=(NavItem("Property sales", "সম্পত্তি বিক্রয়", "/sales", "sales.inventory.read"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    handlers=f"{_P}.handlers:subscriptions",
    jobs=f"{_P}.jobs:JOBS",
    demo=f"{_P}.demo:load",
)
