"""Projects: construction schedules (CPM to Primavera P6 rules), baselines, earned value, BOQ."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.projects"


def _perms(obj: str, en: str, bn: str, actions: tuple[tuple[str, str, str], ...]) -> tuple[Permission, ...]:
    return tuple(Permission(f"projects.{obj}.{a}", f"{a_en} {en}", f"{bn} {a_bn}") for a, a_en, a_bn in actions)


_RW = (("read", "Read", "দেখা"), ("create", "Create", "তৈরি"), ("update", "Change", "পরিবর্তন"),
       ("delete", "Delete", "মুছে ফেলা"))

MODULE = Module(
    name="projects",
    title="Projects",
    title_bn="প্রকল্প",
    table_prefix="project_",  # named before the rule; renaming 17 tables bought nothing (docs/modules.md, "Tables")
    permissions=(
        *_perms("project", "projects", "প্রকল্প", _RW + (("import", "Import/export", "ইমপোর্ট/এক্সপোর্ট"),)),
        *_perms("activity", "activities", "কার্যক্রম", _RW + (("progress", "Record progress of", "অগ্রগতি লেখা"),)),
        Permission("projects.schedule.run", "Run the schedule (CPM)", "সময়সূচি গণনা (সিপিএম)"),
        *_perms("baseline", "baselines", "বেসলাইন", (("read", "Read", "দেখা"), ("create", "Save", "সংরক্ষণ"),
                                                    ("delete", "Delete", "মুছে ফেলা"))),
        Permission("projects.evm.view", "View earned value", "অর্জিত মূল্য দেখা"),
        Permission("projects.cost.record", "Record actual costs", "প্রকৃত খরচ লেখা"),
        *_perms("boq", "BOQ items", "বিওকিউ", _RW),
        *_perms("calendar", "calendars and holidays", "ক্যালেন্ডার ও ছুটি",
                (("read", "Read", "দেখা"), ("update", "Change", "পরিবর্তন"))),
    ),
    depends_on=("organization", "master_data"),  # a project belongs to a company; its client is a party
    optional=("auth",),  # team members are users: their names, found by e-mail on the project page (issue 13)
    uses=("master_data.reference.manage", "master_data.party.read",  # hold and check the client party
          "auth.user.view"),  # a team member found by e-mail
    nav=(NavItem("Projects", "প্রকল্প", "/projects", "projects.project.read"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    handlers=f"{_P}.handlers:subscriptions",
    cli=f"{_P}.cli:app",
    cli_name="projects",
    demo=f"{_P}.demo:load",
)
