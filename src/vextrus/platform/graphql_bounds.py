"""The work one GraphQL operation may ask for, checked before it runs (docs/security.md).

Tokens (`graphql_max_tokens`), nesting depth, aliases, the largest page a list field may return
(`first`, `limit`, `_entities(representations)`) and a cost: every field counts 1, multiplied by the
page sizes of the lists above it (an argument not given counts its default). Schema introspection
(`__schema`, `__type`) needs a signed-in user unless `graphql_public_schema` is set.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    parse,
)
from graphql.language import Visitor, visit

from vextrus.platform.errors import DomainError, Unauthenticated
from vextrus.platform.i18n import to_bangla_digits

PAGE_ARGS = ("first", "limit", "representations")
INTROSPECTION = ("__schema", "__type")


@dataclass(frozen=True)
class GraphQLLimits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_cost: int = 200_000
    max_page_size: int = 5000
    public_schema: bool = False

    @classmethod
    def from_settings(cls, s: Any) -> GraphQLLimits:  # noqa: ANN401 - platform Settings
        return cls(s.graphql_max_depth, s.graphql_max_aliases, s.graphql_max_tokens, s.graphql_max_cost,
                   s.graphql_max_page_size, s.graphql_public_schema)


def as_graphql_error(exc: DomainError) -> GraphQLError:
    """The same shape DomainErrorsExtension gives resolver errors: extensions {code, message_bn, field, details}."""
    ext = exc.to_dict()
    ext.pop("message")
    return GraphQLError(exc.message, extensions=ext)


class _Refused(Exception):
    def __init__(self, error: DomainError):
        super().__init__(error.message)
        self.error = error


def check_operation(schema: GraphQLSchema, query: str, variables: dict[str, Any] | None, limits: GraphQLLimits,
                    *, signed_in: bool) -> GraphQLError | None:
    """None when the document is within bounds (or is malformed: execution reports that as usual),
    else the error to answer with instead of running it."""
    try:
        document = _parse(query, limits.max_tokens)
    except GraphQLSyntaxError as exc:
        if "tokens" in exc.message:
            return as_graphql_error(_too_complex(f"more than {limits.max_tokens} tokens",
                                                 f"{to_bangla_digits(str(limits.max_tokens))}টির বেশি টোকেন", tokens=limits.max_tokens))
        if "nested too deeply" in exc.message:
            return as_graphql_error(_too_deep(limits.max_depth))
        return None
    try:
        _Checker(schema, document, variables or {}, limits, signed_in).run()
    except _Refused as refused:
        return as_graphql_error(refused.error)
    except RecursionError:
        return as_graphql_error(_too_complex("fragments nested too deeply", "ফ্র্যাগমেন্ট খুব গভীরে"))
    return None


CACHED_DOCUMENT_CHARS = 4096  # shorter documents are parsed once per process (longer ones are not kept)


def _parse(query: str, max_tokens: int) -> DocumentNode:
    """The parsed document (read-only for the checks). Clients send the same few documents again and
    again: a short one is kept. A syntax error is raised each time (lru_cache keeps no exceptions)."""
    if len(query) <= CACHED_DOCUMENT_CHARS:
        return _parse_cached(query, max_tokens)
    return parse(query, max_tokens=max_tokens)


@functools.lru_cache(maxsize=256)
def _parse_cached(query: str, max_tokens: int) -> DocumentNode:
    return parse(query, max_tokens=max_tokens)


def _too_deep(limit: int) -> DomainError:
    return DomainError("query_too_deep", f"The query is nested deeper than {limit} levels",
                       f"কোয়েরিটি {to_bangla_digits(str(limit))} স্তরের বেশি গভীর", details={"limit": limit})


def _too_complex(why: str, why_bn: str, **details: int) -> DomainError:
    return DomainError("query_too_complex", f"The query asks for too much work ({why}); split it or ask for less",
                       f"কোয়েরিটি অতিরিক্ত কাজ চায় ({why_bn}); ভাগ করে বা কম চেয়ে পাঠান", details=details)


class _Checker:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any],
                 limits: GraphQLLimits, signed_in: bool):
        self.schema, self.variables, self.limits, self.signed_in = schema, variables, limits, signed_in
        self.document = document
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.memo: dict[str, tuple[int, int]] = {}
        self.visiting: set[str] = set()

    def run(self) -> None:
        aliases = _count_aliases(self.document)
        if aliases > self.limits.max_aliases:
            raise _Refused(DomainError(
                "too_many_aliases", f"The query uses {aliases} aliases; at most {self.limits.max_aliases} are allowed",
                to_bangla_digits(f"কোয়েরিতে {aliases}টি উপনাম; সর্বোচ্চ {self.limits.max_aliases}টি চলে"),
                details={"limit": self.limits.max_aliases, "found": aliases}))
        for op in self.document.definitions:
            if not isinstance(op, OperationDefinitionNode):
                continue
            root = self.schema.get_root_type(op.operation)
            depth, cost = self.selection(op.selection_set, root, 0)
            if cost > self.limits.max_cost:
                raise _Refused(_too_complex(f"cost {cost} over {self.limits.max_cost}",
                                            to_bangla_digits(f"খরচ {cost}, সীমা {self.limits.max_cost}"), limit=self.limits.max_cost,
                                            cost=cost))

    def selection(self, selection_set: SelectionSetNode | None, parent: Any, depth: int) -> tuple[int, int]:
        """(deepest level below, cost) of a selection set met at `depth`."""
        if selection_set is None:
            return 0, 0
        if depth >= self.limits.max_depth:
            raise _Refused(_too_deep(self.limits.max_depth))
        deepest, cost = 0, 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                d, c = self.field(sel, parent, depth)
            elif isinstance(sel, InlineFragmentNode):
                cond = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                d, c = self.selection(sel.selection_set, cond, depth)  # no level of its own
            elif isinstance(sel, FragmentSpreadNode):
                d, c = self.spread(sel.name.value, depth)
            else:  # pragma: no cover - no other selection kinds exist
                continue
            deepest, cost = max(deepest, d), cost + c
        return deepest, cost

    def spread(self, name: str, depth: int) -> tuple[int, int]:
        frag = self.fragments.get(name)
        if frag is None or name in self.visiting:  # unknown or cyclic: validation reports it
            return 0, 0
        if name not in self.memo:
            self.visiting.add(name)
            try:
                self.memo[name] = self.selection(frag.selection_set, self.schema.get_type(frag.type_condition.name.value),
                                                 0)
            finally:
                self.visiting.discard(name)
        d, c = self.memo[name]
        if depth + d > self.limits.max_depth:
            raise _Refused(_too_deep(self.limits.max_depth))
        return d, c

    def field(self, node: FieldNode, parent: Any, depth: int) -> tuple[int, int]:
        name = node.name.value
        if name in INTROSPECTION and not (self.signed_in or self.limits.public_schema):
            raise _Refused(Unauthenticated("Sign in to read the schema", "স্কিমা পড়তে সাইন-ইন করুন"))
        fields = getattr(parent, "fields", None) or {}
        definition = fields.get(name)
        if name in INTROSPECTION:
            child_type = get_named_type(self.schema.get_type("__Schema" if name == "__schema" else "__Type"))
        else:
            child_type = get_named_type(definition.type) if definition is not None else None
        pages = 1
        for arg in PAGE_ARGS:
            size = self.argument(node, definition, arg)
            if size is None:
                continue
            if size > self.limits.max_page_size:
                raise _Refused(DomainError(
                    "page_too_large", f"{name}({arg}: {size}) asks for more than {self.limits.max_page_size} rows",
                    f"একটি তালিকা {to_bangla_digits(str(self.limits.max_page_size))}টির বেশি সারি চায়", field=arg,
                    details={"limit": self.limits.max_page_size, "field": name}))
            pages = max(pages, size)
        d, c = self.selection(node.selection_set, child_type, depth + 1)
        return d + 1, 1 + pages * c

    def argument(self, node: FieldNode, definition: Any, arg: str) -> int | None:
        for a in node.arguments or ():
            if a.name.value != arg:
                continue
            value = a.value
            if isinstance(value, VariableNode):
                return _size(self.variables.get(value.name.value))
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, ListValueNode):
                return len(value.values)
            return None
        declared = (getattr(definition, "args", None) or {}).get(arg)
        return _size(getattr(declared, "default_value", None)) if declared is not None else None


def _size(value: Any) -> int | None:  # noqa: ANN401
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return len(value)
    return None


def _count_aliases(document: DocumentNode) -> int:
    counted = 0

    class Aliases(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            nonlocal counted
            if node.alias is not None:
                counted += 1

    visit(document, Aliases())
    return counted
