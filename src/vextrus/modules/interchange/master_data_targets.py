"""The first users of interchange: master data's parties and items, declared from interchange's side
through `master_data.api` (master data keeps its rules: `api.import_rows` checks and writes rows by
the same domain rules and duplicate checks as its own CSV import; its permissions
`master_data.party.import` / `master_data.item.import` are the user's own, checked there)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .domain import ExportColumn, Field, ImportTarget, RowProblem, register_target
from .domain.errors import RowsRefused
from .domain.targets import Progress, Rows

PARTY_FIELDS = (
    Field("code", "Code", "কোড", aliases=("party code", "পার্টি কোড")),
    Field("legal_name", "Legal name", "আইনি নাম", required=True, aliases=("name", "party name", "নাম")),
    Field("legal_name_bn", "Legal name in Bangla", "বাংলায় আইনি নাম", aliases=("name bn", "বাংলা নাম")),
    Field("party_type", "Party type", "পার্টির ধরন", aliases=("type", "ধরন")),
    Field("roles", "Roles", "ভূমিকা", type="list", aliases=("role",)),
    Field("vendor_categories", "Vendor categories", "বিক্রেতার শ্রেণি", type="list"),
    Field("tin", "e-TIN", "ই-টিআইএন", aliases=("tin", "tin number", "টিআইএন")),
    Field("bin", "BIN", "বিআইএন", aliases=("vat registration", "bin number")),
    Field("nid", "NID", "জাতীয় পরিচয়পত্র", aliases=("national id", "এনআইডি")),
    Field("mobile", "Mobile", "মোবাইল", aliases=("phone", "mobile number", "মোবাইল নম্বর", "ফোন")),
    Field("email", "E-mail", "ই-মেইল", aliases=("email address",)),
    Field("trade_licence", "Trade licence", "ট্রেড লাইসেন্স", aliases=("trade license",)),
    Field("trade_licence_authority", "Trade licence authority", "ট্রেড লাইসেন্স প্রদানকারী কর্তৃপক্ষ"),
    Field("payment_terms_days", "Payment terms (days)", "পরিশোধের মেয়াদ (দিন)", type="int"),
    Field("credit_limit", "Credit limit", "ঋণসীমা", type="money"),
    Field("address_line1", "Address", "ঠিকানা", aliases=("address line 1",)),
    Field("division", "Division", "বিভাগ"),
    Field("district", "District", "জেলা"),
    Field("upazila", "Upazila", "উপজেলা", aliases=("thana", "থানা")),
    Field("postcode", "Post code", "পোস্ট কোড", aliases=("postal code", "zip")),
)
ITEM_FIELDS = (
    Field("code", "Code", "কোড", required=True, aliases=("item code", "পণ্য কোড")),
    Field("name", "Name", "নাম", required=True, aliases=("item name", "description")),
    Field("name_bn", "Name in Bangla", "বাংলায় নাম", required=True, aliases=("বাংলা নাম", "bangla name")),
    Field("kind", "Kind", "ধরন", aliases=("type",)),
    Field("base_unit", "Base unit", "মূল একক", required=True, aliases=("unit", "uom", "একক")),
    Field("hs_code", "HS code", "এইচএস কোড"),
    Field("vat_category", "VAT category", "ভ্যাট শ্রেণি"),
    Field("withholding_category", "Withholding category", "উৎসে কর্তন শ্রেণি"),
    Field("standard_cost", "Standard cost", "আদর্শ ব্যয়", type="money", aliases=("cost", "rate")),
    Field("conversions", "Unit conversions", "একক রূপান্তর", type="list"),
)

PARTY_EXPORT = (
    ExportColumn("code", "Code", "কোড"), ExportColumn("legal_name", "Legal name", "আইনি নাম"),
    ExportColumn("legal_name_bn", "Legal name in Bangla", "বাংলায় আইনি নাম"),
    ExportColumn("party_type", "Party type", "পার্টির ধরন"), ExportColumn("roles", "Roles", "ভূমিকা"),
    ExportColumn("status", "Status", "অবস্থা"), ExportColumn("vendor_status", "Vendor status", "বিক্রেতার অবস্থা"),
    ExportColumn("tin", "e-TIN", "ই-টিআইএন"), ExportColumn("bin", "BIN", "বিআইএন"),
    ExportColumn("mobile", "Mobile", "মোবাইল"), ExportColumn("email", "E-mail", "ই-মেইল"),
    ExportColumn("payment_terms_days", "Payment terms (days)", "পরিশোধের মেয়াদ (দিন)", "int"),
    ExportColumn("credit_limit", "Credit limit", "ঋণসীমা", "money"),
)
ITEM_EXPORT = (
    ExportColumn("code", "Code", "কোড"), ExportColumn("name", "Name", "নাম"),
    ExportColumn("name_bn", "Name in Bangla", "বাংলায় নাম"), ExportColumn("kind", "Kind", "ধরন"),
    ExportColumn("base_unit", "Base unit", "মূল একক"), ExportColumn("hs_code", "HS code", "এইচএস কোড"),
    ExportColumn("vat_category", "VAT category", "ভ্যাট শ্রেণি"), ExportColumn("status", "Status", "অবস্থা"),
    ExportColumn("standard_cost", "Standard cost", "আদর্শ ব্যয়", "money"),
)


def _problems(report: Any, warnings: bool = True) -> list[RowProblem]:
    """Master data's errors (each refuses its row) and, with `warnings`, its warnings (a row similar to
    an existing party or an earlier row: at most 3 per row, saved all the same)."""
    out = [RowProblem(row=e.row, code=e.code, message=e.message, message_bn=e.message_bn, field=e.field)
           for e in report.errors]
    if warnings:
        out += [RowProblem(row=w.row, code=w.code, message=w.message, message_bn=w.message_bn, field=w.field,
                           severity="warning") for w in report.warnings]
    return out


def _checker(kind: str):  # noqa: ANN202
    def check(rows: Rows, progress: Progress | None) -> list[RowProblem]:
        from vextrus.modules.master_data import api as master_data

        return _problems(master_data.import_rows(kind, rows, dry_run=True, progress=progress))

    return check


def _committer(kind: str):  # noqa: ANN202
    def commit(rows: Rows, progress: Progress | None) -> list[str]:
        from vextrus.modules.master_data import api as master_data

        report: Any = master_data.import_rows(kind, rows, dry_run=False, progress=progress)
        if report.errors:
            raise RowsRefused(_problems(report, warnings=False))
        return list(report.created)

    return commit


def _party_rows(filters: Mapping[str, str]) -> Iterable[Mapping[str, Any]]:
    from vextrus.modules.master_data import api as master_data

    for p in master_data.all_parties(filters.get("q", ""), role=filters.get("role") or None):
        row = p.model_dump()
        row["roles"] = "; ".join(row.get("roles") or [])
        yield row


def _item_rows(filters: Mapping[str, str]) -> Iterable[Mapping[str, Any]]:
    from vextrus.modules.master_data import api as master_data

    for it in master_data.all_items(filters.get("q", "")):
        yield it.model_dump()


PARTIES = register_target(ImportTarget(
    name="master_data.parties", title="Parties", title_bn="পার্টি", fields=PARTY_FIELDS,
    permission="master_data.party.import", check_rows=_checker("parties"), commit_rows=_committer("parties"),
    export_columns=PARTY_EXPORT, export_rows=_party_rows, export_filters=("q", "role"),
    export_permission="master_data.party.read"))
ITEMS = register_target(ImportTarget(
    name="master_data.items", title="Items", title_bn="পণ্য", fields=ITEM_FIELDS,
    permission="master_data.item.import", check_rows=_checker("items"), commit_rows=_committer("items"),
    export_columns=ITEM_EXPORT, export_rows=_item_rows, export_filters=("q",),
    export_permission="master_data.item.read"))
