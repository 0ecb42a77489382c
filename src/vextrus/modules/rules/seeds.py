"""Seeded rule sets: Bangladesh VAT and withholding categories as data an administrator edits.

Figures from shared/domain/bangladesh.md (VAT and SD Act 2012; Income Tax Act 2023 and the Source
Tax Rules 2023). Rates change with each Finance Act: edit the rule set (a new version), never code.
"medium" confidence values say so in their outcome (`confidence`), and the rules page shows it.
"""

from __future__ import annotations

from .schemas import OutcomeModel, RuleModel, RuleSetInput


def _v(key: str, name: str, name_bn: str, condition: str, priority: int, **value: object) -> RuleModel:
    return RuleModel(key=key, name=name, name_bn=name_bn, condition=condition, priority=priority,
                     outcome=OutcomeModel(kind="value", value=value))


VAT = RuleSetInput(
    subject="tax.vat", name="VAT category of a supply", name_bn="সরবরাহের ভ্যাট শ্রেণি", mode="first",
    note="seeded: VAT and SD Act 2012",
    rules=[
        _v("exempt", "Exempt (First Schedule)", "অব্যাহতিপ্রাপ্ত (প্রথম তফসিল)", "first_schedule", 10,
           category="exempt", rate=None),
        _v("zero_rated_export", "Zero-rated: export", "শূন্য হার: রপ্তানি", 'supply == "export"', 20,
           category="zero_rated", rate="0"),
        _v("construction_2024", "Construction firm (S004.00) until 30 June 2025", "নির্মাণ প্রতিষ্ঠান (S004.00) "
           "৩০ জুন ২০২৫ পর্যন্ত", 'service_code == "S004.00" && on < "2025-07-01"', 30,
           category="reduced", rate="7.5", confidence="medium"),
        _v("construction_2025", "Construction firm (S004.00) from 1 July 2025", "নির্মাণ প্রতিষ্ঠান (S004.00) "
           "১ জুলাই ২০২৫ থেকে", 'service_code == "S004.00" && on >= "2025-07-01"', 31,
           category="reduced", rate="10", confidence="medium"),
        _v("reduced_5", "Reduced rate 5% (Third Schedule)", "হ্রাসকৃত হার ৫% (তৃতীয় তফসিল)", "reduced_rate == 5.0", 40,
           category="reduced", rate="5"),
        _v("reduced_7_5", "Reduced rate 7.5% (Third Schedule)", "হ্রাসকৃত হার ৭.৫% (তৃতীয় তফসিল)",
           "reduced_rate == 7.5", 41, category="reduced", rate="7.5"),
        _v("reduced_10", "Reduced rate 10% (Third Schedule)", "হ্রাসকৃত হার ১০% (তৃতীয় তফসিল)", "reduced_rate == 10.0",
           42, category="reduced", rate="10"),
        _v("standard", "Standard rate 15%", "আদর্শ হার ১৫%", "true", 1000, category="standard", rate="15"),
    ],
)

WITHHOLDING = RuleSetInput(
    subject="tax.withholding", name="Income tax withheld at source", name_bn="উৎসে কর্তিত আয়কর", mode="first",
    note="seeded: Income Tax Act 2023 s.86, s.89; Source Tax Rules 2023 bands (confirm for the year)",
    rules=[
        _v("salary", "Salary (s.86): estimated annual tax / 12", "বেতন (ধারা ৮৬): আনুমানিক বার্ষিক কর / ১২",
           'payment_kind == "salary"', 10, category="salary", method="annual_tax_div_12"),
        _v("no_tin", "Contractor/supplier without TIN proof: higher rate", "টিআইএন প্রমাণ ছাড়া ঠিকাদার/সরবরাহকারী: "
           "উচ্চতর হার", 'payment_kind in ["contractor", "supplier"] && !payee_has_tin', 20,
           category="contractor_no_tin", rate=None, confidence="medium",
           note="a higher rate applies by law: enter this year's figure"),
        _v("contractor_3", "Contractor/supplier up to 50 lakh: 3%", "ঠিকাদার/সরবরাহকারী ৫০ লক্ষ পর্যন্ত: ৩%",
           'payment_kind in ["contractor", "supplier"] && amount <= 5000000.0', 30,
           category="contractor", rate="3", confidence="medium"),
        _v("contractor_5", "Contractor/supplier up to 2 crore: 5%", "ঠিকাদার/সরবরাহকারী ২ কোটি পর্যন্ত: ৫%",
           'payment_kind in ["contractor", "supplier"] && amount <= 20000000.0', 31,
           category="contractor", rate="5", confidence="medium"),
        _v("contractor_7", "Contractor/supplier above 2 crore: 7%", "ঠিকাদার/সরবরাহকারী ২ কোটির বেশি: ৭%",
           'payment_kind in ["contractor", "supplier"]', 32, category="contractor", rate="7", confidence="medium"),
    ],
)

DEFAULT_RULE_SETS: tuple[tuple[str, RuleSetInput], ...] = (("bd.vat_category", VAT), ("bd.withholding", WITHHOLDING))
