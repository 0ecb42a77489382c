"""The configuration subgraph: settings and feature flags."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.graphql import Subgraph, dto_type

from . import service

# Types derive from the service's DTOs (schemas.py); tests/platform/test_dto_parity.py holds them together.

@dto_type(service.SettingView)
class Setting:
    value: JSON
    default: JSON

    @classmethod
    def of(cls, v: service.SettingView) -> Setting:
        return cls(**v.model_dump(mode="json"))  # a value as its JSON (a Decimal setting as its exact text)


@dto_type(service.OverrideView)
class FlagOverride:
    pass


@dto_type(service.FlagView)
class FeatureFlag:
    pass


@dto_type(service.FlagDecision)
class FlagDecision:
    pass


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
        return FlagDecision.of(service.is_enabled(key))


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
