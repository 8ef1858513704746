"""Conditional requests on the public lookups: strong ETags, ``no-cache`` and 304s.

The verification page, the API, the badge and the registry are asked for again and
again while nothing changes. Each answers with a strong ETag computed from what the
response shows, before anything is rendered, and ``Cache-Control: no-cache``:
browsers and caches may keep the response but must ask again every time, so a
revocation shows on the very next request. A request whose ``If-None-Match`` holds
the current tag gets an empty 304 after the lookup alone (decision 13).

Besides the facts a view passes (e.g. a certificate's row version and public status
today), every tag covers:

- the release: a digest of labelapp's code and templates, so an upgrade that changes
  a response never revalidates an old copy of it (every instance of a release agrees);
- the issuer's name and the addresses links are built on;
- the language of the response (web.i18n), which ``Vary: Accept-Language`` announces.

An HTML page that shows something of its visitor (a signed-in visitor's name and
sign-out form, or a flashed message) gets no tag and ``no-store``: it is never
answered with a 304 and never kept. Pages carry ``Vary: Cookie`` for shared caches.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from flask import Response
from flask import current_app
from flask import get_flashed_messages
from flask import make_response
from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from labelapp.resources import templates_dir
from labelapp.resources import translations_dir
from labelapp.web.i18n import language
from labelapp.web.settings import base_url

FRESH = "no-cache"  # keep it, but revalidate every time
PERSONAL = "no-store"
_PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def release() -> str:
    """A digest of this installation's code, translations and templates, once per process."""
    digest = hashlib.sha256()
    sources = ((_PACKAGE, "*.py"), (translations_dir(), "*.mo"), (templates_dir(), "*"))
    for folder, pattern in sources:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def entity_tag(*facts: object) -> str:
    """A strong ETag for a response that shows ``facts`` (plain values with a stable repr)."""
    key = (
        release(),
        current_app.config["LABELAPP_ISSUER_NAME"],
        base_url(),
        request.root_url,
        language(),
        *facts,
    )
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def shows_the_visitor() -> bool:
    """Whether a page would show something of this visitor: a sign-in or a message.

    Flashed messages read here are kept for the page (Flask remembers them for the
    request), so the page rendered afterwards still shows them.
    """
    return bool(current_user.is_authenticated) or bool(get_flashed_messages())


def respond(tag: str | None, render: Callable[[], ResponseReturnValue]) -> Response:
    """``render()``'s response with ``tag``, or an empty 304 when the client holds ``tag``.

    With ``tag`` None the response is the visitor's own: rendered, and never stored.
    """
    if tag is None:
        response = make_response(render())
        response.headers["Cache-Control"] = PERSONAL
        return response
    if request.if_none_match.contains_weak(tag):
        response = current_app.response_class(status=304)
    else:
        response = make_response(render())
    response.set_etag(tag)
    response.headers["Cache-Control"] = FRESH
    return response


def public_answer(facts: tuple[object, ...], render: Callable[[], ResponseReturnValue]) -> Response:
    """An answer that is the same for every visitor (the API, the badge)."""
    return respond(entity_tag(*facts), render)


def public_page(facts: tuple[object, ...], render: Callable[[], ResponseReturnValue]) -> Response:
    """An HTML page: tagged for anonymous visitors, the visitor's own otherwise."""
    response = respond(None if shows_the_visitor() else entity_tag(*facts), render)
    # Shared caches: a signed-in visitor's cookie gets another page at this address.
    response.vary.add("Cookie")
    return response
