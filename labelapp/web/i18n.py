"""The language of each response: English, German or French (decision 21).

A choice with ``?lang=`` (the switcher's links) wins and is remembered: in the
account's setting when someone is signed in, and in a cookie in any case. Without
one, a signed-in account's setting applies, then the cookie, then the browser's
``Accept-Language``, then English. An unknown code (in the query, the cookie, the
setting or the header) is ignored, never an error.
"""

from __future__ import annotations

from urllib.parse import quote
from urllib.parse import urlencode

from flask import Flask
from flask import Response
from flask import has_request_context
from flask import request
from flask_babel import Babel
from flask_babel import get_locale
from flask_login import current_user

from labelapp.db import db_session
from labelapp.languages import DEFAULT
from labelapp.languages import FORMAT_LOCALES
from labelapp.languages import LANGUAGES
from labelapp.resources import translations_dir
from labelapp.services import preferences
from labelapp.web.messages import say
from labelapp.web.outcome import perform

COOKIE = "lang"
_COOKIE_SECONDS = 365 * 24 * 3600

babel = Babel()


def _known(code: str | None) -> str | None:
    return code if code in LANGUAGES else None


def asked_language() -> str | None:
    """The language the visitor picked on this request (``?lang=``), if it is one of ours."""
    return _known(request.args.get("lang"))


def request_language() -> str:
    """The language of this request's response, a key of LANGUAGES (English outside one)."""
    if not has_request_context():
        return DEFAULT
    setting = _known(current_user.language) if current_user.is_authenticated else None
    chosen = asked_language() or setting or _known(request.cookies.get(COOKIE))
    return chosen or request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT


def _keep_accounts_choice() -> None:
    # An account remembers its language for every browser (and, later, its e-mails).
    asked = asked_language()
    if asked and current_user.is_authenticated and current_user.language != asked:
        perform(
            "choose language",
            f"user {current_user.id}",
            lambda: preferences.choose_language(db_session(), current_user, asked, LANGUAGES),
        )


def _locale() -> str:
    return FORMAT_LOCALES[request_language()]


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


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(translations_dir()))
    babel.init_app(app, locale_selector=_locale)
    app.before_request(_keep_accounts_choice)
    app.after_request(_remember_choice)
    app.add_template_global(language, "page_language")
    app.add_template_global(language_links, "language_links")
    app.add_template_global(say, "say")
