"""Which permission guards the files of each object type: the owning module's, not the files module's.

A module declares its object types through `files.api.register_object_type(...)` (or, for modules
written before the files module, in `BUILT_IN` below until their owners move the line into their own
code): seeing an object's files needs the owner's *view* permission, attaching, replacing or deleting
them its *attach* permission; both also need the files module's own `files.file.view`/`files.file.create`
/`files.file.delete` (so an administrator can take files away from a role without touching the module).
An object type nobody declared takes no files.

An owner whose objects are not all seen by everyone holding a permission (an employee's expense claim: its
claimant, the company's viewers and its approvers) gives `access(object_id, need)`, need "view" or "attach": it
decides per object instead of the owner's permission, and False answers 404 as for an object that does not exist
(nothing is learned by asking). `files.file.*` are still required.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from vextrus.platform.errors import ValidationFailed

from .domain import check_object_type


@dataclass(frozen=True)
class ObjectType:
    code: str  # module.object, e.g. finance.journal_entry
    view: str  # the owner's permission to see the object (and so its files)
    attach: str  # the owner's permission to change the object (and so attach to it)
    label: str = ""
    label_bn: str = ""
    # per object, instead of the owner's permission: (object id, "view" | "attach") → may the current user
    access: Callable[[UUID, str], bool] | None = field(default=None, compare=False)

    @property
    def module(self) -> str:
        return self.code.split(".", 1)[0]


_registry: dict[str, ObjectType] = {}


def register(t: ObjectType) -> ObjectType:
    check_object_type(t.code)
    _registry[t.code] = t
    return t


def get(code: str) -> ObjectType:
    check_object_type(code)
    found = _registry.get(code)
    if found is None:
        raise ValidationFailed("object_type_unknown", f"Files cannot be attached to '{code}'",
                               f"'{code}' এ ফাইল সংযুক্ত করা যায় না", field="object_type",
                               details={"known": sorted(_registry)})
    return found


def known() -> list[ObjectType]:
    return sorted(_registry.values(), key=lambda t: t.code)


BUILT_IN = (
    ObjectType("finance.journal_entry", "finance.journal.view", "finance.journal.create",
               "Journal entry", "জার্নাল এন্ট্রি"),
    ObjectType("finance.account", "finance.account.view", "finance.account.update", "Account", "হিসাব"),
    ObjectType("projects.project", "projects.project.read", "projects.project.update", "Project", "প্রকল্প"),
    ObjectType("master_data.party", "master_data.party.read", "master_data.party.update", "Party", "পার্টি"),
    ObjectType("master_data.item", "master_data.item.read", "master_data.item.update", "Item", "পণ্য"),
    ObjectType("organization.company", "organization.company.view", "organization.company.update",
               "Company", "কোম্পানি"),
)
for _t in BUILT_IN:
    register(_t)
