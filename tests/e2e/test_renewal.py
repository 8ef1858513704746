"""Renewing a label in the browser (issue 16): the answers carried over are listed to
confirm, saving a page confirms its answers, and the history shows on the public
verification page. Every page passes the Nu checker and axe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import AssessmentStatus
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services.accounts import create_user
from labelapp.services.actor import SYSTEM
from labelapp.web.settings import issuing
from labelapp.web.settings import settings
from tests.e2e.checks import sign_in
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.e2e

PASSWORD = "a long and private passphrase"


def test_a_manager_renews_an_expired_label_within_its_grace_window(
    live_app, new_page: Callable[..., Page], screenshots: Path
) -> None:
    with live_app.app_context():
        manager = create_user(
            db_session(),
            email="jonas@renew.example",
            display_name="Jonas Berg",
            role=Role.MANAGER,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        session = db_session()
        organisation = make_organisation(session, manager, name="Klynge Nord", country="NO")
        answered = answer_everything(session, manager, start(session, manager, organisation))
        answered.status, answered.approved_level = AssessmentStatus.APPROVED, "silver"
        answered.decided_at = utcnow() - timedelta(days=800)
        label = certificates.issue(session, SYSTEM, answered, issuing())
        label.valid_until = certificates.today() - timedelta(days=60)
        db_session().commit()
        slug, number = label.organisation.slug, label.number

    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "jonas@renew.example", PASSWORD)
    page.goto(f"/organisations/{slug}")
    expect(page.get_by_text("it continues the label's history")).to_be_visible()
    page.screenshot(path=str(screenshots / "renewal-organisation-1280.png"), full_page=True)
    page.get_by_role("button", name="Renew the label").click()
    expect(page.get_by_text("The renewal is started")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Renewal of label {number}")).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(screenshots / "renewal-overview-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    # The submission lists what to confirm, with a link to each field.
    page.get_by_text("What is missing, with a link to each field").click()
    carried = page.locator("#missing-items li", has_text="carried over")
    before = carried.count()
    assert before > 0
    carried.first.get_by_role("link").click()
    expect(page.locator(".carried-over").first).to_contain_text(
        "Carried over from the renewed label"
    )
    page.screenshot(path=str(screenshots / "renewal-answers-1280.png"), full_page=False)
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".carried-over")).to_have_count(0)  # the page's answers confirmed
    page.goto(page.url.split("/sections")[0].split("/indicators")[0])
    page.get_by_text("What is missing, with a link to each field").click()
    expect(page.locator("#missing-items li", has_text="carried over")).not_to_have_count(before)
