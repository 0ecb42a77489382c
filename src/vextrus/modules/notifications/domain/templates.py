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
from vextrus.platform.i18n import to_bangla_digits

MAX_TEMPLATE = 8000
# which template a refusal is about, on a Bangla page (never the English field name)
FIELD_BN = {"subject": "বিষয়", "body": "মূল লেখা", "template": "টেমপ্লেট"}
_UNDEFINED = re.compile(r"'(\w+)' is undefined")


def _field_bn(field: str) -> str:
    return FIELD_BN.get(field.rsplit(".", 1)[-1], "টেমপ্লেট")
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"(?i)</p>|<br\s*/?>|</h\d>|</li>|</div>")


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, trim_blocks=True)


def check(source: str, field: str) -> None:
    """Refuse a template that is too long or does not compile (the field path names the template)."""
    if len(source) > MAX_TEMPLATE:
        raise ValidationFailed("template_too_long", f"{field}: at most {MAX_TEMPLATE} characters",
                               f"{_field_bn(field)}: সর্বোচ্চ {to_bangla_digits(str(MAX_TEMPLATE))} অক্ষর", field=field)
    try:
        _env().parse(source)
    except TemplateSyntaxError as exc:
        raise ValidationFailed("template_invalid", f"{field}: line {exc.lineno}: {exc.message}",
                               f"{_field_bn(field)}: লাইন {to_bangla_digits(str(exc.lineno))}: টেমপ্লেটটি সঠিক নয়",
                               field=field, details={"line": exc.lineno}) from exc


@lru_cache(maxsize=512)
def _compiled(source: str) -> Any:
    return _env().from_string(source)  # compiling is the slow part: once per distinct text


def render(source: str, values: dict[str, Any], field: str = "template") -> str:
    """The template filled in, HTML-escaped values; a name the event does not give is refused."""
    try:
        return _compiled(source).render(**values)
    except TemplateSyntaxError as exc:
        raise ValidationFailed("template_invalid", f"{field}: line {exc.lineno}: {exc.message}",
                               f"{_field_bn(field)}: লাইন {to_bangla_digits(str(exc.lineno))}: টেমপ্লেটটি সঠিক নয়",
                               field=field) from exc
    except (UndefinedError, SecurityError) as exc:
        raise ValidationFailed("template_unknown_value", f"{field}: {exc}",
                               f"{_field_bn(field)}: টেমপ্লেটে অজানা মান" + _unknown_name(exc), field=field) from exc


def _unknown_name(exc: Exception) -> str:
    """The name the template used and the event does not give, as the administrator typed it (else nothing)."""
    m = _UNDEFINED.search(str(exc))
    return f" '{m.group(1)}'" if m else ""


def plain(rendered: str) -> str:
    """Text for channels without markup (SMS, the plain part of an email, a subject)."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", rendered))).strip()
