"""The subjects rules may look at, declared by the modules that own them (`rules.api.declare_subject`).

A process-wide registry: a module declares its subjects when its code is imported (finance's
`approvals.py` declares `finance.journal`); the rules module declares the tax subjects its seeded
rule sets use. Declaring the same subject again with the same fields is harmless.
"""

from __future__ import annotations

import threading

from .domain import FIELD_TYPES, Missing, Subject, SubjectField

_subjects: dict[str, Subject] = {}
_lock = threading.Lock()


def declare(code: str, fields: list[SubjectField] | tuple[SubjectField, ...], label: str = "", label_bn: str = "",
            owner: str = "") -> Subject:
    for f in fields:
        if f.type not in FIELD_TYPES:
            raise ValueError(f"subject {code}: field {f.name} has unknown type {f.type!r} (one of {FIELD_TYPES})")
    subject = Subject(code, tuple(fields), label or code, label_bn or label or code, owner or code.split(".")[0])
    with _lock:
        _subjects[code] = subject
    return subject


def get(code: str) -> Subject:
    try:
        return _subjects[code]
    except KeyError:
        raise Missing("subject", "বিষয়", code, field="subject") from None


def all_subjects() -> list[Subject]:
    return sorted(_subjects.values(), key=lambda s: s.code)


F = SubjectField

# The tax subjects of the seeded Bangladesh rule sets (figures: shared/domain/bangladesh.md).
declare("tax.vat", [
    F("supply", "string", "Supply: local, export or import", "সরবরাহ: স্থানীয়, রপ্তানি বা আমদানি"),
    F("service_code", "string", "VAT service code (e.g. S004.00)", "ভ্যাট সেবা কোড (যেমন S004.00)"),
    F("first_schedule", "bool", "Listed in the First Schedule (exempt)", "প্রথম তফসিলভুক্ত (অব্যাহতিপ্রাপ্ত)"),
    F("reduced_rate", "number", "Third Schedule reduced rate (0 = none)", "তৃতীয় তফসিলের হ্রাসকৃত হার (০ = নেই)"),
    F("on", "date", "Invoice date", "চালানের তারিখ"),
], "VAT category of a supply", "সরবরাহের ভ্যাট শ্রেণি", owner="rules")

declare("tax.withholding", [
    F("payment_kind", "string", "Payment kind: contractor, supplier, salary", "পরিশোধের ধরন: ঠিকাদার, সরবরাহকারী, বেতন"),
    F("amount", "money", "Payment amount excluding VAT (BDT)", "ভ্যাট ছাড়া পরিশোধের পরিমাণ (টাকা)"),
    F("payee_has_tin", "bool", "Payee shows a TIN / return proof", "প্রাপকের টিআইএন / রিটার্নের প্রমাণ আছে"),
    F("on", "date", "Payment date", "পরিশোধের তারিখ"),
], "Income tax withheld at source", "উৎসে কর্তিত আয়কর", owner="rules")
