"""Commands and queries of crm (one file per aggregate)."""

from .leads import convert_lead, create_lead, find_duplicates, get_lead, list_leads, update_lead
from .pipeline import (
    activities_of,
    add_activity,
    change_stage,
    complete_activity,
    create_opportunity,
    get_activity,
    get_opportunity,
    list_opportunities,
    overdue_activities,
    pipeline_board,
    remind_activities,
)
from .quotations import (
    accept_quotation,
    boq_projects,
    create_quotation,
    customer_choices,
    expire_quotations,
    get_quotation,
    list_quotations,
    price_list_units,
    quotation_pdf,
    quotation_subject,
    reject_quotation,
    revise_quotation,
    send_quotation,
    start_quotation_project,
    update_quotation,
)
from .tenders import change_tender_status, create_tender, get_tender, list_tenders, start_project

__all__ = ["accept_quotation", "boq_projects", "price_list_units", "create_quotation", "customer_choices", "expire_quotations", "get_quotation", "list_quotations", "quotation_pdf", "quotation_subject",
           "reject_quotation", "revise_quotation", "send_quotation", "update_quotation", "activities_of", "add_activity", "change_stage", "change_tender_status", "complete_activity",
           "convert_lead", "create_lead", "create_opportunity", "create_tender", "find_duplicates", "get_activity", "get_lead",
           "get_opportunity", "get_tender", "list_leads", "list_opportunities", "list_tenders",
           "overdue_activities", "pipeline_board", "remind_activities", "update_lead", "start_project", "start_quotation_project"]
