"""Jinja2 → HTML → PDF with WeasyPrint; Bangla set in Noto Sans Bengali (Debian `fonts-noto-core`).

- Templates live in `templates/pdf/<type>.<lang>.html` (one per document type and language) and extend
  `_base.html` (page size, letterhead, footer with the QR code and the data hash).
- Nothing is fetched while rendering: the URL fetcher refuses everything but inline `data:` URLs (the
  logo and QR code are inlined), so a template cannot make the server call out.
- Bangla text keeps its Unicode in the PDF: shaping reorders glyphs (reph, pre-base vowel signs), which
  makes text extraction (search, copy, `pdftotext`) scramble it; each text run holding Bangla is wrapped
  in a `/Span <</ActualText (…)>>` marked-content sequence with its real text, which PDF readers and
  poppler use instead of the glyphs' own mapping.
"""

from __future__ import annotations

import base64
import io
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from vextrus.platform.errors import ConfigurationError, DomainError
from vextrus.platform.i18n import format_date, format_money, format_number, to_bangla_digits

TEMPLATES = Path(__file__).parent / "templates" / "pdf"  # packaged with the pages (package-data: templates/**)
_BANGLA = ("\u0980", "\u09ff")


def _has_bangla(text: str) -> bool:
    return any(_BANGLA[0] <= c <= _BANGLA[1] for c in text)


_patched = False


def _keep_bangla_text() -> None:
    """Wrap WeasyPrint's text drawing so that Bangla runs carry ActualText (once per process)."""
    global _patched
    if _patched:
        return
    import pydyf
    import weasyprint.draw as draw

    original = draw.draw_text

    def draw_text(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text = getattr(textbox, "text", "") or ""
        if not _has_bangla(text):
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw.draw_text = draw_text
    _patched = True


@lru_cache(maxsize=1)
def _fetcher() -> Any:
    """Only inline `data:` URLs (the logo and the QR code); any other URL fails the render."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before URLFetcher: a function fetcher
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"documents load nothing but data: URLs (got {url[:80]})")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def qr_png(text: str) -> str:
    """A QR code as an inline PNG data URL. A raster draws far faster in WeasyPrint than an SVG path;
    4 pixels per module keep sharp edges in viewers that smooth images (1 pixel per module, scaled up,
    no longer decoded from a 200 dpi rendering), and the mask is fixed (choosing the "best" of 8 was 5 %
    of a render). The test decodes it from the rendered page with zbar."""
    import qrcode

    qr = qrcode.QRCode(border=2, box_size=4, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=2)
    qr.add_data(text)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().get_image().convert("L").save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _digits(value: object, locale: str) -> str:
    return to_bangla_digits(str(value)) if locale == "bn" else str(value)


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["money"] = lambda v, locale="en", currency="BDT": format_money(v, currency, locale)
    env.filters["num"] = lambda v, locale="en", places=2: format_number(v, places, locale)
    env.filters["date"] = lambda v, locale="en": format_date(v, locale)
    env.filters["digits"] = _digits
    return env


_OPTIONS: dict[str, Any] = {"autoescape": True, "undefined": jinja2.StrictUndefined, "trim_blocks": True,
                            "lstrip_blocks": True}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates shipped with Vextrus (trusted files of the package)."""
    return _configure(jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), **_OPTIONS))


@lru_cache(maxsize=1)
def sandbox() -> jinja2.Environment:
    """A tenant's own templates (text an administrator typed): Jinja's immutable sandbox, so a template reads
    the document's values but cannot reach Python internals (`''.__class__`), change the values, or loop
    beyond the sandbox's range limit; it may extend the shipped `_base.html`."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return _configure(ImmutableSandboxedEnvironment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), **_OPTIONS))


@lru_cache(maxsize=64)
def compile_source(source: str) -> jinja2.Template:
    """A tenant's template compiled once per text (raises `jinja2.TemplateSyntaxError`)."""
    return sandbox().from_string(source)


def template_name(doc_type: str, lang: str) -> str:
    return f"{doc_type}.{lang}.html"


def packaged_source(doc_type: str, lang: str) -> str | None:
    path = TEMPLATES / template_name(doc_type, lang)
    return path.read_text("utf-8") if path.is_file() else None


def render_html(doc_type: str, lang: str, values: dict[str, Any], source: str | None = None) -> str:
    """The document's HTML from the tenant's own template text (`source`, sandboxed) or the shipped one."""
    if source:
        return compile_source(source).render(lang=lang, **values)
    try:
        template = environment().get_template(template_name(doc_type, lang))
    except jinja2.TemplateNotFound:
        raise DomainError("template_missing", f"No {lang} template for {doc_type}",
                          f"এই দলিলের {'বাংলা' if lang == 'bn' else 'ইংরেজি'} টেমপ্লেট নেই", field="lang") from None
    return template.render(lang=lang, **values)


_local = threading.local()


def _font_config() -> Any:
    """One FontConfiguration per thread, reused across renders (fontconfig's font lookup is a third of a
    one-page render when made afresh each time)."""
    fc = getattr(_local, "font_config", None)
    if fc is None:
        from weasyprint.text.fonts import FontConfiguration

        fc = _local.font_config = FontConfiguration()
    return fc


def _base_css() -> Any:
    """`templates/pdf/_base.css` parsed once per thread (the template keeps only its dynamic rules)."""
    css = getattr(_local, "base_css", None)
    if css is None:
        from weasyprint import CSS

        css = _local.base_css = CSS(string=(TEMPLATES / "_base.css").read_text("utf-8"),
                                    font_config=_font_config())
    return css


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as exc:  # pango missing
        raise ConfigurationError(f"WeasyPrint cannot start (install pango: libpango-1.0-0 libpangoft2-1.0-0): {exc}")
    _keep_bangla_text()
    return HTML(string=html, url_fetcher=_fetcher(), base_url=str(TEMPLATES)).write_pdf(
        font_config=_font_config(), stylesheets=[_base_css()])


def render_pdf(doc_type: str, lang: str, values: dict[str, Any], source: str | None = None) -> bytes:
    return html_to_pdf(render_html(doc_type, lang, values, source))
