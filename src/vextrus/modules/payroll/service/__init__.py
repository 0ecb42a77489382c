"""Payroll's commands and queries (callers write `from . import service`)."""

from .advances import cancel_advance, get_advance, give_advance, list_advances
from .disbursement import beftn, disbursement, disbursement_file
from .employees import (
           change_employee,
           create_employee,
           get_employee,
           list_employees,
           list_structures,
           manager_user_of,
           save_structure,
           user_email,
           user_for_email,
)
from .payment import payment_undos, record_payment, undo_payment
from .payslip_pdf import payslip_pdf
from .reports import (
           labour_cost,
           parse_month,
           pf_ledger,
           report_file,
           run_differences,
           salary_register,
           tax_deducted,
)
from .runs import (
           approve_run,
           get_payslip,
           get_run,
           leave_encashed,
           list_runs,
           post_run,
           prepare_run,
           reverse_run,
)
from .settings import account_choices, change_settings, get_settings
from .settlement import (
           approve_settlement,
           draft_settlement,
           get_settlement,
           post_settlement,
           provide_leave_balance,
           provide_leave_encashable,
           reverse_settlement,
)
from .settlement_pdf import settlement_pdf
from .tax_certificate import certificate_years, tax_certificate_pdf
from .transfers import list_transfers, transfer_employee
from .wages import (
           approve_wage_run,
           get_wage_run,
           list_wage_runs,
           post_wage_run,
           prepare_wage_run,
           reverse_wage_run,
)

__all__ = ["list_transfers", "transfer_employee", "cancel_advance", "get_advance", "give_advance", "list_advances", "approve_run", "change_employee", "change_settings", "create_employee", "get_employee", "get_payslip", "get_run",
           "get_settings", "list_employees", "list_runs", "list_structures", "payslip_pdf", "post_run", "prepare_run",
           "save_structure", "prepare_wage_run", "approve_wage_run", "post_wage_run", "get_wage_run", "list_wage_runs",
           "reverse_run", "reverse_wage_run",
           "beftn", "disbursement", "disbursement_file", "payment_undos", "record_payment", "undo_payment",
           "salary_register", "tax_deducted", "pf_ledger", "labour_cost", "report_file", "tax_certificate_pdf", "certificate_years",
           "parse_month", "run_differences", "manager_user_of", "user_email", "user_for_email",
           "approve_settlement", "draft_settlement", "get_settlement", "post_settlement", "reverse_settlement",
           "provide_leave_balance",
           "provide_leave_encashable", "leave_encashed", "settlement_pdf", "account_choices"]
