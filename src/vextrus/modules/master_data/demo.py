"""Demo data for Padma Builders: customers, vendors in every workflow state, the seed construction
items with units, conversions and a standard price list. Names and numbers are invented."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from vextrus.platform import clock, context

from . import domain, service
from .schemas import (
    AddressIn,
    BankAccountIn,
    ContactIn,
    ConversionIn,
    DocumentIn,
    ItemInput,
    PartyInput,
    WalletIn,
)
from .service import items as item_service

CUSTOMERS = [
    dict(legal_name="Meghdoot Housing Ltd.", legal_name_bn="মেঘদূত হাউজিং লিমিটেড", tin="301245678912",
         bin="004512345-0101", mobile="01711-234567", credit_limit=Decimal("25000000"),
         addresses=[AddressIn(line1="House 12, Road 7, Sector 4", district="Dhaka", postcode="1230")]),
    dict(legal_name="Shapla Real Estate & Developers", legal_name_bn="শাপলা রিয়েল এস্টেট অ্যান্ড ডেভেলপার্স",
         tin="301298765431", mobile="01819-445566", credit_limit=Decimal("12000000"),
         addresses=[AddressIn(line1="Plot 3, Agrabad C/A", district="Chattogram", postcode="4100")]),
    dict(legal_name="Abdul Karim Chowdhury", legal_name_bn="আব্দুল করিম চৌধুরী", party_type="individual",
         nid="1987654321", mobile="01912-112233", credit_limit=Decimal("3500000"),
         addresses=[AddressIn(line1="Flat B3, Lake View, Dhanmondi 27", district="Dhaka", postcode="1209")]),
    dict(legal_name="Nasreen Akter", legal_name_bn="নাসরিন আক্তার", party_type="individual", nid="5512345678",
         mobile="01612-998877", wallets=[WalletIn(provider="bkash", number="01612-998877")]),
    dict(legal_name="Sylhet Zilla Parishad", legal_name_bn="সিলেট জেলা পরিষদ", party_type="government",
         mobile="01313-556677", addresses=[AddressIn(line1="Zilla Parishad Bhaban", district="Sylhet")]),
]

VENDORS = [
    dict(legal_name="Shitalakshya Cement Industries Ltd.", legal_name_bn="শীতলক্ষ্যা সিমেন্ট ইন্ডাস্ট্রিজ লিমিটেড",
         vendor_categories=["supplier"], tin="302211334455", bin="000987654-0103", mobile="01730-101010",
         state=("approved", None), default_vat_category="standard", default_withholding_category="supply_of_goods",
         bank_accounts=[BankAccountIn(bank_name="Sonali Bank PLC", account_name="Shitalakshya Cement Industries Ltd.",
                                      account_number="0123 4567 8901", routing_number="200270522")],
         documents=[dict(kind="trade_licence", number="TRAD/DNCC/012345/2024", days=20,
                               issuing_authority="Dhaka North City Corporation"),
                    dict(kind="vat_registration", number="000987654-0103")],
         addresses=[AddressIn(line1="Kanchpur Industrial Area", district="Narayanganj", upazila="Sonargaon")]),
    dict(legal_name="Karnaphuli Steel Re-Rolling Mills Ltd.", legal_name_bn="কর্ণফুলী স্টিল রি-রোলিং মিলস লিমিটেড",
         vendor_categories=["supplier"], tin="302255667788", mobile="01811-202020", state=("approved", None),
         contacts=[ContactIn(name="Jahangir Alam", designation="Sales Manager", mobile="01811-202021",
                             is_primary=True)],
         addresses=[AddressIn(line1="Fouzderhat Industrial Estate", district="Chattogram", upazila="Sitakunda")]),
    dict(legal_name="Jamuna Auto Bricks", legal_name_bn="যমুনা অটো ব্রিকস", vendor_categories=["supplier"],
         tin="302277889900", mobile="01911-303030", state=("pending", None),
         documents=[dict(kind="trade_licence", number="TL-SAVAR-4521", days=-5,
                               issuing_authority="Savar Pourashava")]),
    dict(legal_name="Rahman Construction & Engineering", legal_name_bn="রহমান কনস্ট্রাকশন অ্যান্ড ইঞ্জিনিয়ারিং",
         vendor_categories=["subcontractor"], tin="302299001122", mobile="01552-404040",
         retention_percent=Decimal("5"), state=("approved", None),
         wallets=[WalletIn(provider="nagad", number="01552-404040")]),
    dict(legal_name="Bhai Bhai Sand & Stone Suppliers", legal_name_bn="ভাই ভাই বালু ও পাথর সরবরাহকারী",
         vendor_categories=["supplier", "transporter"], mobile="01312-505050",
         state=("suspended", "Short delivery on three trucks of stone chips")),
    dict(legal_name="Quick Fix Scaffolding", legal_name_bn="কুইক ফিক্স স্ক্যাফোল্ডিং", vendor_categories=["equipment_rental"],
         mobile="01412-606060", state=("blacklisted", "Forged work completion certificate")),
]

PRICES = {"CEM-PCC-50": "520", "CEM-OPC-50": "560", "ROD-60G-10": "96", "ROD-60G-12": "95", "BRICK-1ST": "13",
          "SAND-SYLHET": "65", "SAND-LOCAL": "22", "STONE-CHIPS-20": "210", "RMC-25": "9800",
          "LAB-MASON": "1000", "LAB-HELPER": "650"}


def load(tenant_id: UUID) -> None:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        today = clock.today()
        for c in CUSTOMERS:
            service.create_party(PartyInput(roles=["customer"], **c))
        for v in VENDORS:
            v = dict(v)
            to, reason = v.pop("state")
            docs = []
            for d in v.pop("documents", []):
                d = dict(d)
                days = d.pop("days", None)
                docs.append(DocumentIn(**d, expires_on=today + timedelta(days=days) if days is not None else None))
            p = service.create_party(PartyInput(roles=["vendor"], documents=docs, **v))
            if to != "pending":
                service.change_vendor_status(p.id, "approved")
            if to in ("suspended", "blacklisted"):
                service.change_vendor_status(p.id, to, reason)
        start = date(today.year, 1, 1)
        for it in domain.load_seed_items():
            v = item_service.create_item(ItemInput(
                code=it.code, name=it.name, name_bn=it.name_bn, kind=it.kind.value, base_unit=it.base_unit,
                hs_code=it.hs_code, vat_category=it.vat_category, withholding_category=it.withholding_category,
                standard_cost=it.standard_cost, specification=dict(it.specification),
                conversions=[ConversionIn(from_unit=c.from_unit, to_unit=c.to_unit, factor=c.factor)
                             for c in it.conversions]))
            if it.code in PRICES:
                item_service.set_price(v.id, Decimal(PRICES[it.code]), start)
