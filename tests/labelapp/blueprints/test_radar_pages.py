"""A RADAR criterion on the manager's answer page and the assessor's review: three
selects side by side, one answer "approach/deployment/refinement", scored by the mean."""

from __future__ import annotations

import re

import pytest
import yaml
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.models import Answer
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import ReviewItem
from labelapp.services import criteria as criteria_service
from labelapp.services import workflow
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.assessments import start_assessment
from tests.assessment.schemes import build
from tests.assessment.schemes import radar_data
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.blueprints.manager_helpers import row_version
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import make_organisation

ATTRIBUTES = ("approach", "deployment", "refinement")


def publish_radar_scheme() -> None:
    """The small scheme with vision a RADAR criterion, published as the current "small"."""
    data = radar_data()
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    criteria_service.publish_version(db_session(), build(data), text, "radar.yaml")


@pytest.fixture
def draft(app, manager):
    """A draft of the radar scheme: its answer page's path."""
    with app.app_context():
        publish_radar_scheme()
        owner = db_session().merge(manager)
        organisation = make_organisation(db_session(), owner)
        assessment = start_assessment(db_session(), actor(owner), organisation, "small")
        db_session().commit()
        return f"/assessments/{assessment.id}"


@pytest.fixture
def submitted(app, manager):
    """A submitted assessment of the radar scheme, every answer at the top: its id."""
    with app.app_context():
        publish_radar_scheme()
        owner = db_session().merge(manager)
        organisation = make_organisation(db_session(), owner)
        assessment = start_assessment(db_session(), actor(owner), organisation, "small")
        answer_everything(db_session(), owner, assessment)
        workflow.submit_assessment(db_session(), actor(owner), assessment, None)
        db_session().commit()
        return assessment.id


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _parts(prefix: str, approach: str, deployment: str, refinement: str) -> dict[str, str]:
    steps = (approach, deployment, refinement)
    return {
        f"{prefix}__vision-{attribute}": step
        for attribute, step in zip(ATTRIBUTES, steps, strict=True)
    }


def _selected(html: str, name: str) -> str:
    select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    chosen = re.search(r'<option selected value="([^"]*)"', select_html)
    return chosen.group(1) if chosen else ""


def test_a_manager_answers_with_three_selects_and_sees_the_mean(app, manager, draft, session):
    client = _client(app, manager)
    page = f"{draft}/sections/lead"
    html = client.get(page).get_data(as_text=True).replace("&amp;", "&")
    fieldset = re.search(r'<fieldset id="value__vision" class="radar".*?</fieldset>', html, re.S)
    assert "<legend>Vision</legend>" in fieldset.group(0)
    for attribute, label in zip(
        ATTRIBUTES, ("Approach", "Deployment", "Assessment & Refinement"), strict=True
    ):
        assert f'<label for="value__vision-{attribute}">{label}</label>' in fieldset.group(0)
    response = submit(
        client,
        page,
        {
            "row_version": row_version(client, page),
            **_parts("value", "50", "75", "50"),
            "justification__vision": "Shared at the general assembly.",
            "value__governance": "0",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = {a.item_id: a.value for a in session.scalars(select(Answer))}
    assert stored == {"vision": "50/75/50", "governance": "0"}
    html = client.get(page).get_data(as_text=True)
    assert "Saved score: <strong>58 %</strong>, the mean of the three attributes." in html
    assert [_selected(html, f"value__vision-{a}") for a in ATTRIBUTES] == ["50", "75", "50"]
    # The section: vision (weight 60) at 58 %, governance at 0: 34.8 % of 400 points.
    overview = client.get(draft).get_data(as_text=True)
    assert re.search(r"Leadership</a>.*?139\.2 of 400\.0 \(34\.8 %\)", overview, re.S), overview


def test_a_missing_attribute_is_refused_next_to_the_field_and_nothing_is_saved(
    app, manager, draft, session
):
    client = _client(app, manager)
    page = f"{draft}/sections/lead"
    response = submit(
        client,
        page,
        {"row_version": row_version(client, page), **_parts("value", "50", "", "25")},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(r'<div class="error" id="value__vision-error">(.*?)</div>', html, re.S)
    assert "Choose a step for Deployment as well." in error.group(1)
    assert 'aria-describedby="value__vision-hint value__vision-error"' in html
    assert "1 field needs attention; nothing on this page was saved." in html
    # What was chosen stays chosen, so only the missing select needs a choice.
    assert [_selected(html, f"value__vision-{a}") for a in ATTRIBUTES] == ["50", "", "25"]
    assert session.scalars(select(Answer)).all() == []


def test_leaving_all_three_blank_leaves_the_criterion_unanswered(app, manager, draft, session):
    client = _client(app, manager)
    page = f"{draft}/sections/lead"
    response = submit(
        client,
        page,
        {
            "row_version": row_version(client, page),
            **_parts("value", "", "", ""),
            "justification__vision": "To be discussed.",
        },
    )
    assert response.status_code == 302
    stored = {a.item_id: (a.value, a.justification) for a in session.scalars(select(Answer))}
    assert stored == {"vision": (None, "To be discussed.")}


def _claimed(app, assessor, assessment_id):
    client = _client(app, assessor)
    path = f"/review/{assessment_id}/claim"
    version = re.search(
        r'name="row_version" type="hidden" value="(\d+)"', client.get(path).get_data(as_text=True)
    ).group(1)
    assert submit(client, path, {"row_version": version, "no_conflict": "y"}).status_code == 302
    return client


def _validated(session, assessment_id):
    return {
        item.item_id: item.validated_value
        for item in session.scalars(select(ReviewItem))
        if item.review.assessment_id == assessment_id
    }


def test_an_assessor_validates_the_three_attributes(app, assessor, submitted, session):
    client = _claimed(app, assessor, submitted)
    lead = f"/review/{submitted}?section=lead"
    html = client.get(lead).get_data(as_text=True).replace("&amp;", "&")
    assert "Approach 100 %, Deployment 100 %, Assessment & Refinement 100 % (mean 100 %)" in html
    response = submit(
        client,
        lead,
        {"row_version": row_version(client, lead), **_parts("validated", "50", "75", "25")},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _validated(session, submitted)["vision"] == "50/75/25"
    html = client.get(lead).get_data(as_text=True)
    assert [_selected(html, f"validated__vision-{a}") for a in ATTRIBUTES] == ["50", "75", "25"]
    assert "Validated score: <strong>50 %</strong>, the mean of the three attributes." in html
    # Vision (weight 60) at 50 %, governance at 100 %: the section at 70 %.
    assert "Section score: self-assessed 100.0 %, validated <strong>70.0 %</strong>" in html


def test_all_three_as_self_assessed_keep_the_self_assessment(app, assessor, submitted, session):
    client = _claimed(app, assessor, submitted)
    lead = f"/review/{submitted}?section=lead"
    response = submit(
        client,
        lead,
        {
            "row_version": row_version(client, lead),
            **_parts("validated", "", "", ""),
            "strengths__vision": "A shared vision.",
        },
    )
    assert response.status_code == 302
    assert _validated(session, submitted) == {"vision": None, "governance": None}


def test_a_mix_of_chosen_and_self_assessed_attributes_is_refused(app, assessor, submitted, session):
    client = _claimed(app, assessor, submitted)
    lead = f"/review/{submitted}?section=lead"
    response = submit(
        client,
        lead,
        {"row_version": row_version(client, lead), **_parts("validated", "50", "", "")},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(r'<div class="error" id="validated__vision-error">(.*?)</div>', html, re.S)
    assert (
        "Choose a validated step for all three attributes, or keep all three as self-assessed."
        in error.group(1)
    )
    assert _validated(session, submitted) == {}


def test_the_comparison_shows_both_radar_answers_and_their_means(app, manager, draft):
    with app.app_context():
        session, who = db_session(), actor(db_session().merge(manager))
        first = session.get(Assessment, int(draft.rsplit("/", 1)[1]))
        assert not save_page(session, who, first, {"vision": ItemInput("50/50/50")}, None).refused
        first.status = AssessmentStatus.APPROVED  # finished: a new one may start
        second = start_assessment(session, who, first.organisation, "small")
        assert not save_page(session, who, second, {"vision": ItemInput("50/75/50")}, None).refused
        session.commit()
        path = f"/assessments/{second.id}/compare"
    html = _client(app, manager).get(path).get_data(as_text=True).replace("&amp;", "&")
    row = re.search(r'<tr class="change-improved">\s*<td>Vision</td>.*?</tr>', html, re.S).group(0)
    assert "Approach 50 %, Deployment 50 %, Assessment & Refinement 50 % (mean 50 %)" in row
    assert "Approach 50 %, Deployment 75 %, Assessment & Refinement 50 % (mean 58 %)" in row
