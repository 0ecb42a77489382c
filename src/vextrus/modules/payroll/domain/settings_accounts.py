"""The ledger accounts a company's payroll settings name, checked against its chart (pure): each must exist,
be active, be a posting account (not a group) and be of the type its use needs. Saving the settings refuses a
wrong code here, not later when a run or a settlement is posted (issue 18)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn


@dataclass(frozen=True, slots=True)
class ChartAccount:
    """What the check needs of one account of the company's chart (a copy of finance's view)."""

    account_type: str
    is_group: bool = False
    is_active: bool = True


# setting -> (the account types its use allows, English label, Bangla label). How each is posted:
# runs and settlements debit the expense accounts and credit the payables (runs.py, settlement.py, wages.py);
# advances are a receivable from the employee paid from cash or bank (advances.py, payment.py); the final
# settlement's gratuity and compensation are expensed, or debited to a provision kept for them.
ACCOUNT_SETTINGS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "office_expense_account": (("expense",), "office salaries expense account", "অফিস কর্মীদের বেতন ব্যয় হিসাব"),
    "site_expense_account": (("expense",), "site wages expense account", "সাইট কর্মীদের মজুরি ব্যয় হিসাব"),
    "pf_expense_account": (("expense",), "employer's provident fund expense account",
                           "নিয়োগকর্তার ভবিষ্য তহবিল ব্যয় হিসাব"),
    "salaries_payable_account": (("liability",), "salaries payable account", "বেতন প্রদেয় হিসাব"),
    "tds_payable_account": (("liability",), "tax withheld payable account", "উৎসে কর্তিত আয়কর প্রদেয় হিসাব"),
    "pf_payable_account": (("liability",), "provident fund payable account", "ভবিষ্য তহবিল প্রদেয় হিসাব"),
    "gratuity_payable_account": (("liability",), "gratuity provision account", "গ্র্যাচুইটি সঞ্চিতি হিসাব"),
    "advances_account": (("asset",), "employee advances account", "কর্মীদের অগ্রিম ও ঋণ হিসাব"),
    "cash_account": (("asset",), "cash account", "নগদ হিসাব"),
    "bank_account": (("asset",), "bank account", "ব্যাংক হিসাব"),
    "gratuity_account": (("expense", "liability"), "gratuity account", "গ্র্যাচুইটি হিসাব"),
    "compensation_account": (("expense", "liability"), "compensation account", "ক্ষতিপূরণ হিসাব"),
}

TYPE_EN = {"asset": "an asset", "liability": "a liability", "equity": "an equity", "income": "an income",
           "expense": "an expense"}
TYPE_BN = {"asset": "সম্পদ", "liability": "দায়", "equity": "মালিকানা স্বত্ব", "income": "আয়", "expense": "ব্যয়"}


def check_accounts(cfg: Mapping[str, str], chart: Mapping[str, ChartAccount]) -> None:
    """Refuse (422, the setting's field) the first account setting of `cfg` that `chart` does not hold
    (`payroll.account_unknown`), that is inactive or a group (`payroll.account_not_postable`) or that is of a
    type its use does not allow (`payroll.account_wrong_type`)."""
    for key, (types, en, bn_label) in ACCOUNT_SETTINGS.items():
        code = cfg.get(key)
        if code is None:
            continue
        acc = chart.get(code)
        details = {"setting": key, "code": code}
        if acc is None:
            raise ValidationFailed("payroll.account_unknown",
                                   f"The {en}: account {code} is not in the company's chart of accounts",
                                   f"{bn_label}: হিসাব {bn(code)} কোম্পানির হিসাব তালিকায় নেই",
                                   field=key, details=details)
        if acc.is_group or not acc.is_active:
            why_en = "a group of accounts" if acc.is_group else "inactive"
            why_bn = "হিসাবের একটি গ্রুপ" if acc.is_group else "নিষ্ক্রিয়"
            raise ValidationFailed("payroll.account_not_postable",
                                   f"The {en}: account {code} is {why_en}; choose an active posting account",
                                   f"{bn_label}: হিসাব {bn(code)} {why_bn}; একটি সক্রিয় পোস্টিং হিসাব বেছে নিন",
                                   field=key, details={**details, "is_group": acc.is_group,
                                                       "is_active": acc.is_active})
        if acc.account_type not in types:
            want_en = " or ".join(TYPE_EN.get(t, t) for t in types)
            want_bn = " বা ".join(TYPE_BN.get(t, t) for t in types)
            raise ValidationFailed("payroll.account_wrong_type",
                                   f"The {en}: account {code} is {TYPE_EN.get(acc.account_type, acc.account_type)}"
                                   f" account; it must be {want_en} account",
                                   f"{bn_label}: হিসাব {bn(code)} একটি {TYPE_BN.get(acc.account_type, '')} হিসাব; "
                                   f"এটি {want_bn} হিসাব হতে হবে",
                                   field=key, details={**details, "account_type": acc.account_type,
                                                       "expected": list(types)})
