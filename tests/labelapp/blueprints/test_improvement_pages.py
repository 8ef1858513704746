"""The improvement plan through the pages: declared on the report, reported on by the
managers at the next assessment, judged by the lead assessor."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import ImprovementArea
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services import improvement_plans as plans
from labelapp.services import review
from labelapp.services import workflow
from labelapp.services.actor import SYSTEM
from labelapp.web.settings import issuing
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import labelled_with_result
from tests.labelapp.services.factories import start


@pytest.fixture
def labelled(app, manager):
    """The manager's organisation with an approved assessment (its report's base)."""
    with app.app_context():
        assessment = labelled_with_result(
            db_session(), db_session().merge(manager), "Klaster Wrocław", "60", country="PL"
        )
        certificates.issue(db_session(), SYSTEM, assessment, issuing())
        db_session().commit()
        return assessment.organisation.slug, assessment.id


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _version(client, path) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="row_version" type="hidden" value="(\d+)"', page).group(1)


def _target() -> str:
    return (certificates.today() + timedelta(days=180)).isoformat()


def test_a_manager_declares_an_area_on_the_report_and_withdraws_it(app, manager, labelled):
    slug, base_id = labelled
    client = _client(app, manager)
    path = f"/organisations/{slug}/benchmarking"
    page = client.get(path).get_data(as_text=True)
    assert "Improvement plan" in page and "No area is in the plan yet." in page
    assert 'value="section:strategy"' in page and 'value="indicator:website-english"' in page
    done = submit(
        client,
        f"/organisations/{slug}/improvement-areas",
        {"subject": "section:strategy", "plan": "A yearly review.", "target_on": _target()},
        form_url=path,
    )
    assert done.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "A yearly review." in page and "1 area in the plan" in page
    assert 'value="section:strategy"' not in page  # not offered twice
    with app.app_context():
        (area,) = db_session().query(ImprovementArea).all()
        assert (area.base_assessment_id, area.subject) == (base_id, "strategy")
        area_id = area.id
    gone = submit(
        client, f"/organisations/{slug}/improvement-areas/{area_id}/withdraw", {}, form_url=path
    )
    assert gone.status_code == 302
    with app.app_context():
        assert count(db_session(), ImprovementArea) == 0


def test_an_area_without_a_plan_is_refused_next_to_the_field(app, manager, labelled):
    slug, _base = labelled
    client = _client(app, manager)
    path = f"/organisations/{slug}/benchmarking"
    refused = submit(
        client,
        f"/organisations/{slug}/improvement-areas",
        {"subject": "section:strategy", "plan": " ", "target_on": "2020-01-01"},
        form_url=path,
    )
    assert refused.status_code == 200
    page = refused.get_data(as_text=True)
    assert 'id="plan-error"' in page and "Write the plan" in page
    assert 'id="target_on-error"' in page and "must lie ahead" in page
    with app.app_context():
        assert count(db_session(), ImprovementArea) == 0


def test_only_the_organisations_managers_change_its_plan(app, manager, make_user, labelled):
    slug, _base = labelled
    other = _client(app, make_user(Role.MANAGER))
    path = f"/organisations/{slug}/benchmarking"
    response = submit(
        other,
        f"/organisations/{slug}/improvement-areas",
        {"subject": "section:strategy", "plan": "Mine now.", "target_on": _target()},
        form_url="/",
    )
    assert response.status_code == 404
    assert other.get(path).status_code == 404
    with app.app_context():
        assert count(db_session(), ImprovementArea) == 0


def test_the_managers_report_and_the_lead_judges_at_the_next_assessment(
    app, manager, assessor, make_user, labelled
):
    _slug, base_id = labelled
    with app.app_context():
        session = db_session()
        owner = session.merge(manager)
        base = session.get(Assessment, base_id)
        area = plans.declare(
            session,
            actor(owner),
            base,
            "section:strategy",
            "A yearly review.",
            certificates.today() + timedelta(days=100),
        )
        draft = answer_everything(session, owner, start(session, owner, base.organisation))
        session.commit()
        area_id, draft_id = area.id, draft.id

    client = _client(app, manager)
    overview = client.get(f"/assessments/{draft_id}").get_data(as_text=True)
    assert "0 of 1 areas declared on the previous label" in overview
    path = f"/assessments/{draft_id}/improvement-areas"
    assert "A yearly review." in client.get(path).get_data(as_text=True)
    bad = submit(
        client,
        path,
        {
            "row_version": _version(client, path),
            f"achieved__{area_id}": "Done.",
            f"evidence_link__{area_id}": "files",
        },
    )
    assert f'id="evidence_link__{area_id}-error"' in bad.get_data(as_text=True)
    saved = submit(
        client,
        path,
        {
            "row_version": _version(client, path),
            f"achieved__{area_id}": "Reviewed in March.",
            f"evidence_link__{area_id}": "",
        },
    )
    assert saved.status_code == 302

    with app.app_context():
        session = db_session()
        draft = session.get(Assessment, draft_id)
        workflow.submit_assessment(session, actor(session.merge(manager)), draft, None)
        review.claim(session, actor(session.merge(assessor)), draft, True, None)
        session.commit()
    lead_client = _client(app, assessor)
    overview = lead_client.get(f"/review/{draft_id}").get_data(as_text=True)
    assert "Validate the improvement areas" in overview
    judge = f"/review/{draft_id}/improvement-areas"
    assert "Reviewed in March." in lead_client.get(judge).get_data(as_text=True)
    refused = submit(
        lead_client,
        judge,
        {
            "row_version": _version(lead_client, judge),
            f"verdict__{area_id}": "achieved",
            f"comment__{area_id}": "",
        },
    )
    assert f'id="comment__{area_id}-error"' in refused.get_data(as_text=True)
    done = submit(
        lead_client,
        judge,
        {
            "row_version": _version(lead_client, judge),
            f"verdict__{area_id}": "achieved",
            f"comment__{area_id}": "Minutes seen.",
        },
    )
    assert done.status_code == 302
    with app.app_context():
        area = db_session().get(ImprovementArea, area_id)
        assert (area.verdict, area.verdict_comment, area.verdict_assessment_id) == (
            "achieved",
            "Minutes seen.",
            draft_id,
        )
    # Another assessor, before any approval is proposed, neither reads nor changes them.
    other = _client(app, make_user(Role.ASSESSOR))
    assert other.get(judge).status_code == 404
    refused = submit(
        other,
        judge,
        {
            "row_version": _version(lead_client, judge),
            f"verdict__{area_id}": "not_achieved",
            f"comment__{area_id}": "Overruled.",
        },
        form_url="/review",
    )
    assert refused.status_code == 404
    with app.app_context():
        assert db_session().get(ImprovementArea, area_id).verdict == "achieved"
