"""The administrator's certificate page in a real browser: its history reads as lines that
wrap, and the page fits the window."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
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

PASSWORD = "correct horse battery staple"
ADMIN = "certificate-admin@example.org"
ORGANISATION = "Moravskoslezský klastr Žďár"


@pytest.fixture(scope="module")
def suspended_number(live_app) -> str:
    """A certificate with a history: issued, suspended with a long public reason."""
    with live_app.app_context():
        session = db_session()
        owner = manager_account(session, "history-manager@example.org", "Hana Manager")
        admin = accounts.create_user(
            session,
            email=ADMIN,
            display_name="Adam Admin",
            role=Role.ADMIN,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        made = issued(session, owner, "gold", name=ORGANISATION, country="CZ")
        session.commit()
        number = made.number
    change_status(live_app, admin, number, "suspend", "Under review: " + "evidence " * 30)
    return number


def _signed_in_admin(new_page: Callable[..., Page], width: int) -> Page:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto("/login")
    page.get_by_label("E-mail address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def test_the_certificate_page_fits_1280_px_and_reads_its_history(
    check_page, new_page: Callable[..., Page], suspended_number: str
):
    page = _signed_in_admin(new_page, 1280)
    page.goto(f"/admin/certificates/{suspended_number}")
    expect(page.get_by_role("heading", name=f"Certificate {suspended_number}")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"the page is {width} px wide in a 1,280 px window"

    history = page.locator("ol.history")
    expect(history).to_contain_text("PDF SHA-256:")
    expect(history).to_contain_text("valid → suspended")
    expect(history).not_to_contain_text('{"')  # no raw JSON
    # The assessment and the organisation are named and lead to the organisation's page.
    assessment = page.get_by_role("link", name=f"Self-assessment of {ORGANISATION}").first
    expect(assessment).to_have_attribute("href", re.compile(r"/admin/organisations/\d+$"))
    check_page(page)

    assessment.click()
    expect(page.get_by_role("heading", name=ORGANISATION, exact=True)).to_be_visible()
