"""Vextrus: an ERP for construction and real-estate companies in Bangladesh."""

__version__ = "0.1.0"
