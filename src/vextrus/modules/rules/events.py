"""Events the rules module publishes (its public contract)."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.events import Event


class RuleSetChanged(Event):
    """A rule set was created or got a new version (`number`); evaluations from now on run it."""

    name = "rules.rule_set.changed"
    rule_set_id: UUID
    code: str
    subject: str
    number: int
    active: bool
