"""invoicing: notes on both databases (scaffolded by `vextrus dev new-module invoicing`)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.events import NoteCreated
from vextrus.modules.invoicing.schemas import NoteChange, NoteInput
from vextrus.platform import context
from vextrus.platform.errors import Conflict, DomainError, PermissionDenied, StaleVersion, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent


def test_a_note_is_created_listed_and_read_back(db, admin):
    note = service.create_note(NoteInput(code="site-1", title="Site one", title_bn="সাইট এক"))
    assert (note.code, note.version) == ("SITE-1", 1)
    assert service.get_note(note.id) == note
    assert [n.code for n in service.list_notes().items] == ["SITE-1"]
    with db.session_factory() as s:  # the event is in the outbox, with the note's id
        payloads = s.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == NoteCreated.name)).all()
    assert {"note_id": str(note.id), "code": "SITE-1"} in payloads


def test_a_repeated_idempotency_key_returns_the_first_note(db, admin):
    first = service.create_note(NoteInput(code="A1", title="First"), idempotency_key="k1")
    again = service.create_note(NoteInput(code="A1", title="First"), idempotency_key="k1")
    assert again == first and len(service.list_notes().items) == 1


def test_bad_input_is_refused_with_the_field(db, admin):
    with pytest.raises(ValidationFailed) as bad:
        service.create_note(NoteInput(code="no spaces", title="x"))
    assert bad.value.field == "code" and bad.value.message_bn
    service.create_note(NoteInput(code="B1", title="x"))
    with pytest.raises(Conflict):
        service.create_note(NoteInput(code="b1", title="y"))
    with pytest.raises(DomainError) as missing:
        service.get_note(new_id())
    assert (missing.value.status, missing.value.code) == (404, "not_found") and "নোট" in missing.value.message_bn


def test_pages_follow_the_cursor(db, admin):
    for i in range(5):
        service.create_note(NoteInput(code=f"N{i}", title=f"Note {i}"))
    first = service.list_notes(first=3)
    rest = service.list_notes(first=3, after=first.end_cursor)
    assert [n.code for n in first.items] == ["N0", "N1", "N2"] and first.has_next_page
    assert [n.code for n in rest.items] == ["N3", "N4"] and not rest.has_next_page


def test_a_change_moves_the_version_and_a_stale_one_is_refused(db, admin):
    note = service.create_note(NoteInput(code="D1", title="Draft"))
    changed = service.change_note(note.id, NoteChange(title="Final"), expected_version=note.version)
    assert (changed.title, changed.title_bn, changed.version) == ("Final", "", note.version + 1)
    with pytest.raises(StaleVersion):
        service.change_note(note.id, NoteChange(title="Late"), expected_version=note.version)
    assert service.get_note(note.id).title == "Final"


def test_another_tenant_sees_nothing_and_a_reader_cannot_write(db, admin, tenant_id):
    service.create_note(NoteInput(code="C1", title="Mine"))
    reader = context.RequestContext(tenant_id=tenant_id, user_id=new_id(),
                                    permissions=frozenset({"invoicing.note.read"}), actor="reader@test")
    with context.acting_as(reader):
        assert len(service.list_notes().items) == 1
        with pytest.raises(PermissionDenied):
            service.create_note(NoteInput(code="C2", title="Not mine to write"))
