"""Parties through the service on both databases: duplicates, lifecycle, workflow, merge, events."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from vextrus.modules.master_data import api, service
from vextrus.modules.master_data.schemas import AddressIn, ContactIn, DocumentIn, PartyInput
from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, PermissionDenied, StaleVersion, ValidationFailed
from vextrus.platform.tables import OutboxEvent


def _party(name: str = "Meghna Cement Mills Ltd.", **kw) -> PartyInput:
    base = {"legal_name": name, "party_type": "company", "roles": ["vendor"], "vendor_categories": ["supplier"]}
    base.update(kw)
    return PartyInput(**base)


def _events(db, tenant_id, name):
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return [e.payload for e in s.execute(select(OutboxEvent).where(
            OutboxEvent.tenant_id == tenant_id, OutboxEvent.name == name).order_by(OutboxEvent.id)).scalars()]


def test_create_normalises_identifiers_assigns_code_and_emits_event(admin, db, tenant_id):
    v = service.create_party(_party(tin="১২৩৪-৫৬৭৮-৯০১২", mobile="017 1100-0111", legal_name_bn="মেঘনা সিমেন্ট মিলস লিমিটেড",
                                    addresses=[AddressIn(line1="House 5, Road 2", district="Dhaka",
                                                         upazila="Savar")]))
    assert v.tin == "123456789012" and v.mobile == "+8801711000111"
    assert v.code.startswith("P-") and v.vendor_status == "pending" and v.version == 1
    assert v.addresses[0].division == "C"  # filled from the district
    created = _events(db, tenant_id, "master_data.party.created")
    assert [e["code"] for e in created] == [v.code]


def test_address_outside_its_district_is_refused_with_indexed_field(admin):
    with pytest.raises(ValidationFailed) as err:
        service.create_party(_party(addresses=[AddressIn(line1="x", district="Chattogram", upazila="Savar")]))
    assert err.value.field.startswith("addresses[0]")


def test_exact_identifier_duplicate_is_refused_naming_the_existing_party(admin):
    first = service.create_party(_party(tin="123456789012"))
    with pytest.raises(Conflict) as err:
        service.create_party(_party("Totally Different Traders", tin="1234 5678 9012"))
    assert err.value.code == "master_data.duplicate_party" and err.value.field == "tin"
    assert first.code in err.value.message and "Meghna" in err.value.message
    assert err.value.details["party_id"] == str(first.id)


def test_mobile_of_a_contact_counts_as_duplicate(admin):
    service.create_party(_party(contacts=[ContactIn(name="Rahim", mobile="01811000222")]))
    with pytest.raises(Conflict) as err:
        service.create_party(_party("Karim Brothers", mobile="+880 1811-000222"))
    assert err.value.field == "mobile"


def test_similar_name_only_warns(admin):
    service.create_party(_party("Meghna Cement Mills Ltd."))
    v = service.create_party(_party("M/S Meghna Cement Mills Limited"))
    assert v.warnings and "similar_name" in v.warnings[0].reasons
    other = service.create_party(_party("Padma Steel Re-Rolling"))
    assert other.warnings == []


def test_update_needs_current_version_and_emits_changed_fields(admin, db, tenant_id):
    v = service.create_party(_party())
    data = v.model_copy(update={"email": "Sales@Meghna.example"})
    u = service.update_party(v.id, PartyInput(**data.model_dump(include=set(PartyInput.model_fields))), 1)
    assert u.version == 2 and u.email == "sales@meghna.example"
    assert _events(db, tenant_id, "master_data.party.updated")[0]["changed"] == ["email"]
    with pytest.raises(StaleVersion):
        service.update_party(v.id, PartyInput(**data.model_dump(include=set(PartyInput.model_fields))), 1)


def test_vendor_workflow_needs_reasons_and_only_approved_vendors_pass(admin, db, tenant_id):
    v = service.create_party(_party())
    with pytest.raises(ValidationFailed):
        api.require_approved_vendor(v.id)
    service.change_vendor_status(v.id, "approved")
    assert api.require_approved_vendor(v.id).vendor_status == "approved"
    with pytest.raises(ValidationFailed) as err:
        service.change_vendor_status(v.id, "suspended")
    assert err.value.field == "status_reason"
    service.change_vendor_status(v.id, "blacklisted", "Delivered substandard cement")
    with pytest.raises(ValidationFailed) as err:
        service.change_vendor_status(v.id, "approved")
    assert err.value.code == "master_data.invalid_vendor_transition"
    changes = _events(db, tenant_id, "master_data.party.vendor_status_changed")
    assert [(c["from_status"], c["to_status"]) for c in changes] == [("pending", "approved"),
                                                                      ("approved", "blacklisted")]


def test_approving_needs_the_approve_permission(tenant_id, admin):
    v = service.create_party(_party())
    clerk = context.RequestContext(tenant_id=tenant_id,
                                   permissions=frozenset({"master_data.party.read", "master_data.party.update"}))
    with context.acting_as(clerk), pytest.raises(PermissionDenied):
        service.change_vendor_status(v.id, "approved")


def test_referenced_party_cannot_be_deleted_or_deactivated_but_can_be_archived(admin, db, tenant_id):
    v = service.create_party(_party())
    api.register_reference("party", v.id, "procurement", "PO-2025-0001")
    for action in (service.delete_party, service.deactivate_party):
        with pytest.raises(Conflict) as err:
            action(v.id)
        assert err.value.code == "master_data.party_in_use"
        assert "PO-2025-0001" in err.value.message and "Archive" in err.value.message
    archived = service.archive_party(v.id)
    assert archived.status == "archived"
    assert _events(db, tenant_id, "master_data.party.status_changed")[0]["to_status"] == "archived"
    api.release_reference("party", v.id, "procurement", "PO-2025-0001")
    assert service.delete_party(v.id) is True
    with pytest.raises(NotFound):
        service.get_party(v.id)


def test_merge_keeps_history_archives_duplicate_and_moves_references(admin, db, tenant_id):
    keep = service.create_party(_party(tin="123456789012"))
    drop = service.create_party(_party("Meghna Cement Mill", mobile="01911000333",
                                       contacts=[ContactIn(name="Sales desk", mobile="01911000334")]))
    api.register_reference("party", drop.id, "finance", "BILL-7")
    result = service.merge_parties(keep.id, drop.id)
    assert result.survivor.mobile == "+8801911000333" and result.survivor.tin == "123456789012"
    assert len(result.survivor.contacts) == 1
    old = service.get_party(drop.id)
    assert old.status == "archived" and old.merged_into == keep.id
    merged = _events(db, tenant_id, "master_data.party.merged")
    assert merged == [{"survivor_id": str(keep.id), "merged_id": str(drop.id), "survivor_code": keep.code,
                       "merged_code": drop.code}]
    assert service.merge_history(keep.id)[0]["merged_snapshot"]["legal_name"] == "Meghna Cement Mill"
    with pytest.raises(Conflict):
        service.delete_party(keep.id)  # the moved reference protects the survivor
    # the merged party's mobile is no longer a duplicate of anything but the survivor's
    with pytest.raises(Conflict) as err:
        service.create_party(_party("Someone", mobile="01911000333"))
    assert err.value.details["party_id"] == str(keep.id)


def test_merge_of_different_tins_needs_confirmation(admin):
    a = service.create_party(_party(tin="123456789012"))
    b = service.create_party(_party("Meghna Cement", tin="123456789013"))
    with pytest.raises(Conflict) as err:
        service.merge_parties(a.id, b.id)
    assert err.value.code == "master_data.merge_needs_review"
    assert service.merge_parties(a.id, b.id, confirm_conflicts=True).conflicts


def test_expiring_documents_are_reminded_once_per_expiry(admin, db, tenant_id):
    today = date(2025, 6, 1)
    v = service.create_party(_party(documents=[
        DocumentIn(kind="trade_licence", number="TL-1", expires_on=today + timedelta(days=10)),
        DocumentIn(kind="vat_registration", number="V-1", expires_on=today + timedelta(days=90))]))
    found = service.notify_expiring_documents(30, today)
    assert [(d.kind, d.days_left) for d in found] == [("trade_licence", 10)]
    assert service.notify_expiring_documents(30, today) == []
    events = _events(db, tenant_id, "master_data.party.document_expiring")
    assert len(events) == 1 and events[0]["party_code"] == v.code
    renewed = service.get_party(v.id)
    data = PartyInput(**renewed.model_dump(include=set(PartyInput.model_fields)))
    data.documents[0].expires_on = today + timedelta(days=20)
    service.update_party(v.id, data, renewed.version)
    assert len(service.notify_expiring_documents(30, today)) == 1


def test_credit_limit_is_exact_decimal(admin):
    v = service.create_party(_party("Rupayan Housing", roles=["customer"], vendor_categories=[],
                                    credit_limit=Decimal("12500000.55")))
    assert service.get_party(v.id).credit_limit == Decimal("12500000.55")


def test_tenants_do_not_see_each_others_parties(admin, db):
    v = service.create_party(_party())
    from vextrus.platform.ids import new_id
    from vextrus.platform.tables import Tenant

    other = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=other, code=f"o{other.hex[-12:]}", name="Other"))
    with context.acting_as(context.RequestContext(tenant_id=other, permissions=frozenset({"*"}))):
        with pytest.raises(NotFound):
            service.get_party(v.id)
        assert service.search_parties("meghna").items == []
        service.create_party(_party())  # same TIN-less name in another company is fine


def test_eight_concurrent_creates_get_distinct_gapless_codes(db, admin):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")
    per_thread, errors, codes = 5, [], []
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        try:
            with context.acting_as(admin):
                barrier.wait()
                for i in range(per_thread):
                    made = service.create_party(PartyInput(legal_name=f"Concurrent Traders {n} {i}",
                                                           roles=["customer"]))
                    codes.append(made.code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(codes) == [f"P-{i:06d}" for i in range(1, 8 * per_thread + 1)]


def test_a_refused_create_leaves_no_gap_and_hand_typed_codes_are_skipped(admin):
    first = service.create_party(PartyInput(legal_name="Alpha Traders", roles=["customer"], tin="111122223333"))
    with pytest.raises(Conflict):  # same e-TIN: refused after the checks, before any number is kept
        service.create_party(PartyInput(legal_name="Beta Traders", roles=["customer"], tin="111122223333"))
    service.create_party(PartyInput(legal_name="Gamma Traders", roles=["customer"], code="P-000003"))
    second = service.create_party(PartyInput(legal_name="Delta Traders", roles=["customer"]))
    third = service.create_party(PartyInput(legal_name="Epsilon Traders", roles=["customer"]))
    assert (first.code, second.code, third.code) == ("P-000001", "P-000002", "P-000004")
