"""The assessor's review screen in a real browser: one part per page with the states of
every part, a decision that keeps the notes typed with it, level titles, the keyboard."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services import workflow
from labelapp.services.accounts import create_user
from labelapp.web.settings import settings
from tests.e2e.checks import sign_in
from tests.e2e.checks import tab_to
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import months_ago
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
LEADERSHIP = "Leadership and governance of the cluster organisation"
_numbers = itertools.count(1)


@pytest.fixture
def people(live_app) -> dict[str, str]:
    """A complete, submitted top-scoring assessment (gold) and two assessors; e-mails
    and the organisation's name, new for every test."""
    n = f"{next(_numbers)}-{id(object())}"
    found = {
        "manager": f"manager{n}@cluster.example",
        "lead": f"lead{n}@label.example",
        "second": f"second{n}@label.example",
        "organisation": f"Review Screen Cluster {n}",
    }
    with live_app.app_context():
        session = db_session()
        users = {
            key: create_user(
                session,
                email=found[key],
                display_name=f"{key.title()} {n}",
                role=Role.MANAGER if key == "manager" else Role.ASSESSOR,
                password=PASSWORD,
                passwords=settings().passwords,
            )
            for key in ("manager", "lead", "second")
        }
        manager = users["manager"]
        organisation = make_organisation(session, manager, name=found["organisation"])
        assessment = answer_everything(session, manager, start(session, manager, organisation))
        workflow.submit_assessment(session, actor(manager), assessment, None)
        session.commit()
    return found


def _claim(page: Page, organisation: str) -> None:
    page.goto("/review")
    page.get_by_role("link", name=f"Claim the review of {organisation}").click()
    page.get_by_role("checkbox", name="I declare that I have no conflict of interest").check()
    page.get_by_role("button", name="Claim this review").click()
    expect(page.get_by_text("The review is yours.")).to_be_visible()


def _entry(page: Page, title: str) -> Locator:
    """A part's entry in the review's table of contents."""
    parts = page.get_by_role("navigation", name="Parts of the review")
    return parts.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def test_the_review_moves_part_by_part_and_the_contents_show_each_parts_state(
    check_page, new_page, people, screenshots
):
    lead = new_page()
    sign_in(lead, people["lead"], PASSWORD)
    lead.goto("/review")
    row = lead.get_by_role("row").filter(has_text=people["organisation"])
    expect(row).to_contain_text("1,000.0 points, Gold")  # the level's title, not "gold"
    check_page(lead)
    _claim(lead, people["organisation"])
    check_page(lead)

    # The overview: scores, every part with its state, and the level by its title.
    expect(lead.locator("#validated-level")).to_have_text("Gold")
    expect(lead.get_by_text("validated answers reach: Gold — proven excellence")).to_be_visible()
    expect(_entry(lead, LEADERSHIP)).to_contain_text("0/4 validated")
    expect(_entry(lead, "Structure of the cluster")).to_contain_text("0/5 commented")
    lead.get_by_role("link", name=f"Start with {LEADERSHIP}").click()

    expect(lead.get_by_role("heading", level=1)).to_have_text(LEADERSHIP)
    expect(lead.locator("#item-strategy-needs")).to_have_count(0)  # one part per page
    expect(_entry(lead, LEADERSHIP).get_by_role("link")).to_have_attribute("aria-current", "page")
    items = lead.locator("section.item")
    for index in range(items.count()):
        items.nth(index).get_by_label("Validated value").select_option("100")
        items.nth(index).get_by_label("Strengths").fill(f"Defended score {index + 1}.")
    items.first.get_by_label("Validated value").select_option("50")
    check_page(lead)
    lead.get_by_role("button", name="Next: Strategy", exact=True).click()  # saves, then moves on

    expect(lead.get_by_role("heading", level=1)).to_have_text("Strategy")
    expect(_entry(lead, LEADERSHIP)).to_contain_text("✓ validated")
    expect(_entry(lead, LEADERSHIP)).to_contain_text("✓ commented")
    expect(_entry(lead, LEADERSHIP)).to_contain_text("1 differs from the self-assessment")
    expect(_entry(lead, "Strategy")).to_contain_text("0/5 validated")
    check_page(lead)
    lead.screenshot(path=screenshots / "review-part-1280.png")
    lead.set_viewport_size({"width": 360, "height": 740})
    # A phone folds the contents: the part under review comes first, its place in the summary.
    expect(_entry(lead, LEADERSHIP)).to_have_count(0)
    expect(lead.get_by_text("Part 3 of 16: all parts of the review")).to_be_in_viewport()
    lead.screenshot(path=screenshots / "review-part-360.png")
    lead.set_viewport_size({"width": 1280, "height": 720})
    lead.get_by_role("button", name=f"Previous: {LEADERSHIP}", exact=True).click()

    first = lead.locator("section.item").first
    expect(first.get_by_label("Validated value")).to_have_value("50")
    expect(first.get_by_label("Strengths")).to_have_value("Defended score 1.")
    expect(first).to_contain_text("The validated value differs from the self-assessment.")

    _entry(lead, "Structure of the cluster").get_by_role("link").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Structure of the cluster")
    check_page(lead)


def test_a_decision_keeps_the_notes_typed_on_the_same_page(check_page, new_page, people):
    lead = new_page()
    sign_in(lead, people["lead"], PASSWORD)
    _claim(lead, people["organisation"])
    recommendation = lead.get_by_label("Overall recommendation and notes")

    # Refused (no message): nothing lost, the reason next to the message field.
    recommendation.fill("Strong governance; every score checked against the evidence.")
    lead.get_by_role("button", name="Request changes").click()
    expect(lead.locator(".flash-error")).to_have_text(
        "Nothing was decided: Write what the managers should change; the managers will read it."
    )
    expect(lead.locator(".field-invalid")).to_contain_text("Write what the managers should change")
    expect(recommendation).to_have_value(
        "Strong governance; every score checked against the evidence."
    )
    check_page(lead)

    # Approve without pressing Save first: the recommendation goes with the decision.
    lead.get_by_label("First day of the assessment").fill(months_ago(2).isoformat())
    lead.get_by_role("button", name="Approve at the validated level").click()
    expect(
        lead.get_by_text(
            "Approval proposed at Gold — proven excellence: a second assessor must confirm it."
        )
    ).to_be_visible()
    check_page(lead)

    second = new_page()
    sign_in(second, people["second"], PASSWORD)
    second.goto("/review")
    expect(second.get_by_role("row").filter(has_text=people["organisation"])).to_contain_text(
        "Gold awaits a second assessor"
    )
    second.get_by_role("link", name=f"Confirm or decline {people['organisation']}").click()
    expect(second.get_by_role("heading", level=1)).to_have_text(
        f"Confirm Gold for {people['organisation']}"
    )
    expect(second.get_by_text("Strong governance; every score checked")).to_be_visible()
    check_page(second)


def test_the_assessors_journey_works_with_the_keyboard_alone(new_page, people):
    lead = new_page()
    sign_in(lead, people["lead"], PASSWORD)
    lead.goto("/review")
    tab_to(lead, lead.get_by_role("link", name=f"Claim the review of {people['organisation']}"))
    lead.keyboard.press("Enter")
    expect(lead.get_by_role("heading", level=1)).to_have_text(f"Review {people['organisation']}")
    tab_to(lead, lead.get_by_role("checkbox"))
    lead.keyboard.press("Space")
    expect(lead.get_by_role("checkbox")).to_be_checked()
    tab_to(lead, lead.get_by_role("button", name="Claim this review"))
    lead.keyboard.press("Enter")
    expect(lead.get_by_text("The review is yours.")).to_be_visible()

    tab_to(lead, lead.get_by_role("link", name=LEADERSHIP, exact=True))
    lead.keyboard.press("Enter")
    expect(lead.get_by_role("heading", level=1)).to_have_text(LEADERSHIP)
    value = lead.locator("#item-leadership-vision").get_by_label("Validated value")
    tab_to(lead, value)
    lead.keyboard.press("ArrowDown")  # a closed select: the next option, "0 % — …"
    expect(value).not_to_have_value("")
    tab_to(lead, lead.locator("#item-leadership-vision").get_by_label("Strengths"))
    lead.keyboard.type("Typed with the keyboard.")
    tab_to(lead, lead.get_by_role("button", name="Save review notes"))
    lead.keyboard.press("Enter")
    expect(lead.get_by_text("Review notes saved.")).to_be_visible()
    expect(_entry(lead, LEADERSHIP)).to_contain_text("1/4 commented")

    tab_to(lead, lead.get_by_role("link", name="Overview and decision"))
    lead.keyboard.press("Enter")
    expect(lead.get_by_role("heading", level=1)).to_have_text(f"Review of {people['organisation']}")
    tab_to(lead, lead.get_by_label("Message to the managers"))
    lead.keyboard.type("Please attach the member survey.")
    tab_to(lead, lead.get_by_role("button", name="Request changes"))
    lead.keyboard.press("Enter")
    expect(lead.get_by_text("Returned to the managers with your message.")).to_be_visible()


def test_a_second_assessor_confirms_with_the_keyboard(new_page, people):
    lead = new_page()
    sign_in(lead, people["lead"], PASSWORD)
    _claim(lead, people["organisation"])
    lead.get_by_label("First day of the assessment").fill(months_ago(2).isoformat())
    lead.get_by_role("button", name="Approve at the validated level").click()
    expect(lead.get_by_text("Approval proposed at Gold")).to_be_visible()

    second = new_page()
    sign_in(second, people["second"], PASSWORD)
    second.goto("/review")
    tab_to(second, second.get_by_role("link", name=f"Confirm or decline {people['organisation']}"))
    second.keyboard.press("Enter")
    expect(second.get_by_role("heading", level=1)).to_have_text(
        f"Confirm Gold for {people['organisation']}"
    )
    tab_to(second, second.get_by_role("checkbox"))
    second.keyboard.press("Space")
    expect(second.get_by_role("checkbox")).to_be_checked()
    tab_to(second, second.get_by_role("button", name="Confirm the approval"))
    second.keyboard.press("Enter")
    expect(
        second.get_by_text("Confirmed: the assessment is approved at Gold — proven excellence")
    ).to_be_visible(timeout=30_000)  # the certificate's PDF is made and signed meanwhile
