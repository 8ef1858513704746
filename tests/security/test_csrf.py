"""Every state-changing form needs its CSRF token; without it nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from labelapp.models import User
from tests.fixtures.users import PASSWORD

FORMS = [
    (
        "/register",
        {"display_name": "A", "email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD},
    ),
    ("/login", {"email": "a@example.org", "password": PASSWORD}),
]


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_posts_without_a_token_are_refused_with_a_clear_page(client, session, url, data):
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form was not sent from this site or has expired." in page
    assert session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("url", ["/account/password", "/admin/users/new", "/logout"])
def test_signed_in_forms_refuse_a_forged_token(client, login_as, admin, url):
    login_as(admin)
    response = client.post(url, data={"csrf_token": "forged"})
    assert response.status_code == 400
