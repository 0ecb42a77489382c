"""REST: /api/v1/configuration/..."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from vextrus.platform.http import idempotency_key
from vextrus.platform.rest import CursorPage, VersionCheck, cursor_page

from . import service
from .service import FlagDecision, FlagView, SettingView

router = APIRouter()


# Settings and flags are keyed values: PUT sets the whole value at its key (docs/modules.md, "REST convention").
class SettingInput(VersionCheck):
    value: Any


class FlagInput(VersionCheck):
    enabled: bool
    description: str | None = None
    rollout_percent: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class OverrideInput(BaseModel):
    kind: str
    subject: str
    enabled: bool | None


_PAGED = ("A cursor page (`first`, `after`) by key; without either, the whole list as an array (the old answer, "
          "kept for one release).")


@router.get("/settings", response_model=CursorPage[SettingView] | list[SettingView], description=_PAGED)
def list_settings(module: str | None = None, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_settings(module)
    return cursor_page(service.page_settings(module, 100 if first is None else first, after))


@router.get("/settings/{key}", response_model=SettingView)
def get_setting(key: str) -> SettingView:
    return service.get_setting(key)


@router.put("/settings/{key}", response_model=SettingView)
def put_setting(key: str, body: SettingInput, key_: str | None = Depends(idempotency_key)) -> SettingView:
    return service.set_setting(key, body.value, body.expected_version, idempotency_key=key_)


@router.delete("/settings/{key}", response_model=SettingView)
def reset_setting(key: str, key_: str | None = Depends(idempotency_key)) -> SettingView:
    return service.reset_setting(key, idempotency_key=key_)


@router.get("/flags", response_model=CursorPage[FlagView] | list[FlagView], description=_PAGED)
def list_flags(first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_flags()
    return cursor_page(service.page_flags(100 if first is None else first, after))


@router.put("/flags/{key}", response_model=FlagView)
def put_flag(key: str, body: FlagInput, key_: str | None = Depends(idempotency_key)) -> FlagView:
    return service.save_flag(key, body.enabled, body.description, body.rollout_percent, body.starts_at,
                             body.ends_at, body.expected_version, idempotency_key=key_)


@router.put("/flags/{key}/overrides", response_model=FlagView)
def put_override(key: str, body: OverrideInput, key_: str | None = Depends(idempotency_key)) -> FlagView:
    return service.set_flag_override(key, body.kind, body.subject, body.enabled, idempotency_key=key_)


@router.get("/flags/{key}/evaluate", response_model=FlagDecision)
def evaluate(key: str, user_id: UUID | None = None) -> FlagDecision:
    service.context.current().require(service.FLAG_READ)
    return service.is_enabled(key, user_id)
