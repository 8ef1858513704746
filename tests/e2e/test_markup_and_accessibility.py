"""Every kind of page passes the Nu HTML checker and axe-core (issue 11, defect 7).

check_page fails on any Nu error in the HTML the server sent and on axe-core's serious
or critical violations, and on the rules that once failed here whatever their impact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services import workflow
from labelapp.services.accounts import create_user
from labelapp.web.settings import settings
from tests.e2e.checks import NuChecker
from tests.e2e.checks import accessibility_violations
from tests.e2e.checks import sign_in
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
SUBMITTED = "Klaster Dostępności"  # its review is claimed here; no other test uses the name
CheckPage = Callable[[Page], None]
ADMIN = "ada@a11y.example"
ASSESSOR = "asa@a11y.example"


@dataclass(frozen=True)
class People:
    number: str  # a valid label's certificate number
    signed_in: dict[str, Any]  # e-mail → the storage state of a signed-in browser


@pytest.fixture(scope="module")
def people(live_app, live_server: str, browser: Browser) -> People:
    """An administrator, an assessor with a submitted assessment to review, and a label;
    each person signs in once (sign-ins are rate-limited) and the tests reuse it."""
    with live_app.app_context():
        session = db_session()
        create_user(
            session,
            email=ADMIN,
            display_name="Ada",
            role=Role.ADMIN,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        create_user(
            session,
            email=ASSESSOR,
            display_name="Asa",
            role=Role.ASSESSOR,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        manager = create_user(
            session,
            email="mo@a11y.example",
            display_name="Mo",
            role=Role.MANAGER,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        organisation = make_organisation(session, manager, name=SUBMITTED, country="PL")
        assessment = answer_everything(session, manager, start(session, manager, organisation))
        workflow.submit_assessment(session, actor(manager), assessment, None)
        label = issued(session, manager, "silver", name="Klaster Znaków", country="PL")
        session.commit()
        number = label.number
    signed_in = {}
    for email in (ADMIN, ASSESSOR):
        context = browser.new_context(base_url=live_server)
        sign_in(context.new_page(), email, PASSWORD)
        signed_in[email] = context.storage_state()
        context.close()
    return People(number, signed_in)


@pytest.fixture
def as_admin(new_page: Callable[..., Page], people: People) -> Page:
    return new_page(storage_state=people.signed_in[ADMIN])


@pytest.fixture
def as_assessor(new_page: Callable[..., Page], people: People) -> Page:
    return new_page(storage_state=people.signed_in[ASSESSOR])


@pytest.mark.parametrize(
    "path", ["/", "/verify", "/verify/{number}", "/registry", "/statistics", "/login", "/register"]
)
def test_public_pages_pass_both_checkers(
    check_page: CheckPage, page: Page, people: People, path: str
):
    page.goto(path.format(number=people.number))
    check_page(page)


def test_public_forms_with_errors_pass_both_checkers(check_page: CheckPage, page: Page):
    page.goto("/login")
    page.get_by_label("E-mail address").fill("nobody@a11y.example")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("The e-mail address or the password is wrong.")).to_be_visible()
    check_page(page)

    page.goto("/register")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator(".field-invalid").first).to_be_visible()
    check_page(page)

    page.goto("/verify")
    page.get_by_label("Certificate number").fill("CEL-2026-00001-X")
    page.get_by_role("button", name="Look up the certificate").click()
    check_page(page)


def test_the_new_account_form_offers_an_empty_role_placeholder(
    check_page: CheckPage, as_admin: Page
):
    page = as_admin
    page.goto("/admin/users/new")
    check_page(page)  # Nu: a required select's first option must be an empty placeholder
    role = page.get_by_label("Role")
    expect(role).to_have_value("")
    expect(role.locator("option").first).to_have_text("Choose a role")

    page.get_by_label("Name").fill("Nadia Nobody")
    page.get_by_label("E-mail address").fill("nadia@a11y.example")
    page.get_by_role("button", name="Create the account").click()
    expect(role).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#role-error")).to_have_text("Choose a role.")
    expect(role).to_have_attribute("aria-describedby", "role-error")
    expect(page.get_by_label("E-mail address")).to_have_value("nadia@a11y.example")
    check_page(page)

    role.select_option("assessor")
    page.get_by_label("Country (of an assessor)").select_option("FI")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("#one-time-password")).to_be_visible()
    check_page(page)

    # The country is recorded and can be changed on the account's own page.
    page.goto("/admin/users")
    page.get_by_role("link", name="Change the country of nadia@a11y.example").click()
    expect(page.get_by_label("Country")).to_have_value("FI")
    check_page(page)
    page.get_by_label("Country").select_option("EE")
    page.get_by_role("button", name="Save the country").click()
    expect(page.get_by_text("The country of nadia@a11y.example is saved.")).to_be_visible()
    expect(page.get_by_role("row", name="nadia@a11y.example")).to_contain_text("Estonia")
    check_page(page)


def test_the_criteria_version_page_lets_keyboards_scroll_the_file(
    check_page: CheckPage, as_admin: Page
):
    page = as_admin
    page.goto("/admin/criteria")
    check_page(page)
    page.get_by_role("link", name="2026.1").click()
    expect(page.locator("pre")).to_contain_text("cluster-excellence")
    check_page(page)  # axe: scrollable-region-focusable
    source = page.get_by_role("region", name="The file as published")
    expect(source).to_have_attribute("tabindex", "0")
    source.focus()
    expect(source).to_be_focused()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users",
        "/admin/organisations",
        "/admin/certificates",
        "/admin/certificates/{number}",
        "/admin/audit",
        "/admin/statistics",
        "/account/password",
    ],
)
def test_admin_pages_pass_both_checkers(
    check_page: CheckPage, as_admin: Page, people: People, path: str
):
    as_admin.goto(path.format(number=people.number))
    check_page(as_admin)


def test_the_organisation_page_and_the_criteria_comparison_pass_both_checkers(
    check_page: CheckPage, as_admin: Page
):
    page = as_admin
    page.goto("/admin/organisations")
    page.get_by_role("link", name=SUBMITTED).click()
    check_page(page)  # with its required select of assessors for a conflict of interest
    page.get_by_role("button", name="Record the conflict of interest").click()
    check_page(page)

    page.goto("/admin/criteria")
    page.get_by_label("From version").select_option("cluster-excellence|2025.1")
    page.get_by_label("To version").select_option("cluster-excellence|2026.1")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("table", name="What changed")).to_be_visible()
    check_page(page)


def test_the_review_page_passes_both_checkers(check_page: CheckPage, as_assessor: Page):
    page = as_assessor
    page.goto("/review")
    check_page(page)
    page.get_by_role("link", name=f"Claim the review of {SUBMITTED}").click()
    check_page(page)
    page.get_by_role("checkbox", name="I declare that I have no conflict of interest").check()
    page.get_by_role("button", name="Claim this review").click()
    expect(page.get_by_text("The review is yours.")).to_be_visible()
    check_page(page)  # axe: empty-table-header
    scores = page.get_by_role("table", name="Self-assessed and validated scores")
    expect(scores.get_by_role("columnheader").first).to_have_text("Measure")


def test_the_checkers_catch_the_defects_they_guard_against(nu_checker: NuChecker, page: Page):
    """Both checkers are live: a page with issue 11's three defects fails each check."""
    lines = "line\n" * 50
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1>Bad</h1>
<label for="role">Role</label>
<select id="role" name="role" required><option value="a">A</option></select>
<pre style="height: 3em; overflow: auto">{lines}</pre>
<table><caption>Scores</caption><tr><th scope="col"></th><th scope="col">Self-assessed</th></tr>
<tr><th scope="row">Total</th><td>1</td></tr></table></main></body></html>"""
    (markup,) = nu_checker.errors(html.encode(), "bad.html")
    assert markup.startswith("bad.html:4:") and "“select” element with a “required”" in markup
    page.set_content(html)
    found = accessibility_violations(page)
    assert {line.split(" ")[2] for line in found} == {
        "scrollable-region-focusable",
        "empty-table-header",
    }, found
