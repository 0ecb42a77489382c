"""Message templates: Jinja2 in a sandbox with autoescaping (an administrator edits them; values come from
events, so a party named `<script>` stays text). A template that does not compile is refused with the
line it fails on."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from vextrus.platform.errors import ValidationFailed

MAX_TEMPLATE = 8000
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"(?i)</p>|<br\s*/?>|</h\d>|</li>|</div>")


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, trim_blocks=True)


def check(source: str, field: str) -> None:
    """Refuse a template that is too long or does not compile (the field path names the template)."""
    if len(source) > MAX_TEMPLATE:
        raise ValidationFailed("template_too_long", f"{field}: at most {MAX_TEMPLATE} characters",
                               f"{field}: সর্বোচ্চ {MAX_TEMPLATE} অক্ষর", field=field)
    try:
        _env().parse(source)
    except TemplateSyntaxError as exc:
        raise ValidationFailed("template_invalid", f"{field}: line {exc.lineno}: {exc.message}",
                               f"{field}: লাইন {exc.lineno}: টেমপ্লেটটি সঠিক নয় ({exc.message})", field=field,
                               details={"line": exc.lineno}) from exc


@lru_cache(maxsize=512)
def _compiled(source: str) -> Any:
    return _env().from_string(source)  # compiling is the slow part: once per distinct text


def render(source: str, values: dict[str, Any], field: str = "template") -> str:
    """The template filled in, HTML-escaped values; a name the event does not give is refused."""
    try:
        return _compiled(source).render(**values)
    except TemplateSyntaxError as exc:
        raise ValidationFailed("template_invalid", f"{field}: line {exc.lineno}: {exc.message}",
                               f"{field}: লাইন {exc.lineno}: টেমপ্লেটটি সঠিক নয় ({exc.message})", field=field) from exc
    except (UndefinedError, SecurityError) as exc:
        raise ValidationFailed("template_unknown_value", f"{field}: {exc}",
                               f"{field}: টেমপ্লেটে অজানা মান ({exc})", field=field) from exc


def plain(rendered: str) -> str:
    """Text for channels without markup (SMS, the plain part of an email, a subject)."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", rendered))).strip()
