"""The label's path on the bundled criteria 2027.1, in a real browser (issue 16): bronze
for a modest first benchmarking; silver refused while the bronze label is under 18
months old and granted after, with three improvement areas validated; gold refused
when both assessors work from one country and granted when they don't; a renewal
after the grace window starts a new history. Every page passes the Nu checker and axe.

The set-up the browser tests elsewhere (answering, declaring areas, starting a
renewal) goes through the services; the assessors' steps the path decides on go
through the pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services import improvement_plans
from labelapp.services import renewals
from labelapp.services import workflow
from labelapp.services.criteria import get_version
from labelapp.services.criteria import set_current
from labelapp.services.improvement_plans import Achievement
from labelapp.services.label_path import history_base
from tests.e2e.checks import sign_in
from tests.e2e.people import PASSWORD
from tests.e2e.people import account
from tests.labelapp.services.factories import PATH_VERSION
from tests.labelapp.services.factories import THRESHOLD_VERSION
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import months_ago
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.e2e

SILVER_GAP = "A Bronze label or higher, assessed 18 to 24 months before this assessment."


def _current(live_app, version: str) -> None:
    with live_app.app_context():
        session = db_session()
        set_current(session, get_version(session, "cluster-excellence", version))
        session.commit()


@pytest.fixture
def on_the_path(live_app) -> Iterator[None]:
    """New assessments start on 2027.1 for the test, as after `labelapp init`."""
    _current(live_app, PATH_VERSION)
    yield
    _current(live_app, THRESHOLD_VERSION)


def _claim(page: Page, assessment_id: int) -> None:
    page.goto(f"/review/{assessment_id}/claim")
    page.get_by_role("checkbox", name="I declare that I have no conflict of interest").check()
    page.get_by_role("button", name="Claim this review").click()
    expect(page.get_by_text("The review is yours.")).to_be_visible()
    page.goto(f"/review/{assessment_id}")


def _approve(page: Page, assessment_id: int, level: str, day: date) -> None:
    """The lead claims the review, sees ``level`` reached and approves with ``day``."""
    _claim(page, assessment_id)
    expect(page.locator("#validated-level")).to_have_text(level)
    page.get_by_label("First day of the assessment").fill(day.isoformat())
    page.get_by_role("button", name="Approve at the validated level").click()


def _record_day(page: Page, day: date) -> None:
    page.get_by_label("First day of the assessment").fill(day.isoformat())
    page.get_by_role("button", name="Save review notes").click()
    expect(page.get_by_text("Review notes saved.")).to_be_visible()


def test_bronze_for_a_first_benchmarking_then_silver_after_18_months_with_three_areas(
    live_app, on_the_path, new_page: Callable[..., Page], screenshots: Path
) -> None:
    with live_app.app_context():
        session = db_session()
        manager = account("marta@slask.example", "Marta Nowak", Role.MANAGER)
        account("anna@label.example", "Anna Kowalska", Role.ASSESSOR, "PL")
        organisation = make_organisation(session, manager, name="Klaster Śląski", country="PL")
        first = answer_everything(
            session, manager, start(session, manager, organisation), modest=True
        )
        assert first.criteria_version.version == PATH_VERSION
        workflow.submit_assessment(session, actor(manager), first, None)
        session.commit()
        first_id = first.id

    lead = new_page(viewport={"width": 1280, "height": 900})
    sign_in(lead, "anna@label.example", PASSWORD)
    # Lowest answers everywhere, the knock-outs met: a complete benchmarking is bronze.
    _approve(lead, first_id, "Bronze", months_ago(20))
    expect(lead.get_by_text(re.compile(r"Approved at Bronze .*; certificate CEL-"))).to_be_visible()

    with live_app.app_context():
        session = db_session()
        owner = session.merge(manager)
        base = session.get(Assessment, first_id)
        label = session.scalars(
            select(Certificate).where(Certificate.assessment_id == first_id)
        ).one()
        target = certificates.today() + timedelta(days=90)
        for section in ("strategy", "people", "services"):
            plan = f"Improve {section} as the report suggests."
            improvement_plans.declare(
                session, actor(owner), base, f"section:{section}", plan, target
            )
        renewal = renewals.start_renewal(session, actor(owner), label)
        answer_everything(session, owner, renewal, modest=True)  # still far from gold
        given = {
            area.id: Achievement("Done as planned; see the minutes.")
            for area in improvement_plans.areas_for(session, renewal)
        }
        improvement_plans.report(session, actor(owner), renewal, given, None)
        workflow.submit_assessment(session, actor(owner), renewal, None)
        session.commit()
        renewal_id, first_number = renewal.id, label.number

    _claim(lead, renewal_id)
    lead.get_by_role("link", name="Validate the improvement areas").click()
    areas = lead.locator("section.improvement-area")
    expect(areas).to_have_count(3)
    for index in range(3):
        area = areas.nth(index)
        area.get_by_label("Achieved", exact=True).check()
        area.get_by_label("Comment").fill("Seen on site: the minutes confirm it.")
    lead.get_by_role("button", name="Save the verdicts").click()
    expect(lead.get_by_text("Verdicts saved.")).to_be_visible()
    lead.goto(f"/review/{renewal_id}")
    # 17 whole months after the bronze assessment: silver is refused, and the page says why.
    _record_day(lead, months_ago(3))
    expect(lead.locator("#validated-level")).to_have_text("Bronze")
    expect(lead.get_by_text(SILVER_GAP).first).to_be_visible()
    lead.screenshot(path=str(screenshots / "path-silver-refused-1280.png"), full_page=True)
    # The visit was 19 months after: silver.
    _record_day(lead, months_ago(1))
    expect(lead.locator("#validated-level")).to_have_text("Silver")
    lead.get_by_role("button", name="Approve at the validated level").click()
    expect(lead.get_by_text(re.compile(r"Approved at Silver .*; certificate CEL-"))).to_be_visible()

    visitor = new_page(viewport={"width": 360, "height": 800})
    visitor.goto(f"/verify/{first_number}")
    expect(visitor.get_by_role("status")).to_contain_text("Superseded")
    visitor.get_by_role("link", name=re.compile(r"^CEL-")).first.click()
    history = f"Bronze {months_ago(20).year} → Silver {months_ago(1).year}"
    expect(visitor.get_by_text(history)).to_be_visible()
    visitor.screenshot(path=str(screenshots / "path-history-verify-360.png"), full_page=True)


def test_gold_is_confirmed_only_by_an_assessor_from_another_country(
    live_app, on_the_path, new_page: Callable[..., Page], screenshots: Path
) -> None:
    with live_app.app_context():
        session = db_session()
        manager = account("jan@vlaanderen.example", "Jan Peeters", Role.MANAGER)
        account("lotte@label.example", "Lotte Janssens", Role.ASSESSOR, "BE")
        account("pieter@label.example", "Pieter Maes", Role.ASSESSOR, "BE")
        account("claire@label.example", "Claire Dubois", Role.ASSESSOR, "FR")
        organisation = make_organisation(
            session, manager, name="Flanders Food Cluster", country="BE"
        )
        assessment = answer_everything(session, manager, start(session, manager, organisation))
        workflow.submit_assessment(session, actor(manager), assessment, None)
        session.commit()
        assessment_id = assessment.id

    lead = new_page(viewport={"width": 1280, "height": 900})
    sign_in(lead, "lotte@label.example", PASSWORD)
    _approve(lead, assessment_id, "Gold", months_ago(1))
    expect(lead.get_by_text("a second assessor must confirm it")).to_be_visible()

    same = new_page(viewport={"width": 1280, "height": 900})
    sign_in(same, "pieter@label.example", PASSWORD)
    same.goto(f"/review/{assessment_id}/confirm")
    same.get_by_role("checkbox").check()
    same.get_by_role("button", name="Confirm the approval").click()
    expect(same.get_by_text("you work from the same country")).to_be_visible()
    same.screenshot(path=str(screenshots / "path-gold-same-country-1280.png"), full_page=True)
    with live_app.app_context():
        found = db_session().get(Assessment, assessment_id)
        assert (found.pending_level, found.approved_level) == ("gold", None)

    other = new_page(viewport={"width": 360, "height": 800})
    sign_in(other, "claire@label.example", PASSWORD)
    other.goto(f"/review/{assessment_id}/confirm")
    other.get_by_role("checkbox").check()
    other.get_by_role("button", name="Confirm the approval").click()
    expect(
        other.get_by_text(re.compile(r"Confirmed: the assessment is approved at Gold"))
    ).to_be_visible()


def test_a_renewal_after_the_grace_window_starts_a_new_history(
    live_app, on_the_path, new_page: Callable[..., Page], screenshots: Path
) -> None:
    with live_app.app_context():
        session = db_session()
        manager = account("sofia@norte.example", "Sofia Almeida", Role.MANAGER)
        label = issued(session, manager, "bronze", name="Cluster do Norte", country="PT")
        # Expired 13 months ago: one month past bronze's 12-month grace window.
        label.valid_until = certificates.add_months(certificates.today(), -13)
        session.commit()
        slug, label_id = label.organisation.slug, label.id

    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "sofia@norte.example", PASSWORD)
    page.goto(f"/organisations/{slug}")
    expect(page.get_by_text("so the new label starts a new history")).to_be_visible()
    page.get_by_role("button", name="Renew the label").click()
    expect(page.get_by_text("The renewal is started")).to_be_visible()
    page.screenshot(path=str(screenshots / "path-renewal-afresh-1280.png"), full_page=True)
    with live_app.app_context():
        renewal = (
            db_session().scalars(select(Assessment).where(Assessment.renews_id == label_id)).one()
        )
        assert history_base(db_session(), renewal) is None  # no label to continue
