"""Criteria on paper and offline in the browser (issue 18): anyone reads a version's
page and downloads its PDF; a manager downloads the workbook, fills it in with the
team, uploads it and reads what became of each row. Every page passes the Nu checker
and axe; screenshots at 1280 and 360 px."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import Role
from tests.e2e.checks import sign_in
from tests.e2e.people import PASSWORD
from tests.e2e.people import account
from tests.labelapp.services.factories import PATH_VERSION
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.e2e


def test_anyone_reads_the_criteria_and_finds_them_on_paper(
    live_app, new_page: Callable[..., Page], screenshots: Path
) -> None:
    # Every bundled version is published on the live app (its current one stays as the
    # other journeys expect it).
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto("/")
    page.get_by_role("link", name="Criteria", exact=True).click()
    page.get_by_role("link", name=f"Cluster Excellence Label criteria {PATH_VERSION}").click()
    expect(page.get_by_role("heading", name="Levels")).to_be_visible()
    page.screenshot(path=str(screenshots / "criteria-page-1280.png"), full_page=False)
    expect(page.get_by_role("link", name="The criteria on paper (PDF)")).to_have_attribute(
        "href", f"/criteria/cluster-excellence/{PATH_VERSION}.pdf"
    )
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "criteria-page-360.png"), full_page=False)


def test_a_manager_fills_the_workbook_offline_and_uploads_it(
    live_app, new_page: Callable[..., Page], screenshots: Path, tmp_path: Path
) -> None:
    with live_app.app_context():
        manager = account("marta@offline.example", "Marta Nowak", Role.MANAGER)
        assessment_id = start(db_session(), manager).id
        db_session().commit()

    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "marta@offline.example", PASSWORD)
    page.goto(f"/assessments/{assessment_id}")
    page.get_by_role("link", name="Work offline").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Workbook with the answers saved so far (.xlsx)").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    sheet["E2"], sheet["F2"] = 75, "Steering committee minutes, March."
    sheet["E3"] = 33  # not a step
    filled = tmp_path / "answers.xlsx"
    book.save(filled)

    page.get_by_label("Workbook or JSON file with your answers").set_input_files(str(filled))
    page.get_by_role("button", name="Upload the answers").click()
    report = page.get_by_role("table", name="Rows of the file")
    expect(report).to_contain_text("Saved")
    expect(report).to_contain_text("Refused: Choose one of the listed answers.")
    expect(page.get_by_text("1 saved,")).to_be_visible()
    page.screenshot(path=str(screenshots / "offline-report-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "offline-report-360.png"), full_page=False)

    # A file of another version changes nothing and says why next to the field.
    book.worksheets[1]["B4"] = "2025.1"
    other = tmp_path / "other.xlsx"
    book.save(other)
    page.get_by_label("Workbook or JSON file with your answers").set_input_files(str(other))
    page.get_by_role("button", name="Upload the answers").click()
    expect(page.locator("#file-error")).to_contain_text("cluster-excellence 2025.1")
