"""Security headers on every response; signed-in pages are not cached."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from flask import Flask
from flask import request
from flask import session
from flask_login import current_user
from werkzeug.wrappers import Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def signed_in() -> bool:
    """Whether someone is signed in, without loading a user for anonymous requests.

    Sessions are the only way to sign in (no remember-me cookie, no API keys), so a
    session without a user id is anonymous; this keeps public pages cheap.
    """
    return "_user_id" in session and bool(current_user.is_authenticated)


BASE_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


class SecurityHeaders:
    """WSGI middleware adding the security headers a response does not set itself.

    A view may set its own (e.g. the badge's CSP). Done on the WSGI header list
    rather than in ``after_request``: werkzeug validates every header it is given,
    which on the public lookups cost more than the route's own headers; these are
    constants. Error pages, including a 500, get them too.
    """

    def __init__(self, wsgi_app: WSGIApplication, headers: Sequence[tuple[str, str]]) -> None:
        self.wsgi_app = wsgi_app
        self.headers = [(name.lower(), (name, value)) for name, value in headers]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            present = {name.lower() for name, _ in headers}
            headers.extend(header for name, header in self.headers if name not in present)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def _no_store_when_signed_in(response: Response) -> Response:
    # Pages behind a sign-in must not linger in shared caches or the back button.
    # signed_in() first: it is a dict lookup, the others are not.
    if signed_in() and request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_security(app: Flask) -> None:
    production = app.config["LABELAPP_ENV"] == "production"
    headers = (*BASE_HEADERS, *((HSTS,) if production else ()))
    app.wsgi_app = SecurityHeaders(app.wsgi_app, headers)  # type: ignore[method-assign]
    app.after_request(_no_store_when_signed_in)
