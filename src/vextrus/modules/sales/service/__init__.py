"""Commands and queries of sales (one file per aggregate)."""

from .bookings import (
    cancel_booking,
    create_booking,
    get_booking,
    hand_over,
    list_bookings,
    preview_schedule,
    register_booking,
    resolve_milestones,
    sign_agreement,
    transfer_booking,
)
from .collections import (
    collections_report,
    customer_statement,
    final_statement,
    get_receipt,
    post_receipt,
    sales_by_project,
)
from .documents import PrintedDocument, agreement_pdf, final_statement_pdf
from .exports import sales_by_project_csv
from .reminders import remind_due_soon
from .units import (
    change_unit_status,
    create_building,
    create_unit,
    get_building,
    get_price,
    get_unit,
    list_buildings,
    list_units,
    offered_units,
    price_lists,
    price_of_unit,
    priced_units,
    set_price,
    unit_grid,
)

__all__ = ["PrintedDocument", "agreement_pdf", "cancel_booking", "change_unit_status", "collections_report", "create_booking", "create_building",
           "create_unit", "customer_statement", "final_statement", "final_statement_pdf", "get_booking", "get_building", "get_price", "get_receipt", "get_unit", "hand_over",
           "list_bookings", "list_buildings", "list_units", "offered_units", "priced_units", "post_receipt", "preview_schedule", "price_lists",
           "price_of_unit", "register_booking", "remind_due_soon", "resolve_milestones", "sales_by_project", "sales_by_project_csv", "set_price", "sign_agreement", "transfer_booking", "unit_grid"]
