"""Reactions to other modules' events: a contracts journal reversed directly in finance.

`finance.journal.reversed` (vextrus.modules.finance.events.JournalReversed) names the reversed entry, its
reversal and the reversal's date. When the entry is a payment to a subcontractor's journal, the payment
becomes reversed (service.payments.finance_reversed_payment). When it is an RA bill's or a receipt's journal, contracts follows
(service.finance_reversed: the receipt becomes reversed; the bill too when it is the contract's last with no
live receipt, else it is flagged with the reversal entry). contracts' own reversals arrive here as well and
find nothing left to do.
"""

from __future__ import annotations

from vextrus.modules.finance.events import JournalReversed
from vextrus.platform import context
from vextrus.platform.events import Subscriptions
from vextrus.platform.uow import UnitOfWork

from . import MODULE
from .service import finance_reversed

subscriptions = Subscriptions()


@subscriptions.on(JournalReversed)
def follow_finance_reversal(event: JournalReversed, uow: UnitOfWork) -> None:
    with context.reacting_as(MODULE, event.envelope):  # recorded as "<who reversed> via contracts"
        finance_reversed(uow, event.entry_id, event.reversal_id, event.reversal_number, event.reversal_date)
