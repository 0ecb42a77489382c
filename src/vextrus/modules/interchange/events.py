"""Events interchange publishes (its public contract, with api.py): none yet. The rows an import
writes are announced by their owner (master data emits its own party/item events)."""

from __future__ import annotations
