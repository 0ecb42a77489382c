"""Which events become notifications, to whom, and their default words in English and Bangla.

`audience`: "subject" — the person the event names (a password reset goes to that user's address, whatever
their preferences say, since they asked for it); "subscribers" — the users who chose to hear of it in their
preferences (a compliance document about to expire); "assignees" — the people the event hands work to (an
approval step waits for them): told on every channel unless their preferences turn one off.
Webhooks may subscribe to any event listed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CHANNELS = ("email", "sms", "in_app")
LOCALES = ("en", "bn")
MODES = ("immediate", "digest", "off")


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


@dataclass(frozen=True)
class EventSpec:
    event: str
    title: str
    title_bn: str
    audience: str  # subject | subscribers | assignees
    channels: tuple[str, ...]
    defaults: dict[tuple[str, str], Text] = field(default_factory=dict)  # (channel, locale) -> text
    sample: dict[str, object] = field(default_factory=dict)  # values for the template editor's preview
    sample_bn: dict[str, object] = field(default_factory=dict)  # the same values as a Bangla reader sees them
    mandatory: bool = False  # preferences cannot turn it off (security mail)

    def default(self, channel: str, locale: str) -> Text:
        for key in ((channel, locale), (channel, "en"), ("email", locale), ("email", "en")):
            if key in self.defaults:
                return self.defaults[key]
        raise KeyError(f"{self.event}: no default text for {channel}/{locale}")


_RESET_EN = Text("Reset your Vextrus password",
                 "<p>Hello {{ name }},</p><p>Someone (we hope you) asked to reset the password of your Vextrus "
                 "account. Open this link to choose a new password: <a href=\"{{ link }}\">{{ link }}</a></p>"
                 "<p>The link works until {{ expires_at }} (Dhaka time). If you did not ask, ignore this email.</p>")
_RESET_BN = Text("আপনার ভেক্সট্রাস পাসওয়ার্ড রিসেট করুন",
                 "<p>প্রিয় {{ name }},</p><p>আপনার ভেক্সট্রাস অ্যাকাউন্টের পাসওয়ার্ড রিসেট করার অনুরোধ এসেছে। "
                 "নতুন পাসওয়ার্ড বাছাই করতে এই লিংকটি খুলুন: <a href=\"{{ link }}\">{{ link }}</a></p>"
                 "<p>লিংকটি {{ expires_at }} (ঢাকা সময়) পর্যন্ত কাজ করবে। আপনি অনুরোধ না করে থাকলে এই ইমেইলটি উপেক্ষা করুন।</p>")
_DOC_EN = Text("{{ document_kind }} of {{ party_name }} expires on {{ expires_on }}",
               "<p>The {{ document_kind }} {{ document_number }} of {{ party_code }} — {{ party_name }} expires on "
               "{{ expires_on }} ({{ days_left }} days left). Ask the party for a renewed copy.</p>")
_DOC_BN = Text("{{ party_name }}-এর {{ document_kind }} {{ expires_on }} তারিখে মেয়াদোত্তীর্ণ হবে",
               "<p>{{ party_code }} — {{ party_name }}-এর {{ document_kind }} {{ document_number }} "
               "{{ expires_on }} তারিখে মেয়াদোত্তীর্ণ হবে (আর {{ days_left }} দিন বাকি)। "
               "পার্টির কাছ থেকে নবায়ন করা কপি চেয়ে নিন।</p>")
_DOC_SMS_EN = Text("", "{{ party_code }} {{ document_kind }} {{ document_number }} expires {{ expires_on }} "
                   "({{ days_left }} days).")
_DOC_SMS_BN = Text("", "{{ party_code }}-এর {{ document_kind }} {{ document_number }} {{ expires_on }} তারিখে "
                   "মেয়াদোত্তীর্ণ হবে ({{ days_left }} দিন বাকি)।")

_TASK_EN = Text("Waiting for your approval: {{ document_label }}",
                "<p>{{ document_label }} ({{ amount }}) waits for your decision at the step “{{ step }}”"
                "{% if due %}, by {{ due }} (Dhaka time){% endif %}.</p>"
                "{% if url %}<p><a href=\"{{ url }}\">Open it</a></p>{% endif %}")
_TASK_BN = Text("আপনার অনুমোদনের অপেক্ষায়: {{ document_label }}",
                "<p>{{ document_label }} ({{ amount }}) “{{ step }}” ধাপে আপনার সিদ্ধান্তের অপেক্ষায়"
                "{% if due %}, {{ due }} (ঢাকা সময়)-এর মধ্যে{% endif %}।</p>"
                "{% if url %}<p><a href=\"{{ url }}\">খুলুন</a></p>{% endif %}")
_TASK_SMS_EN = Text("", "{{ document_label }} ({{ amount }}) waits for your approval ({{ step }}).")
_TASK_SMS_BN = Text("", "{{ document_label }} ({{ amount }}) আপনার অনুমোদনের অপেক্ষায় ({{ step }})।")

EVENTS: dict[str, EventSpec] = {
    "auth.password_reset.requested": EventSpec(
        "auth.password_reset.requested", "Password reset link", "পাসওয়ার্ড রিসেট লিংক", "subject", ("email",),
        {("email", "en"): _RESET_EN, ("email", "bn"): _RESET_BN},
        sample={"name": "Rahim Uddin", "link": "https://erp.example.com/reset-password/…", "expires_at": "4 Dec 2026 18:30"},
        sample_bn={"name": "রহিম উদ্দিন", "link": "//erp.example.com/reset-password/…",
                   "expires_at": "৪ ডিসে ২০২৬ ১৮:৩০"},
        mandatory=True),
    "master_data.party.document_expiring": EventSpec(
        "master_data.party.document_expiring", "Compliance document expiring", "কমপ্লায়েন্স নথির মেয়াদ শেষ হচ্ছে",
        "subscribers", ("email", "sms", "in_app"),
        {("email", "en"): _DOC_EN, ("email", "bn"): _DOC_BN, ("in_app", "en"): _DOC_EN, ("in_app", "bn"): _DOC_BN,
         ("sms", "en"): _DOC_SMS_EN, ("sms", "bn"): _DOC_SMS_BN},
        sample={"party_code": "V-0042", "party_name": "Meghna Cement Mills Ltd.", "document_kind": "trade licence",
                "document_number": "TL-2025-118", "expires_on": "20 Dec 2026", "days_left": 16},
        sample_bn={"party_code": "V-0042", "party_name": "মেঘনা সিমেন্ট মিলস লিমিটেড", "document_kind": "ট্রেড লাইসেন্স",
                   "document_number": "TL-2025-118", "expires_on": "২০ ডিসে ২০২৬", "days_left": "১৬"}),
    "workflow.task.assigned": EventSpec(
        "workflow.task.assigned", "Approval waiting for you", "আপনার অনুমোদনের অপেক্ষা", "assignees",
        ("in_app", "email", "sms"),
        {("email", "en"): _TASK_EN, ("email", "bn"): _TASK_BN, ("in_app", "en"): _TASK_EN,
         ("in_app", "bn"): _TASK_BN, ("sms", "en"): _TASK_SMS_EN, ("sms", "bn"): _TASK_SMS_BN},
        sample={"document_label": "JV-2025-26-00042", "amount": "BDT 7,50,000.00", "step": "Accounts check",
                "due": "5 Dec 2026 18:00", "url": "https://erp.example.com/workflow/instances/…"},
        sample_bn={"document_label": "JV-2025-26-00042", "amount": "৳ ৭,৫০,০০০.০০", "step": "হিসাব যাচাই",
                   "due": "৫ ডিসে ২০২৬ ১৮:০০", "url": "//erp.example.com/workflow/instances/…"}),
}

ASSIGNEE_CHANNELS = ("in_app", "email")  # work handed to someone reaches them here unless they turn it off


def default_mode(spec: EventSpec, channel: str) -> str:
    """How a user hears of the event on a channel until they choose: the person it names always; the
    people it hands work to in the bell and by e-mail; a subscriber only after asking."""
    if spec.audience == "subject" or (spec.audience == "assignees" and channel in ASSIGNEE_CHANNELS):
        return "immediate"
    return "off"


DIGEST_EN = Text("Your Vextrus digest: {{ count }} notifications",
                 "{% for m in messages %}<h3>{{ m.subject }}</h3>{{ m.body }}{% endfor %}")
DIGEST_BN = Text("আপনার ভেক্সট্রাস সারসংক্ষেপ: {{ count }}টি বিজ্ঞপ্তি",
                 "{% for m in messages %}<h3>{{ m.subject }}</h3>{{ m.body }}{% endfor %}")


DOCUMENT_KINDS = {
    "trade_licence": ("trade licence", "ট্রেড লাইসেন্স"),
    "tin_certificate": ("TIN certificate", "টিআইএন সনদ"),
    "vat_registration": ("VAT registration", "ভ্যাট নিবন্ধন"),
    "bin_certificate": ("BIN certificate", "বিআইএন সনদ"),
    "irc": ("import registration certificate", "আমদানি নিবন্ধন সনদ"),
    "erc": ("export registration certificate", "রপ্তানি নিবন্ধন সনদ"),
    "insurance": ("insurance policy", "বীমা পলিসি"),
}


def document_kind(kind: str, locale: str) -> str:
    """A compliance document's kind in words (an unknown code is shown with spaces)."""
    words = DOCUMENT_KINDS.get(kind)
    return (words[1] if locale == "bn" else words[0]) if words else kind.replace("_", " ")


def spec(event: str) -> EventSpec | None:
    return EVENTS.get(event)
