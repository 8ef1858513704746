"""The whole cluster manager journey in a real browser: from registration to submission."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from assessment import load_criteria
from assessment.model import Criterion
from assessment.model import Evidence
from tests.assessment.answers import best
from tests.assessment.schemes import BUNDLED

pytestmark = pytest.mark.e2e

SCHEME = load_criteria(BUNDLED["2026.1"])
PASSWORD = "a long and private passphrase"
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
    page.get_by_label("Region").fill("Łódzkie")
    page.get_by_label("Website").fill("https://klaster.example")
    page.get_by_label("Member firms").fill("48")
    page.get_by_label("of which SMEs").fill("40")
    page.get_by_label("Research and education members").fill("6")
    page.get_by_label("Cluster management staff (full-time equivalents)").fill("2,5")
    page.get_by_role("button", name="Save the organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Łódzki Klaster ICT")
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
