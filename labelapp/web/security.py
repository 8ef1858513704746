"""Security headers on every response; signed-in pages are not cached."""

from __future__ import annotations

from flask import Flask
from flask import request
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
    """Whether someone is signed in (Flask-Login's current user)."""
    return bool(current_user.is_authenticated)


BASE_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def init_security(app: Flask) -> None:
    production = app.config["LABELAPP_ENV"] == "production"
    headers = (*BASE_HEADERS, *((HSTS,) if production else ()))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        # A view may set its own (e.g. the badge's CSP). Flask runs this for error
        # pages too, a 500 included.
        for name, value in headers:
            response.headers.setdefault(name, value)
        return response

    @app.after_request
    def _no_store_when_signed_in(response: Response) -> Response:
        # Pages behind a sign-in must not linger in shared caches or the back button.
        if "Cache-Control" not in response.headers and request.endpoint != "static" and signed_in():
            response.headers["Cache-Control"] = "no-store"
        return response
