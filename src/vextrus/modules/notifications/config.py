"""Where messages go out: the SMTP server, the SMS providers (in failover order), timeouts.

Read from the environment (`VEXTRUS_NOTIFY_*`, e.g. `VEXTRUS_NOTIFY_SMTP_HOST`,
`VEXTRUS_NOTIFY_SMS_PROVIDERS='[{"kind": "json", "url": "https://…", "key": "…", "name": "primary"}, …]'`);
tests and the embedded demo replace it with `use(...)`."""

from __future__ import annotations

from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict


class NotifyConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VEXTRUS_NOTIFY_")
    smtp_host: str = ""  # empty: email is not configured (deliveries wait and retry)
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: str = ""
    mail_from: str = "Vextrus <no-reply@vextrus.local>"
    sms_providers: list[dict[str, Any]] = []
    sms_sender: str = "VEXTRUS"
    timeout_seconds: float = 10.0
    # webhooks may reach this machine and private networks (development, tests); never in production
    webhook_allow_private: bool = False
    lease_seconds: int = 300  # how long a claimed delivery is someone's before another dispatcher may take it
    batch: int = 100


_config: NotifyConfig | None = None


def current() -> NotifyConfig:
    global _config
    if _config is None:
        _config = NotifyConfig()
    return _config


def use(config: NotifyConfig | None) -> None:
    """Replace the configuration (None: read the environment again)."""
    global _config
    _config = config
