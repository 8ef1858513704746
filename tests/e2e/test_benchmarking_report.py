"""A cluster manager opens the benchmarking report in the browser (issue 15): the charts,
the improvement areas, and the PDF download."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services.accounts import create_user
from labelapp.web.settings import settings
from tests.e2e.checks import signed_in_state
from tests.fixtures.pdf import pdf_text
from tests.labelapp.services.factories import labelled_with_results

pytestmark = pytest.mark.e2e

PASSWORD = "a long and private passphrase"
EMAIL = "agnieszka@report.example"
NAME = "Klaster Łódzki Cyfrowy"


@pytest.fixture(scope="module")
def signed_in(live_app, live_server: str, browser: Browser) -> tuple[dict[str, Any], str]:
    """A manager whose organisation has five digital peers in Poland."""
    with live_app.app_context():
        session = db_session()
        accounts = [
            create_user(
                session,
                email=email,
                display_name=display,
                role=Role.MANAGER,
                password=PASSWORD,
                passwords=settings().passwords,
            )
            for email, display in [(EMAIL, "Agnieszka Wróbel"), ("peer@report.example", "Peer")]
        ]
        mine = labelled_with_results(
            session, accounts[0], NAME, 1, country="PL", ecosystem="digital", member_firms=80
        )
        for n in range(2, 8):
            labelled_with_results(
                session,
                accounts[1],
                f"Klaster Porównawczy {n}",
                n,
                country="PL",
                ecosystem="digital",
                member_firms=60 + n,
            )
        session.commit()
        slug = mine.organisation.slug
    state = signed_in_state(browser, live_server, EMAIL, PASSWORD)
    return state, slug


def test_a_manager_reads_the_report_and_downloads_its_pdf(
    new_page: Callable[..., Page], signed_in: tuple[dict[str, Any], str], screenshots: Path
) -> None:
    state, slug = signed_in
    page = new_page(storage_state=state, viewport={"width": 1280, "height": 900})
    page.goto(f"/organisations/{slug}")
    page.get_by_role("link", name="Benchmarking report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    # One chart bar per section, each with its figures written beside it.
    expect(page.locator("svg.peer-bar")).to_have_count(9)
    expect(page.locator(".peer-bars li").first).to_contain_text("Median:")
    expect(page.get_by_role("heading", name="Where to improve first")).to_be_visible()
    expect(page.locator("ol.improvements > li")).to_have_count(3)
    expect(page.get_by_role("table").first).to_contain_text("Digital")
    page.screenshot(path=str(screenshots / "benchmarking-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(screenshots / "benchmarking-360.png"), full_page=True)
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download the report (PDF)").click()
    pdf = Path(caught.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    (screenshots / "benchmarking.pdf").write_bytes(pdf)
    text = " ".join(pdf_text(pdf).split())
    assert NAME in text and "Digital: 7" in text
    assert "Klaster Porównawczy" not in text  # no peer is ever named


def test_the_report_reads_in_german_and_french(
    new_page: Callable[..., Page], signed_in: tuple[dict[str, Any], str], screenshots: Path
) -> None:
    state, slug = signed_in
    page = new_page(storage_state=state, viewport={"width": 1280, "height": 900})
    for language, heading, improve, median in [
        ("de", "Vergleichsgruppen", "Wo Sie zuerst ansetzen", "Median: "),
        ("fr", "Groupes de pairs", "Par où commencer à progresser", "Médiane : "),
    ]:
        page.goto(f"/organisations/{slug}/benchmarking?lang={language}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_role("heading", name=improve)).to_be_visible()
        expect(page.locator(".peer-bars li").first).to_contain_text(median)
        page.screenshot(path=str(screenshots / f"benchmarking-{language}.png"), full_page=True)
