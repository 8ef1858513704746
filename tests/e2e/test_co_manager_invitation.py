"""A manager invites a colleague, who accepts after signing in, in a real browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.services import messages
from tests.labelapp.services.factories import emailed_path

pytestmark = pytest.mark.e2e

PASSWORD = "a long and private passphrase"


def _register(page: Page, name: str, email: str) -> None:
    page.goto("/register")
    _fill_registration(page, name, email)


def _fill_registration(page: Page, name: str, email: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()


def test_a_colleague_is_invited_and_accepts_from_my_organisations(
    new_page: Callable[..., Page], check_page: Callable[[Page], None]
):
    colleague = new_page()
    _register(colleague, "Jan Nowak", "jan@pomorski.example")
    inviter = new_page()
    _register(inviter, "Zofia Lis", "zofia@pomorski.example")
    inviter.get_by_role("link", name="My organisations").click()
    inviter.get_by_role("link", name="Register an organisation").click()
    inviter.get_by_label("Name of the cluster organisation").fill("Pomorski Klaster Morski")
    inviter.get_by_label("Country").select_option("PL")
    inviter.get_by_label("Main industrial ecosystem").select_option("digital")
    inviter.get_by_role("button", name="Save the organisation").click()
    organisation_url = inviter.url

    inviter.get_by_label("E-mail address of the co-manager").fill("Jan@Pomorski.example")
    inviter.get_by_role("button", name="Invite co-manager").click()
    expect(inviter.locator("#invitation-sent")).to_contain_text(
        "The invitation is on its way to jan@pomorski.example by e-mail."
    )
    check_page(inviter)

    colleague.goto(organisation_url)
    expect(colleague.get_by_role("heading", level=1)).not_to_have_text("Pomorski Klaster Morski")
    colleague.get_by_role("link", name="My organisations").click()
    invitations = colleague.get_by_role("region", name="Invitations to co-manage")
    expect(invitations).to_contain_text("Pomorski Klaster Morski")
    expect(invitations).to_contain_text("Invited by Zofia Lis")
    check_page(colleague)
    invitations.get_by_role(
        "button", name="Accept the invitation to co-manage Pomorski Klaster Morski"
    ).click()
    expect(colleague.get_by_text("You now co-manage Pomorski Klaster Morski.")).to_be_visible()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Pomorski Klaster Morski")
    expect(colleague.get_by_role("region", name="Managers")).to_contain_text("Zofia Lis")


def test_the_link_holder_declines_and_the_link_stops_working(
    live_app, new_page: Callable[..., Page]
):
    inviter = new_page()
    _register(inviter, "Ola Kot", "ola@baltic.example")
    inviter.get_by_role("link", name="My organisations").click()
    inviter.get_by_role("link", name="Register an organisation").click()
    inviter.get_by_label("Name of the cluster organisation").fill("Baltic Cluster")
    inviter.get_by_label("Country").select_option("PL")
    inviter.get_by_label("Main industrial ecosystem").select_option("digital")
    inviter.get_by_role("button", name="Save the organisation").click()
    inviter.get_by_label("E-mail address of the co-manager").fill("piotr@baltic.example")
    inviter.get_by_role("button", name="Invite co-manager").click()
    expect(inviter.locator("#invitation-sent")).to_be_visible()
    with live_app.app_context():  # the link the e-mail carries
        link = emailed_path(db_session(), "piotr@baltic.example", messages.INVITATION)

    invited = new_page()
    invited.goto(link)
    invited.get_by_role("link", name="Register as a cluster manager").last.click()
    _fill_registration(invited, "Piotr Ryba", "piotr@baltic.example")  # then back to the link
    expect(invited.get_by_role("heading", level=1)).to_have_text("Co-manage Baltic Cluster")
    invited.get_by_role("button", name="Decline the invitation").click()
    expect(
        invited.get_by_text("You declined the invitation to co-manage Baltic Cluster.")
    ).to_be_visible()
    invited.goto(link)
    expect(invited.get_by_role("heading", level=1)).to_have_text("This invitation cannot be used")
