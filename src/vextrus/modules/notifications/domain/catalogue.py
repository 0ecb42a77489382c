"""Which events become notifications, to whom, and their default words in English and Bangla.

`audience`: "subject" — the person the event names (a password reset goes to that user's address, whatever
their preferences say, since they asked for it); "subscribers" — the users who chose to hear of it in their
preferences (a compliance document about to expire); "assignees" — the people the event hands work to (an
approval step waits for them): told on every channel unless their preferences turn one off; "party" — someone
outside the users whom the event names with their own addresses (a buyer reminded before an instalment falls
due): no preferences, told on each channel they have an address for.
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
    audience: str  # subject | subscribers | assignees | party
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

_REMIND_EN = Text("Reminder: {{ document_label }} still waits for your approval",
                  "<p>{{ document_label }} ({{ amount }}) is still waiting for your decision at the step “{{ step }}” "
                  "(reminder {{ reminders }}){% if due %}; the new due time is {{ due }} (Dhaka time){% endif %}.</p>"
                  "{% if url %}<p><a href=\"{{ url }}\">Open it</a></p>{% endif %}")
_REMIND_BN = Text("মনে করিয়ে দেওয়া: {{ document_label }} এখনও আপনার অনুমোদনের অপেক্ষায়",
                  "<p>{{ document_label }} ({{ amount }}) এখনও “{{ step }}” ধাপে আপনার সিদ্ধান্তের অপেক্ষায় "
                  "({{ reminders }} বার মনে করানো হলো){% if due %}; নতুন সময়সীমা {{ due }} (ঢাকা সময়){% endif %}।</p>"
                  "{% if url %}<p><a href=\"{{ url }}\">খুলুন</a></p>{% endif %}")
_REMIND_SMS_EN = Text("", "Reminder: {{ document_label }} ({{ amount }}) waits for your approval ({{ step }}).")
_REMIND_SMS_BN = Text("", "মনে করিয়ে দেওয়া: {{ document_label }} ({{ amount }}) আপনার অনুমোদনের অপেক্ষায় ({{ step }})।")
_ESC_EN = Text("Escalated: {{ document_label }} went to {{ to_step }}",
               "<p>{{ document_label }} ({{ amount }}) was not decided in time at the step “{{ step }}” and has been "
               "passed to the next level, “{{ to_step }}”.</p>"
               "{% if url %}<p><a href=\"{{ url }}\">Open it</a></p>{% endif %}")
_ESC_BN = Text("ঊর্ধ্বতনে পাঠানো হয়েছে: {{ document_label }} এখন “{{ to_step }}” ধাপে",
               "<p>{{ document_label }} ({{ amount }}) “{{ step }}” ধাপে সময়মতো সিদ্ধান্ত না হওয়ায় পরের স্তর "
               "“{{ to_step }}”-এ পাঠানো হয়েছে।</p>"
               "{% if url %}<p><a href=\"{{ url }}\">খুলুন</a></p>{% endif %}")
_ESC_SMS_EN = Text("", "{{ document_label }} was escalated from {{ step }} to {{ to_step }}.")
_ESC_SMS_BN = Text("", "{{ document_label }} “{{ step }}” থেকে “{{ to_step }}” ধাপে পাঠানো হয়েছে।")
_REC_OK_EN = Text("Recurring entry posted: {{ name }} ({{ number }})",
                  "<p>The recurring entry “{{ name }}” was posted as {{ number }} dated {{ entry_date }}, "
                  "for {{ amount }}.</p>")
_REC_OK_BN = Text("পুনরাবৃত্ত এন্ট্রি পোস্ট হয়েছে: {{ name }} ({{ number }})",
                  "<p>পুনরাবৃত্ত এন্ট্রি “{{ name }}” {{ entry_date }} তারিখে {{ number }} নম্বরে পোস্ট হয়েছে, "
                  "পরিমাণ {{ amount }}।</p>")
_REC_FAIL_EN = Text("Recurring entry not posted: {{ name }}",
                    "<p>The recurring entry “{{ name }}” due on {{ due_date }} could not be posted: {{ reason }}. "
                    "It will be tried again tomorrow morning.</p>")
_REC_FAIL_BN = Text("পুনরাবৃত্ত এন্ট্রি পোস্ট হয়নি: {{ name }}",
                    "<p>{{ due_date }} তারিখের পুনরাবৃত্ত এন্ট্রি “{{ name }}” পোস্ট করা যায়নি: {{ reason }}। "
                    "আগামীকাল সকালে আবার চেষ্টা করা হবে।</p>")
_UNPOSTED_EN = Text("Approved but not posted: {{ document_label }}",
                    "<p>{{ document_label }} ({{ amount }}) was approved, but posting it failed: {{ reason }}. "
                    "It stays a draft with its approval; post it once the cause is fixed.</p>"
                    "{% if url %}<p><a href=\"{{ url }}\">Open it</a></p>{% endif %}")
_UNPOSTED_BN = Text("অনুমোদিত কিন্তু পোস্ট হয়নি: {{ document_label }}",
                    "<p>{{ document_label }} ({{ amount }}) অনুমোদিত হয়েছে, কিন্তু পোস্ট করা যায়নি: {{ reason }}। "
                    "এটি অনুমোদনসহ খসড়া হিসেবে আছে; কারণটি ঠিক করে পোস্ট করুন।</p>"
                    "{% if url %}<p><a href=\"{{ url }}\">খুলুন</a></p>{% endif %}")
_DUE_EN = Text("Instalment due on {{ due_date }}: {{ booking_number }}, unit {{ unit_code }}",
               "<p>Dear {{ name }},</p><p>This is a reminder that the instalment “{{ label }}” of your booking "
               "{{ booking_number }} (unit {{ unit_code }}) falls due on {{ due_date }}, in {{ days_left }} days: "
               "{{ amount }} is to be paid.</p><p>If you have already paid, please ignore this message.</p>")
_DUE_BN = Text("কিস্তি দেয় {{ due_date }}: {{ booking_number }}, ইউনিট {{ unit_code }}",
               "<p>প্রিয় {{ name }},</p><p>আপনার বুকিং {{ booking_number }} (ইউনিট {{ unit_code }})-এর কিস্তি "
               "“{{ label }}” {{ due_date }} তারিখে দেয়, আর {{ days_left }} দিন বাকি: {{ amount }} পরিশোধ করতে হবে।</p>"
               "<p>ইতিমধ্যে পরিশোধ করে থাকলে এই বার্তাটি উপেক্ষা করুন।</p>")
_DUE_SMS_EN = Text("", "Dear {{ name }}, {{ amount }} of booking {{ booking_number }} (unit {{ unit_code }}) is due "
                   "on {{ due_date }}.")
_DUE_SMS_BN = Text("", "প্রিয় {{ name }}, বুকিং {{ booking_number }} (ইউনিট {{ unit_code }})-এর {{ amount }} "
                   "{{ due_date }} তারিখে দেয়।")
_UNPOSTED_SAMPLE = {"document_label": "WF cement for Padma site", "amount": "BDT 6,00,000.00",
                    "reason": "The period 2025-26/1 is closed", "url": "https://erp.example.com/finance/…"}
_UNPOSTED_SAMPLE_BN = {"document_label": "পদ্মা সাইটের সিমেন্ট", "amount": "৳ ৬,০০,০০০.০০",
                       "reason": "হিসাবকাল ২০২৫-২৬/১ বন্ধ", "url": "//erp.example.com/finance/…"}
_WF_SAMPLE = {"document_label": "JV-2025-26-00042", "amount": "BDT 7,50,000.00", "step": "Accounts check",
              "due": "5 Dec 2026 18:00", "url": "https://erp.example.com/workflow/instances/…"}
_WF_SAMPLE_BN = {"document_label": "JV-2025-26-00042", "amount": "৳ ৭,৫০,০০০.০০", "step": "হিসাব যাচাই",
                 "due": "৫ ডিসে ২০২৬ ১৮:০০", "url": "//erp.example.com/workflow/instances/…"}
_ACT_EN = Text("Due at {{ due }}: {{ kind }} — {{ subject }}",
               "<p>Your {{ kind }} “{{ subject }}” for the opportunity {{ opportunity }} is due at {{ due }}.</p>"
               "{% if url %}<p><a href=\"{{ url }}\">Open the pipeline</a></p>{% endif %}")
_ACT_BN = Text("{{ due }}-এ: {{ kind }} — {{ subject }}",
               "<p>সুযোগ {{ opportunity }}-এর জন্য আপনার {{ kind }} “{{ subject }}” {{ due }}-এ করার কথা।</p>"
               "{% if url %}<p><a href=\"{{ url }}\">পাইপলাইন খুলুন</a></p>{% endif %}")
_ACT_SAMPLE = {"kind": "site visit", "subject": "Show flat 5A to Mr. Rahman", "opportunity": "Padma Residency 5A",
               "due": "7 Dec 2026 11:00", "url": "https://erp.example.com/crm"}
_ACT_SAMPLE_BN = {"kind": "সাইট পরিদর্শন", "subject": "জনাব রহমানকে ফ্ল্যাট ৫এ দেখানো", "opportunity": "পদ্মা রেসিডেন্সি ৫এ",
                  "due": "৭ ডিসে ২০২৬ ১১:০০", "url": "//erp.example.com/crm"}
ACTIVITY_KINDS = {"call": ("call", "ফোন কল"), "site_visit": ("site visit", "সাইট পরিদর্শন"), "meeting": ("meeting", "সভা"),
                  "note": ("note", "নোট")}


def activity_kind(kind: str, locale: str) -> str:
    """A CRM activity's kind in words (its code when unknown)."""
    en_bn = ACTIVITY_KINDS.get(kind)
    return kind if en_bn is None else en_bn[1 if locale == "bn" else 0]


def _all(en: Text, bn: Text, sms_en: Text | None = None, sms_bn: Text | None = None) -> dict[tuple[str, str], Text]:
    out = {("email", "en"): en, ("email", "bn"): bn, ("in_app", "en"): en, ("in_app", "bn"): bn}
    if sms_en is not None and sms_bn is not None:
        out |= {("sms", "en"): sms_en, ("sms", "bn"): sms_bn}
    return out


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
    "workflow.task.reminded": EventSpec(
        "workflow.task.reminded", "Approval reminder", "অনুমোদনের কথা মনে করানো", "assignees",
        ("in_app", "email", "sms"), _all(_REMIND_EN, _REMIND_BN, _REMIND_SMS_EN, _REMIND_SMS_BN),
        sample=_WF_SAMPLE | {"reminders": "2"}, sample_bn=_WF_SAMPLE_BN | {"reminders": "২"}),
    "workflow.task.escalated": EventSpec(
        "workflow.task.escalated", "Approval escalated past you", "অনুমোদন ঊর্ধ্বতনে পাঠানো", "assignees",
        ("in_app", "email", "sms"), _all(_ESC_EN, _ESC_BN, _ESC_SMS_EN, _ESC_SMS_BN),
        sample=_WF_SAMPLE | {"to_step": "Managing director"},
        sample_bn=_WF_SAMPLE_BN | {"to_step": "ব্যবস্থাপনা পরিচালক"}),
    "finance.journal.approved_not_posted": EventSpec(
        "finance.journal.approved_not_posted", "Approved journal entry not posted",
        "অনুমোদিত জার্নাল এন্ট্রি পোস্ট হয়নি", "assignees", ("in_app", "email"), _all(_UNPOSTED_EN, _UNPOSTED_BN),
        sample=_UNPOSTED_SAMPLE, sample_bn=_UNPOSTED_SAMPLE_BN),
    "invoicing.invoice.approved_not_posted": EventSpec(
        "invoicing.invoice.approved_not_posted", "Approved invoice not posted", "অনুমোদিত চালান পোস্ট হয়নি",
        "assignees", ("in_app", "email"), _all(_UNPOSTED_EN, _UNPOSTED_BN),
        sample=_UNPOSTED_SAMPLE | {"document_label": "Bill B-0042", "url": "https://erp.example.com/invoicing/…"},
        sample_bn=_UNPOSTED_SAMPLE_BN | {"document_label": "বিল B-0042", "url": "//erp.example.com/invoicing/…"}),
    "finance.recurring.posted": EventSpec(
        "finance.recurring.posted", "Recurring entry posted", "পুনরাবৃত্ত এন্ট্রি পোস্ট হয়েছে", "subscribers",
        ("email", "in_app"), _all(_REC_OK_EN, _REC_OK_BN),
        sample={"name": "Office rent", "number": "JV-2025-26-00107", "entry_date": "1 Dec 2026",
                "amount": "BDT 1,20,000.00"},
        sample_bn={"name": "অফিস ভাড়া", "number": "JV-2025-26-00107", "entry_date": "১ ডিসে ২০২৬",
                   "amount": "৳ ১,২০,০০০.০০"}),
    "finance.recurring.failed": EventSpec(
        "finance.recurring.failed", "Recurring entry not posted", "পুনরাবৃত্ত এন্ট্রি পোস্ট হয়নি", "subscribers",
        ("email", "in_app"), _all(_REC_FAIL_EN, _REC_FAIL_BN),
        sample={"name": "Office rent", "due_date": "1 Dec 2026", "reason": "the period is closed"},
        sample_bn={"name": "অফিস ভাড়া", "due_date": "১ ডিসে ২০২৬", "reason": "হিসাবকাল বন্ধ"}),
    "sales.instalment.due_soon": EventSpec(
        "sales.instalment.due_soon", "Instalment due soon (to the buyer)", "কিস্তি শীঘ্রই দেয় (ক্রেতাকে)", "party",
        ("email", "sms"), {("email", "en"): _DUE_EN, ("email", "bn"): _DUE_BN, ("sms", "en"): _DUE_SMS_EN,
                           ("sms", "bn"): _DUE_SMS_BN},
        sample={"name": "Rahim Uddin", "booking_number": "BK-000042", "unit_code": "5A",
                "label": "Instalment 3 of 24", "due_date": "15 Dec 2026", "days_left": "7",
                "amount": "BDT 2,50,000.00"},
        sample_bn={"name": "রহিম উদ্দিন", "booking_number": "BK-000042", "unit_code": "5A",
                   "label": "২৪টির ৩ নম্বর কিস্তি", "due_date": "১৫ ডিসে ২০২৬", "days_left": "৭",
                   "amount": "৳ ২,৫০,০০০.০০"}),
    "crm.activity.due_soon": EventSpec(
        "crm.activity.due_soon", "Sales activity due soon", "বিক্রয় কার্যক্রমের সময় আসন্ন", "assignees",
        ("in_app", "email"), _all(_ACT_EN, _ACT_BN), sample=_ACT_SAMPLE, sample_bn=_ACT_SAMPLE_BN),
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
