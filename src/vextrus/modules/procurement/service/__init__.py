"""Commands and queries of procurement (one file per aggregate; callers write `from . import service`)."""

from .grn_photos import attach_photo as attach_grn_photo
from .grn_photos import list_photos as list_grn_photos
from .matching import list_bill_matches, match_bill
from .on_order import on_order
from .orders import (
    approve_after_workflow,
    approve_order,
    cancel_order,
    create_orders,
    get_order,
    list_orders,
    may_approve_order,
    order_needs_approval,
    revise_order,
)
from .performance import vendor_performance, vendor_performance_detail, vendor_performance_file
from .receipts import get_grn, list_grns, receive_goods
from .reorder import create_requisition_from_suggestions
from .requisitions import (
    approve_requisition,
    cancel_requisition,
    create_requisition,
    get_requisition,
    list_requisitions,
    reject_requisition,
    requisition_needs_approval,
    submit_requisition,
)
from .rfq_document import IssuedRfq, issue_rfq_pdf, rfq_data, send_rfq
from .sourcing import comparative_statement, create_rfq, enter_quotation, get_rfq, list_rfqs, select_vendors
from .work_order import IssuedWorkOrder, issue_work_order, work_order_data

__all__ = [
    "IssuedWorkOrder", "on_order", "attach_grn_photo", "list_grn_photos", "approve_after_workflow", "approve_order", "may_approve_order", "order_needs_approval", "approve_requisition", "cancel_order",
    "cancel_requisition", "requisition_needs_approval", "comparative_statement", "create_orders",
    "create_requisition", "create_requisition_from_suggestions", "create_rfq", "enter_quotation", "get_grn", "get_order", "get_requisition", "get_rfq",
    "list_bill_matches", "list_grns", "list_orders", "list_requisitions", "list_rfqs", "match_bill",
    "receive_goods", "reject_requisition", "revise_order", "select_vendors", "submit_requisition",
    "issue_work_order", "work_order_data", "vendor_performance", "vendor_performance_detail", "vendor_performance_file", "IssuedRfq", "issue_rfq_pdf", "rfq_data", "send_rfq",
]
