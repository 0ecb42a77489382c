"""HR and attendance (issue 18): site muster rolls (a day's attendance of site labour per project, locked
once approved), leave under the Bangladesh Labour Act 2006 with balances, and the month's attendance fed
into payroll's run. Employees stay in payroll and are read through `payroll.api`: hr depends on payroll,
never the other way (payroll cannot import hr without a cycle), so hr calls `payroll.api.prepare_run`
with its figures."""

from vextrus.platform.modules import Module, NavItem, Permission

from .settings import SETTINGS

_P = "vextrus.modules.hr"

MODULE = Module(
    name="hr",
    title="HR and attendance",
    title_bn="মানবসম্পদ ও হাজিরা",
    depends_on=("organization", "payroll",  # employees are payroll's; a run is prepared with hr's figures
                "finance"),  # an approved expense claim's journal
    optional=("projects", "rules", "workflow",  # site names; leave decided through an approval workflow
              "files",  # an expense claim's receipts
              "configuration"),  # the office start time (declared default without it)
    uses=("payroll.employee.view", "projects.project.read",  # a payroll run needs the user's own right
          "workflow.instance.submit",  # applications and expense claims sent for approval
          "finance.journal.post",  # an approved expense claim's journal, posted as hr for the submitter
          "finance.account.view"),  # the company's bank and cash accounts a claim is paid from
    permissions=(
        Permission("hr.attendance.view", "View muster rolls and attendance", "হাজিরা খাতা দেখা"),
        Permission("hr.attendance.record", "Record site muster rolls", "সাইটের হাজিরা লেখা"),
        Permission("hr.attendance.approve", "Approve and lock muster rolls", "হাজিরা খাতা অনুমোদন ও বন্ধ করা"),
        Permission("hr.leave.view", "View leave applications and balances", "ছুটির আবেদন ও স্থিতি দেখা"),
        Permission("hr.leave.apply", "Apply for leave", "ছুটির আবেদন করা"),
        Permission("hr.leave.approve", "Approve or reject leave", "ছুটি অনুমোদন বা প্রত্যাখ্যান"),
        Permission("hr.expense.submit", "Make and submit one's own expense claims", "নিজের খরচের দাবি করা ও জমা দেওয়া"),
        Permission("hr.expense.view", "View the company's expense claims", "কোম্পানির খরচের দাবি দেখা"),
        Permission("hr.expense.post", "Post approved expense claims finance refused, and pay posted claims",
                   "অনুমোদিত খরচের দাবি খাতায় পোস্ট করা ও পোস্ট করা দাবি পরিশোধ করা"),
    ),
    nav=(NavItem("Attendance and leave", "হাজিরা ও ছুটি", "/hr", "hr.attendance.view"),
         NavItem("Expense claims", "খরচের দাবি", "/hr/expenses", ("hr.expense.submit", "hr.expense.view"))),
    settings=SETTINGS,
    metadata=f"{_P}.tables:Base",
    handlers=f"{_P}.handlers:subscriptions",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
)
