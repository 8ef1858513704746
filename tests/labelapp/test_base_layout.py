"""The base layout: its header is each visitor's own, and the navigation marks the page."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.app import submit


def test_the_anonymous_header_and_a_signed_in_header_never_mix(client, manager, login_as):
    anonymous = client.get("/").get_data(as_text=True)
    assert 'href="/login"' in anonymous and "Signed in as" not in anonymous

    login_as(manager)
    signed_in = client.get("/").get_data(as_text=True)
    assert f"Signed in as {manager.display_name}" in signed_in
    assert 'href="/login"' not in signed_in
    assert 'name="csrf_token"' in signed_in  # the sign-out form is the visitor's own

    assert submit(client, "/logout", {}, form_url="/").status_code == 302
    again = client.get("/").get_data(as_text=True)
    assert 'href="/login"' in again and manager.display_name not in again
    assert 'class="flash' in again  # "You are signed out."


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


@pytest.mark.parametrize(
    ("path", "current"),
    [("/", ["/"]), ("/verify", ["/verify"]), ("/registry", ["/registry"]), ("/login", ["/login"])],
)
def test_the_navigation_marks_the_current_page(client, path, current):
    assert _current(client.get(path).get_data(as_text=True)) == current


def test_a_page_outside_the_navigation_marks_none(client):
    assert _current(client.get("/no-such-page").get_data(as_text=True)) == []


def test_a_signed_in_navigation_marks_the_current_page(client, admin, login_as):
    login_as(admin)
    html = client.get("/admin/users").get_data(as_text=True)
    assert _current(html) == ["/admin/users", "/admin/users"]  # the site's and the area's


CSRF_VALUE = re.compile(r'(?<=name="csrf_token" type="hidden" )value="[^"]*"')


def _without_tokens(page: str) -> str:
    # A CSRF token carries the second it was signed in: two renders may differ there only.
    return CSRF_VALUE.sub('value=""', page)


def test_links_follow_the_path_the_app_is_mounted_at(client):
    plain = client.get("/verify").get_data(as_text=True)
    mounted = client.get("/verify", environ_overrides={"SCRIPT_NAME": "/label"})
    html = mounted.get_data(as_text=True)
    assert 'href="/label/registry"' in html and 'href="/label/static/app.css' in html
    assert 'href="/registry"' in plain and 'href="/static/app.css' in plain
    assert CSRF_VALUE.search(plain)  # the page has a form whose token differs per second
    again = client.get("/verify").get_data(as_text=True)
    assert _without_tokens(again) == _without_tokens(plain)
