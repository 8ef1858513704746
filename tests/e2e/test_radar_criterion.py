"""A RADAR criterion in a real browser: the manager answers its three attributes, the
assessor validates them; both pages pass the Nu checker and axe (the fixtures check
every page the browsers received) and are photographed at 1280 and 360 pixels."""

from __future__ import annotations

import itertools

import pytest
import yaml
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import criteria as criteria_service
from labelapp.services import workflow
from labelapp.services.accounts import create_user
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.assessments import start_assessment
from labelapp.web.settings import settings
from tests.assessment.schemes import build
from tests.assessment.schemes import radar_data
from tests.e2e.checks import sign_in
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import make_organisation

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
SCHEME = "radar-e2e"  # a key of its own: other browser tests publish other schemes
_numbers = itertools.count(1)


@pytest.fixture
def people(live_app) -> dict[str, str]:
    """A manager with a draft of a scheme whose Vision is a RADAR criterion, and an
    assessor; e-mails and the draft's id, new for every test."""
    n = f"{next(_numbers)}-{id(object())}"
    found = {"manager": f"radar-manager{n}@cluster.example", "lead": f"radar{n}@label.example"}
    with live_app.app_context():
        session = db_session()
        data = radar_data()
        data["scheme"] = SCHEME
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        criteria_service.publish_version(session, build(data), text, "radar-e2e.yaml")
        users = {
            key: create_user(
                session,
                email=found[key],
                display_name=f"{key.title()} {n}",
                role=Role.MANAGER if key == "manager" else Role.ASSESSOR,
                password=PASSWORD,
                passwords=settings().passwords,
            )
            for key in ("manager", "lead")
        }
        organisation = make_organisation(session, users["manager"], name=f"Radar Cluster {n}")
        assessment = start_assessment(session, actor(users["manager"]), organisation, SCHEME)
        session.commit()
        found["assessment"] = str(assessment.id)
        found["organisation"] = organisation.name
    return found


def _complete_and_submit(live_app, people: dict[str, str]) -> None:
    """Everything but Vision answered as the services would, then submitted."""
    with live_app.app_context():
        session = db_session()
        assessment = session.get(Assessment, int(people["assessment"]))
        manager = session.scalars(select(User).where(User.email == people["manager"])).one()
        given = {
            "satisfaction": ItemInput("75", "Survey of 2025."),
            "members": ItemInput("40", "Member list."),
            "website": ItemInput("true", ""),
            "survey": ItemInput("yearly", ""),
            "fte": ItemInput("2.5", ""),
        }
        saved = save_page(session, actor(manager), assessment, given, None)
        assert not saved.refused, saved.refused
        workflow.submit_assessment(session, actor(manager), assessment, None)
        session.commit()


def _vision(page: Page) -> Locator:
    return page.get_by_role("group", name="Vision", exact=True)


def test_a_manager_answers_a_radar_criterion_and_an_assessor_validates_it(
    check_page, live_app, new_page, people, screenshots
):
    manager = new_page()
    sign_in(manager, people["manager"], PASSWORD)
    manager.goto(f"/assessments/{people['assessment']}/sections/lead")
    vision = _vision(manager)
    expect(vision.get_by_role("combobox")).to_have_count(3)

    # One attribute left out: refused next to the three, nothing saved.
    vision.get_by_label("Approach").select_option("50")
    vision.get_by_label("Assessment & Refinement").select_option("50")
    manager.get_by_role("button", name="Save draft").click()
    expect(vision.locator(".error")).to_have_text("Choose a step for Deployment as well.")
    expect(vision.get_by_label("Deployment")).to_have_attribute("aria-invalid", "true")
    expect(vision.get_by_label("Approach")).to_have_value("50")  # the choices stay
    check_page(manager)
    vision.screenshot(path=screenshots / "radar-answer-error-1280.png")

    vision.get_by_label("Deployment").select_option("75")
    section = manager.locator("#item-vision")
    section.get_by_label("Justification").fill("Shared at the general assembly.")
    section.get_by_label("Or give a link").fill("https://docs.example.org/vision.pdf")
    manager.locator("#item-governance").get_by_role("radio", name="50 % — Partial").check()
    manager.get_by_role("button", name="Save draft").click()
    expect(manager.get_by_text("Saved.", exact=True)).to_be_visible()
    expect(_vision(manager).locator(".radar-mean")).to_have_text(
        "Saved score: 58 %, the mean of the three attributes."
    )
    check_page(manager)
    manager.locator("#item-vision").screenshot(path=screenshots / "radar-answer-1280.png")
    manager.set_viewport_size({"width": 360, "height": 740})
    manager.locator("#item-vision").screenshot(path=screenshots / "radar-answer-360.png")

    _complete_and_submit(live_app, people)
    lead = new_page()
    sign_in(lead, people["lead"], PASSWORD)
    lead.goto("/review")
    lead.get_by_role("link", name=f"Claim the review of {people['organisation']}").click()
    lead.get_by_role("checkbox", name="I declare that I have no conflict of interest").check()
    lead.get_by_role("button", name="Claim this review").click()
    expect(lead.get_by_text("The review is yours.")).to_be_visible()
    lead.goto(f"/review/{people['assessment']}?section=lead")
    item = lead.locator("#item-vision")
    expect(item).to_contain_text(
        "Approach 50 %, Deployment 75 %, Assessment & Refinement 50 % (mean 58 %)"
    )
    validated = item.get_by_role("group", name="Validated value")

    # A mix of chosen and "as self-assessed" attributes is refused next to the field.
    validated.get_by_label("Approach").select_option("25")
    lead.get_by_role("button", name="Save review notes").click()
    expect(lead.locator("#item-vision .error")).to_have_text(
        "Choose a validated step for all three attributes, or keep all three as self-assessed."
    )
    check_page(lead)

    validated = lead.locator("#item-vision").get_by_role("group", name="Validated value")
    validated.get_by_label("Deployment").select_option("50")
    validated.get_by_label("Assessment & Refinement").select_option("50")
    lead.get_by_role("button", name="Save review notes").click()
    expect(lead.get_by_text("Review notes saved.")).to_be_visible()
    item = lead.locator("#item-vision")
    expect(item.locator(".radar-mean")).to_have_text(
        "Validated score: 42 %, the mean of the three attributes."
    )
    expect(item).to_contain_text("The validated value differs from the self-assessment.")
    check_page(lead)
    item.screenshot(path=screenshots / "radar-review-1280.png")
    lead.set_viewport_size({"width": 360, "height": 740})
    lead.locator("#item-vision").screenshot(path=screenshots / "radar-review-360.png")
