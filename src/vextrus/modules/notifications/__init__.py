"""Notifications: events become messages by email (SMTP), SMS (providers with failover), in-app (the bell)
and signed webhooks, in English and Bangla, from editable templates, as each user prefers; every message
is a delivery row (the notification outbox) sent by a dispatcher with retries, a log and dead letters."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.notifications"

MODULE = Module(
    name="notifications",
    title="Notifications",
    title_bn="বিজ্ঞপ্তি",
    depends_on=("auth",),  # recipients' addresses and languages (auth.api.user)
    optional=("workflow",),  # who submitted an approved document that could not be posted (workflow.api.latest)
    uses=("auth.user.view",),  # who holds the role an approval task waits for (auth.api.holders_of_role)
    permissions=(
        Permission("notifications.inbox.read", "Read one's own notifications", "নিজের বিজ্ঞপ্তি দেখা"),
        Permission("notifications.preference.manage", "Choose how one is notified", "বিজ্ঞপ্তির ধরন বাছাই"),
        Permission("notifications.template.manage", "Edit notification templates", "বিজ্ঞপ্তির টেমপ্লেট সম্পাদনা"),
        Permission("notifications.delivery.view", "View the delivery log", "পাঠানোর লগ দেখা"),
        Permission("notifications.delivery.retry", "Retry failed notifications", "ব্যর্থ বিজ্ঞপ্তি আবার পাঠানো"),
        Permission("notifications.delivery.dispatch", "Send due notifications now", "বাকি বিজ্ঞপ্তি এখনই পাঠানো"),
        Permission("notifications.webhook.manage", "Manage webhooks", "ওয়েবহুক পরিচালনা"),
        Permission("notifications.email.send", "Send an email with a file to an outside address (modules on a "
                   "user's behalf)", "বাইরের ঠিকানায় ফাইলসহ ইমেইল পাঠানো (ব্যবহারকারীর পক্ষে মডিউল)"),
    ),
    nav=(NavItem("Notifications", "বিজ্ঞপ্তি", "/notifications", "notifications.inbox.read"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    handlers=f"{_P}.handlers:subscriptions",
    jobs=f"{_P}.jobs:JOBS",
)
