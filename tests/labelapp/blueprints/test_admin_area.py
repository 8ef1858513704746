"""Administration: accounts, reset links, conflicts, assignments, criteria, audit, statistics."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import PasswordReset
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import certificates
from labelapp.services.actor import SYSTEM
from labelapp.web.settings import issuing
from tests.fixtures.app import csrf_token
from tests.fixtures.app import submit
from tests.fixtures.users import PASSWORD
from tests.fixtures.users import login

ADMIN_PAGES = [
    "/admin/users",
    "/admin/organisations",
    "/admin/criteria",
    "/admin/audit",
    "/admin/statistics",
]


def _post(client, url, data=None, page="/admin/users"):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **(data or {})})


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR])
def test_only_admins_reach_the_admin_area(app, make_user, role):
    client = app.test_client()
    login(client, make_user(role).email)
    for page in ADMIN_PAGES:
        assert client.get(page).status_code == 403


def test_every_admin_page_renders(as_admin, submitted_pair):
    for page in ADMIN_PAGES:
        assert as_admin.get(page).status_code == 200, page


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(
    app, as_admin, manager, admin, session
):
    theirs = app.test_client()
    login(theirs, manager.email)
    _post(as_admin, f"/admin/users/{manager.id}/active")
    assert "Signed in as" not in theirs.get("/").get_data(as_text=True)
    assert login(app.test_client(), manager.email).status_code == 200  # refused: form again
    _post(as_admin, f"/admin/users/{manager.id}/active")
    assert login(app.test_client(), manager.email).status_code == 302
    _post(as_admin, f"/admin/users/{admin.id}/active")
    assert session.get(User, admin.id).active


def test_a_reset_link_works_once(app, as_admin, assessor, session):
    response = _post(as_admin, f"/admin/users/{assessor.id}/reset-link")
    assert response.mimetype == "text/html"  # not werkzeug's text/plain: a page to read
    page = response.get_data(as_text=True)
    link = re.search(r'id="reset-link">([^<]+)<', page).group(1)
    assert link.startswith("https://label.example.test/reset/")  # the public address
    path = urlsplit(link).path
    visitor = app.test_client()
    assert visitor.get(path).mimetype == "text/html"
    new = "a fresh and private passphrase"
    done = submit(visitor, path, {"new_password": new, "confirm": new})
    assert done.headers["Location"] == "/login"
    assert login(app.test_client(), assessor.email, new).status_code == 302
    assert login(app.test_client(), assessor.email, PASSWORD).status_code == 200
    assert visitor.get(path).status_code == 404


def test_an_expired_reset_link_is_refused(app, as_admin, assessor, session):
    page = _post(as_admin, f"/admin/users/{assessor.id}/reset-link").get_data(as_text=True)
    path = urlsplit(re.search(r'id="reset-link">([^<]+)<', page).group(1)).path
    reset = session.scalar(select(PasswordReset))
    reset.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    assert app.test_client().get(path).status_code == 404


def test_a_recorded_conflict_hides_the_assessment_from_that_assessor(
    app, as_admin, submitted_pair, make_user
):
    assessment_id, organisation_id = submitted_pair
    eva = make_user(Role.ASSESSOR, display_name="Eva")
    page = f"/admin/organisations/{organisation_id}"
    response = submit(
        as_admin, page, {"assessor": str(eva.id), "reason": "Board member until 2025"}
    )
    assert response.status_code == 302
    assert "Board member until 2025" in as_admin.get(page).get_data(as_text=True)
    reviewer = app.test_client()
    login(reviewer, eva.email)
    assert reviewer.get(f"/review/{assessment_id}/claim").status_code == 404


def test_an_assignment_reserves_the_claim(app, as_admin, submitted_pair, make_user, session):
    assessment_id, organisation_id = submitted_pair
    chosen, other = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    _post(
        as_admin,
        f"/admin/assessments/{assessment_id}/assign",
        {"assessor": str(chosen.id)},
        page=f"/admin/organisations/{organisation_id}",
    )
    assert session.get(Assessment, assessment_id).assigned_assessor_id == chosen.id
    outsider = app.test_client()
    login(outsider, other.email)
    assert outsider.get(f"/review/{assessment_id}/claim").status_code == 404


def test_choosing_the_current_version_changes_what_new_assessments_use(
    as_admin, submitted_pair, session
):
    listing = as_admin.get("/admin/criteria").get_data(as_text=True)
    assert "Make cluster-excellence 2025.1 current" in listing
    old = re.search(r'action="(/admin/criteria/(\d+)/current)"', listing)
    _post(as_admin, old.group(1), page="/admin/criteria")
    assert "current" in as_admin.get(f"/admin/criteria/{old.group(2)}").get_data(as_text=True)
    diff = as_admin.get(
        "/admin/criteria?old=cluster-excellence|2025.1&new=cluster-excellence|2026.1"
    )
    assert "strategy-twin-transition" in diff.get_data(as_text=True)
    # the change of current version is audited
    assert "criteria.made_current" in as_admin.get("/admin/audit?action=criteria").get_data(
        as_text=True
    )


def test_statistics_count_labels_and_time_to_decision(as_admin, submitted_pair, session, app):
    assessment = session.get(Assessment, submitted_pair[0])
    assessment.status, assessment.approved_level = AssessmentStatus.APPROVED, "gold"
    assessment.decided_at = assessment.submitted_at + timedelta(days=12)
    session.commit()
    with app.app_context():  # the approval's certificate is the label that is counted
        assessment = db_session().get(Assessment, submitted_pair[0])
        certificates.issue(db_session(), SYSTEM, assessment, issuing())
        db_session().commit()
    page = as_admin.get("/admin/statistics").get_data(as_text=True)
    assert "<strong>12.0</strong> days (1 decided assessments)" in page
    assert 'aria-label="Labels by level"' in page and ">gold</text>" in page


def test_an_absurd_audit_page_number_is_clamped(as_admin):
    response = as_admin.get("/admin/audit?page=9999999999999999999999999")
    assert response.status_code == 200


def test_the_organisation_page_names_levels_by_their_titles(as_admin, submitted_pair, session):
    assessment = session.get(Assessment, submitted_pair[0])
    assessment.status, assessment.pending_level = AssessmentStatus.IN_REVIEW, "gold"
    session.commit()
    page = as_admin.get(f"/admin/organisations/{submitted_pair[1]}").get_data(as_text=True)
    assert "Gold — proven excellence" in page and "(awaiting a second assessor)" in page
    assert ">gold<" not in page
