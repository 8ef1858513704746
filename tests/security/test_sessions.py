"""Session cookies: they follow the secret keys, and a sign-in that ended stays ended."""

from __future__ import annotations

import re

from tests.fixtures.app import submit
from tests.fixtures.users import login


def _signed_in(client) -> bool:
    return "Signed in as" in client.get("/").get_data(as_text=True)


def test_a_new_secret_key_signs_everyone_out_unless_the_old_one_is_a_fallback(
    app, client, manager, login_as
):
    login_as(manager)
    assert _signed_in(client)
    old = app.config["SECRET_KEY"]

    app.config["SECRET_KEY"] = "a-rotated-key-" + "x" * 32
    assert not _signed_in(client)

    app.config["SECRET_KEY_FALLBACKS"] = [old]
    assert _signed_in(client)


def _stolen_copy(app, client):
    """A second browser holding a copy of the first one's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _admin_client(app, admin):
    own = app.test_client()
    assert login(own, admin.email).status_code == 302
    return own


def test_a_cookie_replayed_after_sign_out_is_anonymous(app, client, manager, login_as):
    login_as(manager)
    thief = _stolen_copy(app, client)
    assert _signed_in(thief)

    response = submit(client, "/logout", {}, form_url="/")
    assert response.status_code == 302
    assert not _signed_in(client)
    assert not _signed_in(thief)
    assert thief.get("/organisations").status_code == 302  # sent to the sign-in page


def test_signing_out_ends_only_that_sign_in(app, client, manager, login_as):
    login_as(manager)
    other = app.test_client()
    assert login(other, manager.email).status_code == 302
    submit(client, "/logout", {}, form_url="/")
    assert _signed_in(other)


def test_deactivation_ends_every_sign_in_of_the_account(app, client, manager, admin, login_as):
    login_as(manager)
    thief = _stolen_copy(app, client)
    submit(
        _admin_client(app, admin), f"/admin/users/{manager.id}/active", {}, form_url="/admin/users"
    )
    assert not _signed_in(client)
    assert not _signed_in(thief)


def test_a_password_reset_link_ends_every_sign_in_of_the_account(
    app, client, manager, admin, login_as
):
    login_as(manager)
    thief = _stolen_copy(app, client)
    page = submit(
        _admin_client(app, admin),
        f"/admin/users/{manager.id}/reset-link",
        {},
        form_url="/admin/users",
    )
    assert page.status_code == 200
    assert not _signed_in(client)
    assert not _signed_in(thief)


def test_using_a_reset_link_ends_sign_ins_made_after_it_was_created(app, client, manager, admin):
    admin_client = _admin_client(app, admin)
    page = submit(
        admin_client, f"/admin/users/{manager.id}/reset-link", {}, form_url="/admin/users"
    ).get_data(as_text=True)
    link = re.search(r'id="reset-link">([^<]+)<', page).group(1)
    assert login(client, manager.email).status_code == 302
    thief = _stolen_copy(app, client)
    path = "/" + link.split("/", 3)[3]
    new_password = "another long passphrase 42"
    response = submit(
        app.test_client(), path, {"new_password": new_password, "confirm": new_password}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert not _signed_in(client)
    assert not _signed_in(thief)
