"""Administrators suspend, reinstate and revoke certificates with a public reason."""

from __future__ import annotations

import re

import pytest

from labelapp.db import db_session
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from tests.fixtures.app import csrf_token
from tests.fixtures.users import login
from tests.labelapp.services.factories import issued


@pytest.fixture
def number(app, manager):
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager))
        db_session().commit()
        return made.number


def _version(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="row_version" type="hidden" value="(\d+)"', page).group(1)


def _post(client, number, action, reason, version=None):
    path = f"/admin/certificates/{number}"
    return client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "row_version": version or _version(client, path),
            "action": action,
            "reason": reason,
        },
    )


def _status(session, number):
    session.expire_all()
    return session.query(Certificate).filter_by(number=number).one().status


def test_admin_lists_and_revokes_with_a_public_reason(client, admin, number, session):
    login(client, admin.email)
    listing = client.get("/admin/certificates", query_string={"q": "lodzki"})
    assert number in listing.get_data(as_text=True)
    response = _post(client, number, "revoke", "Members were misrepresented.")
    assert response.status_code == 302
    assert _status(session, number) is CertificateStatus.REVOKED
    page = client.get(f"/admin/certificates/{number}").get_data(as_text=True)
    assert "certificate.revoke" in page and "A revoked certificate cannot be changed" in page
    public = client.get(f"/verify/{number}").get_data(as_text=True)
    assert "Members were misrepresented." in public


def test_a_change_without_a_reason_shows_the_error_next_to_the_field(
    client, admin, number, session
):
    login(client, admin.email)
    response = _post(client, number, "suspend", "  ")
    assert response.status_code == 200
    assert "shown to the public" in response.get_data(as_text=True)
    assert _status(session, number) is CertificateStatus.VALID


def test_a_stale_page_changes_nothing(client, admin, number, session):
    login(client, admin.email)
    version = _version(client, f"/admin/certificates/{number}")
    assert _post(client, number, "suspend", "One.", version).status_code == 302
    _post(client, number, "revoke", "Two.", version)
    assert _status(session, number) is CertificateStatus.SUSPENDED


def test_an_action_not_open_from_the_status_is_refused(client, admin, number, session):
    login(client, admin.email)
    response = _post(client, number, "reinstate", "Nothing to reinstate.")
    assert response.status_code == 200  # not a choice offered: a form error
    assert _status(session, number) is CertificateStatus.VALID


@pytest.mark.parametrize("who", ["manager", "assessor"])
def test_only_admins_reach_the_certificate_pages(client, number, who, request, session):
    user = request.getfixturevalue(who)
    login(client, user.email)
    assert client.get("/admin/certificates").status_code == 403
    assert client.get(f"/admin/certificates/{number}").status_code == 403
    response = client.post(
        f"/admin/certificates/{number}", data={"action": "revoke", "reason": "x"}
    )
    # CSRF is checked for the whole app before any view, so before the view's role check.
    assert response.status_code == 400
    assert _status(session, number) is CertificateStatus.VALID


@pytest.mark.parametrize("who", ["manager", "assessor"])
def test_a_forged_status_change_with_a_valid_token_is_refused(
    client, number, who, request, session
):
    user = request.getfixturevalue(who)
    login(client, user.email)
    token = csrf_token(client, "/change-password")
    response = client.post(
        f"/admin/certificates/{number}",
        data={"csrf_token": token, "row_version": "1", "action": "revoke", "reason": "x"},
    )
    assert response.status_code == 403
    assert _status(session, number) is CertificateStatus.VALID


@pytest.mark.parametrize("path", ["/admin/certificates?q=%00", "/admin/certificates?q=%25"])
def test_odd_searches_are_answered(client, admin, number, path):
    login(client, admin.email)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("bad", ["%00", "..%2Fx", "CEL-2026-00001"])
def test_odd_numbers_are_404(client, admin, number, bad):
    login(client, admin.email)
    assert client.get(f"/admin/certificates/{bad}").status_code == 404


def test_the_history_reads_as_lines_and_the_assessment_names_its_organisation(
    client, admin, number, session
):
    login(client, admin.email)
    assert _post(client, number, "suspend", "Checking the members.").status_code == 302
    page = client.get(f"/admin/certificates/{number}").get_data(as_text=True)
    certificate = session.query(Certificate).filter_by(number=number).one()
    organisation = f"/admin/organisations/{certificate.organisation_id}"
    assert '{"' not in page  # no raw JSON
    assert f"<dt>PDF SHA-256:</dt><dd>{certificate.pdf_sha256}</dd>" in page
    assert "<dt>Reason:</dt><dd>Checking the members.</dd>" in page
    assert "valid → suspended" in page
    assert re.search(
        rf'<dt>Assessment</dt><dd><a href="{organisation}">Self-assessment of Łódzki Klaster ICT ',
        page,
    )
    assert "Cluster Excellence Label 2026.1" in page and "own scheme" not in page
