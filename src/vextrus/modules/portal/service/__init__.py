"""Commands and queries of portal."""

from .accounts import invite, link, list_accounts, my_bookings, my_statement

__all__ = ["invite", "link", "list_accounts", "my_bookings", "my_statement"]
