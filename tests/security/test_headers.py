"""Security headers and cookie flags on every response."""

from __future__ import annotations

import pytest

from tests.fixtures.app import submit
from tests.fixtures.users import PASSWORD


@pytest.mark.parametrize("url", ["/", "/login", "/register", "/no-such-page"])
def test_every_page_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_is_httponly_and_samesite(client, manager):
    response = submit(client, "/login", {"email": manager.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_signed_in_pages_are_not_cached(client, login_as, manager):
    login_as(manager)
    assert client.get("/").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("app_settings", [{"LABELAPP_ENV": "production"}])
def test_production_adds_hsts_and_secure_cookies(client, manager, app_settings):
    response = client.get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert client.application.config["SESSION_COOKIE_SECURE"]
