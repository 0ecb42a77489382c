"""Parties: one record for everyone we deal with, customer and/or vendor.

A contractor who also buys our flats is one party with two roles, so identifiers,
contacts and bank details are kept once. Vendors pass an approval workflow; parties
are checked for duplicates before they are created, and duplicates are merged by an
explicit, reviewable plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from .errors import InvalidTransitionError, MasterDataError, choice
from .geography import Address
from .identifiers import (
    Identifier,
    validate_bin,
    validate_mobile,
    validate_nid,
    validate_routing_number,
    validate_tin,
    validate_trade_licence,
)
from .search import normalise_key


class PartyRole(StrEnum):
    CUSTOMER = "customer"
    VENDOR = "vendor"


class PartyType(StrEnum):
    COMPANY = "company"
    INDIVIDUAL = "individual"
    GOVERNMENT = "government"
    NGO = "ngo"


class VendorCategory(StrEnum):
    SUPPLIER = "supplier"
    SUBCONTRACTOR = "subcontractor"
    CONSULTANT = "consultant"
    TRANSPORTER = "transporter"
    EQUIPMENT_RENTAL = "equipment_rental"


class VendorStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SUSPENDED = "suspended"
    BLACKLISTED = "blacklisted"


class WalletProvider(StrEnum):
    BKASH = "bkash"
    NAGAD = "nagad"
    ROCKET = "rocket"
    UPAY = "upay"


class ComplianceDocumentKind(StrEnum):
    TRADE_LICENCE = "trade_licence"
    TIN_CERTIFICATE = "tin_certificate"
    VAT_REGISTRATION = "vat_registration"


def _err(code: str, en: str, bn: str, field_name: str | None, **details: object) -> MasterDataError:
    return MasterDataError(f"master_data.{code}", en, bn, field=field_name, details=details)


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    designation: str | None = None
    mobile: str | None = None  # stored E.164
    email: str | None = None
    is_primary: bool = False

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise _err(
                "contact_name_required", "Contact name is required", "যোগাযোগকারীর নাম আবশ্যক", "contacts.name"
            )
        object.__setattr__(self, "name", self.name.strip())
        if self.mobile:
            object.__setattr__(self, "mobile", validate_mobile(self.mobile, "contacts.mobile").value)
        if self.email:
            email = self.email.strip().lower()
            local, _, domain = email.partition("@")
            if not local or "." not in domain or " " in email:
                shown = self.email  # as typed
                raise _err(
                    "invalid_email",
                    f"'{self.email}' is not an email address",
                    f"'{shown}' সঠিক ইমেইল ঠিকানা নয়",
                    "contacts.email",
                )
            object.__setattr__(self, "email", email)


@dataclass(frozen=True, slots=True)
class BankAccount:
    bank_name: str
    account_name: str
    account_number: str
    routing_number: str  # 9 digits, validated
    branch_name: str | None = None
    is_default: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "routing_number",
            validate_routing_number(self.routing_number, "bank_accounts.routing_number").value,
        )
        number = "".join(self.account_number.split()) if self.account_number else ""
        if not number:
            raise _err(
                "account_number_required",
                "Bank account number is required",
                "ব্যাংক হিসাব নম্বর আবশ্যক",
                "bank_accounts.account_number",
            )
        object.__setattr__(self, "account_number", number)


@dataclass(frozen=True, slots=True)
class MobileWallet:
    provider: WalletProvider
    number: str  # stored E.164; a wallet is tied to a Bangladeshi mobile number

    def __post_init__(self) -> None:
        object.__setattr__(self, "provider", choice(WalletProvider, self.provider, "wallets.provider"))
        object.__setattr__(self, "number", validate_mobile(self.number, "wallets.number").value)


@dataclass(frozen=True, slots=True)
class PaymentTerms:
    """Due `net_days` after invoice date (0 = on receipt)."""

    net_days: int = 30
    description: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.net_days, int) or not 0 <= self.net_days <= 365:
            raise _err(
                "invalid_payment_terms",
                "Payment terms must be 0-365 days",
                "পরিশোধের মেয়াদ ০-৩৬৫ দিন হতে হবে",
                "payment_terms.net_days",
            )

    def due_date(self, invoice_date: date) -> date:
        return invoice_date + timedelta(days=self.net_days)


@dataclass(frozen=True, slots=True)
class ComplianceDocument:
    kind: ComplianceDocumentKind
    number: str
    expires_on: date | None = None  # None: does not expire (e.g. TIN certificate)
    issued_on: date | None = None
    issuing_authority: str | None = None
    file_id: str | None = None  # id in the files module

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", choice(ComplianceDocumentKind, self.kind, "kind"))
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise _err(
                "document_expires_before_issue",
                "Document expires before it was issued",
                "নথির মেয়াদ ইস্যুর আগেই শেষ",
                "compliance_documents.expires_on",
            )

    def days_left(self, today: date) -> int | None:
        return None if self.expires_on is None else (self.expires_on - today).days


def documents_expiring(
    documents: Iterable[ComplianceDocument],
    today: date,
    within_days: int,
    include_expired: bool = True,
) -> list[ComplianceDocument]:
    """Documents whose expiry falls on or before `today + within_days`, soonest first.
    Already expired ones are included unless `include_expired` is False."""
    horizon = today + timedelta(days=within_days)
    found = [
        d
        for d in documents
        if d.expires_on is not None and d.expires_on <= horizon and (include_expired or d.expires_on >= today)
    ]
    return sorted(found, key=lambda d: (d.expires_on, d.kind.value))


# Vendor workflow: from -> allowed targets. Blacklisting is final.
VENDOR_TRANSITIONS: Mapping[VendorStatus, frozenset[VendorStatus]] = MappingProxyType(
    {
        VendorStatus.PENDING: frozenset({VendorStatus.APPROVED}),
        VendorStatus.APPROVED: frozenset({VendorStatus.SUSPENDED, VendorStatus.BLACKLISTED}),
        VendorStatus.SUSPENDED: frozenset({VendorStatus.APPROVED, VendorStatus.BLACKLISTED}),
        VendorStatus.BLACKLISTED: frozenset(),
    }
)
REASON_REQUIRED = frozenset({VendorStatus.SUSPENDED, VendorStatus.BLACKLISTED})

_STATUS_BN = {
    VendorStatus.PENDING: "অপেক্ষমাণ",
    VendorStatus.APPROVED: "অনুমোদিত",
    VendorStatus.SUSPENDED: "স্থগিত",
    VendorStatus.BLACKLISTED: "কালো তালিকাভুক্ত",
}


@dataclass(frozen=True, slots=True)
class Party:
    """A customer and/or vendor. Identifiers are stored normalised (see identifiers.py)."""

    legal_name: str
    party_type: PartyType
    roles: frozenset[PartyRole]
    legal_name_bn: str | None = None
    id: str | None = None
    tin: str | None = None
    bin: str | None = None
    nid: str | None = None
    trade_licence: str | None = None
    trade_licence_authority: str | None = None
    mobile: str | None = None  # main number, E.164
    email: str | None = None
    contacts: tuple[Contact, ...] = ()
    addresses: tuple[Address, ...] = ()
    bank_accounts: tuple[BankAccount, ...] = ()
    wallets: tuple[MobileWallet, ...] = ()
    payment_terms: PaymentTerms = field(default_factory=PaymentTerms)
    credit_limit: Decimal | None = None  # customers only, in `currency`
    currency: str = "BDT"
    vendor_categories: frozenset[VendorCategory] = frozenset()
    default_vat_category: str | None = None
    default_withholding_category: str | None = None
    retention_percent: Decimal | None = None  # held back from each bill of a subcontractor
    compliance_documents: tuple[ComplianceDocument, ...] = ()
    vendor_status: VendorStatus | None = None  # None unless the party is a vendor
    status_reason: str | None = None
    flags: frozenset[str] = frozenset()  # from identifiers: old BIN/NID formats to recheck

    def __post_init__(self) -> None:
        s = object.__setattr__
        if not isinstance(self.legal_name, str) or not self.legal_name.strip():
            raise _err("legal_name_required", "Legal name is required", "আইনগত নাম আবশ্যক", "legal_name")
        s(self, "legal_name", " ".join(self.legal_name.split()))
        if self.legal_name_bn is not None:
            s(self, "legal_name_bn", " ".join(self.legal_name_bn.split()) or None)
        s(self, "party_type", choice(PartyType, self.party_type, "party_type"))
        roles = frozenset(choice(PartyRole, r, "roles") for r in self.roles)
        if not roles:
            raise _err(
                "role_required",
                "A party must be a customer, a vendor or both",
                "পার্টিকে গ্রাহক, বিক্রেতা বা উভয় হতে হবে",
                "roles",
            )
        s(self, "roles", roles)
        flags = set(self.flags)
        for name, validator in (
            ("tin", validate_tin),
            ("bin", validate_bin),
            ("nid", validate_nid),
            ("mobile", validate_mobile),
        ):
            raw = getattr(self, name)
            if raw:
                ident: Identifier = validator(raw, name)
                s(self, name, ident.value)
                flags |= ident.flags
            else:
                s(self, name, None)
        if self.trade_licence:
            tl = validate_trade_licence(
                self.trade_licence, self.trade_licence_authority or "", "trade_licence"
            )
            s(self, "trade_licence", tl.value)
            s(self, "trade_licence_authority", tl.attributes["issuing_authority"])
        s(self, "flags", frozenset(flags))
        for name in ("contacts", "addresses", "bank_accounts", "wallets", "compliance_documents"):
            s(self, name, tuple(getattr(self, name)))
        s(self, "vendor_categories", frozenset(choice(VendorCategory, c, f"vendor_categories[{i}]")
                                               for i, c in enumerate(self.vendor_categories)))
        is_vendor = PartyRole.VENDOR in roles
        if self.vendor_categories and not is_vendor:
            raise _err(
                "vendor_categories_without_vendor_role",
                "Only vendors have vendor categories",
                "শুধু বিক্রেতার বিক্রেতা-শ্রেণি থাকে",
                "vendor_categories",
            )
        if is_vendor:
            s(self, "vendor_status", choice(VendorStatus, self.vendor_status or VendorStatus.PENDING, "vendor_status"))
        elif self.vendor_status is not None:
            raise _err(
                "vendor_status_without_vendor_role",
                "Only vendors have a vendor status",
                "শুধু বিক্রেতার বিক্রেতা-অবস্থা থাকে",
                "vendor_status",
            )
        if self.credit_limit is not None:
            if PartyRole.CUSTOMER not in roles:
                raise _err(
                    "credit_limit_without_customer_role",
                    "Only customers have a credit limit",
                    "শুধু গ্রাহকের ক্রেডিট সীমা থাকে",
                    "credit_limit",
                )
            if (
                not isinstance(self.credit_limit, Decimal)
                or not self.credit_limit.is_finite()
                or self.credit_limit < 0
            ):
                raise _err(
                    "invalid_credit_limit",
                    "Credit limit must be a Decimal amount of zero or more",
                    "ক্রেডিট সীমা শূন্য বা তার বেশি দশমিক অঙ্ক হতে হবে",
                    "credit_limit",
                )
        if self.retention_percent is not None and (
            not isinstance(self.retention_percent, Decimal)
            or not Decimal(0) <= self.retention_percent <= Decimal(100)
        ):
            raise _err(
                "invalid_retention_percent",
                "Retention must be between 0% and 100%",
                "রিটেনশন ০% থেকে ১০০% এর মধ্যে হতে হবে",
                "retention_percent",
            )
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise _err(
                "invalid_currency",
                "Currency must be an ISO 4217 code",
                "মুদ্রা ISO 4217 কোড হতে হবে",
                "currency",
            )
        s(self, "currency", self.currency.upper())

    @property
    def is_customer(self) -> bool:
        return PartyRole.CUSTOMER in self.roles

    @property
    def is_vendor(self) -> bool:
        return PartyRole.VENDOR in self.roles

    def can_receive_orders(self) -> bool:
        """Purchase orders and bills go only to approved vendors."""
        return self.is_vendor and self.vendor_status == VendorStatus.APPROVED

    def mobiles(self) -> frozenset[str]:
        """Every mobile number known for the party (main, contacts, wallets), E.164."""
        found = {self.mobile} | {c.mobile for c in self.contacts} | {w.number for w in self.wallets}
        return frozenset(m for m in found if m)

    def expiring_documents(self, today: date, within_days: int) -> list[ComplianceDocument]:
        return documents_expiring(self.compliance_documents, today, within_days)


def transition_vendor(party: Party, to: VendorStatus | str, reason: str | None = None) -> Party:
    """The party with its vendor status changed, if the workflow allows it.

    pending -> approved; approved -> suspended | blacklisted; suspended -> approved |
    blacklisted. Suspending and blacklisting need a reason; blacklisted is final."""
    target = choice(VendorStatus, to, "status")
    if not party.is_vendor or party.vendor_status is None:
        raise InvalidTransitionError(
            "master_data.not_a_vendor",
            "Only vendors have an approval status",
            "শুধু বিক্রেতার অনুমোদন অবস্থা থাকে",
            field="vendor_status",
        )
    current = party.vendor_status
    if target not in VENDOR_TRANSITIONS[current]:
        raise InvalidTransitionError(
            "master_data.invalid_vendor_transition",
            f"A vendor cannot go from {current.value} to {target.value}",
            f"বিক্রেতাকে {_STATUS_BN[current]} থেকে {_STATUS_BN[target]} করা যায় না",
            field="vendor_status",
            details={
                "from": current.value,
                "to": target.value,
                "allowed": sorted(s.value for s in VENDOR_TRANSITIONS[current]),
            },
        )
    reason = reason.strip() if reason else None
    if target in REASON_REQUIRED and not reason:
        raise InvalidTransitionError(
            "master_data.reason_required",
            f"Give a reason to mark the vendor {target.value}",
            f"বিক্রেতাকে {_STATUS_BN[target]} করার কারণ লিখুন",
            field="status_reason",
            details={"to": target.value},
        )
    return replace(party, vendor_status=target, status_reason=reason)


# --- duplicates ------------------------------------------------------------------


class MatchReason(StrEnum):
    TIN = "tin"
    BIN = "bin"
    BIN_REGISTRATION = "bin_registration"  # same 9-digit registration, another branch
    NID = "nid"
    MOBILE = "mobile"
    TRADE_LICENCE = "trade_licence"
    SIMILAR_NAME = "similar_name"


EXACT_REASONS = frozenset(MatchReason) - {MatchReason.SIMILAR_NAME}
# what two parties share, inside a Bangla sentence ("একই মোবাইল নম্বর ইতিমধ্যে ... এর আছে")
REASON_BN = {"tin": "ই-টিআইএন", "bin": "বিআইএন", "bin_registration": "বিআইএন নিবন্ধন", "nid": "জাতীয় পরিচয়পত্র নম্বর",
             "mobile": "মোবাইল নম্বর", "trade_licence": "ট্রেড লাইসেন্স", "similar_name": "নামের মিল"}
DEFAULT_NAME_THRESHOLD = 0.85


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    party: Party
    reasons: tuple[MatchReason, ...]
    name_score: float

    @property
    def exact(self) -> bool:
        """True when an identifier matched, not only the name."""
        return any(r in EXACT_REASONS for r in self.reasons)


def find_duplicates(
    candidate: Party,
    existing: Iterable[Party],
    name_threshold: float = DEFAULT_NAME_THRESHOLD,
) -> list[DuplicateMatch]:
    """Existing parties that are probably the same as `candidate`: any shared identifier
    (TIN, BIN or its 9-digit registration, NID, mobile, trade licence of the same
    authority) or a name at least `name_threshold` similar (English vs English, Bangla
    vs Bangla; legal-form words ignored). Identifier matches come first, then by score.
    A party with the candidate's own id is skipped."""
    from .matching import compare, fingerprint, rank  # one set of rules, shared with the blocked import

    me = fingerprint(candidate, None)
    others = [o for o in existing if candidate.id is None or o.id != candidate.id]
    found = (compare(me, fingerprint(o, i), name_threshold) for i, o in enumerate(others))
    return [DuplicateMatch(others[m.other.ref], m.reasons, m.score) for m in rank(m for m in found if m)]


def _is_bangla(text: str) -> bool:
    return any("\u0980" <= ch <= "\u09ff" for ch in text)


# --- merge -----------------------------------------------------------------------

_STATUS_SEVERITY = {
    VendorStatus.APPROVED: 0,
    VendorStatus.PENDING: 1,
    VendorStatus.SUSPENDED: 2,
    VendorStatus.BLACKLISTED: 3,
}
_LIST_FIELDS = ("contacts", "addresses", "bank_accounts", "wallets", "compliance_documents")
_SET_FIELDS = ("roles", "vendor_categories", "flags")
_SKIP = frozenset({"id", "vendor_status", "status_reason"})


@dataclass(frozen=True, slots=True)
class FieldDecision:
    field: str
    source: str  # "survivor", "duplicate", "union", "stricter"
    conflict: bool  # both had different non-empty values: a person should confirm


@dataclass(frozen=True, slots=True)
class MergePlan:
    survivor_id: str | None
    duplicate_id: str | None
    result: Party
    decisions: tuple[FieldDecision, ...]

    @property
    def conflicts(self) -> tuple[FieldDecision, ...]:
        return tuple(d for d in self.decisions if d.conflict)

    @property
    def requires_review(self) -> bool:
        """Identifiers that disagree usually mean two different legal entities."""
        return any(d.field in ("tin", "bin", "nid") for d in self.conflicts)


def _key(obj: object) -> object:
    if isinstance(obj, Contact):
        return (normalise_key(obj.name), obj.mobile, obj.email)
    if isinstance(obj, BankAccount):
        return (obj.routing_number, obj.account_number)
    if isinstance(obj, MobileWallet):
        return (obj.provider, obj.number)
    if isinstance(obj, ComplianceDocument):
        return (obj.kind, normalise_key(obj.number))
    if isinstance(obj, Address):
        return (normalise_key(obj.line1), obj.district, obj.upazila, obj.postcode, obj.kind)
    return obj


def plan_merge(survivor: Party, duplicate: Party) -> MergePlan:
    """How `duplicate` folds into `survivor`. Rules, field by field:

    - scalar fields (names, identifiers, terms, credit limit, tax defaults, retention):
      the survivor's value wins; the duplicate's fills only what the survivor left
      empty. Where both differ the decision is marked `conflict`. The trade licence
      number and its authority move as a pair.
    - lists (contacts, addresses, bank accounts, wallets, documents): union, survivor's
      first, duplicates by natural key dropped.
    - roles, vendor categories, flags: union.
    - vendor status: the stricter of the two (blacklisted > suspended > pending >
      approved), with its reason, so merging never lifts a sanction.
    - id: the survivor's.
    """
    values: dict[str, object] = {}
    decisions: list[FieldDecision] = []
    default_terms = PaymentTerms()
    for f in fields(Party):
        name = f.name
        if name in _SKIP:
            continue
        a, b = getattr(survivor, name), getattr(duplicate, name)
        if name in _LIST_FIELDS:
            seen, merged = set(), []
            for obj in (*a, *b):
                k = _key(obj)
                if k not in seen:
                    seen.add(k)
                    merged.append(obj)
            values[name] = tuple(merged)
            decisions.append(FieldDecision(name, "union", False))
        elif name in _SET_FIELDS:
            values[name] = frozenset(a) | frozenset(b)
            decisions.append(FieldDecision(name, "union", False))
        else:
            empty_a = a is None or a == "" or (name == "payment_terms" and a == default_terms)
            empty_b = b is None or b == "" or (name == "payment_terms" and b == default_terms)
            if empty_a and not empty_b:
                values[name] = b
                decisions.append(FieldDecision(name, "duplicate", False))
            else:
                values[name] = a
                decisions.append(FieldDecision(name, "survivor", not empty_a and not empty_b and a != b))
    statuses = [p for p in (survivor, duplicate) if p.vendor_status is not None]
    if statuses:
        strict = max(statuses, key=lambda p: _STATUS_SEVERITY[p.vendor_status])  # type: ignore[index]
        values["vendor_status"], values["status_reason"] = strict.vendor_status, strict.status_reason
        both = survivor.vendor_status is not None and duplicate.vendor_status is not None
        decisions.append(
            FieldDecision(
                "vendor_status", "stricter", both and survivor.vendor_status != duplicate.vendor_status
            )
        )
    # A licence number means nothing without its authority: keep them as a pair.
    owner = survivor if survivor.trade_licence else duplicate
    values["trade_licence"], values["trade_licence_authority"] = (
        owner.trade_licence,
        owner.trade_licence_authority,
    )
    if PartyRole.CUSTOMER not in values["roles"]:  # type: ignore[operator]
        values["credit_limit"] = None
    result = Party(id=survivor.id, **values)  # type: ignore[arg-type]
    return MergePlan(survivor.id, duplicate.id, result, tuple(decisions))
