"""The master_data subgraph: federated `Party` and `Item` entities other modules extend."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.graphql import Connection, Subgraph, to_connection
from vextrus.platform.ids import parse_id

from . import service
from .schemas import (
    AddressIn,
    BankAccountIn,
    ContactIn,
    ConversionIn,
    DocumentIn,
    ItemInput,
    ItemView,
    PartyInput,
    PartySummary,
    PartyView,
    WalletIn,
)
from .service import items as item_service

# Typed inputs generated from the same pydantic models the REST API and the service use, so the
# three can never disagree on a field; `to_pydantic()` gives the service its input.


@strawberry.experimental.pydantic.input(model=ContactIn, all_fields=True, name="PartyContactInput")
class PartyContactInput:
    pass


@strawberry.experimental.pydantic.input(model=AddressIn, all_fields=True, name="PartyAddressInput")
class PartyAddressInput:
    pass


@strawberry.experimental.pydantic.input(model=BankAccountIn, all_fields=True, name="PartyBankAccountInput")
class PartyBankAccountInput:
    pass


@strawberry.experimental.pydantic.input(model=WalletIn, all_fields=True, name="PartyWalletInput")
class PartyWalletInput:
    pass


@strawberry.experimental.pydantic.input(model=DocumentIn, all_fields=True, name="PartyDocumentInput")
class PartyDocumentInput:
    pass


@strawberry.experimental.pydantic.input(model=PartyInput, all_fields=True, name="PartyInput")
class PartyInputType:
    pass


@strawberry.experimental.pydantic.input(model=ConversionIn, all_fields=True, name="ItemConversionInput")
class ItemConversionInput:
    pass


@strawberry.experimental.pydantic.input(model=ItemInput, name="ItemInput")
class ItemInputType:
    code: strawberry.auto
    name: strawberry.auto
    name_bn: strawberry.auto
    kind: strawberry.auto
    base_unit: strawberry.auto
    hs_code: strawberry.auto
    vat_category: strawberry.auto
    withholding_category: strawberry.auto
    standard_cost: strawberry.auto
    currency: strawberry.auto
    conversions: strawberry.auto
    specification: JSON | None = strawberry.field(default=None, description="Free-form specification: name → value")


# The pydantic model's `default_factory=dict` would become the GraphQL default `{}`, which introspection
# cannot print (graphql-core refuses object defaults of a JSON scalar: every introspection failed).
for _f in ItemInputType.__strawberry_definition__.fields:  # type: ignore[attr-defined]
    if _f.python_name == "specification":
        _f.default_factory, _f.default_value = dataclasses.MISSING, strawberry.UNSET  # type: ignore[assignment]


@strawberry.federation.type(keys=["id"], description="A customer and/or vendor")
class Party:
    id: strawberry.ID
    code: str
    legal_name: str
    legal_name_bn: str | None
    party_type: str
    roles: list[str]
    status: str
    vendor_status: str | None
    status_reason: str | None = None
    tin: str | None = None
    bin: str | None = None
    nid: str | None = None
    mobile: str | None = None
    email: str | None = None
    payment_terms_days: int | None = None
    credit_limit: Decimal | None = None
    merged_into: strawberry.ID | None = None
    version: int = 0
    # The single party's other fields (a list's summary leaves them null); test_dto_parity holds them to PartyView
    trade_licence: str | None = None
    trade_licence_authority: str | None = None
    payment_terms_text: str | None = None
    currency: str | None = None
    vendor_categories: list[str] | None = None
    default_vat_category: str | None = None
    default_withholding_category: str | None = None
    retention_percent: Decimal | None = None
    flags: list[str] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    details: JSON | None = strawberry.field(default=None, description="Contacts, addresses, bank accounts, "
                                                                      "wallets, documents")

    @classmethod
    def of(cls, v: PartyView | PartySummary) -> Party:
        full = isinstance(v, PartyView)
        return cls(
            id=strawberry.ID(str(v.id)), code=v.code, legal_name=v.legal_name, legal_name_bn=v.legal_name_bn,
            party_type=v.party_type, roles=list(v.roles), status=v.status, vendor_status=v.vendor_status,
            tin=v.tin, mobile=v.mobile, version=v.version,  # a list's summary carries the same scalars
            status_reason=v.status_reason, bin=v.bin, nid=v.nid, email=v.email,
            payment_terms_days=v.payment_terms_days, credit_limit=v.credit_limit,
            merged_into=strawberry.ID(str(v.merged_into)) if v.merged_into else None,
            details=v.model_dump(mode="json", include={"contacts", "addresses", "bank_accounts", "wallets",
                                                       "documents", "warnings"}) if full else None,
            **({f: getattr(v, f) for f in _PARTY_ONLY} if full else {}),
        )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Party:  # noqa: A002
        return cls.of(service.get_party(parse_id(id, "id")))


_PARTY_ONLY = ("trade_licence", "trade_licence_authority", "payment_terms_text", "currency", "vendor_categories",
               "default_vat_category", "default_withholding_category", "retention_percent", "flags", "created_at",
               "updated_at")


@strawberry.federation.type(keys=["id"], description="A material, service, equipment or labour category")
class Item:
    id: strawberry.ID
    code: str
    name: str
    name_bn: str
    kind: str
    base_unit: str
    hs_code: str | None
    vat_category: str | None
    withholding_category: str | None
    standard_cost: Decimal | None
    status: str
    version: int
    conversions: JSON
    currency: str
    specification: JSON
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, v: ItemView) -> Item:
        return cls(id=strawberry.ID(str(v.id)), code=v.code, name=v.name, name_bn=v.name_bn, kind=v.kind,
                   base_unit=v.base_unit, hs_code=v.hs_code, vat_category=v.vat_category,
                   withholding_category=v.withholding_category, standard_cost=v.standard_cost, status=v.status,
                   version=v.version, conversions=[c.model_dump(mode="json") for c in v.conversions],
                   currency=v.currency, specification=dict(v.specification), created_at=v.created_at,
                   updated_at=v.updated_at)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Item:  # noqa: A002
        return cls.of(item_service.get_item(parse_id(id, "id")))

    @strawberry.field(description="Price in force on a date (default today)")
    def price(self, on: date | None = None, price_list: str = "standard", unit: str | None = None) -> Decimal | None:
        found = item_service.price_on(parse_id(self.id, "id"), on, price_list, unit)
        return found.price if found else None


@strawberry.type
class MasterDataQuery:
    @strawberry.field
    def party(self, id: strawberry.ID) -> Party:  # noqa: A002
        return Party.of(service.get_party(parse_id(id, "id")))

    @strawberry.field(description="Prefix search over names (English/Bangla), code, identifier digits")
    def parties(self, search: str = "", role: str | None = None, vendor_status: str | None = None,
                include_archived: bool = False, first: int = 50, after: str | None = None) -> Connection[Party]:
        page = service.search_parties(search, role=role, vendor_status=vendor_status,
                                      include_archived=include_archived, first=first, after=after)
        return to_connection(page, Party.of)

    @strawberry.field
    def item(self, id: strawberry.ID) -> Item:  # noqa: A002
        return Item.of(item_service.get_item(parse_id(id, "id")))

    @strawberry.field
    def items(self, search: str = "", kind: str | None = None, include_archived: bool = False, first: int = 50,
              after: str | None = None) -> Connection[Item]:
        return to_connection(item_service.search_items(search, kind=kind, include_archived=include_archived,
                                                       first=first, after=after), Item.of)


def _item_input(value: ItemInputType) -> ItemInput:
    spec = value.specification or {}
    if not isinstance(spec, dict):  # JSON may be any value; a specification is an object of name -> value
        raise ValidationFailed("specification_invalid", "specification must be an object of name: value",
                               "specification একটি name: value অবজেক্ট হতে হবে", field="specification")
    return value.to_pydantic(specification=dict(spec))


@strawberry.type
class MasterDataMutation:
    @strawberry.mutation
    def create_party(self, input: PartyInputType, idempotency_key: str | None = None) -> Party:  # noqa: A002
        return Party.of(service.create_party(input.to_pydantic(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def update_party(self, id: strawberry.ID, input: PartyInputType, expected_version: int,  # noqa: A002
                     idempotency_key: str | None = None) -> Party:
        return Party.of(service.update_party(parse_id(id, "id"), input.to_pydantic(), expected_version,
                                             idempotency_key=idempotency_key))

    @strawberry.mutation
    def change_vendor_status(self, id: strawberry.ID, to: str, reason: str | None = None,  # noqa: A002
                             expected_version: int | None = None, idempotency_key: str | None = None) -> Party:
        return Party.of(service.change_vendor_status(parse_id(id, "id"), to, reason, expected_version,
                                                     idempotency_key=idempotency_key))

    @strawberry.mutation
    def archive_party(self, id: strawberry.ID, idempotency_key: str | None = None) -> Party:  # noqa: A002
        return Party.of(service.archive_party(parse_id(id, "id"), idempotency_key=idempotency_key))

    @strawberry.mutation
    def merge_parties(self, survivor_id: strawberry.ID, duplicate_id: strawberry.ID, confirm_conflicts: bool = False,
                      idempotency_key: str | None = None) -> Party:
        out = service.merge_parties(parse_id(survivor_id, "survivor_id"), parse_id(duplicate_id, "duplicate_id"), confirm_conflicts,
                                    idempotency_key=idempotency_key)
        return Party.of(out.survivor)

    @strawberry.mutation
    def create_item(self, input: ItemInputType, idempotency_key: str | None = None) -> Item:  # noqa: A002
        return Item.of(item_service.create_item(_item_input(input), idempotency_key=idempotency_key))

    @strawberry.mutation
    def update_item(self, id: strawberry.ID, input: ItemInputType, expected_version: int,  # noqa: A002
                    idempotency_key: str | None = None) -> Item:
        return Item.of(item_service.update_item(parse_id(id, "id"), _item_input(input), expected_version,
                                                idempotency_key=idempotency_key))

    @strawberry.mutation
    def archive_item(self, id: strawberry.ID, idempotency_key: str | None = None) -> Item:  # noqa: A002
        return Item.of(item_service.archive_item(parse_id(id, "id"), idempotency_key=idempotency_key))

    @strawberry.mutation
    def set_item_price(self, id: strawberry.ID, price: Decimal, valid_from: date,  # noqa: A002
                       unit: str | None = None, valid_to: date | None = None, price_list: str = "standard",
                       idempotency_key: str | None = None) -> Item:
        item_service.set_price(parse_id(id, "id"), price, valid_from, unit, valid_to, price_list,
                               idempotency_key=idempotency_key)
        return Item.of(item_service.get_item(parse_id(id, "id")))


SUBGRAPH = Subgraph(query=MasterDataQuery, mutation=MasterDataMutation, types=(Party, Item))
