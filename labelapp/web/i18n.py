"""The language of each response: English, German or French (decision 21).

A visitor's choice wins and is remembered in a cookie: ``?lang=`` (the switcher's
links) sets it. Without a choice, a signed-in account's setting applies, then the
browser's ``Accept-Language``, then English. Anything else (an unknown code in the
query, the cookie or the header) is ignored, never an error.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote
from urllib.parse import urlencode

from babel import Locale
from flask import Flask
from flask import Response
from flask import request
from flask_babel import Babel
from flask_babel import format_date
from flask_babel import format_decimal
from flask_babel import get_locale
from flask_babel import gettext
from flask_login import current_user

from labelapp.text import Text

# The languages of the site, in the switcher's order, each named in itself.
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français"}
DEFAULT = "en"
COOKIE = "lang"
_COOKIE_SECONDS = 365 * 24 * 3600
# English for a European label: dates as "30 November 2026", not the US order.
_FORMATS = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR"}
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"

babel = Babel()


def _known(code: str | None) -> str | None:
    return code if code in LANGUAGES else None


def asked_language() -> str | None:
    """The language the visitor picked on this request (``?lang=``), if it is one of ours."""
    return _known(request.args.get("lang"))


def choose_language() -> str:
    """The language of this request's response, a key of LANGUAGES."""
    chosen = asked_language() or _known(request.cookies.get(COOKIE))
    if chosen:
        return chosen
    if current_user.is_authenticated:
        setting = _known(getattr(current_user, "language", None))
        if setting:
            return setting
    return request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT


def _locale() -> str:
    return _FORMATS[choose_language()]


def language() -> str:
    """The response's language code (``<html lang>``, ETags, certificates): en, de or fr."""
    return str(get_locale().language) if get_locale() else DEFAULT


def language_links() -> list[tuple[str, str, str, bool]]:
    """The switcher: (code, name, address of this page in that language, is current)."""
    current = language()
    links = []
    for code, name in LANGUAGES.items():
        query = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
        # The path as the browser sent it, re-encoded: nothing raw is echoed into the page.
        path = quote(request.script_root + request.path)
        address = f"{path}?{urlencode([*query, ('lang', code)])}"
        links.append((code, name, address, code == current))
    return links


def _readable(value: object) -> object:
    # Numbers and days in a sentence read as the reader writes them.
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return format_decimal(value)
    if isinstance(value, datetime):
        return format_date(value.date(), "long")
    if isinstance(value, date):
        return format_date(value, "long")
    return value


def say(text: Text | str) -> str:
    """A service's sentence in the reader's language, its numbers and days formatted."""
    if isinstance(text, Text):
        params = {name: _readable(value) for name, value in text.params}
        return str(gettext(text.message, **params) if params else gettext(text.message))
    return str(gettext(text))


def _remember_choice(response: Response) -> Response:
    # Only pages remember the choice: a badge embedded elsewhere sets no cookie.
    asked = asked_language()
    if asked and response.mimetype == "text/html" and request.cookies.get(COOKIE) != asked:
        response.set_cookie(
            COOKIE,
            asked,
            max_age=_COOKIE_SECONDS,
            secure=request.is_secure,
            httponly=True,
            samesite="Lax",
        )
    if response.mimetype in ("text/html", "image/svg+xml"):
        response.vary.add("Accept-Language")
    return response


def locale_of(code: str) -> Locale:
    """The Babel locale a language is formatted in (for work outside a request)."""
    return Locale.parse(_FORMATS.get(code, _FORMATS[DEFAULT]))


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=_locale)
    app.after_request(_remember_choice)
    app.add_template_global(language, "page_language")
    app.add_template_global(language_links, "language_links")
