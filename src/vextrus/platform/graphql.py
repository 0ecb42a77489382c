"""GraphQL plumbing: each module contributes a federated subgraph; the app serves their
composition as one schema. Modules add fields to the shared root types as mixins, because
merging whole schemas fails on duplicate names."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from strawberry.extensions import SchemaExtension, ValidationCache
from strawberry.federation import Schema as FederatedSchema
from strawberry.federation.object_type import process_federation_type_directives

from vextrus.platform.errors import DomainError
from vextrus.platform.http_errors import domain_error_inside, is_database_unavailable, refused_value
from vextrus.platform.pagination import Page

T = TypeVar("T")


@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.federation.type(shareable=True)
class Connection(Generic[T]):
    """A Relay-style page: `nodes` plus where to continue (`pageInfo.endCursor`)."""

    nodes: list[T]
    page_info: PageInfo


def to_connection(page: Page[Any], convert: Any) -> Connection[Any]:
    return Connection(nodes=[convert(i) for i in page.items],
                      page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))


@dataclass(frozen=True)
class Subgraph:
    """A module's part of the API: strawberry types whose fields join the root types."""

    query: type
    mutation: type | None = None
    types: tuple[type, ...] = field(default_factory=tuple)


class DomainErrorsExtension(SchemaExtension):
    """Give every domain error a machine-readable `extensions.code` (and the Bangla message,
    the field and details), like the REST error body."""

    def on_operation(self):  # type: ignore[no-untyped-def]
        yield
        result = self.execution_context.result
        if not result or not result.errors:
            return
        fixed = []
        for err in result.errors:
            orig = err.original_error
            orig = (domain_error_inside(orig) or orig) if orig is not None else None  # unwrap SQLAlchemy's wrapping
            if orig is not None and refused_value(orig) is not None:
                orig = refused_value(orig)
            if isinstance(orig, PydanticValidationError):  # an input model refused the arguments, as REST's 422
                orig = _invalid_input(orig)
            if isinstance(orig, DomainError):
                ext = {**orig.to_dict()}
                ext.pop("message")
                fixed.append(GraphQLError(orig.message, nodes=err.nodes, source=err.source,
                                          positions=err.positions, path=err.path, original_error=orig,
                                          extensions=ext))
            else:
                code = (err.extensions or {}).get("code") or ("internal_error" if orig else "bad_request")
                message = "Internal error" if orig else err.message
                words = None if orig else _scalar_words(err.message)  # 'lots' is not a number, not "a Decimal"
                if words is not None:
                    code, message = "invalid_input", words[0]
                    err.extensions = {**(err.extensions or {}), "message_bn": words[1]}
                if orig is not None and is_database_unavailable(orig):
                    code, message = "database_unavailable", "The database is not available at the moment; retry"
                fixed.append(GraphQLError(message, nodes=err.nodes, source=err.source, positions=err.positions,
                                          path=err.path, extensions={**(err.extensions or {}), "code": code}))
        result.errors = fixed


def _scalar_words(message: str) -> tuple[str, str] | None:
    from vextrus.platform import forms

    return forms.scalar_words(message)


def _invalid_input(exc: PydanticValidationError) -> DomainError:
    from vextrus.platform import forms  # in words, quoting the value, like REST's refusals

    return forms.explain(list(exc.errors()))


DOCUMENT_CACHE = 256  # parsed and validated GraphQL documents kept per process
CACHED_DOCUMENT_CHARS = 4096  # only documents this short are kept: a client cannot fill memory with big ones


def _small(ctx: Any) -> bool:  # noqa: ANN401 - strawberry's ExecutionContext
    return ctx.query is not None and len(ctx.query) <= CACHED_DOCUMENT_CHARS


class _SmallDocumentValidationCache(ValidationCache):
    """Validation of a (cached, so identical) short document against the schema, once per process."""

    def __init__(self) -> None:
        super().__init__(maxsize=DOCUMENT_CACHE)

    def on_validate(self):  # type: ignore[no-untyped-def]
        if _small(self.execution_context):
            yield from super().on_validate()
        else:
            yield


def build_schema(subgraphs: Iterable[Subgraph]) -> FederatedSchema:
    subgraphs = list(subgraphs)
    queries = tuple(s.query for s in subgraphs)
    mutations = tuple(s.mutation for s in subgraphs if s.mutation)
    query = strawberry.type(type("Query", queries, {}))
    mutation = strawberry.type(type("Mutation", mutations, {})) if mutations else None
    types = [t for s in subgraphs for t in s.types]
    return FederatedSchema(query=query, mutation=mutation, types=types,
                           extensions=[DomainErrorsExtension, _SmallDocumentValidationCache],  # no parser cache: it hid
                           # a syntax error's code from DomainErrorsExtension (test_live_server); the bounds check's
                           # parse is cached
                           federation_version="2.9")


# --- one declaration per concept: GraphQL types derived from the service's pydantic DTOs ---------------

def dto_type(model: type[BaseModel], *, name: str | None = None, description: str | None = None,
             keys: Sequence[str] = (), shareable: bool = False,
             fields: dict[str, str] | None = None) -> Callable[[type], Any]:
    """A Strawberry output type whose fields are every field of the DTO `model` (ARCHITECTURE §9: the
    DTO is the source; the parity test in tests/platform/test_dto_parity.py holds them together).

    The decorated class adds what the DTO cannot say: an override annotation (`id: strawberry.ID`,
    `details: JSON`), resolvers, `resolve_reference`. `keys` makes it a federated entity
    (`@key(fields: "id")`); `fields` gives fields a description. Unless the class defines its own, `Type.of(dto_or_row)` builds it from a
    DTO instance or anything with the same attributes (an ORM row)."""
    directives, _extend = process_federation_type_directives((), keys=list(keys), shareable=shareable)

    def wrap(cls: type) -> Any:
        out = strawberry.experimental.pydantic.type(model, all_fields=True, name=name or cls.__name__,
                                                    description=description, directives=directives)(cls)
        for f in out.__strawberry_definition__.fields:
            if fields and f.python_name in fields:
                f.description = fields[f.python_name]
        _keep_methods(cls, out)
        if "from_pydantic" not in cls.__dict__:
            out.from_pydantic = staticmethod(_fast_from_pydantic(out, out.from_pydantic))
        if "of" not in cls.__dict__:
            out.of = classmethod(_of(model))
        for attr in ("of", "resolve_reference"):  # federation calls the original class (the type's origin)
            if hasattr(out, attr):
                setattr(cls, attr, getattr(out, attr))
        return out

    return wrap


def dto_input(model: type[BaseModel], *, name: str | None = None, description: str | None = None) -> Callable[[type], Any]:
    """A Strawberry input whose fields are every field of the DTO `model`; `value.to_pydantic()` (also
    spelled `value.to_model()`) gives the service its DTO, validated by the same rules as REST's body."""

    def wrap(cls: type) -> Any:
        out = strawberry.experimental.pydantic.input(model, all_fields=True, name=name or cls.__name__,
                                                     description=description)(cls)
        _keep_methods(cls, out)
        if "to_model" not in cls.__dict__:
            out.to_model = out.to_pydantic
        return out

    return wrap


def _keep_methods(cls: type, out: type) -> None:
    """Strawberry's pydantic decorator builds a new class and keeps only fields and `resolve_reference`:
    carry over the class's own methods (`of`, helpers) as well."""
    from strawberry.types.field import StrawberryField

    names = {f.python_name for f in out.__strawberry_definition__.fields}  # type: ignore[attr-defined]
    for name, value in cls.__dict__.items():
        if name.startswith("__") or name in out.__dict__ or name in names or isinstance(value, StrawberryField):
            continue
        setattr(out, name, value)


def _fast_from_pydantic(out: Any, general: Callable[..., Any]) -> Callable[..., Any]:
    """Strawberry's `from_pydantic` works out every field's type on every call (isinstance chains, typing
    introspection): ~0.25 ms per object, most of a list query's CPU. This one works it out once per type:
    scalar and enum fields are copied as they are, only lists, unions and nested objects go through
    Strawberry's converter. Same result; Strawberry's own path when `extra` is given or a private field exists."""
    plan: list[tuple[str, Any]] | None = None

    def make_plan() -> list[tuple[str, Any]]:
        import dataclasses

        from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
        from strawberry.types.private import is_private
        from strawberry.types.union import StrawberryUnion

        if dataclasses.is_dataclass(out) and any(is_private(f.type) for f in dataclasses.fields(out)):
            return []
        steps = []
        for f in out.__strawberry_definition__.fields:
            if not f.init:
                continue
            t = f.type
            inner = t.of_type if isinstance(t, StrawberryOptional) else t
            plain = not (isinstance(inner, StrawberryList | StrawberryUnion) or has_object_definition(inner))
            steps.append((f.python_name, None if plain else t))
        return steps

    def from_pydantic(instance: Any, extra: dict[str, Any] | None = None) -> Any:
        nonlocal plan
        if plan is None:
            plan = make_plan()
        if extra or not plan:
            return general(instance, extra)
        from strawberry.experimental.pydantic.conversion import (
            _convert_from_pydantic_to_strawberry_type as convert,
        )

        kwargs = {}
        for name, kind in plan:
            value = getattr(instance, name, None)
            kwargs[name] = value if kind is None or value is None else convert(kind, value)
        made = out(**kwargs)
        made._original_model = instance
        return made

    return from_pydantic


def _of(model: type[BaseModel]) -> Callable[[type, Any], Any]:
    def of(cls: Any, value: Any) -> Any:
        if not isinstance(value, model):
            value = model.model_validate(value, from_attributes=True)
        return cls.from_pydantic(value)

    return of


def global_id(kind: str, value: object) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode()
