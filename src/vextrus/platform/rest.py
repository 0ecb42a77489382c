"""The REST convention (docs/modules.md, "REST convention") as a few helpers every module's `rest.py` uses:

- `created(request, response, id)`: a create answers 201 with `Location` (the new resource's URL);
- `VersionCheck` / `patch_of(Model)`: an update takes `expected_version` (`version` is accepted too, for one
  release); PATCH bodies carry only the fields to change, `merged(current, patch, Model)` fills the rest;
- `CursorPage[T]` / `cursor_page(page)`: lists page by cursor (`first`, `after` -> `items`, `end_cursor`,
  `has_next_page`), the same pages GraphQL's connections read (`platform.pagination.paginate`).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar
from urllib.parse import quote
from uuid import UUID

from fastapi import Request, Response
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, create_model

from vextrus.platform.pagination import Page

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

def version_field(required: bool = False) -> Any:
    """`expected_version`, also read from `version` (accepted for one release)."""
    return Field(... if required else None, validation_alias=AliasChoices("expected_version", "version"),
                 description="The version you read; a newer stored version refuses the change (409 "
                             "stale_version). `version` is accepted as the same, for one release.")


VERSION_FIELD = version_field()


class VersionCheck(BaseModel):
    """Mixed into an update body: `expected_version` (or, for one release, `version`)."""

    model_config = ConfigDict(populate_by_name=True)

    expected_version: int | None = VERSION_FIELD


def patch_of(model: type[BaseModel], name: str | None = None, *, version_required: bool = False) -> type[BaseModel]:
    """A PATCH body for `model`: each of its fields optional (absent = unchanged), plus `expected_version`
    (required when the module refuses unchecked edits, as master data does)."""
    fields: dict[str, Any] = {f: (info.annotation | None, Field(default=None, description=info.description))  # type: ignore[operator]
                              for f, info in model.model_fields.items()}
    if version_required:
        fields["expected_version"] = (int, version_field(required=True))
    return create_model(name or f"{model.__name__}Patch", __base__=VersionCheck, **fields)


def merged(current: BaseModel, patch: BaseModel, into: type[M]) -> M:
    """`into` built from the stored view `current` with the fields the client sent in `patch` replacing
    their values (a field sent as null is set to null; one left out keeps its value)."""
    data = current.model_dump(include=set(into.model_fields))
    data.update(patch.model_dump(include=set(into.model_fields), exclude_unset=True))
    try:
        return into.model_validate(data)
    except ValidationError as exc:  # `"name": null` for a required field: 422 in words, as a refused body
        from vextrus.platform import forms

        raise forms.explain(list(exc.errors())) from None


def created(request: Request, response: Response, resource_id: UUID | str, *, collection: str | None = None,
            query: dict[str, Any] | None = None) -> None:
    """201 Created with `Location`: the collection's URL followed by the new resource's id (or code).
    `collection` replaces the request's path when the POST was not made on the collection itself
    (`/recurring/from-entry` creates in `/recurring`); `query` adds parameters (a price is read at
    `/items/{id}/price?price_list=...&on=...`)."""
    response.status_code = 201
    base = (collection or request.url.path).rstrip("/")
    url = f"{base}/{quote(str(resource_id), safe='')}" if resource_id != "" else base
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode({k: str(v) for k, v in query.items() if v is not None})
    response.headers["Location"] = url


class CursorPage(BaseModel, Generic[T]):
    """One page of a list: the rows, and where the next page starts (`after=end_cursor`)."""

    items: list[T]
    end_cursor: str | None
    has_next_page: bool


def cursor_page(page: Page[Any], convert: Any = None) -> dict[str, Any]:
    return {"items": [convert(i) for i in page.items] if convert else list(page.items),
            "end_cursor": page.end_cursor, "has_next_page": page.has_next_page}
