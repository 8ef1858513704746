"""The assessors' transitions as a table: state × action × who."""

from __future__ import annotations

import pytest

from labelapp.db import db_session
from labelapp.models import AssessmentStatus as S
from labelapp.models import ConflictOfInterest
from labelapp.models import Role
from labelapp.services import decisions
from labelapp.services import review
from labelapp.services import workflow
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import audit_events
from tests.labelapp.services.factories import complete_assessment

pytestmark = pytest.mark.usefixtures("ctx")

ACTIONS = {
    "claim": lambda s, a, x: review.claim(s, a, x, True, x.row_version),
    "request_changes": lambda s, a, x: decisions.request_changes(
        s, a, x, "Add the survey.", x.row_version
    ),
    "reject": lambda s, a, x: decisions.reject(s, a, x, "Too small.", x.row_version),
    "approve": lambda s, a, x: decisions.approve(s, a, x, x.row_version, issuing()),
    "confirm": lambda s, a, x: decisions.confirm(s, a, x, True, x.row_version, issuing()),
}
WHO = ["lead", "other assessor", "conflicted assessor", "own manager", "admin"]
# (action, status, pending approval) -> (who may, resulting status); everyone else is refused.
ALLOWED = {
    ("claim", S.SUBMITTED, False): ({"lead", "other assessor"}, S.IN_REVIEW),
    ("request_changes", S.IN_REVIEW, False): ({"lead"}, S.CHANGES_REQUESTED),
    ("reject", S.IN_REVIEW, False): ({"lead"}, S.REJECTED),
    ("approve", S.IN_REVIEW, False): ({"lead"}, S.IN_REVIEW),  # gold: proposed, awaits a second
    ("confirm", S.IN_REVIEW, True): ({"other assessor"}, S.APPROVED),
}
CASES = [
    pytest.param(
        action,
        status,
        pending,
        who,
        id=f"{action}-{status.value}{'-pending' if pending else ''}-{who.replace(' ', '_')}",
    )
    for action in ACTIONS
    for status in S
    for pending in (False, True)
    if not pending or status is S.IN_REVIEW
    for who in WHO
]


@pytest.fixture
def people(manager, make_user):
    return {
        "lead": make_user(Role.ASSESSOR),
        "other assessor": make_user(Role.ASSESSOR),
        "conflicted assessor": make_user(Role.ASSESSOR),
        "own manager": manager,
        "admin": make_user(Role.ADMIN),
    }


@pytest.mark.parametrize(("action", "status", "pending", "who"), CASES)
def test_review_transition_table(people, action, status, pending, who):
    assessment = complete_assessment(db_session(), people["own manager"])
    db_session().add(
        ConflictOfInterest(
            assessor_id=people["conflicted assessor"].id, organisation_id=assessment.organisation_id
        )
    )
    assessment.status, assessment.round = status, 1
    assessment.lead_assessor_id = people["lead"].id if status is not S.SUBMITTED else None
    assessment.pending_level = "gold" if pending else None
    db_session().flush()
    before = (assessment.status, assessment.row_version, len(audit_events(db_session())))
    allowed, outcome = ALLOWED.get((action, status, pending), (set(), None))
    call = ACTIONS[action]
    if who not in allowed:
        with pytest.raises((NotAllowed, ValidationFailed)):
            call(db_session(), actor(people[who]), assessment)
        assert (
            assessment.status,
            assessment.row_version,
            len(audit_events(db_session())),
        ) == before
        return
    call(db_session(), actor(people[who]), assessment)
    assert assessment.status is outcome
    events = [e for e in audit_events(db_session())[before[2] :] if e.object_type == "assessment"]
    assert events[-1].actor_id == people[who].id
    assert events[-1].before == status.value and events[-1].after == outcome.value


def test_the_table_covers_every_assessor_transition():
    assessors = {name for name, rule in workflow.TRANSITIONS.items() if rule.role is Role.ASSESSOR}
    # approve reaches approve or propose_approval; confirm reaches confirm_approval.
    assert assessors == {
        "claim",
        "request_changes",
        "reject",
        "approve",
        "propose_approval",
        "confirm_approval",
        "decline_approval",
    }


def test_a_declined_approval_goes_back_to_the_lead(people):
    assessment = complete_assessment(db_session(), people["own manager"])
    assessment.status, assessment.round = S.IN_REVIEW, 1
    assessment.lead_assessor_id, assessment.pending_level = people["lead"].id, "gold"
    db_session().flush()
    second = actor(people["other assessor"])
    with pytest.raises(ValidationFailed):
        decisions.decline(db_session(), second, assessment, True, " ", assessment.row_version)
    decisions.decline(
        db_session(),
        second,
        assessment,
        True,
        "Evidence for B3 is missing.",
        assessment.row_version,
    )
    assert (assessment.status, assessment.pending_level) == (S.IN_REVIEW, None)
    assert audit_events(db_session())[-1].action == "assessment.decline_approval"
