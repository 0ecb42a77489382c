"""The configuration module's DTOs: settings as read, feature flags with their overrides, a flag's
decision for a user (the GraphQL types and REST schemas derive from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class SettingView(BaseModel):
    key: str
    type: str
    value: Any
    default: Any
    is_default: bool
    label: str
    label_bn: str
    choices: list[str] = []
    version: int = 0
    module: str


class OverrideView(BaseModel):
    kind: str
    subject: str
    enabled: bool


class FlagView(BaseModel):
    key: str
    description: str
    enabled: bool
    rollout_percent: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    overrides: list[OverrideView] = []
    version: int = 0
    declared: bool = False


class FlagDecision(BaseModel):
    key: str
    enabled: bool
    reason: str
