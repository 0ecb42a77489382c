"""Pure general-ledger rules of the finance module: no I/O, no framework imports."""
