"""A project's own values: its code, names, contract value, status set and date order. Pure rules:
each returns the value in its stored type or raises a ValidationFailed naming the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import to_decimal

from .values import check_currency, check_site_code, parse_day, parse_uuid

STATUSES = ("planned", "active", "on_hold", "completed", "cancelled")
CONTRACT_VALUE_LIMIT = Decimal(10) ** 15  # far above any contract; keeps the scaled integer column exact
PROJECT_FIELDS = {"name", "name_bn", "client_party_id", "site_district_code", "site_upazila_code",
                   "contract_value", "currency", "start_date", "finish_date", "status", "manager_user_id",
                   "data_date", "must_finish_by"}


def check_code(code: str) -> str:
    """A project code: trimmed, 1-40 characters."""
    code = code.strip()
    if not code or len(code) > 40:
        raise ValidationFailed("project_code", "A project code of 1-40 characters is required",
                               "১-৪০ অক্ষরের প্রকল্প কোড প্রয়োজন", field="code")
    return code


def check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValidationFailed("project_status", f"status must be one of {', '.join(STATUSES)}",
                               "প্রকল্পের অবস্থা সঠিক নয়", field="status")


def check_name_bn(name_bn: str | None) -> str:
    """The Bangla name, trimmed ("" = none: pages show the English name); at most 200 characters."""
    name_bn = (name_bn or "").strip()
    if len(name_bn) > 200:
        raise ValidationFailed("project_name_bn", "The Bangla name is longer than 200 characters",
                               "বাংলা নাম ২০০ অক্ষরের বেশি", field="name_bn")
    return name_bn


def check_name(name: object) -> str:
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > 200:
        raise ValidationFailed("project_name", "The project needs an English name of at most 200 characters",
                               "প্রকল্পের ইংরেজি নাম প্রয়োজন (সর্বোচ্চ ২০০ অক্ষর)", field="name")
    return text


def check_contract_value(value: object) -> Decimal:
    """Exact, not negative, whole poisha (lakh/crore commas are fine: "1,25,00,000")."""
    d = to_decimal(value if value is not None else "", "contract_value")
    if d < 0:
        raise ValidationFailed("contract_value_negative", "The contract value cannot be negative",
                               "চুক্তি মূল্য ঋণাত্মক হতে পারে না", field="contract_value")
    if d >= CONTRACT_VALUE_LIMIT or d != d.quantize(Decimal("0.01")):
        raise ValidationFailed("contract_value_invalid",
                               "The contract value must be below 10^15 with at most 2 decimal places",
                               "চুক্তি মূল্য ১০^১৫ এর কম এবং সর্বোচ্চ ২ দশমিক স্থানের হতে হবে", field="contract_value")
    return d


def normalise(values: dict[str, Any]) -> dict[str, Any]:
    """The project fields present in `values`, checked and in their stored types."""
    out = dict(values)
    fix = {"name": check_name, "name_bn": check_name_bn, "contract_value": check_contract_value, "currency": check_currency,
           "start_date": lambda v: parse_day(v, "start_date"), "finish_date": lambda v: parse_day(v, "finish_date"),
           "client_party_id": lambda v: parse_uuid(v, "client_party_id"),
           "manager_user_id": lambda v: parse_uuid(v, "manager_user_id"),
           "site_district_code": lambda v: check_site_code(v, "site_district_code"),
           "site_upazila_code": lambda v: check_site_code(v, "site_upazila_code")}
    for k, f in fix.items():
        if k in out:
            out[k] = f(out[k])
    if "status" in out:
        check_status(out["status"])
    return out


def check_dates(start: date | None, finish: date | None, field: str) -> None:
    if start and finish and finish < start:
        raise ValidationFailed("project_dates", "The finish date is before the start date",
                               "শেষের তারিখ শুরুর তারিখের আগে", field=field)
