"""Registration, sign-in, sign-out and password change through the pages."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import select

from labelapp.models import Role
from labelapp.models import User
from tests.fixtures.app import csrf_token
from tests.fixtures.app import submit
from tests.fixtures.users import PASSWORD
from tests.fixtures.users import login

NEW_MANAGER = {
    "display_name": "Anna Nowak",
    "email": "anna@example.org",
    "password": PASSWORD,
    "confirm": PASSWORD,
}


def _users(session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def test_a_manager_registers_and_is_signed_in(client, session):
    response = submit(client, "/register", NEW_MANAGER)
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Signed in as Anna Nowak (Cluster manager)" in home
    user = session.scalar(select(User))
    assert user.role is Role.MANAGER


def test_every_register_field_has_a_label_tied_to_it(client):
    page = client.get("/register").get_data(as_text=True)
    for name in ("display_name", "email", "password", "confirm"):
        assert f'<label for="{name}">' in page
        assert f'id="{name}"' in page


def test_duplicate_email_is_shown_next_to_the_field_and_changes_nothing(client, make_user, session):
    make_user(email="anna@example.org")
    response = submit(client, "/register", {**NEW_MANAGER, "email": "Anna@Example.org"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="email-error"' in page
    assert "An account with this e-mail address already exists." in page
    assert 'aria-invalid="true"' in page
    assert _users(session) == 1


def test_weak_password_and_mismatch_are_explained(client, session):
    response = submit(client, "/register", {**NEW_MANAGER, "password": "short", "confirm": "other"})
    page = response.get_data(as_text=True)
    assert "Use at least 12 characters." in page
    assert "The two passwords differ." in page
    assert _users(session) == 0


def test_wrong_password_gives_one_message_for_unknown_and_known_accounts(client, manager):
    wrong = login(client, manager.email, "not the password").get_data(as_text=True)
    unknown = login(client, "nobody@example.org", PASSWORD).get_data(as_text=True)
    message = "The e-mail address or the password is wrong."
    assert message in wrong and message in unknown
    assert "Signed in as" not in client.get("/").get_data(as_text=True)


def test_sign_in_redirects_only_to_local_pages(client, manager):
    token_url = "/login?next=https://evil.example/steal"
    response = submit(client, token_url, {"email": manager.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": _logout_token(client)})
    response = submit(
        client, "/login?next=/account/password", {"email": manager.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account/password"


def _logout_token(client):
    return csrf_token(client, "/")


def test_sign_out_needs_a_post_with_a_token(client, login_as, manager):
    login_as(manager)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert "Signed in as" in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": _logout_token(client)})
    assert "Signed in as" not in client.get("/").get_data(as_text=True)


def test_changing_the_password_ends_other_sessions(app, client, login_as, manager):
    other = app.test_client()
    assert login(other, manager.email).status_code == 302
    login_as(manager)
    response = submit(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "another good secret",
            "confirm": "another good secret",
        },
    )
    assert response.status_code == 302
    assert "Signed in as" in client.get("/").get_data(as_text=True)
    assert "Signed in as" not in other.get("/").get_data(as_text=True)


def test_one_time_password_must_be_replaced_before_anything_else(client, make_user):
    user = make_user(Role.ASSESSOR, must_change_password=True)
    login(client, user.email)
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/password")
    submit(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "my own passphrase",
            "confirm": "my own passphrase",
        },
    )
    assert client.get("/").status_code == 200
