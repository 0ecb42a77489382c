"""Per-tenant settings and feature flags through the service layer, on both databases."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from vextrus.modules.configuration import service
from vextrus.modules.configuration.tables import SettingValue
from vextrus.platform import clock, context
from vextrus.platform.errors import NotFound, PermissionDenied, StaleVersion, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent


def test_defaults_come_from_module_declarations(admin):
    assert service.get_setting("general.fiscal_year_start_month").value == 7
    assert service.get_setting("general.fiscal_year_start_month").is_default


def test_typed_value_is_parsed_stored_and_versioned(admin):
    view = service.set_setting("general.fiscal_year_start_month", "১")  # Bangla digit one
    assert view.value == 1 and view.version == 1 and not view.is_default
    again = service.set_setting("general.fiscal_year_start_month", 7, expected_version=1)
    assert again.version == 2 and service.get_setting("general.fiscal_year_start_month").value == 7


def test_invalid_value_is_refused_with_field_and_bangla_message_and_nothing_written(admin, db):
    with pytest.raises(ValidationFailed) as err:
        service.set_setting("general.fiscal_year_start_month", "13")
    assert err.value.field == "value" and "১২" not in err.value.message and err.value.message_bn
    with db.session_factory() as s, context.acting_as(admin):
        assert s.execute(select(func.count()).select_from(SettingValue)).scalar_one() == 0


def test_unknown_setting_is_not_found(admin):
    with pytest.raises(NotFound):
        service.set_setting("nope.nothing", "x")


def test_stale_version_is_a_conflict(admin):
    service.set_setting("general.timezone", "Asia/Dhaka")
    with pytest.raises(StaleVersion):
        service.set_setting("general.timezone", "UTC", expected_version=0)


def test_permission_is_checked_in_the_service(tenant_id):
    reader = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"configuration.setting.read"}))
    with context.acting_as(reader):
        assert service.get_setting("general.timezone").value == "Asia/Dhaka"
        with pytest.raises(PermissionDenied):
            service.set_setting("general.timezone", "UTC")


def test_change_emits_event_in_outbox_and_invalidates_cache(admin, db):
    before = service.cache.loads
    service.get_setting("general.base_currency")
    service.get_setting("general.base_currency")
    assert service.cache.loads == before + 1  # second read came from the cache
    service.set_setting("general.base_currency", "USD")
    assert service.get_setting("general.base_currency").value == "USD"  # cache was dropped by the event
    with db.session_factory() as s:
        ev = s.execute(select(OutboxEvent).where(OutboxEvent.tenant_id == admin.tenant_id,
                                                 OutboxEvent.name == "configuration.setting.changed")).scalars().all()
    assert [e.payload["value"] for e in ev] == ["USD"] and all(e.published_at for e in ev)


def test_tenants_do_not_see_each_other(admin, db, tenant_id):
    service.set_setting("general.company_display_name", "Alpha")
    other = context.RequestContext(tenant_id=new_id(), permissions=frozenset({"*"}))
    with context.acting_as(other):
        assert service.get_setting("general.company_display_name").value == ""


def test_idempotency_key_returns_first_result_without_second_effect(admin, db):
    first = service.set_setting("general.company_display_name", "Beta", idempotency_key="k-1")
    again = service.set_setting("general.company_display_name", "Beta", idempotency_key="k-1")
    assert again == first and again.version == 1
    with db.session_factory() as s:
        n = s.execute(select(func.count()).select_from(OutboxEvent).where(
            OutboxEvent.tenant_id == admin.tenant_id)).scalar_one()
    assert n == 1


def test_idempotency_key_reused_for_other_request_is_refused(admin):
    service.set_setting("general.company_display_name", "Gamma", idempotency_key="k-2")
    with pytest.raises(Exception) as err:
        service.set_setting("general.company_display_name", "Delta", idempotency_key="k-2")
    assert err.value.code == "idempotency_key_reused"


def test_decimal_setting_keeps_exact_value(admin, db, monkeypatch):
    from vextrus.platform.modules import SettingDef

    decl = service.declared_settings()
    decl["test.rate"] = ("configuration", SettingDef("test.rate", "decimal", Decimal("0.1"), "Rate", "হার"))
    monkeypatch.setattr(service, "declared_settings", lambda: decl)
    assert service.set_setting("test.rate", "12345678901234.0000001").value == Decimal("12345678901234.0000001")
    assert service.get_value("test.rate") == Decimal("12345678901234.0000001")


def test_flag_rollout_overrides_and_window(admin):
    service.save_flag("projects.new_gantt", True, "New Gantt", rollout_percent=0)
    assert not service.is_enabled("projects.new_gantt").enabled
    service.set_flag_override("projects.new_gantt", "user", str(admin.user_id), True)
    assert service.is_enabled("projects.new_gantt").reason == "user_override"
    service.set_flag_override("projects.new_gantt", "user", str(admin.user_id), None)
    service.set_flag_override("projects.new_gantt", "role", "owner", True)
    assert service.is_enabled("projects.new_gantt").enabled
    later = clock.now() + timedelta(days=1)
    flag = service.save_flag("projects.new_gantt", True, starts_at=later)
    assert flag.version == 5 and not service.is_enabled("projects.new_gantt").enabled


def test_flag_window_must_be_ordered(admin):
    now = clock.now()
    with pytest.raises(ValidationFailed) as err:
        service.save_flag("projects.x", True, starts_at=now, ends_at=now - timedelta(hours=1))
    assert err.value.field == "ends_at"
