"""Error pages for people, JSON errors for the API, never a bare 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from labelapp import create_app
from labelapp.db import get_database
from labelapp.models import User
from tests.fixtures.app import csrf_token
from tests.fixtures.app import settings_for_tests
from tests.fixtures.app import submit


def test_404_page_explains(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_405_keeps_the_allow_header(client):
    response = client.put("/login")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "This action is not allowed here" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"]["status"] == 404


@pytest.mark.parametrize("app_settings", [{"LABELAPP_MAX_UPLOAD_MB": 1}])
def test_oversize_request_gets_413_and_changes_nothing(client, session, app_settings):
    token = csrf_token(client, "/register")
    response = client.post(
        "/register",
        data={
            "csrf_token": token,
            "display_name": "x" * (2 * 1024 * 1024),
            "email": "a@example.org",
        },
    )
    assert response.status_code == 413
    assert "larger than the limit of 1 MB" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOGIN_RATE_LIMIT": "3 per minute"}])
def test_login_flood_gets_429_with_retry_after(client, app_settings):
    for _ in range(3):
        assert (
            submit(client, "/login", {"email": "a@example.org", "password": "x"}).status_code == 200
        )
    response = submit(client, "/login", {"email": "a@example.org", "password": "x"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many requests" in response.get_data(as_text=True)


def test_unexpected_error_shows_the_500_page(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("bug")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_unreachable_database_gives_503_not_500(tmp_path):
    app = create_app(
        settings_for_tests(tmp_path, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    )
    client = app.test_client()
    response = submit(client, "/login", {"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 503
    assert "The database cannot be reached" in response.get_data(as_text=True)
    get_database(app).engine.dispose()
