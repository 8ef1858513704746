"""The public checks a label in a real browser: the URL in the certificate's QR code, the
lookup form and the PDF check, without an account."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services import accounts
from labelapp.web.settings import settings
from tests.labelapp.services.factories import change_status
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import manager_account

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def number(live_app) -> str:
    with live_app.app_context():
        session = db_session()
        owner = manager_account(session, "qr-manager@example.org", "Ελένη Παπαδοπούλου")
        made = issued(session, owner, "gold", name="Ελληνικό Σύμπλεγμα Καινοτομίας", country="GR")
        session.commit()
        return made.number


def _qr_url(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    (code,) = zxingcpp.read_barcodes(image)
    return code.text


def test_following_the_qr_code_shows_a_valid_label(
    check_page, page: Page, number: str, live_server: str
):
    pdf = page.request.get(f"/certificates/{number}.pdf").body()
    url = _qr_url(pdf)
    assert url == f"{live_server}/verify/{number}"  # the absolute verification URL

    page.goto(url)
    expect(page.get_by_role("heading", name=f"Certificate {number}")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Status: Valid")
    expect(page.get_by_text("Ελληνικό Σύμπλεγμα Καινοτομίας")).to_be_visible()
    check_page(page)


def test_the_lookup_form_and_the_pdf_check_work_without_an_account(
    check_page, page: Page, number: str, tmp_path
):
    page.goto("/")
    page.get_by_role("link", name="Verify a certificate").first.click()
    page.get_by_label("Certificate number").fill(number.lower())
    page.get_by_role("button", name="Look up the certificate").click()
    expect(page.get_by_role("status")).to_contain_text("Status: Valid")

    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(page.request.get(f"/certificates/{number}.pdf").body())
    page.goto("/verify")
    page.get_by_label("Certificate PDF").set_input_files(str(pdf))
    page.get_by_role("button", name="Check the PDF").click()
    expect(page.get_by_role("status")).to_contain_text(f"Genuine: this is certificate {number}")
    check_page(page)

    page.goto("/verify")
    page.get_by_label("Certificate number").fill(number[:-1] + ("A" if number[-1] != "A" else "C"))
    page.get_by_role("button", name="Look up the certificate").click()
    expect(page.get_by_text("mistyped or two were swapped")).to_be_visible()
    check_page(page)


@pytest.fixture(scope="module")
def revoked_number(live_app) -> str:
    """A certificate an administrator revoked."""
    with live_app.app_context():
        session = db_session()
        owner = manager_account(session, "revoked-manager@example.org", "Rita Manager")
        made = issued(session, owner, "silver", name="Revoked Cluster", country="AT")
        session.commit()
        number = made.number
    change_status(live_app, _admin(live_app), number, "revoke", "Members were misreported.")
    return number


def _admin(live_app):
    with live_app.app_context():
        session = db_session()
        user = accounts.create_user(
            session,
            email="verify-admin@example.org",
            display_name="Vera Admin",
            role=Role.ADMIN,
            password="correct horse battery staple",
            passwords=settings().passwords,
        )
        session.commit()
        return user


def _mistyped(number: str) -> str:
    return number[:-1] + ("A" if number[-1] != "A" else "C")


def test_a_mistyped_number_in_an_address_gets_the_lookup_form_with_its_help(
    check_page, page: Page, number: str
):
    typo = _mistyped(number)
    answer = page.goto(f"/verify/{typo}")
    assert answer is not None and answer.status == 404
    expect(page.get_by_text("mistyped or two were swapped")).to_be_visible()
    expect(page.get_by_role("heading", name="Page not found")).to_have_count(0)
    field = page.get_by_label("Certificate number")
    expect(field).to_have_value(typo)
    check_page(page)

    field.fill(number)  # corrected in place, and looked up
    page.get_by_role("button", name="Look up the certificate").click()
    expect(page.get_by_role("status")).to_contain_text("Status: Valid")


def test_a_revoked_certificate_offers_its_pdf_as_no_longer_valid(
    check_page, page: Page, revoked_number: str, number: str
):
    page.goto(f"/verify/{revoked_number}")
    expect(page.get_by_role("status")).to_contain_text("Status: Revoked")
    download = page.get_by_role("link", name="Download the PDF as issued")
    expect(download).to_contain_text("no longer valid")
    expect(page.get_by_role("link", name="Download the certificate (PDF)")).to_have_count(0)
    check_page(page)

    page.goto(f"/verify/{number}")  # a valid one is still offered as the certificate
    expect(page.get_by_role("link", name="Download the certificate (PDF)")).to_be_visible()
