"""Procurement (issue 17): purchase requisitions from a store for a project activity → approval → RFQ to
chosen vendors → quotations and the comparative statement (CS; lowest marked; a reason for any other
selection or for too few quotations) → purchase orders, one per vendor (approval, revisions with history)
→ goods receipt notes at a store (received/accepted/rejected, challan, vehicle; the accepted quantity is
an inventory receipt) → the 3-way match of vendor bills (tolerances as settings), a matched bill drafted
in invoicing."""

from vextrus.platform.modules import Module, NavItem, Permission

from .settings import SETTINGS

_P = "vextrus.modules.procurement"

MODULE = Module(
    name="procurement",
    title="Procurement",
    title_bn="ক্রয়",
    depends_on=("organization", "master_data", "inventory", "invoicing", "documents", "files"),
    # settings (declared defaults without it); PO approval amount limits and the work order's signatory;
    # the work order's project name (from the order's requisition)
    # workflow and rules: orders approved by amount through the purchase order workflow (approvals.py)
    optional=("configuration", "auth", "projects", "notifications", "rules", "workflow"),
    # work orders (Word) generated and read back as documents
    uses=("master_data.item.read", "master_data.party.read", "inventory.move.post", "inventory.stock.view",
          "invoicing.invoice.manage", "documents.document.create", "documents.document.view", "files.file.view",
          "files.file.create",  # photos on a goods receipt note (service/grn_photos.py)
          "projects.project.read", "notifications.email.send", "workflow.instance.submit"),
    permissions=(
        Permission("procurement.requisition.view", "View purchase requisitions", "ক্রয় অধিযাচন দেখা"),
        Permission("procurement.requisition.create", "Create and submit purchase requisitions",
                   "ক্রয় অধিযাচন তৈরি ও জমা দেওয়া"),
        Permission("procurement.requisition.approve", "Approve or reject purchase requisitions",
                   "ক্রয় অধিযাচন অনুমোদন বা প্রত্যাখ্যান"),
        Permission("procurement.rfq.view", "View RFQs, quotations and comparative statements",
                   "দরপত্র আহ্বান, দর ও তুলনামূলক বিবরণী দেখা"),
        Permission("procurement.rfq.create", "Send RFQs and enter quotations", "দরপত্র আহ্বান ও দর লেখা"),
        Permission("procurement.rfq.update", "Select vendors on the comparative statement",
                   "তুলনামূলক বিবরণীতে বিক্রেতা বাছাই"),
        Permission("procurement.purchase_order.view", "View purchase orders", "ক্রয়াদেশ দেখা"),
        Permission("procurement.purchase_order.create", "Create purchase orders from a selection",
                   "বাছাই থেকে ক্রয়াদেশ তৈরি"),
        Permission("procurement.purchase_order.update", "Revise or cancel purchase orders", "ক্রয়াদেশ সংশোধন বা বাতিল"),
        Permission("procurement.purchase_order.approve", "Approve purchase orders", "ক্রয়াদেশ অনুমোদন"),
        Permission("procurement.receipt.view", "View goods receipt notes", "মাল গ্রহণ নোট দেখা"),
        Permission("procurement.receipt.create", "Receive goods (GRN) into a store", "গুদামে মাল গ্রহণ (জিআরএন)"),
        Permission("procurement.bill.view", "View vendor bill matches", "বিক্রেতার বিল মেলানো দেখা"),
        Permission("procurement.bill.create", "Match vendor bills against orders and receipts",
                   "ক্রয়াদেশ ও প্রাপ্তির সাথে বিক্রেতার বিল মেলানো"),
    ),
    settings=SETTINGS,
    nav=(NavItem("Procurement", "ক্রয়", "/procurement", "procurement.requisition.view"),),
    metadata=f"{_P}.tables:Base",
    handlers=f"{_P}.handlers:subscriptions",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
)
