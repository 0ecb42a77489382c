"""Workflow: approval workflows as data (versioned definitions), instances with their history,
an approval inbox, delegation and durable timeouts."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.workflow"

MODULE = Module(
    name="workflow",
    title="Approvals",
    title_bn="অনুমোদন",
    depends_on=("auth", "rules"),  # approvers' amount limits; step conditions and segregation-of-duties rules
    # approvers "a project role" (projects.api); "the submitter's manager" is answered by hr, which registers
    # its look-up (api.provide_manager_lookup): hr depends on workflow, the reverse edge would be a cycle
    optional=("projects",),
    uses=("rules.rule_set.evaluate", "rules.rule_set.manage",  # SoD rule sets: evaluated, seeded
          "auth.role.view", "auth.user.view"),  # the editor's role and user pickers; a step's role checked on save
    permissions=(
        Permission("workflow.definition.view", "View approval workflows", "অনুমোদন প্রক্রিয়া দেখা"),
        Permission("workflow.definition.manage", "Create and change approval workflows",
                   "অনুমোদন প্রক্রিয়া তৈরি ও পরিবর্তন"),
        Permission("workflow.instance.submit", "Submit documents for approval", "অনুমোদনের জন্য নথি জমা"),
        Permission("workflow.instance.view", "View approvals and their timeline", "অনুমোদন ও তার সময়রেখা দেখা"),
        Permission("workflow.task.decide", "Approve, reject or comment on approval steps",
                   "অনুমোদনের ধাপ অনুমোদন, প্রত্যাখ্যান বা মন্তব্য"),
        Permission("workflow.delegation.manage", "Hand one's approvals to someone while away",
                   "অনুপস্থিতিতে নিজের অনুমোদন অন্যকে দেওয়া"),
    ),
    nav=(NavItem("Approvals", "অনুমোদন", "/workflow", "workflow.instance.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    jobs=f"{_P}.jobs:JOBS",
    demo=f"{_P}.demo:load",
)
