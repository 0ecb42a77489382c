"""Events tax publishes (its public contract, with api.py). None yet: the calculators change nothing."""

from __future__ import annotations
