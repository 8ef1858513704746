"""``url_for`` for templates, remembering the links every page repeats.

The site's chrome builds the same argument-free links on every page (and the
stylesheet's); building each costs more than the lookup of a public page's data.
Only links that depend on nothing but the endpoint and the script root are
remembered; everything else goes to Flask's ``url_for`` unchanged.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask import current_app
from flask import request
from flask import url_for

_MAX = 512


def template_url_for(endpoint: str, **values: Any) -> str:
    if endpoint.startswith(".") or any(key != "filename" for key in values):
        return url_for(endpoint, **values)
    remembered: dict[tuple[str, str, str], str] = current_app.extensions["labelapp.urls"]
    key = (request.script_root, endpoint, str(values.get("filename", "")))
    found = remembered.get(key)
    if found is None:
        found = url_for(endpoint, **values)
        if len(remembered) < _MAX:
            remembered[key] = found
    return found


def init_urls(app: Flask) -> None:
    app.extensions["labelapp.urls"] = {}
    app.jinja_env.globals["url_for"] = template_url_for
