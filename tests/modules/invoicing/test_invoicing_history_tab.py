"""The invoice page carries its History tab (audit's trail of `invoicing.invoice`), in English and Bangla,
hidden from a user without `audit.record.view`."""

from __future__ import annotations

from history_tab_helpers import check_history_tab
from vextrus.modules.invoicing import service


def test_the_invoice_page_shows_its_history(db, admin, co, invoice):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    check_history_tab(db, admin, f"/invoicing/invoices/{inv.id}", "invoicing.invoice", inv.id,
                      ["invoicing.invoice.drafted", "invoicing.invoice.posted"])
