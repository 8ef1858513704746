"""A manager downloads the label as an Open Badges 3.0 credential from the organisation
page (issue 18), and the file verifies step by step; the API reference page describes
the credential endpoints. Every page passes the Nu checker and axe."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import Role
from tests.e2e.checks import sign_in
from tests.e2e.people import PASSWORD
from tests.e2e.people import account
from tests.fixtures.open_badges import verify
from tests.labelapp.services.factories import issued

pytestmark = pytest.mark.e2e


def test_a_manager_downloads_the_label_as_a_credential_that_verifies(
    live_app, new_page: Callable[..., Page], screenshots: Path
) -> None:
    with live_app.app_context():
        manager = account("ines@badges.example", "Inês Duarte", Role.MANAGER)
        label = issued(db_session(), manager, "gold", name="Cluster Têxtil Norte", country="PT")
        db_session().commit()
        slug, number = label.organisation.slug, label.number

    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "ines@badges.example", PASSWORD)
    page.goto(f"/organisations/{slug}")
    link = page.get_by_role("link", name="Download the label as an Open Badges 3.0 credential")
    expect(link).to_be_visible()
    page.screenshot(path=str(screenshots / "open-badges-organisation-1280.png"), full_page=True)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"{number}.jwt"
    token = Path(download.value.path()).read_text()

    credential = verify(live_app.test_client(), token)
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == (
        "Cluster Têxtil Norte"
    )
    assert "Gold" in credential["credentialSubject"]["achievement"]["name"]

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/api")
    expect(
        page.get_by_role("heading", name="GET /api/v1/certificates/{number}/credential")
    ).to_be_visible()
    page.screenshot(path=str(screenshots / "open-badges-api-360.png"), full_page=True)
