"""What a journal line names in other modules, checked through their `api` before anything is written:
the party (held in master data, so it cannot be deleted under posted lines; a blacklisted vendor is
not made a creditor), the project and its activity, the cost centre and the department (of the book's
company). One query per kind for all lines of a post, so a bulk post stays fast."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from uuid import UUID

from vextrus.modules.master_data import api as master_data
from vextrus.modules.organization import api as organization
from vextrus.modules.projects import api as projects
from vextrus.platform import context
from vextrus.platform.errors import NotFound

from .. import MODULE
from ..domain import accounts as dacc
from ..domain.errors import LedgerError
from ..schemas import LineIn
from ..tables import Account, Book


def hold_parties(b: Book, named: Iterable[tuple[str, UUID | None]]) -> None:
    """Every party a line names must exist in master_data (and not be merged away); the book then
    holds it, so master_data refuses to delete or deactivate it (archive instead): posted lines are
    never deleted, only reversed. `named`: (field, party id) pairs, the field for the error."""
    seen: set[UUID] = set()
    for field, pid in named:
        if pid is None or pid in seen:
            continue
        seen.add(pid)
        try:
            with context.calling_as(MODULE):  # as finance for the user: they need no master-data right
                master_data.register_reference("party", pid, "finance", f"ledger {b.code}", field=field)
        except NotFound:
            raise LedgerError("party_unknown", f"No party {pid}: pick one from the party list",
                              "পার্টিটি নেই: তালিকা থেকে বেছে নিন", field=field) from None


_REFERENCES = (  # line field, what (en, bn), the owning module's batched lookup: id -> company
    ("project_id", "project", "প্রকল্প", lambda ids: projects.project_companies(ids)),
    ("cost_centre_id", "cost centre", "কস্ট সেন্টার", lambda ids: organization.cost_centre_companies(ids)),
    ("department_id", "department", "বিভাগ", lambda ids: organization.department_companies(ids)),
)


def check_references(b: Book, named: Iterable[tuple[str, LineIn]]) -> None:
    """The project, activity, cost centre and department each line names must exist in the tenant
    and belong to the book's company (one of another company is unknown here, as elsewhere);
    asked through the owning module's api, one query per kind for all lines (a bulk post stays
    fast), refused with the line's field (`lines[2].project_id`, `entries[0].lines[2]...`). The lookups
    need no permission and only the owning module's tables (migrated for every shipped module), so they
    work in a process that serves finance alone too."""
    lines = [(prefix, ln) for prefix, ln in named if has_references(ln)]
    if not lines:
        return
    for attr, what, what_bn, lookup in _REFERENCES:
        ids = {getattr(ln, attr) for _p, ln in lines} - {None}
        if not ids:
            continue
        found = lookup(ids)
        for prefix, ln in lines:
            ref = getattr(ln, attr)
            if ref is None or ref in found and (b.company_id is None or found[ref] in (None, b.company_id)):
                continue
            raise LedgerError(f"{attr.removesuffix('_id')}_unknown", f"No {what} {ref}: pick one from the list",
                              f"{what_bn}টি নেই: তালিকা থেকে বেছে নিন", field=f"{prefix}{attr}",
                              details={"id": str(ref)})
    pairs = {}
    for prefix, ln in lines:
        code = (ln.activity_code or "").strip()
        if code and ln.project_id is not None:
            pairs.setdefault((ln.project_id, code), prefix)
    if pairs:
        known = projects.existing_activities(pairs)
        for (pid, code), prefix in pairs.items():
            if (pid, code) not in known:
                raise LedgerError("activity_unknown", f"Project {pid} has no activity {code}: pick one from the list",
                                  f"প্রকল্পটিতে কার্যক্রম {code} নেই: তালিকা থেকে বেছে নিন",
                                  field=f"{prefix}activity_code", details={"project_id": str(pid), "code": code})


def has_references(ln: LineIn) -> bool:
    return ln.project_id is not None or ln.cost_centre_id is not None or ln.department_id is not None


def named_lines(lines: Sequence[LineIn], prefix: str = "") -> Iterator[tuple[str, LineIn]]:
    """(field prefix, line) of the lines that name a project, cost centre or department."""
    return ((f"{prefix}lines[{i}].", ln) for i, ln in enumerate(lines) if has_references(ln))


def line_parties(lines: Sequence[LineIn], prefix: str = "") -> Iterator[tuple[str, UUID | None]]:
    return ((f"{prefix}lines[{i}].party_id", ln.party_id) for i, ln in enumerate(lines))


def check_payees(accts: dict[str, Account], named: Iterable[tuple[str, LineIn]]) -> None:
    """A line crediting a payable account for a party makes the company owe it: master_data refuses
    that for a blacklisted vendor (`named`: (field prefix, line); debits, paying it, stay allowed)."""
    master_data.check_payees(
        (f"{prefix}party_id", ln.party_id) for prefix, ln in named
        if ln.party_id is not None and ln.credit > 0 and getattr(accts.get(ln.account_code), "subtype", None)
        in dacc.PAYABLE_SUBTYPES)
