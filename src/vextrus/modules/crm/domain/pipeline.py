"""An opportunity's stages as a state machine, activities, and the pipeline board's totals.

new → contacted → site_visit → negotiation → won; any open stage → lost (a reason is required);
a stage may also skip forward (contacted → negotiation) or step back one (negotiation → site_visit).
won and lost are final."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import Money

STAGES = ("new", "contacted", "site_visit", "negotiation", "won", "lost")
OPEN_STAGES = STAGES[:4]
STAGE_BN = {"new": "নতুন", "contacted": "যোগাযোগ হয়েছে", "site_visit": "সাইট পরিদর্শন", "negotiation": "দর-কষাকষি",
            "won": "জয়", "lost": "হাতছাড়া"}
ACTIVITY_KINDS = ("call", "site_visit", "meeting", "note")


@dataclass(frozen=True)
class StageChange:
    from_stage: str
    to_stage: str
    lost_reason: str | None


def change_stage(current: str, to: str, reason: str | None = None) -> StageChange:
    """The change from `current` to `to`, or a ValidationFailed (field `stage` / `lost_reason`)."""
    if to not in STAGES:
        raise ValidationFailed("crm.stage_unknown", f"'{to}' is not a stage ({', '.join(STAGES)})",
                               "ধাপটি অজানা: তালিকার একটি ধাপ বাছুন", field="stage", details={"allowed": list(STAGES)})
    if current not in OPEN_STAGES:
        raise ValidationFailed("crm.stage_closed", f"The opportunity is already {current}; it cannot move",
                               f"সুযোগটি ইতিমধ্যে {STAGE_BN[current]}; আর ধাপ বদলানো যাবে না", field="stage",
                               details={"from": current, "to": to})
    if to == current:
        raise ValidationFailed("crm.stage_same", f"The opportunity is already at {to}",
                               f"সুযোগটি ইতিমধ্যে {STAGE_BN[to]} ধাপে আছে", field="stage")
    if to == "won" and current != "negotiation":
        raise ValidationFailed("crm.stage_skip", "An opportunity is won only from negotiation",
                               "দর-কষাকষির ধাপ থেকেই কেবল জয় হয়", field="stage", details={"from": current, "to": to})
    if to in OPEN_STAGES and OPEN_STAGES.index(to) < OPEN_STAGES.index(current) - 1:
        raise ValidationFailed("crm.stage_back", "A stage may step back only one", "ধাপ কেবল এক ঘর পেছানো যায়",
                               field="stage", details={"from": current, "to": to})
    why = (reason or "").strip() or None
    if to == "lost" and not why:
        raise ValidationFailed("crm.lost_reason_missing", "A lost opportunity needs the reason",
                               "হাতছাড়া সুযোগের কারণ লিখুন", field="lost_reason")
    return StageChange(current, to, why if to == "lost" else None)


def is_overdue(due_at: datetime, done: bool, now: datetime) -> bool:
    return not done and due_at < now


def board_totals(cards: Iterable[tuple[str, Decimal]]) -> dict[str, Money]:
    """Expected value per stage (every stage present, zero when empty), in BDT."""
    totals = {s: Money.zero() for s in STAGES}
    for stage, value in cards:
        totals[stage] = totals[stage] + Money.of(value)
    return totals
