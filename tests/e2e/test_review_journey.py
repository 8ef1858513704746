"""Review in a real browser: claim, validate, request changes, resubmit, approve, confirm gold."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services import workflow
from labelapp.services.accounts import create_user
from labelapp.web.settings import settings
from tests.e2e.checks import sign_in
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import months_ago
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
ORGANISATION = "Ελληνικό Σύμπλεγμα Καινοτομίας"


@pytest.fixture
def submitted(live_app):
    """A manager's complete, submitted assessment and two assessors."""
    with live_app.app_context():
        session = db_session()
        manager = create_user(
            session,
            email="mira@cluster.example",
            display_name="Mira Manager",
            role=Role.MANAGER,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        for email, name in (
            ("eva@label.example", "Eva Lead"),
            ("olaf@label.example", "Olaf Second"),
        ):
            create_user(
                session,
                email=email,
                display_name=name,
                role=Role.ASSESSOR,
                password=PASSWORD,
                passwords=settings().passwords,
            )
        organisation = make_organisation(session, manager, name=ORGANISATION, country="GR")
        assessment = answer_everything(session, manager, start(session, manager, organisation))
        workflow.submit_assessment(session, actor(manager), assessment, None)
        session.commit()
        return assessment.id


def _claim(page: Page, check_page: Callable[[Page], None] | None = None) -> None:
    page.get_by_role("link", name="Review queue").click()
    if check_page:
        check_page(page)
    page.get_by_role("link", name=f"Claim the review of {ORGANISATION}").click()
    if check_page:
        check_page(page)
    page.get_by_role("checkbox", name="I declare that I have no conflict of interest").check()
    page.get_by_role("button", name="Claim this review").click()
    expect(page.get_by_text("The review is yours.")).to_be_visible()
    if check_page:
        check_page(page)


def test_the_review_round_trip_ends_in_a_confirmed_gold_label(check_page, new_page, submitted):
    lead = new_page()
    sign_in(lead, "eva@label.example", PASSWORD)
    _claim(lead, check_page)
    parts = lead.get_by_role("navigation", name="Parts of the review")
    parts.get_by_role("link", name="Leadership and governance of the cluster organisation").click()
    vision = lead.locator("#item-leadership-vision")
    vision.get_by_label("Validated value").select_option("50")
    vision.get_by_label("Areas for improvement").fill("Members cannot yet state the vision.")
    lead.get_by_role("button", name="Save review notes").click()
    expect(lead.get_by_text("Review notes saved.")).to_be_visible()
    check_page(lead)
    parts.get_by_role("link", name="Overview and decision").click()
    expect(lead.locator("#validated-level")).to_have_text("Gold")
    check_page(lead)
    lead.get_by_label("Message to the managers").fill("Please attach last year's member survey.")
    lead.get_by_role("button", name="Request changes").click()
    expect(lead.get_by_text("Returned to the managers with your message.")).to_be_visible()

    owner = new_page()
    sign_in(owner, "mira@cluster.example", PASSWORD)
    owner.goto(f"/assessments/{submitted}")
    expect(owner.get_by_text("Please attach last year's member survey.")).to_be_visible()
    check_page(owner)
    owner.goto(f"/assessments/{submitted}/sections/leadership")
    expect(owner.locator("#item-leadership-vision .assessor-comment")).to_contain_text(
        "Members cannot yet state the vision."
    )
    check_page(owner)
    owner.locator("#item-leadership-vision").get_by_label("Justification").fill(
        "Survey of 2025 attached; the vision was discussed at the general assembly."
    )
    owner.get_by_role("button", name="Save draft").click()
    owner.goto(f"/assessments/{submitted}")
    owner.get_by_role("button", name="Submit for review").click()
    expect(owner.get_by_text("Submitted for review.")).to_be_visible()

    _claim(lead)
    # The approval needs the day of the assessment: refused next to its field first.
    lead.get_by_role("button", name="Approve at the validated level").click()
    expect(lead.locator("#assessed_on-error")).to_contain_text(
        "Enter the day of the assessment (interview or site visit)"
    )
    check_page(lead)
    lead.get_by_label("First day of the assessment").fill(months_ago(2).isoformat())
    lead.get_by_role("button", name="Approve at the validated level").click()
    expect(
        lead.get_by_text(
            "Approval proposed at Gold — proven excellence: a second assessor must confirm it."
        )
    ).to_be_visible()

    second = new_page()
    sign_in(second, "olaf@label.example", PASSWORD)
    second.get_by_role("link", name="Review queue").click()
    second.get_by_role("link", name=f"Confirm or decline {ORGANISATION}").click()
    check_page(second)
    second.get_by_role("checkbox").check()
    second.get_by_role("button", name="Confirm the approval").click()
    expect(
        second.get_by_text(
            re.compile(
                r"Confirmed: the assessment is approved at Gold — proven excellence; "
                r"certificate CEL-\S+ issued"
            )
        )
    ).to_be_visible()

    owner.goto(f"/assessments/{submitted}")
    expect(owner.locator(".lead")).to_contain_text("Approved")
    expect(owner.get_by_role("heading", name="Label awarded")).to_be_visible()
    check_page(owner)
    owner.get_by_role("link", name=re.compile(r"^CEL-")).click()
    expect(owner.get_by_role("status")).to_contain_text("Status: Valid")
