"""When a job runs next: cron (Asia/Dhaka), every N seconds, or once at a time; and retry backoff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from vextrus.platform.clock import DHAKA
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_count, format_date

from . import cron

KINDS = ("cron", "interval", "once")
MIN_INTERVAL = 60
MAX_TIMEOUT = 6 * 3600


@dataclass(frozen=True)
class Schedule:
    kind: str
    cron: str | None = None
    interval_seconds: int | None = None
    run_at: datetime | None = None  # UTC

    def check(self) -> None:
        if self.kind not in KINDS:
            raise ValidationFailed("schedule_kind_invalid", "kind: cron, interval or once",
                                   "ধরন: ক্রন, নির্দিষ্ট বিরতি অথবা একবার", field="kind")
        if self.kind == "cron":
            cron.parse(self.cron or "")
        elif self.kind == "interval":
            if not self.interval_seconds or self.interval_seconds < MIN_INTERVAL:
                raise ValidationFailed("interval_too_short", f"interval_seconds: at least {MIN_INTERVAL}",
                                       f"বিরতি অন্তত {format_count(MIN_INTERVAL, 'bn')} সেকেন্ড", field="interval_seconds")
        elif self.run_at is None or self.run_at.tzinfo is None:
            raise ValidationFailed("run_at_missing", "run_at: a date and time with its zone is needed",
                                   "চালানোর সময়: সময় অঞ্চলসহ তারিখ ও সময় দিন", field="run_at")

    def next_run(self, after: datetime, first: bool = False) -> datetime | None:
        """The next planned time (UTC) strictly after `after` (UTC); a one-off job's own time when `first`,
        else None (it has run)."""
        if self.kind == "once":
            return self.run_at.astimezone(UTC) if first and self.run_at else None
        if self.kind == "interval":
            return after + timedelta(seconds=self.interval_seconds or MIN_INTERVAL)
        local = after.astimezone(DHAKA).replace(tzinfo=None)
        nxt = cron.parse(self.cron or "").next_after(local)
        return nxt.replace(tzinfo=DHAKA).astimezone(UTC)


def retry_delay(attempt: int, base_seconds: int) -> timedelta:
    """Wait before retry number `attempt` (1 = the first retry): base, 2·base, 4·base … up to a day."""
    return timedelta(seconds=min(86400, base_seconds * 2 ** max(0, min(attempt - 1, 20))))


def describe(kind: str, cron_expr: str | None, interval_seconds: int | None, run_at: datetime | None,
             locale: str = "en") -> str:
    if kind == "cron":
        text = cron_expr  # the expression as written (a code such as `0 2 * * *`), the same in both languages
        return f"ক্রন {text} (ঢাকা সময়)" if locale == "bn" else f"cron {cron_expr} (Dhaka time)"
    if kind == "interval":
        return f"প্রতি {format_count(interval_seconds or 0, 'bn')} সেকেন্ডে" if locale == "bn" else \
            f"every {interval_seconds} s"
    if locale == "bn":
        return f"একবার, {format_date(run_at.astimezone(DHAKA), 'bn', 'd MMM y HH:mm')}" if run_at else "একবার"
    when = run_at.astimezone(DHAKA).strftime("%Y-%m-%d %H:%M") if run_at else "-"
    return f"once at {when}"
