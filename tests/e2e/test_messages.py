"""E-mail in the browser (issue 17): a manager reads the messages written to them and
turns reminders off, an assessor turns off new-submission e-mails, the administrator
sees what was not delivered and sends it again; an e-mail's HTML part as a reader sees
it. Every page passes the Nu checker and axe."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import MessageState
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.services import messages
from labelapp.services import outbox
from tests.e2e.checks import sign_in
from tests.e2e.people import PASSWORD
from tests.e2e.people import account
from tests.labelapp.services.factories import issued

pytestmark = pytest.mark.e2e


def test_people_read_their_messages_and_choose_the_optional_ones(
    live_app, new_page: Callable[..., Page], screenshots: Path
) -> None:
    with live_app.app_context():
        session = db_session()
        manager = account("nora@fjord.example", "Nora Fjeld", Role.MANAGER)
        account("ivo@label.example", "Ivo Petrov", Role.ASSESSOR)
        account("root@label.example", "Rita Root", Role.ADMIN)
        label = issued(session, manager, "silver", name="Fjordklyngen", country="NO")
        facts = {"organisation": "Fjordklyngen", "note": "Add the survey.", "path": "/"}
        outbox.queue(session, messages.CHANGES_REQUESTED, facts, to=manager)
        failed = outbox.queue(session, messages.REJECTED, facts, address="gone@fjord.example")
        failed.state, failed.attempts = MessageState.FAILED, 4
        failed.last_error = "the mail server refused the address: gone@fjord.example (550)"
        session.commit()
        slug = label.organisation.slug

    owner = new_page(viewport={"width": 1280, "height": 900})
    sign_in(owner, "nora@fjord.example", PASSWORD)
    owner.get_by_role(
        "link", name="Signed in as Nora Fjeld (Cluster manager): your messages"
    ).click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Messages")
    expect(owner.locator("table")).to_contain_text("Changes requested: Fjordklyngen")
    owner.screenshot(path=str(screenshots / "messages-manager-1280.png"), full_page=True)
    owner.get_by_label("A label of an organisation I manage expires").uncheck()
    owner.get_by_role("button", name="Save my choices").click()
    expect(owner.get_by_text("Your choices are saved.")).to_be_visible()
    expect(owner.get_by_label("A label of an organisation I manage expires")).not_to_be_checked()
    owner.goto(f"/organisations/{slug}")
    owner.get_by_role("button", name="Turn the reminders off").click()
    expect(owner.get_by_text("Expiry reminders are off.")).to_be_visible()
    owner.set_viewport_size({"width": 360, "height": 800})
    owner.goto("/account/messages")
    owner.screenshot(path=str(screenshots / "messages-manager-360.png"), full_page=True)

    assessor = new_page(viewport={"width": 1280, "height": 900})
    sign_in(assessor, "ivo@label.example", PASSWORD)
    assessor.goto("/account/messages")
    assessor.get_by_label("An assessment is submitted for review").uncheck()
    assessor.get_by_role("button", name="Save my choices").click()
    expect(assessor.get_by_label("An assessment is submitted for review")).not_to_be_checked()
    expect(assessor.get_by_label("A level needs a second assessor's confirmation")).to_be_checked()

    admin = new_page(viewport={"width": 1280, "height": 900})
    sign_in(admin, "root@label.example", PASSWORD)
    admin.goto("/admin/users")
    admin.get_by_role("link", name="E-mail").click()
    row = admin.locator("tr", has_text="gone@fjord.example")
    expect(row).to_contain_text("Given up")
    expect(row).to_contain_text("550")
    admin.screenshot(path=str(screenshots / "admin-email-1280.png"), full_page=True)
    row.get_by_role("button", name="Send again to gone@fjord.example").click()
    expect(admin.get_by_text("The message is sent again at the next run.")).to_be_visible()
    expect(admin.locator("tr", has_text="gone@fjord.example")).to_contain_text("Waiting")
    admin.set_viewport_size({"width": 360, "height": 800})
    admin.screenshot(path=str(screenshots / "admin-email-360.png"), full_page=True)


def test_an_e_mail_reads_well_in_a_mail_reader(browser, screenshots: Path) -> None:
    """The HTML part, rendered as a mail reader would (a page of its own, no app)."""
    facts = {
        "organisation": "Fjordklyngen",
        "level": "Silver — dedicated to excellence",
        "number": "CEL-2026-00042-A",
        "valid_until": "30 November 2028",
        "path": "/verify/CEL-2026-00042-A",
    }
    message = OutboxMessage(
        kind=messages.APPROVED, language="en", payload=json.dumps(facts), to_name="Nora Fjeld"
    )
    written = messages.write(message, "https://label.example.org", "Cluster Excellence Label")
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 700})
        page = context.new_page()
        page.set_content(written.html)
        expect(
            page.get_by_role("link", name="Verify certificate CEL-2026-00042-A")
        ).to_have_attribute("href", "https://label.example.org/verify/CEL-2026-00042-A")
        page.screenshot(path=str(screenshots / f"email-approved-{width}.png"), full_page=True)
        context.close()
