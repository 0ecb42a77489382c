"""`vextrus dev ...`: tools for developers of Vextrus.

`vextrus dev new-module NAME` writes a module that follows docs/modules.md and passes the per-module
conformance test (tests/platform/test_module_conformance.py) and CI as it is: a manifest, one versioned
table prefixed with the module's name, its first migration on the module's own Alembic branch, a typed
event, DTOs in `schemas.py`, a `domain/` rule, `repository.py` (row -> view), a `service/` package with two
`@command`s and two `@query`s, `api.py`, thin REST, GraphQL and page adapters, English and Bangla catalogues,
demo rows, and a test on both databases in tests/modules/NAME/. The import-linter contracts name modules
by wildcard (`vextrus.modules.*`), so they cover the new module without an edit.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from string import Template

import typer

from vextrus.platform.errors import ConfigurationError

dev_app = typer.Typer(help="Tools for developers of Vextrus", no_args_is_help=True)

NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")

FILES: dict[str, str] = {}

FILES["__init__.py"] = '''"""$title: scaffolded by `vextrus dev new-module $name` (docs/modules.md is the recipe)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.$name"

MODULE = Module(
    name="$name",
    title="$title",
    title_bn="$title_bn",
    permissions=(
        Permission("$name.note.read", "Read $title notes", "$title_bn নোট দেখা"),
        Permission("$name.note.write", "Write $title notes", "$title_bn নোট লেখা"),
    ),
    nav=(NavItem("$title", "$title_bn", "/$name", "$name.note.read"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
)
'''

FILES["tables.py"] = '''"""Tables of $name (schema `$name`; every name starts with `${name}_`)."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("$name")


class NoteRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A note users write and edit (so it is versioned: `version` is checked on every UPDATE)."""

    __tablename__ = "${name}_note"
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    title_bn: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)
'''

FILES["migrations/0001_$name.py"] = '''"""$name: notes

Revision ID: ${name}_0001
Revises:
Create Date: $date
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "${name}_0001"
down_revision = None
branch_labels = ("$name",)
depends_on = "platform_0001"
S = "$name"


def upgrade() -> None:
    op.create_table(
        "${name}_note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_bn", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_${name}_note"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_${name}_note_tenant_id_code"),
        schema=S,
    )
    op.create_index("ix_${name}_note_tenant_id", "${name}_note", ["tenant_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.${name}_note"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_${name}_note_tenant_id", table_name="${name}_note", schema=S)
    op.drop_table("${name}_note", schema=S)
'''

FILES["migrations/__init__.py"] = ""

FILES["events.py"] = '''"""Events $name publishes (its public contract, with api.py)."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.events import Event


class NoteCreated(Event):
    name = "$name.note.created"
    note_id: UUID
    code: str


class NoteChanged(Event):
    name = "$name.note.changed"
    note_id: UUID
    code: str
'''

FILES["schemas.py"] = '''"""DTOs of $name: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field


class NoteInput(BaseModel):
    code: str = Field(max_length=40)
    title: str = Field(max_length=200)
    title_bn: str = Field(default="", max_length=200)


class NoteChange(BaseModel):
    """A partial update (REST PATCH): fields left out stay as they are."""

    title: str | None = Field(default=None, max_length=200)
    title_bn: str | None = Field(default=None, max_length=200)


class NoteView(BaseModel):
    id: UUID
    code: str
    title: str
    title_bn: str
    version: int


class NotePage(BaseModel):
    """A page of notes by code; pass `end_cursor` as `after` for the next one."""

    items: list[NoteView]
    end_cursor: str | None
    has_next_page: bool
'''

FILES["domain/__init__.py"] = '''"""Pure rules of $name: no I/O, no SQLAlchemy, FastAPI or Strawberry."""

from __future__ import annotations

import re

from vextrus.platform.errors import DomainError, ValidationFailed

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$$")


def note_code(raw: str) -> str:
    """A note's code: upper-case letters, digits and hyphens, at most 40."""
    code = raw.strip().upper()
    if not CODE.match(code):
        raise ValidationFailed("$name.note_code_invalid", "A code is 1 to 40 letters, digits or hyphens",
                               "কোড ১ থেকে ৪০টি অক্ষর, অঙ্ক বা হাইফেন", field="code")
    return code


def title(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise ValidationFailed("$name.note_title_missing", "A note needs a title", "নোটের শিরোনাম দিন",
                               field="title")
    return text


class NoteNotFound(DomainError):
    status = 404

    def __init__(self, note_id: object):
        super().__init__("not_found", f"note '{note_id}' was not found", f"নোট '{note_id}' পাওয়া যায়নি",
                         details={"object": "note", "key": str(note_id)})
'''

FILES["repository.py"] = '''"""ORM <-> views of $name (reads in bulk live here too)."""

from __future__ import annotations

from .schemas import NoteView
from .tables import NoteRow


def view(row: NoteRow) -> NoteView:
    return NoteView(id=row.id, code=row.code, title=row.title, title_bn=row.title_bn, version=row.version)
'''

FILES["service/__init__.py"] = '''"""Commands and queries of $name (one file per aggregate)."""

from .notes import change_note, create_note, get_note, list_notes

__all__ = ["change_note", "create_note", "get_note", "list_notes"]
'''

FILES["service/notes.py"] = '''"""Notes: load -> guard -> pure rule (domain) -> store -> emit -> view."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..events import NoteChanged, NoteCreated
from ..repository import view
from ..schemas import NoteChange, NoteInput, NotePage, NoteView
from ..tables import NoteRow


@command("$name.note.write", scope="$name.create_note")
def create_note(uow: UnitOfWork, data: NoteInput) -> NoteView:
    code = domain.note_code(data.code)
    if uow.session.scalar(select(NoteRow.id).where(NoteRow.code == code)) is not None:
        raise Conflict("$name.note_exists", f"Note {code} already exists", f"নোট {code} আগে থেকেই আছে",
                       field="code")
    row = NoteRow(tenant_id=context.require_tenant(), code=code, title=domain.title(data.title),
                  title_bn=data.title_bn.strip())
    uow.session.add(row)
    uow.session.flush()
    uow.emit(NoteCreated(note_id=row.id, code=code))
    return view(row)


@command("$name.note.write", scope="$name.change_note")
def change_note(uow: UnitOfWork, note_id: UUID, data: NoteChange, expected_version: int | None = None) -> NoteView:
    row = _load(uow, note_id)
    check_version(row, expected_version, f"note {row.code}")  # the caller read an older version: 409
    if data.title is not None:
        row.title = domain.title(data.title)
    if data.title_bn is not None:
        row.title_bn = data.title_bn.strip()
    uow.session.flush()  # the version moves on here (Versioned: a compare-and-set in the UPDATE)
    uow.emit(NoteChanged(note_id=row.id, code=row.code))
    return view(row)


@query("$name.note.read")
def list_notes(uow: UnitOfWork, first: int = 50, after: str | None = None) -> NotePage:
    page = paginate(uow.session, select(NoteRow), NoteRow.code, first=first, after=after)
    return NotePage(items=[view(r) for r in page.items], end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@query("$name.note.read")
def get_note(uow: UnitOfWork, note_id: UUID) -> NoteView:
    return view(_load(uow, note_id))


def _load(uow: UnitOfWork, note_id: UUID) -> NoteRow:
    row = uow.session.get(NoteRow, note_id)
    if row is None:
        raise domain.NoteNotFound(note_id)
    return row
'''

FILES["api.py"] = '''"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from .schemas import NoteView
from .service import get_note, list_notes

__all__ = ["NoteView", "get_note", "list_notes"]
'''

FILES["rest.py"] = '''"""REST: /api/v1/$name/... (thin: the service decides everything)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Response

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import NoteChange, NoteInput, NotePage, NoteView

router = APIRouter()


class NotePatch(NoteChange):
    expected_version: int | None = None


@router.get("/notes", response_model=NotePage)
def list_notes(first: int = 50, after: str | None = None) -> NotePage:
    return service.list_notes(first, after)


@router.get("/notes/{note_id}", response_model=NoteView)
def get_note(note_id: UUID) -> NoteView:
    return service.get_note(note_id)


@router.post("/notes", response_model=NoteView, status_code=201)
def create_note(body: NoteInput, response: Response, key: str | None = Depends(idempotency_key)) -> NoteView:
    note = service.create_note(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/$name/notes/{note.id}"
    return note


@router.patch("/notes/{note_id}", response_model=NoteView)
def change_note(note_id: UUID, body: NotePatch, key: str | None = Depends(idempotency_key)) -> NoteView:
    """Change the fields given; `expected_version` (from the view you edited) refuses a stale edit (409)."""
    data = NoteChange.model_validate(body.model_dump(exclude={"expected_version"}, exclude_unset=True))
    return service.change_note(note_id, data, body.expected_version, idempotency_key=key)
'''

FILES["graphql.py"] = '''"""The $name subgraph."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Connection, PageInfo, Subgraph
from vextrus.platform.ids import parse_id

from . import service
from .schemas import NoteInput, NoteView


@strawberry.federation.type(keys=["id"], name="${Camel}Note")  # type names are unique across modules
class Note:
    id: strawberry.ID
    code: str
    title: str
    title_bn: str
    version: int

    @classmethod
    def of(cls, v: NoteView) -> Note:
        return cls(**{**v.model_dump(), "id": strawberry.ID(str(v.id))})

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Note:  # noqa: A002
        return cls.of(service.get_note(parse_id(id, "id")))


@strawberry.type
class ${Camel}Query:
    @strawberry.field
    def ${name}_notes(self, first: int = 50, after: str | None = None) -> Connection[Note]:
        page = service.list_notes(first, after)
        return Connection(nodes=[Note.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))


@strawberry.type
class ${Camel}Mutation:
    @strawberry.mutation
    def create_${name}_note(self, code: str, title: str, title_bn: str = "",
                            idempotency_key: str | None = None) -> Note:
        return Note.of(service.create_note(NoteInput(code=code, title=title, title_bn=title_bn),
                                           idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=${Camel}Query, mutation=${Camel}Mutation, types=(Note,))
'''

FILES["web.py"] = '''"""Pages of $name (thin: the service decides everything)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform.errors import DomainError
from vextrus.platform.ui import error_text, render

from . import service
from .schemas import NoteInput

router = APIRouter(prefix="/$name", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return render(request, "$name/index.html", notes=service.list_notes().items, error=None, form={})


@router.post("/notes")
def create(request: Request, code: str = Form(""), title: str = Form(""), title_bn: str = Form("")) -> Response:
    form = {"code": code, "title": title, "title_bn": title_bn}
    try:
        service.create_note(NoteInput(**form))
    except DomainError as exc:
        return render(request, "$name/index.html", status_code=422, notes=service.list_notes().items,
                      error=error_text(request, exc), form=form)
    return RedirectResponse("/$name", status_code=303)
'''

FILES["templates/index.html"] = '''{% extends "base.html" %}
{% block title %}{{ t('$name.title') }}{% endblock %}
{% block content %}
<h1>{{ t('$name.title') }}</h1>
<section class="card">
  <table class="grid" id="notes">
    <thead><tr><th>{{ t('$name.code') }}</th><th>{{ t('$name.note_title') }}</th></tr></thead>
    <tbody>
    {% for n in notes %}
      <tr><td>{{ n.code }}</td><td>{{ n.title_bn if locale == 'bn' and n.title_bn else n.title }}</td></tr>
    {% else %}
      <tr><td colspan="2">{{ t('$name.none') }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
</section>
{% if can('$name.note.write') %}
<section class="card">
  <h2>{{ t('$name.new') }}</h2>
  {% if error %}<p class="error">{{ error }}</p>{% endif %}
  <form method="post" action="/$name/notes">
    <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
    <label>{{ t('$name.code') }} <input name="code" value="{{ form.code or '' }}" required></label>
    <label>{{ t('$name.note_title') }} <input name="title" value="{{ form.title or '' }}" required></label>
    <label>{{ t('$name.note_title_bn') }} <input name="title_bn" value="{{ form.title_bn or '' }}"></label>
    <button type="submit">{{ t('$name.save') }}</button>
  </form>
</section>
{% endif %}
{% endblock %}
'''

FILES["i18n/en.json"] = '''{
  "$name.title": "$title",
  "$name.code": "Code",
  "$name.note_title": "Title",
  "$name.note_title_bn": "Title in Bangla",
  "$name.none": "No notes yet",
  "$name.new": "New note",
  "$name.save": "Save"
}
'''

FILES["i18n/bn.json"] = '''{
  "$name.title": "$title_bn",
  "$name.code": "কোড",
  "$name.note_title": "শিরোনাম",
  "$name.note_title_bn": "বাংলায় শিরোনাম",
  "$name.none": "এখনও কোনো নোট নেই",
  "$name.new": "নতুন নোট",
  "$name.save": "সংরক্ষণ"
}
'''

FILES["demo.py"] = '''"""Demo rows of $name for the demo company."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context

from . import service
from .schemas import NoteInput


def load(tenant_id: UUID) -> None:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        if not service.list_notes().items:
            service.create_note(NoteInput(code="WELCOME", title="Welcome", title_bn="স্বাগতম"))
'''

TEST = '''"""$name: notes on both databases (scaffolded by `vextrus dev new-module $name`)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vextrus.modules.$name import service
from vextrus.modules.$name.events import NoteCreated
from vextrus.modules.$name.schemas import NoteChange, NoteInput
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
                                    permissions=frozenset({"$name.note.read"}), actor="reader@test")
    with context.acting_as(reader):
        assert len(service.list_notes().items) == 1
        with pytest.raises(PermissionDenied):
            service.create_note(NoteInput(code="C2", title="Not mine to write"))
'''


def _context(name: str, title: str | None, title_bn: str | None) -> dict[str, str]:
    from datetime import date

    parts = name.split("_")
    camel = parts[0] + "".join(p.title() for p in parts[1:])
    return {"name": name, "Camel": camel[0].upper() + camel[1:], "camel": camel,
            "title": title or name.replace("_", " ").title(), "title_bn": title_bn or "নতুন মডিউল",
            "date": date.today().isoformat()}


def scaffold(name: str, modules_dir: Path, tests_dir: Path, title: str | None = None,
             title_bn: str | None = None) -> list[Path]:
    """Write the module `name` into `modules_dir/name` and its test into `tests_dir/name`; refuses an
    invalid name or one that exists. Returns the files written."""
    if not NAME.match(name) or keyword.iskeyword(name) or name.endswith("_"):
        raise ConfigurationError(f"module name {name!r}: 2 to 31 lower-case letters, digits or _, starting "
                                 "with a letter")
    target = modules_dir / name
    if target.exists():
        raise ConfigurationError(f"{target} exists already")
    values = _context(name, title, title_bn)
    written = []
    for path, text in [*((target / Template(rel).substitute(values), t) for rel, t in FILES.items()),
                       (tests_dir / name / f"test_{name}_notes.py", TEST)]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(text).substitute(values), encoding="utf-8")
        written.append(path)
    return written


@dev_app.command("new-module")
def new_module(
    name: str = typer.Argument(..., help="The module's name (lower_case): package, schema, table prefix"),
    title: str | None = typer.Option(None, help="English title (default: from the name)"),
    title_bn: str | None = typer.Option(None, "--title-bn", help="Bangla title"),
    modules_dir: Path | None = typer.Option(None, help="Where modules live (default: vextrus.modules)"),
    tests_dir: Path = typer.Option(Path("tests/modules"), help="Where module tests live"),
) -> None:
    """Scaffold a module that passes the conformance test: see docs/modules.md."""
    if modules_dir is None:
        import vextrus.modules

        modules_dir = Path(next(iter(vextrus.modules.__path__)))
    try:
        files = scaffold(name, modules_dir, tests_dir, title, title_bn)
    except ConfigurationError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for f in files:
        typer.echo(str(f))
    typer.echo(f"next: vextrus migrate, then pytest tests/modules/{name} tests/platform/test_module_conformance.py")
