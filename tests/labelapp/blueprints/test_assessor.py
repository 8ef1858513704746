"""The review workflow through the assessor's pages, and what the managers see of it."""

from __future__ import annotations

import re

import pytest

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import ConflictOfInterest
from labelapp.models import Role
from labelapp.services import workflow
from tests.fixtures.app import csrf_token
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import publish_criteria
from tests.labelapp.services.factories import visit_day


@pytest.fixture
def submitted(app, manager):
    """A complete top-scoring assessment, submitted by its manager."""
    with app.app_context():
        publish_criteria(db_session())
        assessment = complete_assessment(db_session(), db_session().merge(manager))
        workflow.submit_assessment(
            db_session(), actor(db_session().merge(manager)), assessment, None
        )
        db_session().commit()
        return assessment.id


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _version(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="row_version" type="hidden" value="(\d+)"', page).group(1)


def _claim(client, assessment_id, declare=True):
    path = f"/review/{assessment_id}/claim"
    data = {"row_version": _version(client, path)}
    if declare:
        data["no_conflict"] = "y"
    return submit(client, path, data)


def _decide(client, assessment_id, button, note=""):
    path = f"/review/{assessment_id}"
    return submit(
        client,
        f"{path}/decision",
        {
            "row_version": _version(client, path),
            button: "1",
            "note": note,
            "assessed_on": visit_day().isoformat(),
        },
        form_url=path,
    )


def test_the_queue_shows_submissions_and_claiming_needs_the_declaration(
    app, submitted, assessor, session
):
    client = _client(app, assessor)
    assert "Claim the review of" in client.get("/review").get_data(as_text=True)
    refused = _claim(client, submitted, declare=False)
    assert "Declare that you have no conflict of interest" in refused.get_data(as_text=True)
    assert session.get(Assessment, submitted).status is AssessmentStatus.SUBMITTED
    assert _claim(client, submitted).headers["Location"] == f"/review/{submitted}"
    session.expire_all()
    claimed = session.get(Assessment, submitted)
    assert claimed.status is AssessmentStatus.IN_REVIEW and claimed.lead_assessor_id == assessor.id


def test_a_conflicted_assessor_neither_sees_nor_claims(app, submitted, make_user, session):
    conflicted = make_user(Role.ASSESSOR)
    organisation_id = session.get(Assessment, submitted).organisation_id
    session.add(ConflictOfInterest(assessor_id=conflicted.id, organisation_id=organisation_id))
    session.commit()
    client = _client(app, conflicted)
    assert "Claim the review of" not in client.get("/review").get_data(as_text=True)
    assert client.get(f"/review/{submitted}/claim").status_code == 404


def test_validated_values_change_the_validated_score_only(app, submitted, assessor, session):
    client = _client(app, assessor)
    _claim(client, submitted)
    leadership = f"/review/{submitted}?section=leadership"  # one part of the review per page
    response = submit(
        client,
        leadership,
        {
            "row_version": _version(client, leadership),
            "validated__leadership-vision": "25",
            "improvements__leadership-vision": "The vision is not yet shared with members.",
        },
    )
    assert response.status_code == 302
    page = client.get(leadership).get_data(as_text=True)
    assert "The vision is not yet shared with members." in page
    page = client.get(f"/review/{submitted}").get_data(as_text=True)
    totals = re.search(r"Total \(of 1000\)</th><td>([^<]+)</td><td>([^<]+)</td>", page)
    assert totals.groups() == ("1,000.0", "981.3")


def test_request_changes_needs_a_note_and_the_managers_read_it(
    app, submitted, assessor, manager, session
):
    client = _client(app, assessor)
    _claim(client, submitted)
    _decide(client, submitted, "request_changes")
    assert session.get(Assessment, submitted).status is AssessmentStatus.IN_REVIEW
    _decide(client, submitted, "request_changes", "Attach the 2025 member survey.")
    session.expire_all()
    returned = session.get(Assessment, submitted)
    assert returned.status is AssessmentStatus.CHANGES_REQUESTED
    owner = _client(app, manager)
    assert "Attach the 2025 member survey." in owner.get(f"/assessments/{submitted}").get_data(
        as_text=True
    )


def test_approval_without_a_reached_level_is_refused(app, submitted, assessor, session):
    client = _client(app, assessor)
    _claim(client, submitted)
    structure = f"/review/{submitted}?area=structure"
    submit(
        client,
        structure,
        {
            "row_version": _version(client, structure),
            "validated__committed-members": "3",
        },
    )
    response = _decide(client, submitted, "approve")
    # Refused: the review's overview again, with what was typed and why.
    page = response.get_data(as_text=True)
    assert "Nothing was decided: The validated answers reach no level" in page
    session.expire_all()
    refused = session.get(Assessment, submitted)
    assert (refused.status, refused.approved_level) == (AssessmentStatus.IN_REVIEW, None)


def test_gold_needs_a_second_different_assessor(app, submitted, assessor, make_user, session):
    lead = _client(app, assessor)
    _claim(lead, submitted)
    _decide(lead, submitted, "approve")
    session.expire_all()
    pending = session.get(Assessment, submitted)
    assert (pending.status, pending.pending_level) == (AssessmentStatus.IN_REVIEW, "gold")

    same = lead.post(
        f"/review/{submitted}/confirm",
        data={
            "csrf_token": csrf_token(lead, "/review"),
            "no_conflict": "y",
            "confirm": "1",
            "row_version": str(pending.row_version),
        },
    )
    assert same.status_code == 302
    session.expire_all()
    assert session.get(Assessment, submitted).status is AssessmentStatus.IN_REVIEW

    second = _client(app, make_user(Role.ASSESSOR))
    path = f"/review/{submitted}/confirm"
    confirmed = submit(
        second, path, {"row_version": _version(second, path), "no_conflict": "y", "confirm": "1"}
    )
    assert confirmed.status_code == 302
    session.expire_all()
    approved = session.get(Assessment, submitted)
    assert (approved.status, approved.approved_level) == (AssessmentStatus.APPROVED, "gold")


def test_managers_and_admins_cannot_reach_review_pages(app, submitted, manager, admin):
    for user in (manager, admin):
        client = _client(app, user)
        for path in ("/review", f"/review/{submitted}", f"/review/{submitted}/claim"):
            assert client.get(path).status_code == 403


def test_a_refused_decision_is_logged_and_changes_nothing(
    app, submitted, assessor, make_user, session, caplog
):
    _claim(_client(app, assessor), submitted)
    intruder = _client(app, make_user(Role.ASSESSOR))
    path = f"/review/{submitted}/decision"
    before = session.get(Assessment, submitted).row_version
    with caplog.at_level("WARNING", logger="labelapp.refusals"):
        response = intruder.post(
            path,
            data={
                "csrf_token": csrf_token(intruder, "/review"),
                "row_version": str(before),
                "approve": "1",
            },
        )
    assert response.status_code == 404  # claimed by another: not theirs to see
    session.expire_all()
    assert session.get(Assessment, submitted).row_version == before
    lead = _client(app, assessor)
    with caplog.at_level("WARNING", logger="labelapp.refusals"):
        lead.post(
            f"/review/{submitted}/confirm",
            data={
                "csrf_token": csrf_token(lead, "/review"),
                "no_conflict": "y",
                "confirm": "1",
                "row_version": str(before),
            },
        )
        _decide(lead, submitted, "reject")  # no reason given
    assert "refused decision on assessment" in caplog.text
    session.expire_all()
    assert session.get(Assessment, submitted).status is AssessmentStatus.IN_REVIEW


def test_a_conflict_recorded_after_the_claim_ends_the_leads_access(
    app, submitted, assessor, session
):
    client = _client(app, assessor)
    _claim(client, submitted)
    organisation_id = session.get(Assessment, submitted).organisation_id
    session.add(ConflictOfInterest(assessor_id=assessor.id, organisation_id=organisation_id))
    session.commit()
    assert client.get(f"/review/{submitted}").status_code == 404
    token = csrf_token(client, "/review")
    response = client.post(
        f"/review/{submitted}/decision",
        data={"csrf_token": token, "approve": "1", "row_version": "1"},
    )
    assert response.status_code == 404
    session.expire_all()
    assert session.get(Assessment, submitted).pending_level is None


@pytest.mark.parametrize("version", ["²", "9" * 5000, "", "-1", "١٢"])
def test_unreadable_row_versions_are_refused_as_stale_not_500(
    app, submitted, assessor, session, version
):
    client = _client(app, assessor)
    _claim(client, submitted)
    token = csrf_token(client, "/review")
    response = client.post(
        f"/review/{submitted}/decision",
        data={"csrf_token": token, "approve": "1", "row_version": version},
    )
    assert response.status_code == 200  # the page again, with what was typed
    assert "Nothing was decided: This assessment was changed by someone else" in (
        response.get_data(as_text=True)
    )
    session.expire_all()
    assert session.get(Assessment, submitted).pending_level is None
