"""Security headers on every response."""

from __future__ import annotations

from flask import Flask
from flask import current_app
from flask import request
from flask import session
from flask_login import current_user
from werkzeug.wrappers import Response

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


def _add_security_headers(response: Response) -> Response:
    headers = response.headers
    # A view may set its own (e.g. the badge's CSP): add only what is missing, in one
    # pass (werkzeug's setdefault scans the headers once per call).
    present = {name.lower() for name in headers.keys()}  # noqa: SIM118
    wanted = current_app.extensions["labelapp.security_headers"]
    headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
    # Pages behind a sign-in must not linger in shared caches or the back button.
    if "cache-control" not in present and request.endpoint != "static" and signed_in():
        headers["Cache-Control"] = "no-store"
    return response


def init_security(app: Flask) -> None:
    production = app.config["LABELAPP_ENV"] == "production"
    app.extensions["labelapp.security_headers"] = (*BASE_HEADERS, *((HSTS,) if production else ()))
    app.after_request(_add_security_headers)
