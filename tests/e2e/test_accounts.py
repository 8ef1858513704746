"""A cluster manager registers, signs out and signs back in, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSWORD = "a long and private passphrase"


def _nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def test_manager_registers_signs_out_and_signs_in_again(page: Page):
    page.goto("/")
    page.get_by_role("link", name="Register as a cluster manager").first.click()
    page.get_by_label("Your name").fill("Łucja Wiśniewska")
    page.get_by_label("E-mail address").fill("Lucja@Klaster.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(_nav(page)).to_contain_text("Signed in as Łucja Wiśniewska (Cluster manager)")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    expect(_nav(page)).not_to_contain_text("Signed in as")

    _nav(page).get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail address").fill("lucja@klaster.example")
    page.get_by_label("Password").fill("not the passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("The e-mail address or the password is wrong.")).to_be_visible()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(_nav(page)).to_contain_text("Signed in as Łucja Wiśniewska (Cluster manager)")


def test_registration_errors_appear_next_to_their_fields(check_page, page: Page):
    page.goto("/register")
    page.get_by_label("Your name").fill("Short Password")
    page.get_by_label("E-mail address").fill("short@example.org")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat the password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    password = page.get_by_label("Password", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#password-error")).to_contain_text("Use at least 12 characters.")
    expect(page.get_by_label("E-mail address")).to_have_value("short@example.org")
    check_page(page)
