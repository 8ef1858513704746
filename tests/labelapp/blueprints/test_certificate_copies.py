"""A certificate issued in German, and its English copy, as the public gets them."""

from __future__ import annotations

import pytest

from labelapp.db import db_session
from tests.labelapp.services.factories import issued


@pytest.fixture
def german(app, manager) -> str:
    with app.app_context():
        session = db_session()
        made = issued(
            session,
            session.merge(manager),
            "gold",
            name="Klaster Deutsch",
            certificate_language="de",
        )
        session.commit()
        return made.number


def test_the_certificate_page_says_its_language_and_offers_the_english_copy(client, german):
    html = client.get(f"/verify/{german}").get_data(as_text=True)
    assert "Issued in</dt><dd>German</dd>" in html
    assert f'href="/certificates/{german}/en.pdf" hreflang="en"' in html
    html = client.get(f"/verify/{german}?lang=de").get_data(as_text=True)
    assert "Gold — nachgewiesene Exzellenz" in html  # the level in the reader's language
    assert "Das Zertifikat auf Englisch (PDF)" in html


def test_the_english_copy_is_served_and_the_same_bytes_every_time(client, german):
    first = client.get(f"/certificates/{german}/en.pdf")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.headers["Content-Disposition"] == f'inline; filename="{german}-en.pdf"'
    again = client.get(f"/certificates/{german}/en.pdf")
    assert again.get_data() == first.get_data()
    revalidated = client.get(
        f"/certificates/{german}/en.pdf", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert revalidated.status_code == 304


def test_other_languages_of_the_pdf(client, german):
    refused = client.get(f"/certificates/{german}/fr.pdf")
    assert refused.status_code == 404
    assert "Set-Cookie" not in refused.headers  # a refused download leaves nothing behind
    assert client.get(f"/certificates/{german}/xx.pdf").status_code == 404
    original = client.get(f"/certificates/{german}/de.pdf")
    assert original.status_code == 301
    assert original.headers["Location"].endswith(f"/certificates/{german}.pdf")


def test_the_api_lists_the_languages_of_the_pdf(client, german):
    body = client.get(f"/api/v1/certificates/{german}").get_json()
    assert body["language"] == "de"
    assert set(body["pdf_urls"]) == {"de", "en"}
    assert body["pdf_urls"]["de"].endswith(f"/certificates/{german}.pdf")
    assert body["pdf_urls"]["en"].endswith(f"/certificates/{german}/en.pdf")


def test_the_registry_names_levels_in_the_readers_language(client, german):
    html = client.get("/registry?lang=fr").get_data(as_text=True)
    assert '<option value="gold">Gold — excellence avérée</option>' in html
    assert "<td>Gold — excellence avérée</td>" in html
    english = client.get("/registry?lang=en").get_data(as_text=True)
    assert "<td>Gold — proven excellence</td>" in english
