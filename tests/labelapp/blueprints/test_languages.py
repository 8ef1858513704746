"""The language of a page: chosen with ?lang=, remembered in a cookie, else the account's
setting or the browser's; anything unknown falls back to English (decision 21)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from labelapp.models import User
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.blueprints.test_auth import NEW_MANAGER


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)">', html)
    assert found, html[:200]
    return found.group(1)


def test_english_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert _lang(html) == "en"
    assert "Verify a certificate" in html


@pytest.mark.parametrize(
    ("code", "home", "verify"),
    [("de", "Startseite", "Zertifikat prüfen"), ("fr", "Accueil", "Vérifier un certificat")],
)
def test_a_chosen_language_is_shown_and_remembered(client, code, home, verify):
    response = client.get(f"/?lang={code}")
    html = response.get_data(as_text=True)
    assert _lang(html) == code
    assert f">{home}</a>" in html and f">{verify}</a>" in html
    assert f"lang={code}" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    # The next page, without ?lang=, keeps the choice through the cookie.
    assert _lang(client.get("/registry").get_data(as_text=True)) == code


def test_the_browser_language_is_the_default_until_the_visitor_chooses(client):
    headers = {"Accept-Language": "fr-CH, fr;q=0.9, de;q=0.8, en;q=0.5"}
    assert _lang(client.get("/", headers=headers).get_data(as_text=True)) == "fr"
    client.get("/?lang=de")
    assert _lang(client.get("/", headers=headers).get_data(as_text=True)) == "de"


@pytest.mark.parametrize(
    "ask",
    [
        {"query_string": {"lang": "xx"}},
        {"query_string": {"lang": "../de"}},
        {"headers": {"Accept-Language": "tlh, pt;q=0.9"}},
        {"headers": {"Accept-Language": ";;;q=nonsense,,"}},
    ],
)
def test_an_unknown_language_falls_back_to_english_and_is_not_remembered(client, ask):
    response = client.get("/", **ask)
    assert response.status_code == 200
    assert _lang(response.get_data(as_text=True)) == "en"
    assert "Set-Cookie" not in response.headers or "lang=" not in response.headers["Set-Cookie"]


def test_an_unknown_language_in_the_cookie_falls_back_to_english(client):
    client.set_cookie("lang", "klingon")
    assert _lang(client.get("/").get_data(as_text=True)) == "en"


def test_the_switcher_links_keep_the_page_and_its_query(client):
    html = client.get("/registry?country=PL&page=2").get_data(as_text=True)
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"', html)
    assert [code for _href, code in links] == ["en", "de", "fr"]
    for href, code in links:
        assert href.startswith("/registry?") and "country=PL" in href and "page=2" in href
        assert f"lang={code}" in href


def test_each_language_has_its_own_tag_and_the_answer_varies_by_language(client):
    english = client.get("/registry")
    german = client.get("/registry", headers={"Accept-Language": "de"})
    assert english.headers["ETag"] != german.headers["ETag"]
    assert "Accept-Language" in german.headers["Vary"] and "Cookie" in german.headers["Vary"]
    # A copy in one language never revalidates a request for another.
    again = client.get(
        "/registry", headers={"Accept-Language": "fr", "If-None-Match": english.headers["ETag"]}
    )
    assert again.status_code == 200


def test_dates_and_numbers_are_written_the_readers_way(app):
    from datetime import date
    from decimal import Decimal

    with app.test_request_context("/?lang=de"):
        env = app.jinja_env
        assert env.filters["date"](date(2026, 11, 30)) == "30.11.2026"
        assert env.filters["score"](Decimal("1000")) == "1.000,0"
    with app.test_request_context("/?lang=fr"):
        assert app.jinja_env.filters["date"](date(2026, 11, 30), "long") == "30 novembre 2026"
        assert app.jinja_env.filters["score"](Decimal("1234.56")) == "1\u202f234,6"
    with app.test_request_context("/"):
        assert app.jinja_env.filters["date"](date(2026, 11, 30)) == "30 Nov 2026"
        assert app.jinja_env.filters["score"](Decimal("1000")) == "1,000.0"


def _stored_language(session, user):
    return session.scalar(select(User.language).where(User.id == user.id))


def test_an_account_keeps_its_choice_in_every_browser(app, manager, login_as, session):
    first = login_as(manager)
    assert _lang(first.get("/organisations?lang=fr").get_data(as_text=True)) == "fr"
    assert _stored_language(session, manager) == "fr"
    # Another browser, whose own cookie and Accept-Language say German: the account wins.
    second = app.test_client()
    second.set_cookie("lang", "de")
    assert login(second, manager.email).status_code == 302
    page = second.get("/organisations", headers={"Accept-Language": "de"})
    assert _lang(page.get_data(as_text=True)) == "fr"


def test_a_visitor_without_an_account_changes_no_account(client, manager, session):
    client.get("/?lang=de")
    assert _stored_language(session, manager) is None


def test_a_registration_keeps_the_language_it_was_read_in(client, session):
    client.get("/register?lang=fr")
    response = submit(client, "/register", NEW_MANAGER)
    assert response.status_code == 302
    found = session.scalar(select(User.language).where(User.email == NEW_MANAGER["email"]))
    assert found == "fr"
