"""The whole cluster manager journey in a real browser: from registration to submission."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect
from sqlalchemy import select

from assessment import load_criteria
from assessment.model import Criterion
from assessment.model import Evidence
from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import User
from tests.assessment.answers import best
from tests.assessment.schemes import BUNDLED
from tests.e2e.checks import tab_to
from tests.labelapp.services.factories import answer_everything

pytestmark = pytest.mark.e2e

SCHEME = load_criteria(BUNDLED["2026.1"])
PASSWORD = "a long and private passphrase"
LEADERSHIP_PAGE = "Leadership and governance of the cluster organisation"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _register(page: Page, email: str) -> None:
    page.goto("/register")
    page.get_by_label("Your name").fill("Agnieszka Kowalska")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()


def _create_organisation(page: Page, check_page: Callable[[Page], None] | None = None) -> None:
    page.get_by_role("link", name="My organisations").click()
    page.get_by_role("link", name="Register an organisation").click()
    if check_page:
        check_page(page)
    page.get_by_label("Name of the cluster organisation").fill("Łódzki Klaster ICT")
    page.get_by_label("Country").select_option("PL")
    page.get_by_label("Main industrial ecosystem").select_option("digital")
    page.get_by_role("group", name="Other industrial ecosystems").get_by_label(
        "Electronics"
    ).check()
    page.get_by_label("Region").fill("Łódzkie")
    page.get_by_label("Website").fill("https://klaster.example")
    page.get_by_label("Member firms").fill("48")
    page.get_by_label("of which SMEs").fill("40")
    page.get_by_label("Research and education members").fill("6")
    page.get_by_label("Cluster management staff (full-time equivalents)").fill("2,5")
    page.get_by_role("button", name="Save the organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Łódzki Klaster ICT")
    expect(page.get_by_text("Digital (also Electronics)")).to_be_visible()
    if check_page:
        check_page(page)


def _answer(page: Page, item, pdf: Path) -> None:
    section = page.locator(f"#item-{item.id}")
    if isinstance(item, Criterion):
        section.get_by_role("radio").last.check()
    else:
        value = best(item)
        if item.answer.type == "number":
            section.get_by_role("textbox").first.fill(str(value))
        elif item.answer.type == "boolean":
            section.get_by_role("radio", name="Yes" if value else "No").check()
        else:
            label = next(o.label for o in item.answer.options if o.id == value)
            section.get_by_role("radio", name=label).check()
    if item.evidence is Evidence.REQUIRED:
        section.get_by_label("Upload a document").set_input_files(str(pdf))


def test_a_manager_fills_in_everything_and_submits(check_page, page: Page, tmp_path: Path):
    pdf = tmp_path / "annual-report.pdf"
    pdf.write_bytes(PDF)
    _register(page, "agnieszka@klaster.example")
    _create_organisation(page, check_page)
    page.get_by_role("button", name="Start a new self-assessment").click()
    expect(page.get_by_text("Criteria cluster-excellence 2026.1")).to_be_visible()
    check_page(page)

    page.locator("#pages-heading ~ table a").first.click()
    pages = len(SCHEME.sections) + len(SCHEME.indicator_areas)
    for number in range(pages):
        if number in (0, len(SCHEME.sections)):  # the first criteria and indicator pages
            check_page(page)
        heading = page.get_by_role("heading", level=1).inner_text()
        items = [c for s in SCHEME.sections if s.title == heading for c in s.criteria] or [
            i
            for a in SCHEME.indicator_areas
            if heading.startswith(a.title)
            for i in SCHEME.indicators
            if i.area == a.id
        ]
        assert items, heading
        for item in items:
            _answer(page, item, pdf)
        page.get_by_role("button", name="Save and go to the next page").click()
        expect(page.get_by_text("Saved.")).to_be_visible()

    expect(page.get_by_role("heading", name="Self-assessment")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("1,000.0 of 1,000.0 points")
    expect(page.locator(".facts")).to_contain_text("Gold — proven excellence")
    expect(page.get_by_role("figure", name="Section scores in percent")).to_be_visible()
    expect(page.locator("#missing-items")).to_have_count(0)
    check_page(page)

    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw the submission")).to_be_visible()
    check_page(page)


def test_an_incomplete_submission_lists_each_missing_item(check_page, page: Page):
    _register(page, "bozena@klaster.example")
    _create_organisation(page)
    page.get_by_role("button", name="Start a new self-assessment").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Not submitted: some required items are missing")).to_be_visible()
    missing = page.locator("#missing-items li")
    expect(missing.first).to_be_visible()
    assert missing.count() >= len(SCHEME.criteria)
    check_page(page)
    missing.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/sections/leadership#value__"))


def _type_into(page: Page, field: Locator, text: str) -> None:
    tab_to(page, field)
    page.keyboard.type(text)


def _press(page: Page, control: Locator, key: str = "Enter") -> None:
    tab_to(page, control)
    page.keyboard.press(key)


def test_a_manager_does_every_step_with_the_keyboard_alone(
    live_app, page: Page, tmp_path: Path, screenshots: Path
) -> None:
    """Register, profile, answers, evidence, invitation, submission: Tab, typing and keys only."""
    pdf = tmp_path / "member-survey.pdf"
    pdf.write_bytes(PDF)
    email = "keyboard@klaster.example"
    # Listening from the start: Playwright turns on file-chooser interception when a
    # listener is added, asynchronously; added at the key press it could come too late.
    page.on("filechooser", lambda chooser: chooser.set_files(str(pdf)))
    page.goto("/register")
    _type_into(page, page.get_by_label("Your name"), "Kazimierz Klawiatura")
    _type_into(page, page.get_by_label("E-mail address"), email)
    _type_into(page, page.get_by_label("Password", exact=True), PASSWORD)
    _type_into(page, page.get_by_label("Repeat the password"), PASSWORD)
    _press(page, page.get_by_role("button", name="Create my account"))
    _press(page, page.get_by_role("link", name="My organisations"))
    _press(page, page.get_by_role("link", name="Register an organisation"))
    _type_into(page, page.get_by_label("Name of the cluster organisation"), "Klaster Klawiszy")
    _type_into(page, page.get_by_label("Country"), "Poland")  # a closed select picks by typing
    expect(page.get_by_label("Country")).to_have_value("PL")
    _type_into(page, page.get_by_label("Main industrial ecosystem"), "Digital")
    expect(page.get_by_label("Main industrial ecosystem")).to_have_value("digital")
    _press(page, page.get_by_role("checkbox", name="Health"), "Space")
    expect(page.get_by_role("checkbox", name="Health")).to_be_checked()
    _type_into(page, page.get_by_label("Member firms"), "48")
    _press(page, page.get_by_role("button", name="Save the organisation"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Klaster Klawiszy")

    _type_into(page, page.get_by_label("E-mail address of the co-manager"), "ko@klaster.example")
    _press(page, page.get_by_role("button", name="Invite co-manager"))
    expect(page.locator("#invitation-sent")).to_contain_text("ko@klaster.example")
    _press(page, page.get_by_role("link", name="Back to Klaster Klawiszy"))

    _press(page, page.get_by_role("button", name="Start a new self-assessment"))
    _press(page, page.get_by_role("link", name=LEADERSHIP_PAGE).first)
    vision = page.locator("#item-leadership-vision")
    _press(page, vision.get_by_role("radio").first, "Space")
    for _ in range(4):  # arrow keys move the choice within a radio group, to the last step
        page.keyboard.press("ArrowDown")
    expect(vision.get_by_role("radio").last).to_be_checked()
    _type_into(page, vision.get_by_label("Justification"), "Set with the members in 2025.")
    upload = vision.get_by_label("Upload a document")
    tab_to(page, upload)
    page.keyboard.press("Space")  # opens the file chooser: the handler above picks the file
    expect(upload).to_have_value(re.compile(r"member-survey\.pdf$"))
    _press(page, page.get_by_role("button", name="Save draft"))
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(vision.get_by_role("link", name="member-survey.pdf")).to_be_visible()
    vision.locator(".evidence").screenshot(path=screenshots / "evidence-1280.png")
    remove = vision.get_by_role("button", name=re.compile("Remove evidence “member-survey.pdf”"))
    _press(page, remove)
    expect(vision.get_by_role("link", name="member-survey.pdf")).to_have_count(0)

    page.goto(page.url.split("/sections/")[0] + "/indicators/structure")
    _type_into(page, page.get_by_label("Value (types)"), "4")
    _press(page, page.get_by_role("button", name="Save and go to the next page"))
    expect(page.get_by_text("Saved.")).to_be_visible()

    with live_app.app_context():  # the other 50-odd answers are not what this test is about
        session = db_session()
        user = session.scalar(select(User).where(User.email == email))
        assessment = session.scalar(select(Assessment).order_by(Assessment.id.desc()))
        assert user is not None and assessment is not None
        answer_everything(session, user, assessment)
        session.commit()
    page.goto(f"/assessments/{assessment.id}")
    _press(page, page.get_by_role("button", name="Submit for review"))
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    _press(page, page.get_by_role("button", name="Withdraw the submission"))
    expect(page.get_by_role("button", name="Submit for review")).to_be_visible()
