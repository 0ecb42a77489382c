"""Payroll: employees, salary structures by grade, monthly runs (draft → approved → posted) with income
tax withheld under ITA 2023 §86, PF, overtime and festival bonus; the run's journal posted through
finance.api. Employees live here for now; a later split into an `hr` module (issue 18) takes them over."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.payroll"

MODULE = Module(
    name="payroll",
    title="Payroll",
    title_bn="বেতন",
    depends_on=("organization", "finance"),  # employees belong to a company; runs post a journal
    optional=("projects", "documents",  # payslip PDFs are documents (numbered, stored, read back by documents)
              "rules", "workflow",  # runs approved through the payroll run workflow (approvals.py)
              "auth",  # an employee's user account (issue 13: approvals by the submitter's manager)
              "banking"),  # the BEFTN file's originating account is the company's bank account
    uses=("finance.journal.post",  # the run's journal, posted as payroll on behalf of the user
          "finance.journal.reverse",  # a posted run reversed (its journal reversed, never edited)
          "finance.account.view",  # saving the settings checks their accounts against the company's chart
          "documents.document.create",
          "projects.project.read",  # the labour cost report names each project
          "workflow.instance.submit",  # a draft run sent for approval
          "auth.user.view",  # the employee page finds a user account by e-mail
          "banking.account.view"),  # the BEFTN file names the company bank account it is paid from
    permissions=(
        Permission("payroll.employee.view", "View employees and salary structures", "কর্মী ও বেতন কাঠামো দেখা"),
        Permission("payroll.employee.manage", "Manage employees and salary structures",
                   "কর্মী ও বেতন কাঠামো পরিচালনা"),
        Permission("payroll.run.prepare", "Prepare payroll runs", "বেতন চালনা প্রস্তুত করা"),
        Permission("payroll.run.approve", "Approve payroll runs and settings", "বেতন চালনা ও সেটিং অনুমোদন"),
        Permission("payroll.run.post", "Post payroll runs to the ledger", "বেতন চালনা খাতায় পোস্ট করা"),
        Permission("payroll.payslip.view", "View payroll runs and payslips", "বেতন চালনা ও বেতন স্লিপ দেখা"),
        Permission("payroll.advance.view", "View salary advances and loans", "বেতন অগ্রিম ও ঋণ দেখা"),
        Permission("payroll.advance.manage", "Give and cancel salary advances and loans",
                   "বেতন অগ্রিম ও ঋণ দেওয়া ও বাতিল করা"),
        Permission("payroll.settlement.prepare", "Prepare a leaving employee's final settlement",
                   "চাকরি ছেড়ে যাওয়া কর্মীর চূড়ান্ত নিষ্পত্তি প্রস্তুত করা"),
        Permission("payroll.settlement.approve", "Approve and post final settlements (the employee separated)",
                   "চূড়ান্ত নিষ্পত্তি অনুমোদন ও পোস্ট করা (কর্মীর চাকরির অবসান)"),
    ),
    nav=(NavItem("Payroll", "বেতন", "/payroll", "payroll.employee.view"),
         NavItem("Payroll settings", "বেতন সেটিং", "/payroll/settings", "payroll.run.prepare")),
    metadata=f"{_P}.tables:Base",
    handlers=f"{_P}.handlers:subscriptions",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
    cli=f"{_P}.cli:app",
    cli_name="payroll",
)
