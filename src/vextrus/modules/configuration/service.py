"""Configuration commands and queries: typed settings with declared defaults, feature flags.

Reads are cached per process and tenant; the cache is dropped when a change event arrives
(in every process, so scaled-out services see changes too).
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.errors import NotFound, StaleVersion
from vextrus.platform.modules import FlagDef, SettingDef, available_modules
from vextrus.platform.pagination import Page, page_list
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work
from vextrus.platform.versioning import check_version, touch

from . import domain
from .events import FlagChanged, SettingChanged
from .schemas import FlagDecision, FlagView, OverrideView, SettingView
from .tables import FeatureFlag, FlagOverride, SettingValue

READ = "configuration.setting.read"
WRITE = "configuration.setting.write"
FLAG_READ = "configuration.flag.read"
FLAG_WRITE = "configuration.flag.write"


# ---- declarations --------------------------------------------------------------------------


def declared_settings() -> dict[str, tuple[str, SettingDef]]:
    """Every shipped module's settings, also those of modules running in other processes."""
    return {d.key: (m.name, d) for m in available_modules().values() for d in m.settings}


def declared_flags() -> dict[str, FlagDef]:
    return {f.key: f for m in available_modules().values() for f in m.flags}


def _definition(key: str) -> tuple[str, SettingDef]:
    found = declared_settings().get(key)
    if found is None:
        raise NotFound("setting", key, field="key")
    return found


# ---- cache ---------------------------------------------------------------------------------


class _TenantCache:
    """Per-process cache of one tenant's stored setting values and flags."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._settings: dict[UUID, dict[str, tuple[Any, int]]] = {}
        self._flags: dict[UUID, dict[str, domain.FlagState]] = {}
        self.loads = 0  # how many times the database was read (observable in tests)

    def settings(self, tenant_id: UUID) -> dict[str, tuple[Any, int]]:
        with self._lock:
            hit = self._settings.get(tenant_id)
        if hit is not None:
            return hit
        with unit_of_work() as uow:
            rows = uow.session.execute(select(SettingValue)).scalars().all()
            data = {r.key: (r.value, r.version) for r in rows}
        with self._lock:
            self.loads += 1
            self._settings[tenant_id] = data
        return data

    def flags(self, tenant_id: UUID) -> dict[str, domain.FlagState]:
        with self._lock:
            hit = self._flags.get(tenant_id)
        if hit is not None:
            return hit
        with unit_of_work() as uow:
            data = {f.key: _state(f) for f in uow.session.execute(select(FeatureFlag)).scalars().all()}
        with self._lock:
            self.loads += 1
            self._flags[tenant_id] = data
        return data

    def invalidate(self, tenant_id: UUID | None) -> None:
        with self._lock:
            if tenant_id is None:
                self._settings.clear()
                self._flags.clear()
            else:
                self._settings.pop(tenant_id, None)
                self._flags.pop(tenant_id, None)


cache = _TenantCache()


def _state(f: FeatureFlag) -> domain.FlagState:
    return domain.FlagState(
        key=f.key, enabled=f.enabled, rollout_percent=f.rollout_percent, starts_at=f.starts_at,
        ends_at=f.ends_at,
        overrides=tuple(domain.Override(o.kind, o.subject, o.enabled) for o in f.overrides),
    )


# ---- settings ------------------------------------------------------------------------------


def _view(module: str, d: SettingDef, stored: tuple[Any, int] | None) -> SettingView:
    value = domain.from_storage(d, stored[0]) if stored else d.default
    return SettingView(key=d.key, type=d.type, value=value, default=d.default, is_default=stored is None,
                       label=d.label, label_bn=d.label_bn, choices=list(d.choices),
                       version=stored[1] if stored else 0, module=module)


def get_value(key: str) -> Any:
    """The effective value of a setting for the current tenant (cached)."""
    module, d = _definition(key)
    stored = cache.settings(context.require_tenant()).get(key)
    return domain.from_storage(d, stored[0]) if stored else d.default


@query(READ, scope="configuration.get_setting")
def get_setting(uow: UnitOfWork, key: str) -> SettingView:
    """One setting's effective value (read from the per-process cache; the database on a miss)."""
    module, d = _definition(key)
    return _view(module, d, cache.settings(context.require_tenant()).get(key))


@query(READ, scope="configuration.list_settings")
def list_settings(uow: UnitOfWork, module: str | None = None) -> list[SettingView]:
    stored = cache.settings(context.require_tenant())
    return [_view(m, d, stored.get(k)) for k, (m, d) in sorted(declared_settings().items())
            if module is None or m == module]


@query(READ, scope="configuration.page_settings")
def page_settings(uow: UnitOfWork, module: str | None = None, first: int = 100,
                  after: str | None = None) -> Page[SettingView]:
    """One cursor page of the settings `list_settings` answers, by key (the declared settings live in code
    and the stored values in one cached read, so the page is cut from that list)."""
    stored = cache.settings(context.require_tenant())
    views = [_view(m, d, stored.get(k)) for k, (m, d) in declared_settings().items() if module is None or m == module]
    return page_list(views, lambda v: v.key, first=first, after=after)


@command(WRITE, scope="configuration.set_setting")
def set_setting(uow: UnitOfWork, key: str, value: Any, expected_version: int | None = None) -> SettingView:
    module, d = _definition(key)
    parsed = domain.coerce(d, value)
    row = uow.session.execute(select(SettingValue).where(SettingValue.key == key)).scalar_one_or_none()
    current_version = row.version if row else 0
    if expected_version is not None and expected_version != current_version:
        raise StaleVersion(f"setting {key}", expected_version, current_version)
    previous = row.value if row else domain.to_storage(d, d.default)
    stored = domain.to_storage(d, parsed)
    actor = context.current().actor
    if row is None:
        row = SettingValue(key=key, value=stored, version=1, updated_by=actor)
        uow.session.add(row)
    else:
        row.value, row.updated_by = stored, actor
        touch(row)  # every save is a revision, even of the same value
    uow.session.flush()
    uow.emit(SettingChanged(key=key, value=stored, previous=previous, revision=row.version))
    return _view(module, d, (stored, row.version))


@command(WRITE, scope="configuration.reset_setting")
def reset_setting(uow: UnitOfWork, key: str) -> SettingView:
    module, d = _definition(key)
    row = uow.session.execute(select(SettingValue).where(SettingValue.key == key)).scalar_one_or_none()
    if row is not None:
        previous = row.value
        uow.session.delete(row)
        uow.emit(SettingChanged(key=key, value=domain.to_storage(d, d.default), previous=previous,
                                revision=row.version + 1))
    return _view(module, d, None)


# ---- flags ---------------------------------------------------------------------------------


def _flag_view(f: FeatureFlag | None, key: str, flags: dict[str, FlagDef] | None = None) -> FlagView:
    declared = (flags if flags is not None else declared_flags()).get(key)
    if f is None:
        assert declared is not None
        return FlagView(key=key, description=declared.description, enabled=declared.default, declared=True)
    return FlagView(
        key=f.key, description=f.description, enabled=f.enabled, rollout_percent=f.rollout_percent,
        starts_at=f.starts_at, ends_at=f.ends_at, version=f.version, declared=declared is not None,
        overrides=[OverrideView(kind=o.kind, subject=o.subject, enabled=o.enabled) for o in f.overrides],
    )


@query(FLAG_READ, scope="configuration.list_flags")
def list_flags(uow: UnitOfWork) -> list[FlagView]:
    rows = {f.key: f for f in uow.session.execute(select(FeatureFlag)).scalars().all()}
    declared = declared_flags()
    return [_flag_view(rows.get(k), k, declared) for k in sorted(set(rows) | set(declared))]


@query(FLAG_READ, scope="configuration.page_flags")
def page_flags(uow: UnitOfWork, first: int = 100, after: str | None = None) -> Page[FlagView]:
    """One cursor page of the flags `list_flags` answers (declared and stored), by key."""
    rows = {f.key: f for f in uow.session.execute(select(FeatureFlag)).scalars().all()}
    declared = declared_flags()
    page = page_list(sorted(set(rows) | set(declared)), lambda k: k, first=first, after=after)
    return Page([_flag_view(rows.get(k), k, declared) for k in page.items], page.end_cursor, page.has_next_page)


def _load_flag(uow: UnitOfWork, key: str, create: bool = False) -> FeatureFlag:
    f = uow.session.execute(select(FeatureFlag).where(FeatureFlag.key == key)).scalar_one_or_none()
    if f is None:
        declared = declared_flags().get(key)
        if not create and declared is None:
            raise NotFound("feature flag", key, field="key")
        f = FeatureFlag(key=key, description=declared.description if declared else "",
                        enabled=declared.default if declared else False, version=0)
        uow.session.add(f)
    return f


@command(FLAG_WRITE, scope="configuration.save_flag")
def save_flag(uow: UnitOfWork, key: str, enabled: bool, description: str | None = None,
              rollout_percent: int | None = None, starts_at: datetime | None = None,
              ends_at: datetime | None = None, expected_version: int | None = None) -> FlagView:
    domain.validate_flag_key(key)
    domain.validate_rollout(rollout_percent)
    domain.validate_window(starts_at, ends_at)
    f = _load_flag(uow, key, create=True)
    check_version(f, expected_version, f"flag {key}")
    f.enabled, f.rollout_percent, f.starts_at, f.ends_at = enabled, rollout_percent, starts_at, ends_at
    if description is not None:
        f.description = description
    touch(f)  # every save is a revision (a new flag is stored at version 1)
    uow.session.flush()
    uow.emit(FlagChanged(key=key, enabled=enabled, rollout_percent=rollout_percent))
    return _flag_view(f, key)


@command(FLAG_WRITE, scope="configuration.set_flag_override")
def set_flag_override(uow: UnitOfWork, key: str, kind: str, subject: str, enabled: bool | None) -> FlagView:
    """Force a flag for one user or role; `enabled=None` removes the override."""
    domain.validate_override_kind(kind)
    f = _load_flag(uow, key)
    existing = next((o for o in f.overrides if o.kind == kind and o.subject == subject), None)
    if enabled is None:
        if existing is not None:
            f.overrides.remove(existing)
    elif existing is None:
        f.overrides.append(FlagOverride(kind=kind, subject=subject, enabled=enabled, tenant_id=f.tenant_id))
    else:
        existing.enabled = enabled
    touch(f)  # only its overrides changed: the flag still counts as changed
    uow.session.flush()
    uow.emit(FlagChanged(key=key, enabled=f.enabled, rollout_percent=f.rollout_percent))
    return _flag_view(f, key)


def is_enabled(key: str, user_id: UUID | None = None, roles: frozenset[str] | None = None) -> FlagDecision:
    """Evaluate a flag for the current (or given) user; unknown flags are off."""
    ctx = context.current()
    user = user_id if user_id is not None else ctx.user_id
    state = cache.flags(context.require_tenant()).get(key)
    if state is None:
        declared = declared_flags().get(key)
        if declared is None:
            return FlagDecision(key=key, enabled=False, reason="unknown")
        state = domain.FlagState(key=key, enabled=declared.default)
    on, reason = domain.evaluate(state, user_id=user, roles=roles if roles is not None else ctx.roles,
                                 now=clock.now())
    return FlagDecision(key=key, enabled=on, reason=reason)


def ready() -> None:
    """The module is ready when its declarations are consistent."""
    for _m, d in declared_settings().values():
        domain.coerce(d, d.default)
