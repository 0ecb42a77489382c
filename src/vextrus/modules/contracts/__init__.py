"""Contracts and RA bills: client contracts from a project's BOQ, running-account bills measured per item
(cumulative, previous, this bill) with retention, mobilisation advance recovery, security deposit, VAT and
AIT, posted as journals through finance.api; retention release and advance receipt (issue 16); a certified or
posted bill printed as a PDF in English or Bangla (documents' `ra_bill`)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.contracts"

MODULE = Module(
    name="contracts",
    title="Contracts and RA bills",
    title_bn="চুক্তি ও চলতি বিল",
    depends_on=("organization", "master_data", "finance", "tax", "projects", "documents", "files"),
    # journals and a bill's reversal; receivables' lines (what was received against a bill); client; BOQ copy;
    # an RA bill's PDF generated and read back as a document (with its project's name)
    uses=("finance.journal.post", "finance.journal.reverse", "finance.report.view", "master_data.party.read",
          "projects.boq.read", "projects.project.read", "documents.document.create", "documents.document.view",
          "files.file.view"),
    permissions=(
        Permission("contracts.contract.read", "View client contracts and RA bills", "গ্রাহক চুক্তি ও চলতি বিল দেখা"),
        Permission("contracts.contract.manage", "Create client contracts and variations",
                   "গ্রাহক চুক্তি ও পরিবর্তন আইটেম তৈরি"),
        Permission("contracts.bill.prepare", "Prepare (measure) RA bills", "চলতি বিল প্রস্তুত (পরিমাপ)"),
        Permission("contracts.bill.certify", "Certify RA bills", "চলতি বিল প্রত্যয়ন"),
        Permission("contracts.bill.post", "Post and reverse RA bills, record their receipts, advances and "
                   "retention releases in the ledger",
                   "চলতি বিল পোস্ট ও রিভার্স, বিলের টাকা গ্রহণ, অগ্রিম ও রিটেনশন ফেরত খাতায় পোস্ট করা"),
    ),
    nav=(NavItem("Contracts", "চুক্তি", "/contracts", "contracts.contract.read"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
    handlers=f"{_P}.handlers:subscriptions",
)
