"""The configuration subgraph: settings and feature flags."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.graphql import Subgraph

from . import service


@strawberry.type
class Setting:
    key: str
    type: str
    value: JSON
    default: JSON
    is_default: bool
    label: str
    label_bn: str
    choices: list[str]
    version: int
    module: str

    @classmethod
    def of(cls, v: service.SettingView) -> Setting:
        d = v.model_dump(mode="json")
        return cls(**d)


@strawberry.type
class FlagOverride:
    kind: str
    subject: str
    enabled: bool


@strawberry.type
class FeatureFlag:
    key: str
    description: str
    enabled: bool
    rollout_percent: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    overrides: list[FlagOverride]
    version: int
    declared: bool

    @classmethod
    def of(cls, v: service.FlagView) -> FeatureFlag:
        return cls(key=v.key, description=v.description, enabled=v.enabled, rollout_percent=v.rollout_percent,
                   starts_at=v.starts_at, ends_at=v.ends_at, version=v.version, declared=v.declared,
                   overrides=[FlagOverride(kind=o.kind, subject=o.subject, enabled=o.enabled) for o in v.overrides])


@strawberry.type
class FlagDecision:
    key: str
    enabled: bool
    reason: str


@strawberry.type
class ConfigurationQuery:
    @strawberry.field(description="Settings of the current company, optionally of one module")
    def settings(self, module: str | None = None) -> list[Setting]:
        return [Setting.of(v) for v in service.list_settings(module)]

    @strawberry.field
    def setting(self, key: str) -> Setting:
        return Setting.of(service.get_setting(key))

    @strawberry.field
    def feature_flags(self) -> list[FeatureFlag]:
        return [FeatureFlag.of(v) for v in service.list_flags()]

    @strawberry.field(description="Whether a feature is on for the signed-in user")
    def feature_enabled(self, key: str) -> FlagDecision:
        d = service.is_enabled(key)
        return FlagDecision(key=d.key, enabled=d.enabled, reason=d.reason)


@strawberry.input
class FlagInput:
    key: str
    enabled: bool
    description: str | None = None
    rollout_percent: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    expected_version: int | None = None


@strawberry.type
class ConfigurationMutation:
    @strawberry.mutation
    def set_setting(self, key: str, value: JSON, expected_version: int | None = None,
                    idempotency_key: str | None = None) -> Setting:
        return Setting.of(service.set_setting(key, value, expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation
    def reset_setting(self, key: str, idempotency_key: str | None = None) -> Setting:
        return Setting.of(service.reset_setting(key, idempotency_key=idempotency_key))

    @strawberry.mutation
    def save_feature_flag(self, input: FlagInput, idempotency_key: str | None = None) -> FeatureFlag:
        return FeatureFlag.of(service.save_flag(
            input.key, input.enabled, input.description, input.rollout_percent, input.starts_at, input.ends_at,
            input.expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation
    def set_feature_flag_override(self, key: str, kind: str, subject: str, enabled: bool | None,
                                  idempotency_key: str | None = None) -> FeatureFlag:
        return FeatureFlag.of(service.set_flag_override(key, kind, subject, enabled,
                                                        idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=ConfigurationQuery, mutation=ConfigurationMutation)
