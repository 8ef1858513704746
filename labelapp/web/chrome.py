"""The site's header for anonymous visitors, rendered once per mount path.

Every page repeats the header, and building its links cost a fifth of rendering
the verification page, the busiest page there is. For an anonymous visitor it
depends on nothing but the app's settings and the path the app is mounted at
(the script root), so it is rendered once per script root and reused. Signed-in
visitors see their name, role and a sign-out form with a CSRF token: base.html
renders theirs every time.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from flask import request
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

HEADER = "_partials/header.html"
_MAX = 64  # script roots; a deployment has one or two


def init_chrome(app: Flask) -> None:
    rendered: dict[str, Markup] = {}
    lock = threading.Lock()

    @pass_context
    def anonymous_header(context: Context) -> Markup:
        key = request.script_root
        found = rendered.get(key)
        if found is None:
            values: dict[str, Any] = context.get_all()
            # An .html template: autoescaped, so its output is already safe markup.
            header = context.environment.get_template(HEADER).render(values)
            found = Markup(header)  # noqa: S704
            with lock:
                if len(rendered) >= _MAX:
                    rendered.clear()
                rendered[key] = found
        return found

    app.jinja_env.globals["anonymous_header"] = anonymous_header
