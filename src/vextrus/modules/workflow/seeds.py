"""Default approval workflows (editable data), from the original system's thresholds (BDT).

The original system named levels the default roles do not have; they map onto the construction roles
(auth/domain/roles.py): department head → project manager, finance manager → accountant,
CFO → managing director, CEO → owner. An administrator edits the steps (a new version) to suit.
Review levels carry no amount limit; the deciding levels check `<module>.<document>.approve`.

Documents whose module has not declared its subject yet (purchase order, leave, expense claim; the
journal when finance is not loaded, the invoice and the payment when invoicing is not) get a generic subject here
(amount, currency; the invoice's and the payment's also `kind`, which their steps read) until their module
declares its own fields (a later declaration replaces this one). Invoicing declares `invoicing.invoice`
(invoicing/approvals.py) and `invoicing.payment` (invoicing/payment_approvals.py).
"""

from __future__ import annotations

from vextrus.modules.rules import api as rules

from .schemas import ApproverModel, DefinitionInput, StepModel

for _code, _label, _label_bn in (
    ("finance.journal", "Journal entry", "জার্নাল এন্ট্রি"),
    ("invoicing.invoice", "Invoice or vendor bill", "চালান বা বিক্রেতার বিল"),
    ("procurement.purchase_order", "Purchase order", "ক্রয়াদেশ"),
    ("procurement.purchase_requisition", "Purchase requisition", "ক্রয় অধিযাচন"),
    ("invoicing.payment", "Payment or receipt", "পরিশোধ বা প্রাপ্তি"),
    ("hr.leave_request", "Leave request", "ছুটির আবেদন"),
    ("hr.expense_claim", "Expense claim", "খরচের দাবি"),
    ("payroll.run", "Payroll run", "বেতন চালনা"),
):
    if not rules.subject_declared(_code):
        rules.declare_subject(_code, [rules.SubjectField("amount", "money", "Amount (BDT)", "পরিমাণ (টাকা)"),
                                      rules.SubjectField("currency", "string", "Currency", "মুদ্রা"),
                                      *([rules.SubjectField("kind", "string", "Kind: sales or purchase",
                                                            "ধরন: বিক্রয় বা ক্রয়", nullable=True)]
                                        if _code in ("invoicing.invoice", "invoicing.payment") else [])],
                              _label, _label_bn, owner="workflow")


def _step(key: str, name: str, name_bn: str, role: str, condition: str = "true", limit: str | None = None,
          hours: int | None = None, action: str = "escalate") -> StepModel:
    return StepModel(key=key, name=name, name_bn=name_bn, condition=condition,
                     approver=ApproverModel(kind="role", role=role), limit_permission=limit, timeout_hours=hours,
                     timeout_action=action)


# invoices and vendor bills (invoicing's `invoicing.invoice`): accounts payable checks every vendor bill (a
# sales invoice is not payable: `kind != "sales"`, so a document of unknown kind, as in the page's preview by
# amount, is still checked); the amount levels apply to both kinds
INVOICE = DefinitionInput(subject="invoicing.invoice", name="Invoice and vendor bill approval",
                          name_bn="চালান ও বিক্রেতার বিল অনুমোদন", sod_rule_set="workflow.sod", steps=[
    _step("accounts_payable", "Accounts payable check (vendor bills)", "প্রদেয় হিসাব যাচাই (বিক্রেতার বিল)",
          "accounts_payable_clerk", 'kind != "sales"', hours=48, action="remind"),
    _step("department_head", "Department head (above 1,00,000)", "বিভাগীয় প্রধান (১,০০,০০০-এর বেশি)", "project_manager",
          "amount > 100000.0", hours=48),
    _step("finance_manager", "Finance manager (above 5,00,000)", "অর্থ ব্যবস্থাপক (৫,০০,০০০-এর বেশি)", "accountant",
          "amount > 500000.0", hours=72),
    _step("cfo", "CFO (above 10,00,000)", "প্রধান অর্থ কর্মকর্তা (১০,০০,০০০-এর বেশি)", "managing_director",
          "amount > 1000000.0", "finance.invoice.approve", hours=120),
    _step("ceo", "CEO (above 50,00,000)", "প্রধান নির্বাহী (৫০,০০,০০০-এর বেশি)", "owner", "amount > 5000000.0",
          "finance.invoice.approve", hours=168, action="remind"),
])

PURCHASE_ORDER = DefinitionInput(subject="procurement.purchase_order", name="Purchase order approval",
                                 name_bn="ক্রয়াদেশ অনুমোদন", steps=[
    # the department head's level is split by the default roles' limits for procurement.purchase_order.approve
    # (project manager 5,00,000; project director 50,00,000; managing director none), so every amount has a
    # level that may decide it instead of waiting for a timeout
    _step("department_head", "Department head (50,000 to 5,00,000)", "বিভাগীয় প্রধান (৫০,০০০ থেকে ৫,০০,০০০)",
          "project_manager", "amount > 50000.0 && amount <= 500000.0", "procurement.purchase_order.approve", hours=72),
    _step("project_director", "Project director (5,00,000 to 50,00,000)", "প্রকল্প পরিচালক (৫,০০,০০০ থেকে ৫০,০০,০০০)",
          "project_director", "amount > 500000.0 && amount <= 5000000.0", "procurement.purchase_order.approve",
          hours=72),
    _step("director", "Managing director (above 50,00,000)", "ব্যবস্থাপনা পরিচালক (৫০,০০,০০০-এর বেশি)",
          "managing_director", "amount > 5000000.0", "procurement.purchase_order.approve", hours=120, action="remind"),
    _step("finance", "Finance (above 1,00,000)", "অর্থ বিভাগ (১,০০,০০০-এর বেশি)", "accountant", "amount > 100000.0",
          hours=120, action="remind"),
])

# purchase requisitions (procurement's `procurement.purchase_requisition`; amount = the estimated value, the
# quantities at the items' standard cost): the project manager approves one estimated above 50,000, the project
# director as well above 5,00,000; smaller ones (and those of unpriced items) are approved directly as before
PURCHASE_REQUISITION = DefinitionInput(subject="procurement.purchase_requisition", name="Purchase requisition approval",
                                       name_bn="ক্রয় অধিযাচন অনুমোদন", steps=[
    _step("project_manager", "Project manager (estimated above 50,000)", "প্রকল্প ব্যবস্থাপক (আনুমানিক ৫০,০০০-এর বেশি)",
          "project_manager", "amount > 50000.0", "procurement.requisition.approve", hours=48, action="remind"),
    _step("project_director", "Project director (estimated above 5,00,000)",
          "প্রকল্প পরিচালক (আনুমানিক ৫,০০,০০০-এর বেশি)", "project_director", "amount > 500000.0",
          "procurement.requisition.approve", hours=72, action="remind"),
])

JOURNAL = DefinitionInput(subject="finance.journal", name="Journal entry approval", name_bn="জার্নাল এন্ট্রি অনুমোদন",
                          sod_rule_set="workflow.sod", steps=[
    # each level decides the band its default limit covers (accountant: 50,00,000); above that the
    # accountant reviews and the director decides
    _step("finance_review", "Finance review (above 50,00,000)", "অর্থ পর্যালোচনা (৫০,০০,০০০-এর বেশি)", "accountant",
          "amount > 5000000.0", hours=72),
    _step("finance_manager", "Finance manager (5,00,000 to 50,00,000)", "অর্থ ব্যবস্থাপক (৫,০০,০০০ থেকে ৫০,০০,০০০)",
          "accountant", "amount > 500000.0 && amount <= 5000000.0", "finance.journal.approve", hours=72,
          action="remind"),
    _step("director", "Managing director (above 50,00,000)", "ব্যবস্থাপনা পরিচালক (৫০,০০,০০০-এর বেশি)",
          "managing_director", "amount > 5000000.0", "finance.journal.approve", hours=120, action="remind"),
])

# payments to vendors (invoicing's `invoicing.payment`, a payment draft or a direct payment; amount = what it
# settles, deductions included). The bands below are the one rule (no finance.payment.approve limit on the steps,
# workflow_0004): up to 5,00,000 the accountant decides; above it the accountant reviews and the managing director
# decides. A receipt from a customer (`kind == "sales"`) needs none (a document of unknown kind,
# as in the page's preview by amount, counts as a payment). `workflow.sod` refuses the drafter and whoever
# created the vendor (`related_creators`).
PAYMENT = DefinitionInput(subject="invoicing.payment", name="Payment approval", name_bn="পরিশোধ অনুমোদন",
                          sod_rule_set="workflow.sod", steps=[
    _step("accountant", "Accountant (payments up to 5,00,000)", "হিসাবরক্ষক (৫,০০,০০০ পর্যন্ত পরিশোধ)", "accountant",
          'kind != "sales" && amount <= 500000.0', hours=48),
    _step("accountant_review", "Accountant review (payments above 5,00,000)",
          "হিসাবরক্ষকের পর্যালোচনা (৫,০০,০০০-এর বেশি পরিশোধ)", "accountant", 'kind != "sales" && amount > 500000.0',
          hours=48, action="remind"),
    _step("director", "Managing director (payments above 5,00,000)", "ব্যবস্থাপনা পরিচালক (৫,০০,০০০-এর বেশি পরিশোধ)",
          "managing_director", 'kind != "sales" && amount > 500000.0', hours=120,
          action="remind"),
])

LEAVE = DefinitionInput(subject="hr.leave_request", name="Leave request", name_bn="ছুটির আবেদন", steps=[
    _step("hr", "HR officer", "মানবসম্পদ কর্মকর্তা", "hr_officer", hours=72, action="remind"),
])

# expense claims: the segregation-of-duties rule set blocks the employee whose claim it is (hr hands the employee's
# user account as `related_creators`) from deciding it, as a vendor's creator is blocked from approving its payment
EXPENSE_CLAIM = DefinitionInput(subject="hr.expense_claim", name="Expense claim", name_bn="খরচের দাবি",
                                sod_rule_set="workflow.sod", steps=[
    _step("manager", "Project manager", "প্রকল্প ব্যবস্থাপক", "project_manager", hours=72),
    _step("finance", "Accountant (above 50,000)", "হিসাবরক্ষক (৫০,০০০-এর বেশি)", "accountant", "amount > 50000.0",
          hours=120, action="remind"),
])

# payroll runs (payroll's `payroll.run`, monthly and wage runs; amount = the run's total net): the accountant
# reviews every run (no amount limit: a check of the figures, held by workflow.task.decide); above 10,00,000 net
# the managing director decides within `payroll.run.approve` (the default role holds payroll.* with no limit)
PAYROLL_RUN = DefinitionInput(subject="payroll.run", name="Payroll run approval", name_bn="বেতন চালনা অনুমোদন",
                              sod_rule_set="workflow.sod", steps=[
    _step("accountant_review", "Accountant review (every run)", "হিসাবরক্ষকের পর্যালোচনা (প্রতিটি চালনা)", "accountant",
          hours=48, action="remind"),
    _step("director", "Managing director (above 10,00,000 net)", "ব্যবস্থাপনা পরিচালক (নিট ১০,০০,০০০-এর বেশি)",
          "managing_director", "amount > 1000000.0", "payroll.run.approve", hours=120, action="remind"),
])

DEFAULT_DEFINITIONS: tuple[tuple[str, DefinitionInput], ...] = (
    ("invoice", INVOICE), ("purchase_order", PURCHASE_ORDER),
    ("purchase_requisition", PURCHASE_REQUISITION), ("journal_entry", JOURNAL), ("payment", PAYMENT),
    ("leave_request", LEAVE), ("expense_claim", EXPENSE_CLAIM), ("payroll_run", PAYROLL_RUN))


def _block(key: str, name: str, name_bn: str, condition: str, message: str, message_bn: str) -> rules.RuleModel:
    return rules.RuleModel(key=key, name=name, name_bn=name_bn, condition=condition, priority=10,
                           outcome=rules.OutcomeModel(kind="block", message=message, message_bn=message_bn))


SOD_RULE_SET = rules.RuleSetInput(
    subject="workflow.decision", name="Segregation of duties", name_bn="দায়িত্ব পৃথকীকরণ", mode="all",
    note="seeded by workflow", rules=[
        _block("creator_approves", "The creator may not approve", "প্রস্তুতকারী অনুমোদন করতে পারেন না",
               'creator != "" && (approver == creator || decider == creator)',
               "Whoever created a document may not approve it", "যিনি নথি তৈরি করেছেন তিনি তা অনুমোদন করতে পারেন না"),
        _block("vendor_creator_pays", "Who created the vendor may not approve paying it",
               "যিনি বিক্রেতা তৈরি করেছেন তিনি তাকে পরিশোধ অনুমোদন করতে পারেন না",
               "approver in related_creators || decider in related_creators",
               "Whoever created a related record (the vendor) may not approve this",
               "যিনি সম্পর্কিত রেকর্ড (বিক্রেতা) তৈরি করেছেন তিনি এটি অনুমোদন করতে পারেন না"),
    ])
