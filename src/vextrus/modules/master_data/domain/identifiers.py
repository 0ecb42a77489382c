"""Bangladeshi identifier validators: e-TIN, BIN, NID, mobile, trade licence, routing
number, postcode.

Each validator takes what a person typed (Bangla or ASCII digits, spaces, dashes) and
returns an `Identifier` holding the canonical stored value, a display form, and flags
for values that are accepted but deserve a second look (old BIN formats, old NIDs).
Anything unusable raises `MasterDataError` naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from vextrus.platform.i18n import to_bangla_digits

from .errors import MasterDataError, choice
from .search import clean_text, fold_digits, normalise_key

_SEPARATORS = re.compile(r"[\s\-./]+")


class IdentifierKind(StrEnum):
    TIN = "tin"
    BIN = "bin"
    NID = "nid"
    MOBILE = "mobile"
    TRADE_LICENCE = "trade_licence"
    ROUTING_NUMBER = "routing_number"
    POSTCODE = "postcode"


class MobileOperator(StrEnum):
    GRAMEENPHONE = "grameenphone"
    BANGLALINK = "banglalink"
    TELETALK = "teletalk"
    ROBI = "robi"


OPERATOR_BY_PREFIX: Mapping[str, MobileOperator] = MappingProxyType(
    {
        "013": MobileOperator.GRAMEENPHONE,
        "017": MobileOperator.GRAMEENPHONE,
        "014": MobileOperator.BANGLALINK,
        "019": MobileOperator.BANGLALINK,
        "015": MobileOperator.TELETALK,
        "016": MobileOperator.ROBI,  # former Airtel, merged into Robi
        "018": MobileOperator.ROBI,
    }
)
OPERATOR_NAMES: Mapping[MobileOperator, str] = MappingProxyType(
    {
        MobileOperator.GRAMEENPHONE: "Grameenphone",
        MobileOperator.BANGLALINK: "Banglalink",
        MobileOperator.TELETALK: "Teletalk",
        MobileOperator.ROBI: "Robi",
    }
)

# Flags: accepted, but a person should look again.
FLAG_BIN_LEGACY_9 = "bin_legacy_9_digit"
FLAG_BIN_LEGACY_11 = "bin_legacy_11_digit"
FLAG_NID_LEGACY_13 = "nid_legacy_13_digit"
FLAG_NID_LEGACY_17 = "nid_legacy_17_digit"


@dataclass(frozen=True, slots=True)
class Identifier:
    """A validated identifier: `value` is what we store and compare, `display` what we show."""

    kind: IdentifierKind
    value: str
    display: str
    flags: frozenset[str] = frozenset()
    warnings: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __str__(self) -> str:
        return self.value


def _error(
    kind: IdentifierKind, field_name: str, raw: object, en: str, bn: str, **details: object
) -> MasterDataError:
    return MasterDataError(
        code=f"master_data.invalid_{kind.value}",
        message=en,
        message_bn=bn,
        field=field_name,
        details={"value": str(raw), **details},
    )


def _digits(raw: object, kind: IdentifierKind, field_name: str, label_en: str, label_bn: str) -> str:
    """Fold Bangla digits, drop spaces/dashes/dots/slashes; anything else left is an error."""
    if not isinstance(raw, str):
        raise _error(kind, field_name, raw, f"{label_en} must be text", f"{label_bn} লেখা হিসেবে দিন")
    text = _SEPARATORS.sub("", fold_digits(clean_text(raw).strip()))
    if not text:
        raise _error(kind, field_name, raw, f"{label_en} is empty", f"{label_bn} খালি")
    if not text.isascii() or not text.isdigit():
        raise _error(
            kind,
            field_name,
            raw,
            f"{label_en} may contain digits only",
            f"{label_bn} শুধু অঙ্ক দিয়ে লিখুন",
        )
    return text


def validate_tin(raw: str, field: str = "tin") -> Identifier:
    """e-TIN: exactly 12 digits; displayed 1234-5678-9012."""
    kind = IdentifierKind.TIN
    d = _digits(raw, kind, field, "e-TIN", "ই-টিআইএন")
    if len(d) != 12:
        raise _error(
            kind,
            field,
            raw,
            f"e-TIN must have 12 digits, got {len(d)}",
            f"ই-টিআইএন ১২ অঙ্কের হতে হবে, দেওয়া হয়েছে {to_bangla_digits(str(len(d)))}",
            length=len(d),
        )
    return Identifier(kind, d, f"{d[:4]}-{d[4:8]}-{d[8:]}")


def validate_bin(raw: str, field: str = "bin") -> Identifier:
    """BIN: 13 digits = 9-digit registration + 4-digit branch suffix.

    Old 9- and 11-digit numbers still appear on documents from before VAT Online: they are
    accepted and flagged so someone asks the party for the current 13-digit BIN."""
    kind = IdentifierKind.BIN
    d = _digits(raw, kind, field, "BIN", "বিআইএন")
    if len(d) == 13:
        return Identifier(
            kind,
            d,
            f"{d[:9]}-{d[9:]}",
            attributes=MappingProxyType({"registration": d[:9], "branch": d[9:]}),
        )
    if len(d) in (9, 11):
        flag = FLAG_BIN_LEGACY_9 if len(d) == 9 else FLAG_BIN_LEGACY_11
        return Identifier(
            kind,
            d,
            d,
            flags=frozenset({flag}),
            warnings=(f"{len(d)}-digit BIN is an old format; ask for the 13-digit BIN",),
            attributes=MappingProxyType({"registration": d[:9]}),
        )
    raise _error(
        kind,
        field,
        raw,
        f"BIN must have 13 digits (old 9 or 11 accepted), got {len(d)}",
        f"বিআইএন ১৩ অঙ্কের হতে হবে (পুরনো ৯ বা ১১ অঙ্ক গ্রহণযোগ্য), দেওয়া হয়েছে {to_bangla_digits(str(len(d)))}",
        length=len(d),
    )


def validate_nid(raw: str, field: str = "nid") -> Identifier:
    """NID: 10 digits (smart card), or the old 13 or 17 digits (17 = birth year + 13)."""
    kind = IdentifierKind.NID
    d = _digits(raw, kind, field, "NID", "জাতীয় পরিচয়পত্র নম্বর")
    if len(d) == 10:
        return Identifier(kind, d, d)
    if len(d) == 13:
        return Identifier(kind, d, d, flags=frozenset({FLAG_NID_LEGACY_13}))
    if len(d) == 17:
        year = int(d[:4])
        if not 1900 <= year <= 2099:
            raise _error(
                kind,
                field,
                raw,
                f"A 17-digit NID starts with the birth year; {d[:4]} is not a year",
                f"১৭ অঙ্কের এনআইডি জন্মসাল দিয়ে শুরু হয়; {to_bangla_digits(d[:4])} সঠিক সাল নয়",
            )
        return Identifier(
            kind,
            d,
            d,
            flags=frozenset({FLAG_NID_LEGACY_17}),
            attributes=MappingProxyType({"birth_year": d[:4], "legacy_13": d[4:]}),
        )
    raise _error(
        kind,
        field,
        raw,
        f"NID must have 10, 13 or 17 digits, got {len(d)}",
        f"এনআইডি ১০, ১৩ বা ১৭ অঙ্কের হতে হবে, দেওয়া হয়েছে {to_bangla_digits(str(len(d)))}",
        length=len(d),
    )


def validate_mobile(raw: str, field: str = "mobile") -> Identifier:
    """Bangladeshi mobile number, stored as E.164 (+8801XXXXXXXXX).

    Accepts 01…, 8801…, +8801…, 008801…, with spaces, dashes, dots or brackets."""
    kind = IdentifierKind.MOBILE
    if not isinstance(raw, str):
        raise _error(kind, field, raw, "Mobile number must be text", "মোবাইল নম্বর লেখা হিসেবে দিন")
    text = re.sub(r"[\s\-.()]+", "", fold_digits(clean_text(raw).strip()))
    if text.startswith("+"):
        text = text[1:]
        if not text.startswith("880"):
            raise _error(
                kind,
                field,
                raw,
                "Only Bangladeshi mobile numbers (+880) are accepted",
                "শুধু বাংলাদেশি মোবাইল নম্বর (+৮৮০) গ্রহণযোগ্য",
            )
    elif text.startswith("00"):
        text = text[2:]
    if not text.isascii() or not text.isdigit():
        raise _error(kind, field, raw, "Mobile number may contain digits only", "মোবাইল নম্বরে শুধু অঙ্ক থাকবে")
    if text.startswith("880"):
        text = text[3:]
    if text.startswith("1") and len(text) == 10:
        text = "0" + text  # 880 1XXXXXXXXX after the country code lost its trunk 0
    if len(text) != 11 or not re.fullmatch(r"01[3-9]\d{8}", text):
        raise _error(
            kind,
            field,
            raw,
            "Not a Bangladeshi mobile number: expected 01[3-9] followed by 8 digits",
            "সঠিক বাংলাদেশি মোবাইল নম্বর নয়: ০১[৩-৯] এর পরে ৮টি অঙ্ক হতে হবে",
        )
    operator = OPERATOR_BY_PREFIX[text[:3]]
    e164 = "+88" + text
    return Identifier(
        kind,
        e164,
        f"+880 {text[1:5]}-{text[5:]}",
        attributes=MappingProxyType({"operator": operator.value, "operator_name": OPERATOR_NAMES[operator]}),
    )


def normalise_mobile(raw: str, field: str = "mobile") -> str:
    """The E.164 form (+8801XXXXXXXXX) of a Bangladeshi mobile number; raises if invalid."""
    return validate_mobile(raw, field).value


def mobile_operator(raw: str) -> MobileOperator:
    """The operator that owns the number's prefix (numbers ported since keep the prefix)."""
    return MobileOperator(validate_mobile(raw).attributes["operator"])


def validate_trade_licence(raw: str, issuing_authority: str, field: str = "trade_licence") -> Identifier:
    """Trade licence number: free text issued by a city corporation, pourashava or union
    parishad, so unique only together with its issuing authority. Trimmed, inner spaces
    collapsed, Bangla digits folded; `attributes['authority_key']` is the comparison key."""
    kind = IdentifierKind.TRADE_LICENCE
    if not isinstance(raw, str) or not raw.strip():
        raise _error(kind, field, raw, "Trade licence number is empty", "ট্রেড লাইসেন্স নম্বর খালি")
    if not isinstance(issuing_authority, str) or not issuing_authority.strip():
        raise _error(
            kind,
            f"{field}_authority",
            raw,
            "Trade licence needs its issuing authority (e.g. Dhaka North City Corporation)",
            "ট্রেড লাইসেন্সের ইস্যুকারী কর্তৃপক্ষ দিন (যেমন ঢাকা উত্তর সিটি কর্পোরেশন)",
        )
    number = re.sub(r"\s+", " ", fold_digits(clean_text(raw).strip()))
    if len(number) > 64:
        raise _error(
            kind,
            field,
            raw,
            "Trade licence number is longer than 64 characters",
            "ট্রেড লাইসেন্স নম্বর ৬৪ অক্ষরের বেশি",
        )
    authority = re.sub(r"\s+", " ", clean_text(issuing_authority).strip())
    return Identifier(
        kind,
        number,
        number,
        attributes=MappingProxyType(
            {
                "issuing_authority": authority,
                "authority_key": normalise_key(authority),
                "number_key": normalise_key(number).replace(" ", ""),
            }
        ),
    )


def validate_routing_number(raw: str, field: str = "routing_number") -> Identifier:
    """Bangladesh Bank routing number: 9 digits (bank 3, district 2, branch 3, check 1)."""
    kind = IdentifierKind.ROUTING_NUMBER
    d = _digits(raw, kind, field, "Routing number", "রাউটিং নম্বর")
    if len(d) != 9:
        raise _error(
            kind,
            field,
            raw,
            f"Routing number must have 9 digits, got {len(d)}",
            f"রাউটিং নম্বর ৯ অঙ্কের হতে হবে, দেওয়া হয়েছে {to_bangla_digits(str(len(d)))}",
            length=len(d),
        )
    return Identifier(
        kind,
        d,
        d,
        attributes=MappingProxyType({"bank_code": d[:3], "district_code": d[3:5], "branch_code": d[5:8]}),
    )


def validate_postcode(raw: str, field: str = "postcode") -> Identifier:
    """Bangladeshi postcode: 4 digits, 1000-9999 (no code starts with 0)."""
    kind = IdentifierKind.POSTCODE
    d = _digits(raw, kind, field, "Postcode", "পোস্টকোড")
    if len(d) != 4 or d[0] == "0":
        raise _error(
            kind,
            field,
            raw,
            "Postcode must be 4 digits (1000-9999)",
            "পোস্টকোড ৪ অঙ্কের হতে হবে (১০০০-৯৯৯৯)",
        )
    return Identifier(kind, d, d)


VALIDATORS = MappingProxyType(
    {
        IdentifierKind.TIN: validate_tin,
        IdentifierKind.BIN: validate_bin,
        IdentifierKind.NID: validate_nid,
        IdentifierKind.MOBILE: validate_mobile,
        IdentifierKind.ROUTING_NUMBER: validate_routing_number,
        IdentifierKind.POSTCODE: validate_postcode,
    }
)


def validate_identifier(kind: IdentifierKind | str, raw: str, field: str | None = None) -> Identifier:
    """Dispatch to the validator for `kind` (trade licences need an authority: call
    `validate_trade_licence` directly)."""
    kind = choice(IdentifierKind, kind, "kind")
    if kind not in VALIDATORS:
        raise MasterDataError(
            "master_data.unsupported_identifier",
            f"Use the dedicated validator for {kind.value}",
            f"{kind.value} এর জন্য নির্দিষ্ট যাচাই ব্যবহার করুন",
            field=field or kind.value,
        )
    return VALIDATORS[kind](raw, field or kind.value)
