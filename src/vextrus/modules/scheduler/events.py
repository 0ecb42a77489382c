"""Events the scheduler publishes: none (its runs are its own history)."""

from __future__ import annotations
