"""Events the configuration module publishes (its public contract)."""

from __future__ import annotations

from typing import Any

from vextrus.platform.events import Event


class SettingChanged(Event):
    name = "configuration.setting.changed"
    key: str
    value: Any
    previous: Any = None
    revision: int


class FlagChanged(Event):
    name = "configuration.flag.changed"
    key: str
    enabled: bool
    rollout_percent: int | None = None
