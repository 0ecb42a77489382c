"""What other modules may call (with `events`). Nothing yet: the portal reads others, no one reads it."""

from __future__ import annotations

__all__: list[str] = []
