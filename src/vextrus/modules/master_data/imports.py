"""CSV import of parties and items (module-local; a generic import service comes later).

Every row goes through the same service command as the UI, inside one unit of work with a
savepoint per row, so the dry run is the real import rolled back: its report (row number,
field, message in English and Bangla) is exactly what the real run would say. The real run
writes nothing unless every row is valid.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel, ValidationError

from vextrus.platform import context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.uow import unit_of_work

from . import item_service, service
from .views import AddressIn, ConversionIn, ItemInput, PartyInput

PARTY_COLUMNS = ("code", "legal_name", "legal_name_bn", "party_type", "roles", "vendor_categories", "tin", "bin",
                 "nid", "mobile", "email", "trade_licence", "trade_licence_authority", "payment_terms_days",
                 "credit_limit", "address_line1", "division", "district", "upazila", "postcode")
ITEM_COLUMNS = ("code", "name", "name_bn", "kind", "base_unit", "hs_code", "vat_category", "withholding_category",
                "standard_cost", "conversions")


class RowError(BaseModel):
    row: int  # 1 = first data row (line 2 of the file)
    code: str
    field: str | None = None
    message: str
    message_bn: str


class ImportReport(BaseModel):
    kind: str
    dry_run: bool
    rows: int
    valid: int
    errors: list[RowError]
    created: list[str]  # codes (written only when not a dry run and no errors)
    warnings: list[str] = []

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]


def _decimal(value: str, field: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise ValidationFailed("invalid_number", f"'{value}' is not a number", f"'{value}' সংখ্যা নয়",
                               field=field) from None


def party_from_row(r: dict[str, str]) -> PartyInput:
    address = []
    if r.get("address_line1"):
        address = [AddressIn(line1=r["address_line1"], division=r.get("division") or None,
                             district=r.get("district") or None, upazila=r.get("upazila") or None,
                             postcode=r.get("postcode") or None)]
    return PartyInput(
        code=r.get("code") or None, legal_name=r.get("legal_name", ""), legal_name_bn=r.get("legal_name_bn") or None,
        party_type=r.get("party_type") or "company", roles=_split(r.get("roles", "")) or ["customer"],
        vendor_categories=_split(r.get("vendor_categories", "")), tin=r.get("tin") or None,
        bin=r.get("bin") or None, nid=r.get("nid") or None, mobile=r.get("mobile") or None,
        email=r.get("email") or None, trade_licence=r.get("trade_licence") or None,
        trade_licence_authority=r.get("trade_licence_authority") or None,
        payment_terms_days=int(r.get("payment_terms_days") or 30),
        credit_limit=_decimal(r.get("credit_limit", ""), "credit_limit"), addresses=address)


def item_from_row(r: dict[str, str]) -> ItemInput:
    conversions = []
    for part in _split(r.get("conversions", "")):  # "bag:kg:50"
        bits = part.split(":")
        if len(bits) != 3:
            raise ValidationFailed("invalid_conversion", f"'{part}' should look like bag:kg:50",
                                   f"'{part}' এভাবে লিখুন bag:kg:50", field="conversions")
        conversions.append(ConversionIn(from_unit=bits[0], to_unit=bits[1], factor=_decimal(bits[2], "conversions")))
    return ItemInput(code=r.get("code", ""), name=r.get("name", ""), name_bn=r.get("name_bn", ""),
                     kind=r.get("kind") or "material", base_unit=r.get("base_unit", ""), hs_code=r.get("hs_code") or None,
                     vat_category=r.get("vat_category") or None,
                     withholding_category=r.get("withholding_category") or None,
                     standard_cost=_decimal(r.get("standard_cost", ""), "standard_cost"), conversions=conversions)


def _error(i: int, exc: Exception) -> RowError:
    if isinstance(exc, DomainError):
        return RowError(row=i, code=exc.code, field=exc.field, message=exc.message, message_bn=exc.message_bn)
    if isinstance(exc, ValidationError):
        e = exc.errors()[0]
        return RowError(row=i, code="invalid_input", field=".".join(str(x) for x in e["loc"]), message=e["msg"],
                        message_bn="ইনপুট সঠিক নয়: " + e["msg"])
    return RowError(row=i, code="invalid_input", message=str(exc), message_bn=str(exc))


def run_import(kind: str, content: bytes | str, dry_run: bool = True) -> ImportReport:
    """Import `parties` or `items` from CSV text (UTF-8, BOM allowed, header row)."""
    if kind not in ("parties", "items"):
        raise ValidationFailed("master_data.import_kind", "Import parties or items", "পার্টি বা পণ্য ইমপোর্ট করুন",
                               field="kind")
    context.current().require(f"master_data.{'party' if kind == 'parties' else 'item'}.import")
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    expected = PARTY_COLUMNS if kind == "parties" else ITEM_COLUMNS
    unknown = [c for c in (reader.fieldnames or []) if c and c.strip() not in expected]
    if not reader.fieldnames or unknown:
        raise ValidationFailed("master_data.import_columns",
                               f"Unknown columns {unknown}; expected some of: {', '.join(expected)}",
                               f"অজানা কলাম {unknown}; প্রত্যাশিত: {', '.join(expected)}", field="file",
                               details={"unknown": unknown, "expected": list(expected)})
    rows = [{(k or "").strip(): (v or "").strip() for k, v in r.items()} for r in reader]
    errors: list[RowError] = []
    created: list[str] = []
    warnings: list[str] = []
    try:
        with unit_of_work() as uow:
            for i, r in enumerate(rows, start=1):
                try:
                    with uow.session.begin_nested():
                        if kind == "parties":
                            v = service.create_party(party_from_row(r))
                            warnings += [f"row {i}: similar to {w.code} {w.legal_name}" for w in v.warnings]
                        else:
                            v = item_service.create_item(item_from_row(r))
                        created.append(v.code)
                except (DomainError, ValidationError, ValueError) as exc:
                    errors.append(_error(i, exc))
            if dry_run or errors:
                raise _Rollback
    except _Rollback:
        pass
    written = [] if (dry_run or errors) else created
    return ImportReport(kind=kind, dry_run=dry_run, rows=len(rows), valid=len(rows) - len(errors), errors=errors,
                        created=written, warnings=warnings)


def template(kind: str) -> str:
    """An empty CSV with the expected header, for download."""
    return ",".join(PARTY_COLUMNS if kind == "parties" else ITEM_COLUMNS) + "\n"


def report_lines(report: ImportReport, lang: str = "en") -> list[str]:
    out = [f"{report.kind}: {report.rows} rows, {report.valid} valid, {len(report.errors)} with errors"
           f"{' (dry run, nothing written)' if report.dry_run else ''}"]
    for e in report.errors:
        msg = e.message_bn if lang == "bn" else e.message
        out.append(f"  row {e.row}{' [' + e.field + ']' if e.field else ''}: {msg}")
    out += [f"  {w}" for w in report.warnings]
    if report.created:
        out.append(f"created {len(report.created)}: {', '.join(report.created[:20])}"
                   f"{' …' if len(report.created) > 20 else ''}")
    return out
