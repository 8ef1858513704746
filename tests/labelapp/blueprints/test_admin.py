"""Administrators create accounts; nobody else reaches the admin area."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from labelapp.models import Role
from labelapp.models import User
from tests.fixtures.app import csrf_token
from tests.fixtures.app import submit
from tests.fixtures.users import login


def test_admin_creates_an_assessor_who_signs_in_with_the_one_time_password(
    app, client, login_as, admin, session
):
    login_as(admin)
    response = submit(
        client,
        "/admin/users/new",
        {"display_name": "Eva Assessor", "email": "eva@example.org", "role": "assessor"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.mimetype == "text/html"  # not werkzeug's text/plain: a page to read
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="one-time-password">([^<]+)<', page).group(1)
    created = session.scalar(select(User).where(User.email == "eva@example.org"))
    assert created.role is Role.ASSESSOR and created.must_change_password
    assert password not in created.password_hash

    fresh = app.test_client()
    assert login(fresh, "eva@example.org", password).status_code == 302
    assert fresh.get("/").headers["Location"].endswith("/account/password")


def test_admin_sees_every_account(client, login_as, admin, manager, assessor):
    login_as(admin)
    page = client.get("/admin/users").get_data(as_text=True)
    for user in (admin, manager, assessor):
        assert user.email in page


def test_admin_form_errors_sit_next_to_the_field(client, login_as, admin, session):
    login_as(admin)
    response = submit(
        client, "/admin/users/new", {"display_name": "X", "email": admin.email, "role": "admin"}
    )
    assert 'id="email-error"' in response.get_data(as_text=True)
    response = submit(
        client, "/admin/users/new", {"display_name": "X", "email": "x@example.org", "role": "root"}
    )
    assert 'id="role-error"' in response.get_data(as_text=True)
    assert session.scalar(select(User).where(User.email == "x@example.org")) is None


def _role_select(page: str) -> str:
    return re.search(r'<select[^>]*\bname="role"[^>]*>.*?</select>', page, re.S).group(0)


def test_the_required_role_select_starts_on_an_empty_placeholder(client, login_as, admin):
    login_as(admin)
    role = _role_select(client.get("/admin/users/new").get_data(as_text=True))
    assert re.search(r"<select[^>]*\brequired\b", role)
    options = re.findall(r'<option([^>]*)value="([^"]*)"([^>]*)>([^<]*)</option>', role)
    assert [(value, text) for _, value, _, text in options] == [
        ("", "Choose a role"),
        ("assessor", "Assessor"),
        ("admin", "Administrator"),
        ("manager", "Cluster manager"),
    ]
    assert not any("selected" in before + after for before, _, after, _ in options)


@pytest.mark.parametrize("chosen", [{"role": ""}, {}], ids=["placeholder", "missing"])
def test_the_role_placeholder_is_refused_next_to_the_field(
    client, login_as, admin, session, chosen
):
    login_as(admin)
    response = submit(
        client,
        "/admin/users/new",
        {"display_name": "Nadia Nobody", "email": "nadia@example.org", **chosen},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(r'<div class="error" id="role-error">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r"<p>([^<]*)</p>", error) == ["Choose a role."]
    role = _role_select(page)
    assert 'aria-invalid="true"' in role and 'aria-describedby="role-error"' in role
    assert 'value="nadia@example.org"' in page  # the rest of the form is kept
    assert session.scalar(select(User).where(User.email == "nadia@example.org")) is None


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR])
@pytest.mark.parametrize("url", ["/admin/users", "/admin/users/new"])
def test_other_roles_get_403(client, login_as, make_user, role, url):
    login_as(make_user(role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR])
def test_a_forged_create_post_with_a_valid_token_is_refused(
    client, login_as, make_user, role, session
):
    login_as(make_user(role))
    token = csrf_token(client, "/")  # the sign-out form's token is valid for the session
    response = client.post(
        "/admin/users/new",
        data={"csrf_token": token, "display_name": "X", "email": "x@example.org", "role": "admin"},
    )
    assert response.status_code == 403
    assert session.scalar(select(User).where(User.email == "x@example.org")) is None


@pytest.mark.parametrize("url", ["/admin/users", "/admin/users/new", "/account/password"])
def test_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_admin_records_an_assessors_country_at_creation_and_later(
    client, login_as, admin, assessor, session
):
    login_as(admin)
    submit(
        client,
        "/admin/users/new",
        {"display_name": "Jan", "email": "jan@example.org", "role": "assessor", "country": "NL"},
    )
    jan = session.scalar(select(User).where(User.email == "jan@example.org"))
    assert jan.country == "NL"

    path = f"/admin/users/{assessor.id}/country"
    assert "Not recorded" in client.get(path).get_data(as_text=True)
    saved = submit(client, path, {"country": "FR"})
    assert saved.status_code == 302
    session.expire_all()
    assert session.get(User, assessor.id).country == "FR"
    assert "France" in client.get("/admin/users").get_data(as_text=True)

    refused = submit(client, path, {"country": "XX"})
    assert 'id="country-error"' in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, assessor.id).country == "FR"
    submit(client, path, {"country": ""})  # "not recorded" again
    session.expire_all()
    assert session.get(User, assessor.id).country is None


def test_only_administrators_record_countries(client, login_as, assessor, session):
    login_as(assessor)
    path = f"/admin/users/{assessor.id}/country"
    response = client.post(path, data={"csrf_token": csrf_token(client, "/"), "country": "DE"})
    assert response.status_code == 403
    session.expire_all()
    assert session.get(User, assessor.id).country is None
