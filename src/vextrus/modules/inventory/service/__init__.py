"""Inventory's commands and queries (callers write `from . import service`)."""

from .moves import ACCOUNTS, get_move, item_ledger, post_move, stock_on_hand, valuation
from .slips import post_moves
from .stores import create_store, get_store, list_stores, stores_of_projects

__all__ = ["ACCOUNTS", "create_store", "get_move", "get_store", "item_ledger", "list_stores", "post_move", "post_moves", "stock_on_hand",
           "stores_of_projects", "valuation"]
