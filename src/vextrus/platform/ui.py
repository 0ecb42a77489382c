"""Server-rendered pages: one Jinja2 environment for the shell and every module's templates,
with the locale, number formatting and CSRF token every page needs."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from vextrus.platform import context, i18n, runtime
from vextrus.platform.errors import DomainError, NotFound, PermissionDenied

T = TypeVar("T")

CSRF_COOKIE = "vx_csrf"
LANG_COOKIE = "vx_lang"


def locale_of(request: Request, default: str | None = None) -> str:
    """The page's language: `?lang=`, else the language cookie, else the signed-in user's own language
    (`default`, or the acting context's), else English."""
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or default \
        or context.current().locale or "en"
    return lang if lang in i18n.LOCALES else "en"


def error_text(request: Request, exc: DomainError) -> str:
    """A refused command's message in the page's language."""
    return exc.message_bn if locale_of(request) == "bn" else exc.message


def code_label(code: str, name: str, name_bn: str | None, locale: str) -> str:
    """"CODE — Name", the Bangla name on Bangla pages when there is one: how a picker shows a record."""
    return f"{code} — {name_bn if locale == 'bn' and name_bn else name}"


def from_module(module: str, fn: Callable[[], T]) -> T | None:
    """`fn()` (a call into another module's api) when that module runs in this process and the user
    may read what it asks; None otherwise, so the page falls back (a raw id field, the id shown)."""
    if module not in runtime.current().registry.names:
        return None
    try:
        return fn()
    except (PermissionDenied, NotFound):
        return None


def can(permission: str) -> bool:
    """May the signed-in user do `permission`? Templates show a button only then: `{% if can('finance.journal.reverse')
    %}`; the same check (`RequestContext.can`) the service's `require` makes, so a page never offers what
    the service would refuse."""
    return context.current().can(permission)


_LINKS: dict[str, tuple[str, Callable[..., str]]] = {}


def register_link(kind: str, module: str, make: Callable[..., str]) -> None:
    """A module offers an address other modules' pages link to without importing it (audit: the
    "history" of an object), registered when its pages are loaded."""
    _LINKS[kind] = (module, make)


def link(kind: str, *args: Any, **kwargs: Any) -> str:
    """The address the module offering `kind` makes (templates: `link('history', type, id)`), or ""
    when that module does not run in this process."""
    module, make = _LINKS.get(kind, ("", None))
    return make(*args, **kwargs) if make and module in runtime.current().registry.names else ""


def _template_dir(package: str) -> str | None:
    try:
        path = resources.files(package).joinpath("templates")
    except ModuleNotFoundError:
        return None
    return str(path) if path.is_dir() else None


@lru_cache(maxsize=8)
def environment(module_names: tuple[str, ...]) -> Environment:
    prefixes = {}
    for name in module_names:
        d = _template_dir(f"vextrus.modules.{name}")
        if d:
            prefixes[name] = FileSystemLoader(d)
    shell = _template_dir("vextrus.web")
    loader = ChoiceLoader([PrefixLoader(prefixes), FileSystemLoader(shell or ".")])
    env = Environment(loader=loader, autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v, places=2, locale="en": i18n.format_number(Decimal(v), places, locale)
    env.filters["money"] = lambda v, cur="BDT", locale="en": i18n.format_money(Decimal(v), cur, locale)
    env.filters["digits"] = lambda v, locale="en": i18n.to_bangla_digits(str(v)) if locale == "bn" else str(v)
    env.filters["date"] = lambda v, locale="en", pattern="d MMM y": i18n.format_date(v, locale, pattern)
    env.filters["count"] = lambda v, locale="en": "" if v is None else i18n.format_count(v, locale)
    return env


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    rt = runtime.current()
    locale = locale_of(request)
    packages = tuple(f"vextrus.modules.{n}" for n in rt.registry.names) + ("vextrus.web",)

    def t(key: str, **params: Any) -> str:
        return i18n.translate(key, locale, packages, **params)

    def in_words(kind: str, value: object) -> str:  # in_words('fin.st', a.subtype): a stored value in words
        return i18n.label(kind, value, locale, packages)

    ctx = context.current()
    nav = [
        item for m in rt.registry.modules for item in m.nav
        if item.shown_to(ctx.can)
    ]
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    html = environment(tuple(rt.registry.names)).get_template(template).render(
        request=request, locale=locale, t=t, in_words=in_words, nav=nav, user=ctx, csrf_token=token, can=can, link=link,
        modules=rt.registry.modules, **values,
    )
    response = HTMLResponse(html, status_code=status_code)
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, token, httponly=False, samesite="strict")
    if "lang" in request.query_params and locale == request.query_params["lang"]:
        response.set_cookie(LANG_COOKIE, locale, samesite="lax", max_age=365 * 86400)
    return response
