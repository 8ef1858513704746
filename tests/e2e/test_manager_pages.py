"""The manager's pages as a manager sees them (issue 13): words, not ids; what is
missing at the top; answers the profile already gives; a header that fits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.models import Answer
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.services.accounts import create_user
from labelapp.web.settings import settings
from tests.e2e.checks import signed_in_state
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.e2e

PASSWORD = "a long and private passphrase"
EMAIL = "zofia@pages.example"
CheckPage = Callable[[Page], None]


@dataclass(frozen=True)
class Manager:
    signed_in: dict[str, Any]  # the storage state of a signed-in browser
    draft: int  # an open assessment with nothing answered
    draft_slug: str
    labelled_slug: str  # an organisation with a valid gold label and one assessment


@pytest.fixture(scope="module")
def manager(live_app, live_server: str, browser: Browser) -> Manager:
    with live_app.app_context():
        session = db_session()
        user = create_user(
            session,
            email=EMAIL,
            display_name="Zofia Zielińska",
            role=Role.MANAGER,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        organisation = make_organisation(
            session, user, name="Klaster Stron", member_firms=40, member_smes=30
        )
        draft = start(session, user, organisation)
        label = issued(session, user, "gold", name="Klaster Złoty", country="PL")
        labelled = session.scalar(select(Organisation).where(Organisation.name == "Klaster Złoty"))
        session.commit()
        assert labelled is not None and label.level == "gold"
        ids = (draft.id, organisation.slug, labelled.slug)
    state = signed_in_state(browser, live_server, EMAIL, PASSWORD)
    return Manager(state, *ids)


@pytest.fixture
def as_manager(new_page: Callable[..., Page], manager: Manager) -> Page:
    return new_page(storage_state=manager.signed_in, viewport={"width": 1280, "height": 900})


def test_the_history_shows_level_titles_and_a_quiet_start_while_the_label_holds(
    check_page: CheckPage, as_manager: Page, manager: Manager
):
    page = as_manager
    page.goto(f"/organisations/{manager.labelled_slug}")
    history = page.get_by_role("table", name=re.compile("Assessments of Klaster Złoty"))
    expect(history).to_contain_text("approved: Gold")
    assert not re.search(r"\bgold\b", history.inner_text())  # the id never shows
    # One assessment: nothing to compare it with.
    expect(history.get_by_role("link", name=re.compile("Compare"))).to_have_count(0)
    start = page.get_by_role("button", name="Start a new self-assessment")
    expect(start).to_have_class(re.compile(r"\bsecondary\b"))
    expect(page.get_by_text("Renewal is due from")).to_be_visible()
    check_page(page)


def test_thresholds_name_the_answers_not_their_ids(
    check_page: CheckPage, as_manager: Page, manager: Manager
):
    page = as_manager
    page.goto(f"/assessments/{manager.draft}/indicators/services")
    frequency = page.locator("#item-satisfaction-survey-frequency .threshold")
    expect(frequency).to_have_text("Met when the answer is At least every two years or Every year.")
    expect(page.locator("main")).not_to_contain_text("every-two-years")
    page.goto(f"/assessments/{manager.draft}/indicators/governance")
    expect(page.locator("#item-written-strategy .threshold")).to_contain_text(
        "Met when the answer is Yes"
    )
    expect(page.locator("#item-management-staff-fte .threshold")).to_contain_text(
        "at least 0.5 FTE"
    )
    check_page(page)


def test_the_profile_fills_in_its_counts_and_saving_them_leaves_it_alone(
    check_page: CheckPage, as_manager: Page, manager: Manager, live_app
):
    page = as_manager
    page.goto(f"/assessments/{manager.draft}/indicators/structure")
    research = page.locator("#value__research-members")
    expect(research).to_have_value("4")
    expect(research).to_have_accessible_description(re.compile("from the organisation's profile"))
    expect(page.locator("#value__sme-share")).to_have_value("75")
    expect(page.locator("#item-sme-share")).to_contain_text("30 SMEs among 40 member firms")
    expect(page.locator("#value__committed-members")).to_have_value("")  # not in the profile
    check_page(page)

    research.fill("5")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(research).to_have_value("5")
    expect(page.locator("#value__research-members-profile")).to_have_count(0)
    with live_app.app_context():
        session = db_session()
        stored = session.scalar(
            select(Answer.value).where(
                Answer.assessment_id == manager.draft, Answer.item_id == "research-members"
            )
        )
        profile = session.scalar(
            select(Organisation.member_research).where(Organisation.slug == manager.draft_slug)
        )
    assert (stored, profile) == ("5", 4)


def test_a_refused_submission_lists_what_is_missing_at_the_top_with_links_to_fields(
    check_page: CheckPage, as_manager: Page, manager: Manager
):
    page = as_manager
    page.goto(f"/assessments/{manager.draft}")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Not submitted: some required items are missing")).to_be_visible()
    listed = page.locator("#missing-items")
    expect(listed).to_be_visible()
    expect(listed).to_be_in_viewport()  # at the top, not 3,000 px further down
    score = page.get_by_role("heading", name="Score so far").bounding_box()
    assert score is not None and listed.bounding_box()["y"] < score["y"]
    expect(page.locator(".fingerprint")).not_to_have_attribute("open", "")
    check_page(page)

    listed.get_by_role("link", name="Vision, mission and values shared with the members").click()
    expect(page).to_have_url(re.compile(r"/sections/leadership#value__leadership-vision$"))
    expect(page.get_by_role("group", name=re.compile("Maturity of vision"))).to_be_in_viewport()
    page.go_back()
    listed.get_by_role("link", name="Types of member").click()
    expect(page).to_have_url(re.compile(r"/indicators/structure#value__member-types$"))
    expect(page.get_by_label("Value (types)")).to_be_in_viewport()


def test_an_answer_page_lists_its_criteria_folds_the_steps_and_keeps_saving_at_hand(
    check_page: CheckPage, as_manager: Page, manager: Manager
):
    page = as_manager
    page.goto(f"/assessments/{manager.draft}/sections/leadership")
    contents = page.get_by_role("navigation", name="On this page")
    expect(contents.get_by_role("link")).to_have_count(5)  # four criteria and the save bar
    step = page.locator("#step-leadership-vision-75")
    expect(step).to_be_hidden()
    summary = page.locator("#item-leadership-vision summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(step).to_be_visible()
    expect(page.get_by_role("button", name="Save draft")).to_be_in_viewport()
    page.get_by_role("radio", name="75 % — Clear and comprehensive").first.focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Save draft")).to_be_in_viewport()
    check_page(page)


def test_on_a_phone_an_answer_page_opens_on_its_heading_with_the_pages_folded(
    check_page: CheckPage, new_page: Callable[..., Page], manager: Manager
):
    page = new_page(storage_state=manager.signed_in, viewport={"width": 360, "height": 740})
    page.goto(f"/assessments/{manager.draft}/sections/leadership")
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    expect(page.get_by_role("navigation", name="On this page")).to_be_in_viewport()
    pages = page.get_by_role("navigation", name="Pages of the self-assessment")
    structure = pages.get_by_role("link", name="Structure of the cluster")
    expect(structure).to_have_count(0)  # folded: not shown, not read out
    summary = pages.get_by_text(re.compile(r"^Page 1 of 15: all pages$"))
    summary.focus()
    page.keyboard.press("Enter")
    expect(pages.get_by_role("link")).to_have_count(14)  # every page but this one
    structure.click()
    expect(page).to_have_url(re.compile(r"/indicators/structure$"))
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    check_page(page)


def _nav_items(page: Page):
    # The main navigation, in whatever language its name is read.
    return page.locator(".site-header .wrap nav li")


def test_the_header_fits_on_one_line_from_1024_px_and_folds_on_a_phone(
    check_page: CheckPage, new_page: Callable[..., Page], manager: Manager
):
    page = new_page(storage_state=manager.signed_in, viewport={"width": 1024, "height": 768})
    for language in ("de", "fr", "en"):  # German's words are the longest
        page.goto(f"/organisations?lang={language}")
        items = _nav_items(page)
        first, last = items.first.bounding_box(), items.last.bounding_box()
        brand = page.locator(".brand").bounding_box()
        assert first and last and brand
        assert abs(first["y"] - last["y"]) < 4, (language, first, last)
        assert abs(brand["y"] + brand["height"] / 2 - (last["y"] + last["height"] / 2)) < 8
        assert last["x"] + last["width"] <= 1024 - 16, (language, last)  # inside the padding
    expect(page.get_by_role("button", name="Sign out")).to_be_in_viewport()

    page.set_viewport_size({"width": 360, "height": 740})
    for path in (f"/organisations/{manager.labelled_slug}", f"/assessments/{manager.draft}"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.goto(f"/assessments/{manager.draft}/sections/leadership")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for index in range(items.count()):
        box = items.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    check_page(page)
    # The keyboard reaches every link of the header, then the skip link's target.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the content")).to_be_focused()
    for name in ("English", "Deutsch", "Français"):  # the languages come first
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name=name, exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Cluster Excellence Label")).to_be_focused()
    for name in ("Home", "Verify a certificate", "Registry", "My organisations"):
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name=name, exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Change password")).to_be_focused()
    page.keyboard.press("Tab")  # the name leads to the account's messages
    expect(
        page.get_by_role("link", name="Zofia Zielińska (Cluster manager): your messages")
    ).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign out")).to_be_focused()
    outline = page.get_by_role("button", name="Sign out").evaluate(
        "e => getComputedStyle(e).outlineStyle"
    )
    assert outline != "none"


@pytest.mark.parametrize(
    ("width", "language"), [(1280, "en"), (360, "en"), (1280, "de"), (360, "de"), (360, "fr")]
)
def test_the_key_pages_fit_the_screen_and_are_kept_as_screenshots(
    new_page: Callable[..., Page], manager: Manager, screenshots: Path, width: int, language: str
):
    """Nothing scrolls sideways, on a desktop or a phone, in any language (German words are
    long); the screenshots are for people."""
    page = new_page(storage_state=manager.signed_in, viewport={"width": width, "height": 900})
    key_pages = {
        "home": "/",
        "verify": "/verify",
        "registry": "/registry",
        "organisation-labelled": f"/organisations/{manager.labelled_slug}",
        "overview": f"/assessments/{manager.draft}",
        "answer-page": f"/assessments/{manager.draft}/sections/leadership",
        "indicator-page": f"/assessments/{manager.draft}/indicators/structure",
    }
    for name, path in key_pages.items():
        assert page.goto(f"{path}{'&' if '?' in path else '?'}lang={language}").status == 200
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
        suffix = "" if language == "en" else f"-{language}"
        # The first 4,000 px: what people look at, and Chromium fails to capture a whole
        # 7,000 px page now and then.
        height = min(4000, page.evaluate("document.documentElement.scrollHeight"))
        page.screenshot(
            path=screenshots / f"{name}-{width}{suffix}.png",
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": height},
        )
