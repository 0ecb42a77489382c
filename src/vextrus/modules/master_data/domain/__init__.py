"""Pure domain of master data: identifiers, geography, parties, items and units.

No I/O beyond reading the packaged data files, no framework imports.
"""

from .errors import IncompatibleUnitsError, InvalidTransitionError, MasterDataError
from .geography import (
    Address,
    District,
    Division,
    Geography,
    Upazila,
    load_geography,
    load_geography_file,
    validate_address,
)
from .identifiers import (
    Identifier,
    IdentifierKind,
    MobileOperator,
    mobile_operator,
    normalise_mobile,
    validate_bin,
    validate_identifier,
    validate_mobile,
    validate_nid,
    validate_postcode,
    validate_routing_number,
    validate_tin,
    validate_trade_licence,
)
from .items import (
    Item,
    ItemKind,
    PriceListEntry,
    format_hs_code,
    load_seed_items,
    overlapping_prices,
    price_on,
    validate_hs_code,
)
from .party import (
    BankAccount,
    ComplianceDocument,
    ComplianceDocumentKind,
    Contact,
    DuplicateMatch,
    FieldDecision,
    MatchReason,
    MergePlan,
    MobileWallet,
    Party,
    PartyRole,
    PartyType,
    PaymentTerms,
    VendorCategory,
    VendorStatus,
    WalletProvider,
    documents_expiring,
    find_duplicates,
    plan_merge,
    transition_vendor,
)
from .search import digits_only, fold_digits, name_similarity, normalise_key, normalise_name
from .units import Dimension, ItemConversion, Unit, conversion_factor, convert, get_unit

__all__ = [
    "Address", "BankAccount", "ComplianceDocument", "ComplianceDocumentKind", "Contact",
    "Dimension", "District", "Division", "DuplicateMatch", "FieldDecision", "Geography",
    "Identifier", "IdentifierKind", "IncompatibleUnitsError", "InvalidTransitionError", "Item",
    "ItemConversion", "ItemKind", "MasterDataError", "MatchReason", "MergePlan",
    "MobileOperator", "MobileWallet", "Party", "PartyRole", "PartyType", "PaymentTerms",
    "PriceListEntry", "Unit", "Upazila", "VendorCategory", "VendorStatus", "WalletProvider",
    "conversion_factor", "convert", "digits_only", "documents_expiring", "find_duplicates",
    "fold_digits", "format_hs_code", "get_unit", "load_geography", "load_geography_file",
    "load_seed_items", "mobile_operator", "name_similarity", "normalise_key",
    "normalise_mobile", "normalise_name", "overlapping_prices", "plan_merge", "price_on",
    "transition_vendor", "validate_address", "validate_bin", "validate_hs_code",
    "validate_identifier", "validate_mobile", "validate_nid", "validate_postcode",
    "validate_routing_number", "validate_tin", "validate_trade_licence",
]
