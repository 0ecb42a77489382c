"""Inventory's commands and queries (callers write `from . import service`)."""

from .consumption import (
    consumption,
    consumption_file,
    list_material_estimates,
    remove_material_estimate,
    return_material,
    set_material_estimate,
)
from .moves import ACCOUNTS, get_move, item_ledger, post_move, stock_on_hand, valuation
from .reorder import (
           list_reorder_levels,
    register_on_order,
    remove_reorder_level,
           reorder_suggestions,
           set_reorder_level,
           slow_moving,
           slow_moving_file,
)
from .settings import get_settings, set_settings
from .slips import post_moves
from .stores import create_store, get_store, list_stores, stores_of_projects, update_store
from .transfers import dispatch_transfer, get_transfer, list_transfers, receive_transfer

__all__ = ["ACCOUNTS", "create_store", "dispatch_transfer", "get_transfer", "list_transfers", "receive_transfer", "get_move", "get_settings", "get_store", "item_ledger", "list_reorder_levels", "list_stores",
           "post_move", "post_moves", "register_on_order", "remove_reorder_level", "reorder_suggestions", "set_reorder_level", "set_settings", "slow_moving", "slow_moving_file",
           "stock_on_hand", "stores_of_projects", "update_store", "valuation"]
__all__ += ["consumption", "consumption_file", "list_material_estimates", "remove_material_estimate", "return_material",
            "set_material_estimate"]
