"""Conditional requests on the public lookups: a strong ETag, a 304 from the lookup alone,
and a change that shows on the very next request; a visitor's own page is never shared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import template_rendered

from labelapp.certificates.numbering import CertificateNumber
from labelapp.db import db_session
from labelapp.services import certificates
from labelapp.web import conditional
from tests.fixtures.app import submit
from tests.labelapp.services.factories import change_status as _change
from tests.labelapp.services.factories import issued

SURFACES = {
    "verification page": "/verify/{number}",
    "certificate API": "/api/v1/certificates/{number}",
    "badge": "/badge/{number}.svg",
    "registry page": "/registry",
    "registry API": "/api/v1/registry",
    "registry CSV": "/registry.csv",
}
PAGES = ["verification page", "registry page"]


@pytest.fixture
def number(app, manager) -> str:
    """A valid silver certificate's number."""
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager))
        db_session().commit()
        return made.number


@pytest.fixture
def rendered(app):
    """The names of the templates rendered while the test goes on."""
    names: list[str] = []

    def record(_sender, template, **_extra):
        names.append(template.name)

    with template_rendered.connected_to(record, app):
        yield names


def _shows(surface: str, response, number: str, status: str) -> bool:
    """Whether the response tells the certificate's ``status`` (the registry: by listing it)."""
    text = response.get_data(as_text=True)
    if surface == "certificate API":
        return response.get_json()["status"] == status
    if surface.startswith("registry"):
        return (number in text) == (status == "valid")
    return f'data-status="{status}"' in text


@pytest.mark.parametrize("surface", SURFACES)
def test_each_lookup_sends_a_strong_etag_that_stays_while_nothing_changes(client, number, surface):
    url = SURFACES[surface].format(number=number)
    first = client.get(url)
    assert first.status_code == 200 and _shows(surface, first, number, "valid")
    tag = first.headers["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")  # strong
    assert first.headers["Cache-Control"] == "no-cache"
    assert client.get(url).headers["ETag"] == tag


@pytest.mark.parametrize("surface", SURFACES)
def test_if_none_match_gets_an_empty_304_from_the_lookup_alone(
    client, number, surface, sql_statements, rendered
):
    url = SURFACES[surface].format(number=number)
    tag = client.get(url).headers["ETag"]
    sql_statements.clear()
    rendered.clear()
    answer = client.get(url, headers={"If-None-Match": tag})
    assert answer.status_code == 304 and answer.data == b""
    assert answer.headers["ETag"] == tag
    assert answer.headers["Cache-Control"] == "no-cache"
    assert len(sql_statements) == 1, sql_statements  # the certificate, or the registry's state
    assert rendered == []


@pytest.mark.parametrize("sent", ['W/"{tag}"', '"other", "{tag}"', "*"])
def test_if_none_match_is_compared_as_http_says(client, number, sent):
    url = f"/verify/{number}"
    tag = client.get(url).headers["ETag"].strip('"')
    assert client.get(url, headers={"If-None-Match": sent.format(tag=tag)}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("action", ["suspend", "revoke"])
@pytest.mark.parametrize("surface", SURFACES)
def test_a_change_shows_on_the_very_next_conditional_request(
    client, app, admin, number, surface, action
):
    url = SURFACES[surface].format(number=number)
    tag = client.get(url).headers["ETag"]
    _change(app, admin, number, action, "Checked again.")
    answer = client.get(url, headers={"If-None-Match": tag})
    assert answer.status_code == 200
    assert answer.headers["ETag"] != tag
    assert _shows(surface, answer, number, {"suspend": "suspended", "revoke": "revoked"}[action])


def test_a_new_reason_for_the_same_status_is_a_new_page(client, app, admin, number):
    url = f"/verify/{number}"
    _change(app, admin, number, "suspend", "First reason.")
    first = client.get(url)
    assert "First reason." in first.get_data(as_text=True)
    _change(app, admin, number, "reinstate", "Cleared.")
    _change(app, admin, number, "suspend", "Second reason.")
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    text = again.get_data(as_text=True)
    assert "Second reason." in text and "First reason." not in text


@pytest.mark.parametrize(
    ("action", "wording"),
    [("suspend", "not valid while the label is suspended"), ("revoke", "no longer valid")],
)
def test_the_pdf_links_wording_comes_with_the_status_on_the_next_request(
    client, app, admin, number, action, wording
):
    url = f"/verify/{number}"
    first = client.get(url)
    assert "Download the certificate (PDF)" in first.get_data(as_text=True)
    _change(app, admin, number, action, "Checked again.")
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]
    assert wording in again.get_data(as_text=True)
    if action == "suspend":  # and back: the tag changes again, the link is the certificate
        _change(app, admin, number, "reinstate", "Cleared.")
        back = client.get(url, headers={"If-None-Match": again.headers["ETag"]})
        assert back.status_code == 200
        assert "Download the certificate (PDF)" in back.get_data(as_text=True)


def test_a_mistyped_number_gets_no_tag_and_never_a_304(client, number):
    typo = number[:-1] + ("A" if number[-1] != "A" else "C")
    answer = client.get(f"/verify/{typo}", headers={"If-None-Match": "*"})
    assert answer.status_code == 404 and "ETag" not in answer.headers


@pytest.mark.parametrize("surface", PAGES)
def test_a_signed_in_visitor_never_gets_the_anonymous_page_or_a_304(
    client, number, manager, login_as, surface
):
    url = SURFACES[surface].format(number=number)
    anonymous = client.get(url)
    assert "Cookie" in anonymous.headers["Vary"]
    login_as(manager)
    for sent in (anonymous.headers["ETag"], "*"):
        page = client.get(url, headers={"If-None-Match": sent})
        assert page.status_code == 200
        assert f"Signed in as {manager.display_name}" in page.get_data(as_text=True)
        # No tag: nothing of this visitor's page can be answered 304 to anyone later.
        assert "ETag" not in page.headers
        assert page.headers["Cache-Control"] == "no-store"
        assert "Cookie" in page.headers["Vary"]


def test_the_api_and_the_badge_are_the_same_for_a_signed_in_visitor(
    client, number, manager, login_as
):
    urls = [SURFACES[name].format(number=number) for name in ("certificate API", "badge")]
    tags = [client.get(url).headers["ETag"] for url in urls]
    login_as(manager)
    for url, tag in zip(urls, tags, strict=True):
        assert client.get(url).headers["ETag"] == tag
        assert client.get(url, headers={"If-None-Match": tag}).status_code == 304


def test_a_waiting_message_is_shown_instead_of_a_304(client, number, manager, login_as):
    url = f"/verify/{number}"
    tag = client.get(url).headers["ETag"]
    login_as(manager)
    submit(client, "/logout", {}, form_url="/")  # "You are signed out." waits for a page
    page = client.get(url, headers={"If-None-Match": tag})
    assert page.status_code == 200 and "You are signed out." in page.get_data(as_text=True)
    assert "ETag" not in page.headers
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304  # shown once


def test_the_registry_tag_follows_the_query_the_day_and_every_new_label(
    client, app, manager, number, monkeypatch
):
    tag = client.get("/registry").headers["ETag"]
    assert client.get("/registry", query_string={"country": "PL"}).headers["ETag"] != tag
    assert client.get("/api/v1/registry").headers["ETag"] != tag  # another representation

    today = certificates.today()
    monkeypatch.setattr(certificates, "today", lambda: today + timedelta(days=1))
    assert client.get("/registry", headers={"If-None-Match": tag}).status_code == 200
    monkeypatch.undo()

    with app.app_context():
        newer = issued(db_session(), db_session().merge(manager), name="Mazowiecki Klaster")
        db_session().commit()
        added = newer.number
    answer = client.get("/registry", headers={"If-None-Match": tag})
    assert answer.status_code == 200 and added in answer.get_data(as_text=True)


def test_a_second_language_would_get_tags_of_its_own(client, number, monkeypatch):
    url = f"/verify/{number}"
    english = client.get(url).headers["ETag"]
    monkeypatch.setattr(conditional, "language", lambda: "de")
    assert client.get(url, headers={"If-None-Match": english}).status_code == 200


def test_an_unknown_badge_has_no_tag(client, number):
    response = client.get(f"/badge/{CertificateNumber('CEL', 2020, 1).text}.svg")
    assert response.status_code == 404
    assert "ETag" not in response.headers and response.headers["Cache-Control"] == "no-cache"
