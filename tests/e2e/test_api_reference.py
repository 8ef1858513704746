"""The public API's reference page, read from the OpenAPI document, in a real browser at
1280 and 360 px; Nu and axe check it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_api_reference_is_linked_from_every_page_and_reads_well(
    page: Page, screenshots: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    page.get_by_role("link", name="Public API").click()
    expect(
        page.get_by_role("heading", name="GET /api/v1/certificates/{number}", exact=True)
    ).to_be_visible()
    page.screenshot(path=str(screenshots / "api-reference-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "api-reference-360.png"), full_page=True)
    page.get_by_role("link", name="OpenAPI 3.1 document").click()
    assert '"openapi":"3.1.0"' in page.content().replace(" ", "")
