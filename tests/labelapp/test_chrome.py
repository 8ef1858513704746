"""The site's header: rendered once for anonymous visitors, never shared with a signed-in one."""

from __future__ import annotations

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


def test_a_flashed_message_still_shows_under_the_remembered_header(client, manager, login_as):
    client.get("/")  # the anonymous header is remembered
    login_as(manager)
    submit(client, "/logout", {}, form_url="/")
    page = client.get("/").get_data(as_text=True)
    assert 'class="flash' in page and 'href="/login"' in page
