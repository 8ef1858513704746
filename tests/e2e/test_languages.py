"""The label in German and French in a real browser: a manager works in German and reads
German dates and numbers; a French certificate reads French and passes the PDF check."""

from __future__ import annotations

import re
from datetime import UTC
from datetime import datetime

import pytest
from babel.dates import format_date
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.languages import format_locale
from labelapp.models import Role
from labelapp.services.accounts import create_user
from labelapp.web.settings import settings
from tests.fixtures.pdf import pdf_text
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import manager_account

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def french(live_app) -> tuple[str, str]:
    with live_app.app_context():
        session = db_session()
        owner = manager_account(session, "claire@langues.example", "Claire Dubois")
        made = issued(
            session,
            owner,
            "gold",
            name="Pôle Lumière Lyon",
            country="FR",
            certificate_language="fr",
        )
        session.commit()
        return made.number, format_date(made.valid_until, "long", locale=format_locale("fr"))


def test_a_french_certificate_reads_french_and_passes_the_pdf_check(
    page: Page, french: tuple[str, str], tmp_path
):
    number, valid_until = french
    page.goto("/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="Vérifier un certificat").first.click()
    page.get_by_label("Numéro du certificat").fill(number)
    page.get_by_role("button", name="Rechercher le certificat").click()
    expect(page.get_by_text("Gold — excellence avérée")).to_be_visible()
    expect(page.get_by_text("français", exact=True)).to_be_visible()  # issued in French

    pdf = page.request.get(f"/certificates/{number}.pdf").body()
    text = pdf_text(pdf)
    assert "Certificat" in text and "Gold — excellence avérée" in text
    assert valid_until in text  # "29 novembre 2028": the date as French writes it
    assert "has been awarded" not in text

    document = tmp_path / "certificat.pdf"
    document.write_bytes(pdf)
    page.goto("/verify")
    page.get_by_label("PDF du certificat").set_input_files(str(document))
    page.get_by_role("button", name="Vérifier le PDF").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Authentique : c’est le certificat {number}"
    )

    # The English copy, linked from the certificate's page, passes the same check.
    page.goto(f"/verify/{number}")
    link = page.get_by_role("link", name="Le certificat en anglais (PDF)")
    copy = page.request.get(link.get_attribute("href") or "").body()
    assert "has been awarded the Cluster Excellence Label" in pdf_text(copy)
    document.write_bytes(copy)
    page.goto("/verify")
    page.get_by_label("PDF du certificat").set_input_files(str(document))
    page.get_by_role("button", name="Vérifier le PDF").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Authentique : c’est le certificat {number}"
    )


PASSWORD = "ein langes und privates Passwort"


@pytest.fixture(scope="module")
def german_manager(live_app) -> str:
    with live_app.app_context():
        session = db_session()
        user = create_user(
            session,
            email="jonas@sprachen.example",
            display_name="Jonas Becker",
            role=Role.MANAGER,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        organisation = make_organisation(session, user, name="Cluster Rhein-Main", country="DE")
        session.commit()
        return organisation.slug


def test_a_manager_works_in_german_and_reads_german_dates_and_numbers(
    page: Page, german_manager: str
):
    page.goto("/login")
    page.get_by_label("E-mail address").fill("jonas@sprachen.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.goto(f"/organisations/{german_manager}")
    page.get_by_role("link", name="Profil bearbeiten").click()
    staff = page.get_by_label("Personal des Clustermanagements (Vollzeitäquivalente)")
    staff.fill("2,5")
    page.get_by_label("Wichtigstes industrielles Ökosystem").select_option(label="Gesundheit")
    page.get_by_role("button", name="Organisation speichern").click()
    expect(page.get_by_text("Gesundheit", exact=True)).to_be_visible()
    expect(page.get_by_text("2,5", exact=True)).to_be_visible()  # a German decimal comma

    page.get_by_role("button", name="Neue Selbstbewertung beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selbstbewertung")
    expect(page.get_by_text("von 1.000,0 Punkten")).to_be_visible()  # German thousands
    page.goto(f"/organisations/{german_manager}")
    today = format_date(datetime.now(UTC).date(), "medium", locale=format_locale("de"))
    expect(page.get_by_role("cell", name=today, exact=True)).to_be_visible()  # "30.11.2026"

    page.get_by_role("link", name=re.compile("^Ansehen")).first.click()
    page.get_by_role("link", name="Führung und Steuerung der Clusterorganisation").first.click()
    vision = page.locator("#item-leadership-vision")
    vision.get_by_role("radio", name=re.compile("^100 % — Herausragend")).check()
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("Gespeichert.")).to_be_visible()
    expect(vision.get_by_role("radio", name=re.compile("^100 %"))).to_be_checked()
