"""Reading what a user typed into a page or query string: numbers and dates, parsed in one place.

Every page handler turns text into a number or a date through these functions instead of calling
`float()`, `Decimal()`, `int()` or `date.fromisoformat()` itself, so a bad value is never a 500
and never Python's own words ("could not convert string to float", "[<class
'decimal.ConversionSyntax'>]"): it is a `ValidationFailed` with a code, the field, and a message
in English and Bangla quoting what was typed, which the page shows next to the form it keeps.

Accepted everywhere: surrounding spaces, Bangla digits (১২.৫), lakh/crore or thousands commas
(1,50,000), and a blank field as None (unless `required`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_ascii_digits, to_bangla_digits

M = TypeVar("M", bound=BaseModel)
MAX_SHOWN = 40  # characters of the typed value quoted back in a message


def _shown(text: str) -> str:
    t = text.strip()
    return t if len(t) <= MAX_SHOWN else t[:MAX_SHOWN] + "…"


def _prefix(label: str | None, label_bn: str | None) -> tuple[str, str]:
    return (f"{label}: " if label else ""), (f"{label_bn or label}: " if (label_bn or label) else "")


def _missing(field: str, label: str | None, label_bn: str | None) -> ValidationFailed:
    en, bn = _prefix(label, label_bn)
    return ValidationFailed("field_required", f"{en}a value is required", f"{bn}একটি মান দিতে হবে", field=field)


def _clean(text: object) -> str:
    return to_ascii_digits("" if text is None else str(text)).strip()


def decimal(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
            required: bool = False) -> Decimal | None:
    """`text` as an exact Decimal (None when blank and not `required`)."""
    raw = _clean(text)
    if not raw:
        if required:
            raise _missing(field, label, label_bn)
        return None
    try:
        value = Decimal(raw.replace(",", "").replace("_", "x"))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        en, bn = _prefix(label, label_bn)
        shown = _shown(str(text))
        raise ValidationFailed("number_invalid", f"{en}'{shown}' is not a number (for example 1,250.50)",
                               f"{bn}'{shown}' সংখ্যা নয় (যেমন ১,২৫০.৫০)", field=field, details={"value": shown})
    return value


def number(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
           required: bool = False) -> float | None:
    """`text` as a float, for measures that are floats in the domain (durations, percentages)."""
    value = decimal(text, field, label=label, label_bn=label_bn, required=required)
    if value is None:
        return None
    out = float(value)
    if not math.isfinite(out):
        en, bn = _prefix(label, label_bn)
        shown = _shown(str(text))
        raise ValidationFailed("number_invalid", f"{en}'{shown}' is too large", f"{bn}'{shown}' অনেক বড়",
                               field=field, details={"value": shown})
    return out


def integer(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
            required: bool = False) -> int | None:
    """`text` as a whole number."""
    raw = _clean(text).replace(",", "")
    if not raw:
        if required:
            raise _missing(field, label, label_bn)
        return None
    if not (raw.isascii() and raw.lstrip("+-").isdigit()) or len(raw) > 18:
        en, bn = _prefix(label, label_bn)
        shown = _shown(str(text))
        raise ValidationFailed("integer_invalid", f"{en}'{shown}' is not a whole number",
                               f"{bn}'{shown}' পূর্ণসংখ্যা নয়", field=field, details={"value": shown})
    return int(raw)


def day(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
        required: bool = False) -> date | None:
    """`text` as a date written YYYY-MM-DD (what a date input sends)."""
    raw = _clean(text)
    if not raw:
        if required:
            raise _missing(field, label, label_bn)
        return None
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else _bad_date(text, field, label, label_bn)
    except ValueError:
        return _bad_date(text, field, label, label_bn)


def moment(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
           required: bool = False) -> datetime | None:
    """`text` as a date and time (YYYY-MM-DD, optionally followed by a time such as T17:00)."""
    raw = _clean(text)
    if not raw:
        if required:
            raise _missing(field, label, label_bn)
        return None
    try:
        value = datetime.fromisoformat(raw) if len(raw) >= 10 else None
    except ValueError:
        value = None
    if value is None or value.tzinfo is not None:
        return _bad_date(text, field, label, label_bn)
    return value


def _bad_date(text: object, field: str, label: str | None, label_bn: str | None) -> NoReturn:
    en, bn = _prefix(label, label_bn)
    shown = _shown(str(text))
    raise ValidationFailed("date_invalid", f"{en}'{shown}' is not a date (write it as YYYY-MM-DD, e.g. 2025-07-31)",
                           f"{bn}'{shown}' তারিখ নয় (বছর-মাস-দিন লিখুন, যেমন ২০২৫-০৭-৩১)", field=field,
                           details={"value": shown})


def field_path(*parts: object) -> str:
    """The field path of a value as every layer names it: a list item by its index in brackets, a member
    after a dot (`field_path("lines", 2, "quantity")` = "lines[2].quantity"), so a schema's refusal (pydantic's
    `loc`) and a rule's name one line's field the same way, and the pages that place an error under its
    row (`name[i]`) find it whichever layer refused. Keys of a mapping stay dotted (`accounts.salary`)."""
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(parts))


def explain(errors: list[dict[str, Any]], code: str = "invalid_input") -> ValidationFailed:
    """A framework's refusal of a typed parameter or body field (pydantic's error list, as FastAPI's
    RequestValidationError and GraphQL inputs give it) as one field error in words, English and
    Bangla, quoting the value: "status_date: 'garbage' is not a date (write it as YYYY-MM-DD …)"
    instead of "Input should be a valid date or datetime, input is too short"."""
    first = errors[0] if errors else {}
    loc = (p for p in first.get("loc", ()) if p not in ("body", "query", "path", "form", "header"))
    field = field_path(*loc) or None
    kind = str(first.get("type", ""))
    raw = first.get("input")
    shown = _shown(str(raw)) if raw is not None and not isinstance(raw, (dict, list)) else ""
    ctx = first.get("ctx") or {}
    en, bn = (f"{field}: " if field else ""), ""
    q = f"'{shown}' "
    if kind == "missing":
        en, bn = f"{en}a value is required", "একটি মান দিতে হবে"
    elif kind.startswith(("date", "datetime", "time")):
        en, bn = (f"{en}{q}is not a date (write it as YYYY-MM-DD, e.g. 2025-07-31)",
                  f"{q}তারিখ নয় (বছর-মাস-দিন লিখুন, যেমন ২০২৫-০৭-৩১)")
    elif kind.startswith("int"):
        en, bn = f"{en}{q}is not a whole number", f"{q}পূর্ণসংখ্যা নয়"
    elif kind.startswith(("float", "decimal", "finite")):
        en, bn = f"{en}{q}is not a number (for example 1,250.50)", f"{q}সংখ্যা নয় (যেমন ১,২৫০.৫০)"
    elif kind.startswith("uuid"):
        en, bn = f"{en}{q}is not a valid id: pick one from the list", f"{q}সঠিক আইডি নয়: তালিকা থেকে বেছে নিন"
    elif kind.startswith("bool"):
        en, bn = f"{en}{q}is not yes or no (true/false)", f"{q}হ্যাঁ বা না (true/false) নয়"
    elif kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        en, bn = f"{en}{q}is not one of {expected}", f"{q}গ্রহণযোগ্য মান নয়: তালিকার একটি মান দিন"
    elif kind == "string_too_long":
        n = ctx.get("max_length", "")
        en, bn = f"{en}at most {n} characters", f"সর্বোচ্চ {to_bangla_digits(str(n))} অক্ষর"  # Bangla digits in Bangla
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        sign = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}[kind]
        en, bn = f"{en}{q}must be {sign} {limit}", f"{q}{sign} {to_bangla_digits(str(limit))} হতে হবে"
    else:
        en, bn = f"{en}{first.get('msg', 'invalid input')}", "ইনপুট সঠিক নয়"
    details = {"errors": [{"loc": e.get("loc"), "msg": e.get("msg"), "type": e.get("type")} for e in errors]}
    return ValidationFailed(code, en, bn, field=field, details=details)


_SCALAR = re.compile(r"(?:Value cannot represent an? (?P<t1>\w+)|(?P<t2>Int|Float) cannot represent non[- ][\w-]+ value)"
                     r": (?P<v>.*?)\.?$")
_SCALAR_KIND = {"Decimal": "number", "Float": "number", "Int": "integer", "Date": "date", "DateTime": "date",
                "Time": "date", "UUID": "id", "ID": "id"}


def scalar_words(message: str) -> tuple[str, str] | None:
    """A GraphQL scalar's refusal of a literal or variable ('Value cannot represent a Decimal: "lots".',
    'Int cannot represent non-integer value: "x"') in words, English and Bangla; None for other messages."""
    m = _SCALAR.search(message)
    if m is None:
        return None
    kind = _SCALAR_KIND.get(m.group("t1") or m.group("t2") or "")
    value = m.group("v").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    q = f"'{_shown(value)}' "
    if kind == "number":
        return f"{q}is not a number (for example 1250.50)", f"{q}সংখ্যা নয় (যেমন ১২৫০.৫০)"
    if kind == "integer":
        return f"{q}is not a whole number", f"{q}পূর্ণসংখ্যা নয়"
    if kind == "date":
        return (f"{q}is not a date (write it as YYYY-MM-DD, e.g. 2025-07-31)",
                f"{q}তারিখ নয় (বছর-মাস-দিন লিখুন, যেমন ২০২৫-০৭-৩১)")
    if kind == "id":
        return f"{q}is not a valid id", f"{q}সঠিক আইডি নয়"
    return None


# --- one declaration per concept: a page's form read into the service's DTO ------------------------------

def _plain(annotation: Any) -> tuple[Any, bool]:
    """(the type inside `X | None` / `list[X]`, whether it is a list)."""
    import types
    import typing

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _plain(inner[0]) if len(inner) == 1 else (str, False)
    if origin in (list, tuple, set):
        args = typing.get_args(annotation)
        return (args[0] if args else str), True
    return annotation, False


def _read(kind: Any, text: str, field: str, label: tuple[str, str] | None = None) -> Any:
    from uuid import UUID

    # "fiscal_year_start_month: 'July' is not a whole number", or the form's label when given
    named = {"label": label[0], "label_bn": label[1]} if label else {"label": field, "label_bn": field}
    if kind is Decimal:
        return decimal(text, field, **named)
    if kind is bool:
        return text.lower() in ("1", "true", "on", "yes")
    if kind is int:
        return integer(text, field, **named)
    if kind is float:
        return number(text, field, **named)
    if kind is datetime:
        return moment(text, field, **named)
    if kind is date:
        return day(text, field, **named)
    if kind is UUID:
        from vextrus.platform.ids import parse_id

        return parse_id(text, field)
    return text


def model_from_form(model: type[M], form: Any, *, only: Iterable[str] | None = None, checkboxes: Iterable[str] = (),
                    labels: dict[str, tuple[str, str]] | None = None, **extra: Any) -> M:
    """The DTO `model` from a page's form (a Starlette FormData or a dict): one reader for every page.

    Each of the model's fields present in the form is read by its type with this module's readers (Bangla
    digits, lakh commas, YYYY-MM-DD dates, ids), a blank field is left out so the DTO's default applies, a
    list field takes every value sent under its name, and a checkbox is true when sent ("on"), false when one
    of `checkboxes` is not sent. `extra`
    gives values the form does not carry (the parent's id). A refusal is a `ValidationFailed` naming the
    field, in English and Bangla, ready for `refused(...)`; its words start with the field's code, or with
    its label on the form when `labels` gives one (`{"entry_date": ("Date", "তারিখ")}`)."""
    wanted = set(only) if only is not None else None
    unticked = set(checkboxes)
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if (wanted is not None and name not in wanted) or name in extra:
            continue
        kind, many = _plain(info.annotation)
        if many:
            raw = form.getlist(name) if hasattr(form, "getlist") else form.get(name)
            values = raw if isinstance(raw, list | tuple) else ([] if raw is None else [raw])
            texts = [_clean(v) if kind is not str else str(v).strip() for v in values]
            if name in form:
                data[name] = [_read(kind, t, f"{name}[{i}]") for i, t in enumerate(texts) if t]
            continue
        if name in unticked and name not in form:  # a checkbox left unticked is not sent at all
            data[name] = False
            continue
        if name not in form:
            continue
        text = str(form.get(name) if form.get(name) is not None else "").strip()
        if not text:
            continue
        data[name] = _read(kind, text, name, (labels or {}).get(name))
    data.update(extra)
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        refusal = explain(list(exc.errors()))
        named = (labels or {}).get(refusal.field or "")
        if named:  # "Date: a value is required", "তারিখ: একটি মান দিতে হবে"
            rest = [str(m or "").removeprefix(f"{refusal.field}: ") for m in (refusal.message, refusal.message_bn)]
            refusal.message, refusal.message_bn = f"{named[0]}: {rest[0]}", f"{named[1]}: {rest[1]}"
        raise refusal from None


def rows_from_form(model: type[M], rows: Iterable[Any], group: str, *,
                   label: Callable[[int, str], tuple[str, str]] | None = None) -> list[M]:
    """A form's repeating rows (journal lines, a party's contacts …), each a dict of the row's fields as
    typed, read one by one into `model` with `model_from_form`. A refusal names the row's field,
    `group[i].field`, so the page marks it by its row; its message starts with `label(i, field)` (English,
    Bangla: "Line 2, Debit") when given, else with that field path, followed by the reader's words.
    A None row (a line left blank) is skipped and keeps the others' numbers as the page counts them."""
    out: list[M] = []
    for i, row in enumerate(rows):
        if row is None:
            continue
        try:
            out.append(model_from_form(model, row))
        except ValidationFailed as exc:
            inner = exc.field or ""
            path = f"{group}[{i}].{inner}" if inner else f"{group}[{i}]"
            en, bn = label(i, inner) if label is not None else (path, path)
            words = [str(m or "").removeprefix(f"{inner}: ") for m in (exc.message, exc.message_bn)]
            raise ValidationFailed(exc.code, f"{en}: {words[0]}", f"{bn}: {words[1] or words[0]}", field=path,
                                   details=exc.details) from None
    return out


def _name_field_by_label(exc: Any, field: str | None, template: str) -> None:
    """A form reader's refusal starts with the field's code ("budget: 'abc' is not a number"), which a page
    must not show (a Bangla page least of all). Put the form's label in its place when the template's module
    has one under `<module>.<field>` in its catalogue, else drop the code: the field is marked on the form."""
    prefix = f"{field}: "
    if not field or not str(getattr(exc, "message", "")).startswith(prefix):
        return
    from vextrus.platform import i18n

    module = template.split("/", 1)[0]
    key = f"{module}.{field.split('[', 1)[0]}"
    if key == f"{module}.title":  # every catalogue's `<module>.title` is the module's own name, not a label
        key = ""
    found = [i18n.translate(key, loc, (f"vextrus.modules.{module}",)) if key else key for loc in ("en", "bn")]
    for attr, label in zip(("message", "message_bn"), found, strict=True):
        text = str(getattr(exc, attr) or "")
        rest = text.removeprefix(prefix)
        setattr(exc, attr, f"{label}: {rest}" if label != key else rest)


def refused(request: Any, template: str, exc: ValidationFailed | Any, *, form: Any = None, status_code: int = 422,
            **values: Any) -> Any:
    """Re-render a page after a refused form: the message in the page's language as `error`, the same text
    next to the field it names (`field_errors[field]`, `error_field`), and what was typed (`form`) so the
    user corrects it instead of typing it again. 422, like the API's refusal."""
    from vextrus.platform.ui import error_text, render

    field = getattr(exc, "field", None)
    _name_field_by_label(exc, field, template)
    text = error_text(request, exc)
    typed = {k: form.get(k) for k in form} if form is not None and hasattr(form, "keys") else {}
    typed.pop("csrf_token", None)
    return render(request, template, status_code=status_code, error=text, error_field=field,
                  field_errors={field: text} if field else {}, form=typed, **values)
