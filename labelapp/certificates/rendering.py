"""Rendering certificate PDFs with WeasyPrint, from a sandboxed template, in a warm worker.

Everything that costs time once (fonts, the stylesheet, the template) is prepared
once per process and reused; a render touches no file and no network: the only
resources a certificate may use are the bundled fonts (decision 0010).
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from typing import cast

import segno
from babel.dates import format_date
from jinja2 import FileSystemLoader
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from weasyprint import CSS
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError
from weasyprint.urls import URLFetcher
from weasyprint.urls import URLFetcherResponse

from labelapp.certificates.content import CertificateContent
from labelapp.languages import catalogue
from labelapp.languages import format_locale
from labelapp.resources import templates_dir

FONTS_DIR = Path(__file__).with_name("fonts")
FONT_SCHEME = "labelapp-font:"
PNG_DATA = "data:image/png;base64,"
PDF_VARIANT = "pdf/a-3b"
QR_MASK = 3


class BundledFontsOnly(URLFetcher):
    """Serves the bundled fonts and inline PNGs from memory; any other URL stops the render."""

    def __init__(self, fonts: dict[str, bytes]) -> None:
        super().__init__(fail_on_errors=True)
        self._fonts = fonts

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith(PNG_DATA):  # the QR code, made in this process
            try:
                data = base64.b64decode(url.removeprefix(PNG_DATA), validate=True)
            except binascii.Error:
                raise FatalURLFetchingError("malformed inline image") from None
            return URLFetcherResponse(url, data, {"Content-Type": "image/png"})
        name = url.removeprefix(FONT_SCHEME) if url.startswith(FONT_SCHEME) else None
        if name is None or name not in self._fonts:
            raise FatalURLFetchingError(f"certificates may not load {url[:200]!r}")
        return URLFetcherResponse(url, self._fonts[name], {"Content-Type": "font/ttf"})


def qr_image(url: str) -> str:
    """The verification URL as a QR code PNG data URI, one pixel per module.

    A bitmap drawn without smoothing (see the stylesheet) costs WeasyPrint far less
    than the equivalent SVG path, and scanners read it as well.
    """
    # A fixed mask: every mask pattern is valid and scans alike for a short URL, and
    # choosing the "best" one evaluates all eight, which costs more than the rest.
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    return str(code.png_data_uri(scale=1, border=4, dark="#111111"))


class PdfRenderer:
    """One per process and document kind: shared fonts, parsed stylesheet and compiled
    template, rendered in a sandbox that may load nothing but the bundled fonts."""

    def __init__(self, folder: Path, template: str, stylesheet: str) -> None:
        fonts = {path.name: path.read_bytes() for path in FONTS_DIR.glob("*.ttf")}
        self.fetcher = BundledFontsOnly(fonts)
        self.environment = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(str(folder)),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
        )
        self.template = self.environment.get_template(template)
        self.font_config = FontConfiguration()
        self.stylesheet = CSS(
            string=(folder / stylesheet).read_text(encoding="utf-8"),
            url_fetcher=self.fetcher,
            font_config=self.font_config,
        )
        # Pango and the shared font configuration are not safe across threads.
        self._lock = threading.Lock()

    def html_in(self, language: str, **context: object) -> str:
        """The document's HTML in ``language``: its words from the catalogues, its dates
        written as that language writes them (``day``)."""
        locale = format_locale(language)
        with self._lock:  # the translations are installed on the shared environment
            self.environment.install_gettext_translations(  # type: ignore[attr-defined]
                catalogue(language), newstyle=True
            )
            return self.template.render(
                day=lambda value: format_date(value, "long", locale=locale), **context
            )

    def render_html(self, html: str) -> bytes:
        """The PDF/A for already rendered HTML."""
        with self._lock:
            pdf: bytes | None = HTML(string=html, url_fetcher=self.fetcher).write_pdf(
                stylesheets=[self.stylesheet],
                font_config=self.font_config,
                # The bundled fonts are already cut to the certificate's scripts, so
                # subsetting them (HarfBuzz) is quick: far quicker than a full font.
                pdf_variant=PDF_VARIANT,
            )
        assert pdf is not None
        return pdf


class CertificateRenderer(PdfRenderer):
    def __init__(self, template_dir: Path | None = None) -> None:
        folder = template_dir or templates_dir() / "certificates"
        super().__init__(folder, "certificate.html", "certificate.css")

    def html(self, content: CertificateContent) -> str:
        return self.html_in(content.language, c=content, qr=qr_image(content.verify_url))

    def render(self, content: CertificateContent) -> bytes:
        return self.render_html(self.html(content))


R = TypeVar("R", bound=PdfRenderer)
_warm: dict[Callable[[], PdfRenderer], PdfRenderer] = {}
_warm_lock = threading.Lock()


def warm(make: Callable[[], R]) -> R:
    """The process's renderer that ``make`` builds (a renderer class), built on first
    use and kept warm."""
    with _warm_lock:
        found = _warm.get(make)
        if found is None:
            found = _warm[make] = make()
        return cast(R, found)


def renderer() -> CertificateRenderer:
    """The process's certificate renderer."""
    return warm(CertificateRenderer)
