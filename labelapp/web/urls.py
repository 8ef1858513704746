"""``url_for`` for templates, remembering the links pages build again and again.

The site's chrome builds the same argument-free links on every page, and the
verification page links its certificate's PDF and JSON: building each costs
about as much as the page's lookup. Two kinds of links are remembered, per
script root (the path the app is mounted at):

- links with no argument but a static file's name: the whole link;
- links with one argument: the link's shape, built once with a placeholder. A
  value made only of characters URL building never escapes (RFC 3986's
  unreserved ones, as in every certificate number) fills the placeholder;
  any other value, and any argument a converter refuses (e.g. ``<int:…>``),
  goes to Flask's ``url_for`` unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask import current_app
from flask import request
from flask import url_for
from werkzeug.routing import BuildError

_MAX = 512
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]{1,64}\Z", re.ASCII)
_SLOT = "LabelappSlot7"
_NO_SHAPE = ""


def _shape(endpoint: str, name: str) -> str:
    """The link with a placeholder for ``name``'s value, or ``_NO_SHAPE``."""
    try:
        placeholder: dict[str, Any] = {name: _SLOT}
        shaped = url_for(endpoint, **placeholder)
    except (BuildError, ValueError):  # e.g. an integer converter refusing the placeholder
        return _NO_SHAPE
    return shaped if shaped.count(_SLOT) == 1 else _NO_SHAPE


def template_url_for(endpoint: str, **values: Any) -> str:
    if endpoint.startswith(".") or len(values) > 1:
        return url_for(endpoint, **values)
    remembered: dict[tuple[str, ...], str] = current_app.extensions["labelapp.urls"]
    root = request.script_root
    if not values or "filename" in values:
        key: tuple[str, ...] = (root, endpoint, str(values.get("filename", "")))
        found = remembered.get(key)
        if found is None:
            found = url_for(endpoint, **values)
            if len(remembered) < _MAX:
                remembered[key] = found
        return found
    ((name, value),) = values.items()
    if name.startswith("_") or not isinstance(value, str) or not _UNRESERVED.match(value):
        return url_for(endpoint, **values)
    key = (root, endpoint, name, _SLOT)
    shape = remembered.get(key)
    if shape is None:
        shape = _shape(endpoint, name)
        if len(remembered) < _MAX:
            remembered[key] = shape
    return shape.replace(_SLOT, value) if shape else url_for(endpoint, **values)


def init_urls(app: Flask) -> None:
    app.extensions["labelapp.urls"] = {}
    app.jinja_env.globals["url_for"] = template_url_for
