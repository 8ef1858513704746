"""The improvement plan in the browser (issue 16): a manager declares areas on the
benchmarking report, reports what was achieved at the next assessment, and the lead
assessor validates each area. Every page passes the Nu checker and axe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services import workflow
from labelapp.services.actor import SYSTEM
from labelapp.services.label_path import validated_areas
from labelapp.web.settings import issuing
from tests.e2e.checks import sign_in
from tests.e2e.people import PASSWORD
from tests.e2e.people import account
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import labelled_with_results
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.e2e

NAME = "Cluster Agroalimentaire d'Occitanie"


def test_a_plan_declared_on_the_report_is_reported_on_and_validated(
    live_app, new_page: Callable[..., Page], screenshots: Path
) -> None:
    with live_app.app_context():
        manager = account("lea@plan.example", "Léa Martin", Role.MANAGER)
        account("ines@plan.example", "Inès Lead", Role.ASSESSOR)
        base = labelled_with_results(db_session(), manager, NAME, 3, country="FR")
        certificates.issue(db_session(), SYSTEM, base, issuing())
        db_session().commit()
        slug, base_id = base.organisation.slug, base.id

    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "lea@plan.example", PASSWORD)
    page.goto(f"/organisations/{slug}/benchmarking")
    plan = page.locator("#improvement-plan")
    expect(plan).to_contain_text("No area is in the plan yet.")
    plan.get_by_label("Area to improve").select_option(label="Strategy")
    plan.get_by_role("button", name="Add to the improvement plan").click()
    # No plan and no date: refused next to each field, nothing added.
    expect(page.locator("#plan-error")).to_contain_text("Write the plan")
    expect(page.locator("#target_on-error")).to_contain_text("Enter the date")
    target = certificates.today() + timedelta(days=300)
    plan = page.locator("#improvement-plan")
    plan.get_by_label("Area to improve").select_option(label="Strategy")
    plan.get_by_label("Plan", exact=True).fill("A strategy day with the members every spring.")
    plan.get_by_label("Carried out by").fill(target.isoformat())
    plan.get_by_role("button", name="Add to the improvement plan").click()
    expect(page.get_by_text("The area is in the improvement plan.")).to_be_visible()
    expect(page.locator("#improvement-plan table")).to_contain_text(
        "A strategy day with the members"
    )
    page.locator("#improvement-plan").screenshot(
        path=str(screenshots / "improvement-plan-1280.png")
    )
    page.set_viewport_size({"width": 360, "height": 800})
    page.locator("#improvement-plan").screenshot(path=str(screenshots / "improvement-plan-360.png"))

    with live_app.app_context():
        session = db_session()
        owner = session.merge(manager)
        base = session.get(Assessment, base_id)
        following = answer_everything(session, owner, start(session, owner, base.organisation))
        session.commit()
        next_id = following.id

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/assessments/{next_id}")
    page.get_by_role("link", name="Report what was achieved").click()
    page.get_by_label("What was achieved").fill("Two strategy days held; minutes published.")
    page.get_by_label("Evidence (web address, optional)").fill("https://occitanie.example/minutes")
    page.get_by_role("button", name="Save what was achieved").click()
    expect(page.get_by_text("What was achieved is saved.")).to_be_visible()
    expect(page.locator("#areas-heading")).to_be_visible()

    with live_app.app_context():
        session = db_session()
        following = session.get(Assessment, next_id)
        workflow.submit_assessment(session, actor(session.merge(manager)), following, None)
        session.commit()

    lead = new_page(viewport={"width": 1280, "height": 900})
    sign_in(lead, "ines@plan.example", PASSWORD)
    lead.goto(f"/review/{next_id}/claim")
    lead.get_by_role("checkbox").check()
    lead.get_by_role("button", name="Claim this review").click()
    expect(lead.get_by_text("The review is yours.")).to_be_visible()
    lead.goto(f"/review/{next_id}")
    lead.get_by_role("link", name="Validate the improvement areas").click()
    expect(lead.get_by_text("Two strategy days held; minutes published.")).to_be_visible()
    lead.get_by_label("Achieved", exact=True).check()
    lead.get_by_role("button", name="Save the verdicts").click()
    expect(lead.locator(".field-invalid")).to_contain_text("Write why")
    lead.get_by_label("Comment").fill("Minutes of both days seen.")
    lead.get_by_role("button", name="Save the verdicts").click()
    expect(lead.get_by_text("Verdicts saved.")).to_be_visible()
    lead.goto(f"/review/{next_id}/improvement-areas")
    lead.screenshot(path=str(screenshots / "improvement-verdicts-1280.png"), full_page=True)
    lead.set_viewport_size({"width": 360, "height": 800})
    lead.screenshot(path=str(screenshots / "improvement-verdicts-360.png"), full_page=True)
    with live_app.app_context():
        assert validated_areas(db_session(), db_session().get(Assessment, next_id)) == 1
