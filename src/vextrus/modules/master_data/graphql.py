"""The master_data subgraph: federated `Party` and `Item` entities other modules extend."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.graphql import Connection, Subgraph, dto_type, to_connection
from vextrus.platform.ids import parse_id

from . import service
from .schemas import (
    AddressIn,
    BankAccountIn,
    ContactIn,
    ConversionIn,
    DocumentIn,
    DuplicateWarning,
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


@dto_type(ContactIn, name="PartyContact")
class PartyContact:
    pass


@dto_type(AddressIn, name="PartyAddress")
class PartyAddress:
    pass


@dto_type(BankAccountIn, name="PartyBankAccount")
class PartyBankAccount:
    pass


@dto_type(WalletIn, name="PartyWallet")
class PartyWallet:
    pass


@dto_type(DocumentIn, name="PartyDocument")
class PartyDocument:
    pass


@dto_type(DuplicateWarning, name="PartyDuplicateWarning", description="A party that looks like this one")
class PartyDuplicateWarning:
    party_id: strawberry.ID


@dto_type(PartyView, keys=["id"], description="A customer and/or vendor")
class Party:
    """Derived from PartyView. A list (`parties`) carries the summary: the fields PartyView has beyond
    PartySummary are null there, so they are nullable here (as they were when the type was hand-written)."""

    id: strawberry.ID
    merged_into: strawberry.ID | None = None
    # beyond the summary: null in a list
    trade_licence: str | None = None
    trade_licence_authority: str | None = None
    payment_terms_days: int | None = None
    payment_terms_text: str | None = None
    currency: str | None = None
    vendor_categories: list[str] | None = None
    default_vat_category: str | None = None
    default_withholding_category: str | None = None
    retention_percent: Decimal | None = None
    flags: list[str] | None = None
    contacts: list[PartyContact] | None = None
    addresses: list[PartyAddress] | None = None
    bank_accounts: list[PartyBankAccount] | None = None
    wallets: list[PartyWallet] | None = None
    documents: list[PartyDocument] | None = None
    warnings: list[PartyDuplicateWarning] | None = None
    details: JSON | None = strawberry.field(default=None, description="Contacts, addresses, bank accounts, wallets, "
                                                                      "documents, warnings in one object (kept for "
                                                                      "one release: read the typed fields)")

    @classmethod
    def of(cls, v: PartyView | PartySummary) -> Party:
        if isinstance(v, PartyView):
            made = cls.from_pydantic(v)
            made.details = v.model_dump(mode="json", include=set(_NESTED))
            return made
        # a list's summary: its scalars, the rest null
        return cls(**{f: getattr(v, f) for f in _SUMMARY}, **{f: None for f in _FULL_ONLY}, details=None)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Party:  # noqa: A002
        return cls.of(service.get_party(parse_id(id, "id")))


_NESTED = ("contacts", "addresses", "bank_accounts", "wallets", "documents", "warnings")
_SUMMARY = tuple(PartySummary.model_fields)
_FULL_ONLY = tuple(f for f in PartyView.model_fields if f not in PartySummary.model_fields)


_ITEM_PLAIN = tuple(f for f in ItemView.model_fields if f not in ("conversions", "specification"))


@dto_type(ItemView, keys=["id"], description="A material, service, equipment or labour category")
class Item:
    """Derived from ItemView; `conversions` and `specification` stay JSON, as they were."""

    id: strawberry.ID
    conversions: JSON
    specification: JSON

    @classmethod
    def of(cls, v: ItemView) -> Item:
        return cls(**{f: getattr(v, f) for f in _ITEM_PLAIN},
                   conversions=[c.model_dump(mode="json") for c in v.conversions], specification=dict(v.specification))

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
