"""Configuration: per-tenant typed settings and feature flags."""

from vextrus.platform.modules import FlagDef, Module, NavItem, Permission, SettingDef

_P = "vextrus.modules.configuration"

MODULE = Module(
    name="configuration",
    title="Configuration",
    title_bn="কনফিগারেশন",
    permissions=(
        Permission("configuration.setting.read", "Read settings", "সেটিংস দেখা"),
        Permission("configuration.setting.write", "Change settings", "সেটিংস পরিবর্তন"),
        Permission("configuration.flag.read", "Read feature flags", "ফিচার ফ্ল্যাগ দেখা"),
        Permission("configuration.flag.write", "Change feature flags", "ফিচার ফ্ল্যাগ পরিবর্তন"),
    ),
    settings=(
        SettingDef("general.company_display_name", "str", "", "Company display name", "কোম্পানির প্রদর্শিত নাম"),
        SettingDef("general.company_display_name_bn", "str", "", "Company display name (Bangla)",
                   "কোম্পানির প্রদর্শিত নাম (বাংলা)"),
        SettingDef("general.default_language", "choice", "en", "Default language", "ডিফল্ট ভাষা", choices=("en", "bn")),
        SettingDef("general.bangla_digits", "bool", False, "Show Bangla digits", "বাংলা অঙ্ক দেখান"),
        SettingDef("general.timezone", "str", "Asia/Dhaka", "Time zone", "সময় অঞ্চল"),
        SettingDef("general.fiscal_year_start_month", "int", 7, "Fiscal year starts in month",
                   "অর্থবছর শুরুর মাস", min=1, max=12),
        SettingDef("general.weekend_days", "str", "Fri", "Weekend days (comma separated)",
                   "সাপ্তাহিক ছুটির দিন (কমা দিয়ে)"),
        SettingDef("general.base_currency", "str", "BDT", "Base currency", "মূল মুদ্রা"),
    ),
    flags=(
        FlagDef("configuration.bangla_reports", False, "Bangla versions of reports", "প্রতিবেদনের বাংলা সংস্করণ"),
    ),
    nav=(NavItem("Settings", "সেটিংস", "/configuration", "configuration.setting.read"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    handlers=f"{_P}.handlers:subscriptions",
    demo=f"{_P}.demo:load",
    ready=f"{_P}.service:ready",
)
