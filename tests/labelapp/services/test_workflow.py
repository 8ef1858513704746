"""The assessment state machine: who may submit or withdraw, from which state.

The assessors' transitions have their own table in test_review_workflow.py.
"""

from __future__ import annotations

import json

import pytest

from labelapp.db import db_session
from labelapp.models import AssessmentStatus as S
from labelapp.models import Role
from labelapp.services import workflow
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.assessments import missing_items
from labelapp.services.assessments import scheme_of
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.services.invitations import accept_invitation
from labelapp.services.invitations import invite_manager
from tests.labelapp.services.factories import ADDRESS
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import audit_events
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.usefixtures("ctx")

ACTIONS = {"submit": workflow.submit_assessment, "withdraw": workflow.withdraw_assessment}
STAMPS = {"submit": "submitted_at", "withdraw": "withdrawn_at"}
# What the organisation's own manager gets; everybody else is always refused.
ALLOWED = {
    ("submit", S.DRAFT): S.SUBMITTED,
    ("submit", S.CHANGES_REQUESTED): S.SUBMITTED,
    ("withdraw", S.SUBMITTED): S.DRAFT,
}
ACTORS = ["own manager", "other manager", "assessor", "admin"]
TABLE = [
    pytest.param(
        status,
        action,
        who,
        ALLOWED.get((action, status)) if who == "own manager" else None,
        id=f"{status.value}-{action}-{who.replace(' ', '_')}",
    )
    for status in S
    for action in ACTIONS
    for who in ACTORS
]


def _snapshot(assessment):
    return assessment.status, assessment.row_version, len(audit_events(db_session()))


@pytest.fixture
def people(manager, make_user):
    return {
        "own manager": manager,
        "other manager": make_user(Role.MANAGER),
        "assessor": make_user(Role.ASSESSOR),
        "admin": make_user(Role.ADMIN),
    }


def test_the_table_covers_every_state_action_and_actor():
    assert len(TABLE) == len(S) * len(ACTIONS) * len(ACTORS) == 48
    managers = {name for name, rule in workflow.TRANSITIONS.items() if rule.role is Role.MANAGER}
    assert managers == set(ACTIONS)


@pytest.mark.parametrize(("status", "action", "who", "outcome"), TABLE)
def test_transition_table(people, status, action, who, outcome):
    assessment = complete_assessment(db_session(), people["own manager"])
    assessment.status = status
    db_session().flush()
    before = _snapshot(assessment)
    call = ACTIONS[action]
    if outcome is None:
        with pytest.raises(NotAllowed):
            call(db_session(), actor(people[who]), assessment, assessment.row_version)
        assert _snapshot(assessment) == before
        assert getattr(assessment, STAMPS[action]) is None
        return
    call(db_session(), actor(people[who]), assessment, assessment.row_version)
    assert assessment.status is outcome
    assert assessment.row_version == before[1] + 1
    assert getattr(assessment, STAMPS[action]) is not None
    new_events = audit_events(db_session())[before[2] :]
    assert [(e.action, e.before, e.after) for e in new_events] == [
        (f"assessment.{action}", status.value, outcome.value)
    ]
    assert (new_events[0].actor_id, new_events[0].client_address) == (people[who].id, ADDRESS)
    assert new_events[0].object_id == str(assessment.id)


def test_submit_then_withdraw_round_trip_persists(manager):
    assessment = complete_assessment(db_session(), manager)
    workflow.submit_assessment(db_session(), actor(manager), assessment, assessment.row_version)
    db_session().commit()
    db_session().expire_all()
    assert (assessment.status, assessment.withdrawn_at) == (S.SUBMITTED, None)
    submitted_at = assessment.submitted_at
    assert submitted_at is not None
    workflow.withdraw_assessment(db_session(), actor(manager), assessment, assessment.row_version)
    db_session().commit()
    db_session().expire_all()
    assert assessment.status is S.DRAFT
    assert assessment.withdrawn_at >= submitted_at
    assert assessment.submitted_at == submitted_at


def test_an_incomplete_draft_is_refused_with_one_reason_per_missing_item(manager):
    assessment = start(db_session(), manager)
    db_session().flush()
    before = _snapshot(assessment)
    with pytest.raises(ValidationFailed) as failure:
        workflow.submit_assessment(db_session(), actor(manager), assessment, before[1])
    missing = missing_items(scheme_of(assessment), assessment)
    assert len(failure.value.reasons) == len(missing) > 0
    assert [field for field, _message in failure.value.reasons] == [m.item_id for m in missing]
    title = scheme_of(assessment).item("leadership-governance").title
    said = [(field, str(message)) for field, message in failure.value.reasons]
    assert ("leadership-governance", f"{title}: an answer is required.") in said
    assert ("leadership-governance", f"{title}: evidence is required.") in said
    assert _snapshot(assessment) == before
    assert assessment.submitted_at is None


def test_missing_evidence_alone_blocks_submission(manager):
    assessment = complete_assessment(db_session(), manager)
    link = next(e for e in assessment.evidence if e.item_id == "active-member-share")
    assessment.evidence.remove(link)
    db_session().flush()
    before = _snapshot(assessment)
    with pytest.raises(ValidationFailed) as failure:
        workflow.submit_assessment(db_session(), actor(manager), assessment, before[1])
    assert [field for field, _message in failure.value.reasons] == ["active-member-share"]
    assert "evidence is required" in str(failure.value.reasons[0][1])
    assert _snapshot(assessment) == before


def test_returned_assessment_must_still_be_complete_to_resubmit(manager):
    assessment = complete_assessment(db_session(), manager)
    assessment.status = S.CHANGES_REQUESTED
    save_page(
        db_session(), actor(manager), assessment, {"leadership-governance": ItemInput("")}, None
    )
    with pytest.raises(ValidationFailed) as failure:
        workflow.submit_assessment(db_session(), actor(manager), assessment, None)
    assert [field for field, _message in failure.value.reasons] == ["leadership-governance"]
    assert assessment.status is S.CHANGES_REQUESTED


@pytest.mark.parametrize("action", ["submit", "withdraw"])
def test_a_stale_expected_version_is_refused(manager, action):
    assessment = complete_assessment(db_session(), manager)
    if action == "withdraw":
        workflow.submit_assessment(db_session(), actor(manager), assessment, None)
    db_session().flush()
    before = _snapshot(assessment)
    with pytest.raises(StaleState):
        ACTIONS[action](db_session(), actor(manager), assessment, assessment.row_version - 1)
    assert _snapshot(assessment) == before


def test_a_deactivated_manager_cannot_submit(manager):
    assessment = complete_assessment(db_session(), manager)
    manager.active = False
    db_session().flush()
    before = _snapshot(assessment)
    with pytest.raises(NotAllowed):
        workflow.submit_assessment(db_session(), actor(manager), assessment, before[1])
    assert _snapshot(assessment) == before


def test_the_system_actor_cannot_submit(manager):
    assessment = complete_assessment(db_session(), manager)
    with pytest.raises(NotAllowed):
        workflow.submit_assessment(db_session(), actor(None), assessment, None)
    assert assessment.status is S.DRAFT


def test_a_co_manager_may_submit(manager, make_user):
    assessment = complete_assessment(db_session(), manager)
    colleague = make_user()
    token = invite_manager(db_session(), actor(manager), assessment.organisation, colleague.email)
    accept_invitation(db_session(), actor(colleague), token=token)
    workflow.submit_assessment(db_session(), actor(colleague), assessment, None)
    assert assessment.status is S.SUBMITTED
    assert json.loads(audit_events(db_session())[-1].details) == {}
    assert audit_events(db_session())[-1].actor_id == colleague.id
