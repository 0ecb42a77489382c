"""Plain-text accounting (hledger/ledger journal, Beancount) import and export over a neutral model."""
