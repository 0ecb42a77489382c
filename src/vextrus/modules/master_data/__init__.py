"""Master data: parties (customers, vendors), items with units and prices, Bangladesh geography."""

from vextrus.platform.modules import Module, NavItem, Permission

from .settings import SETTINGS

_P = "vextrus.modules.master_data"


def _perms(obj: str, en: str, bn: str, actions: tuple[tuple[str, str, str], ...]) -> tuple[Permission, ...]:
    return tuple(Permission(f"master_data.{obj}.{a}", f"{a_en} {en}", f"{bn} {a_bn}") for a, a_en, a_bn in actions)


_BASIC = (("read", "Read", "দেখা"), ("create", "Create", "তৈরি"), ("update", "Change", "পরিবর্তন"),
          ("archive", "Archive", "আর্কাইভ"), ("delete", "Delete", "মুছে ফেলা"), ("import", "Import", "ইমপোর্ট"))

MODULE = Module(
    name="master_data",
    title="Master data",
    title_bn="মাস্টার ডেটা",
    permissions=(
        *_perms("party", "parties", "পার্টি", _BASIC + (
            ("approve", "Approve, suspend or blacklist", "অনুমোদন/স্থগিত/কালো তালিকা"),
            ("merge", "Merge", "একীভূত করা"))),
        *_perms("item", "items", "পণ্য", _BASIC + (("price", "Set prices of", "মূল্য নির্ধারণ"),)),
        Permission("master_data.reference.manage", "Hold parties and items in other modules' documents",
                   "অন্য মডিউলের নথিতে পার্টি ও পণ্য ধরে রাখা"),
    ),
    optional=("configuration",),  # its settings are read there; the declared defaults apply without it
    settings=SETTINGS,
    nav=(
        NavItem("Parties", "পার্টি", "/master_data/parties", "master_data.party.read"),
        NavItem("Items", "পণ্য", "/master_data/items", "master_data.item.read"),
    ),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    handlers=f"{_P}.handlers:subscriptions",
    cli=f"{_P}.cli:app",
    cli_name="master-data",
    demo=f"{_P}.demo:load",
    ready=f"{_P}.service:ready",
    jobs=f"{_P}.jobs:JOBS",
)
