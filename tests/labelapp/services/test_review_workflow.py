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
from labelapp.services.assessments import scheme_of
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import audit_events
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import record_visit
from tests.labelapp.services.factories import top_answers
from tests.labelapp.services.factories import visit_day

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
    assessment.assessed_on = visit_day() if status is not S.SUBMITTED else None
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


def _claimed(people):
    """A complete top-scoring assessment, submitted and claimed by the lead; committed."""
    manager, lead = people["own manager"], people["lead"]
    assessment = complete_assessment(db_session(), manager)
    workflow.submit_assessment(db_session(), actor(manager), assessment, assessment.row_version)
    review.claim(db_session(), actor(lead), assessment, True, assessment.row_version)
    record_visit(db_session(), lead, assessment)
    db_session().commit()
    return assessment


def test_each_part_of_the_review_says_what_is_validated_commented_and_different(people):
    assessment = _claimed(people)
    scheme = scheme_of(assessment)
    leadership = [c.id for c in scheme.sections[0].criteria]
    first, second = leadership[0], leadership[1]
    own = str(top_answers(scheme)[first])  # validated as the manager answered
    count_id = "committed-members"  # a number: "40.0" is the manager's 40
    review.save_review(
        db_session(),
        actor(people["lead"]),
        assessment,
        {
            first: review.ReviewInput(own, "Clear vision.", ""),
            second: review.ReviewInput("25", "", "Not shared with members."),
            count_id: review.ReviewInput(f"{top_answers(scheme)[count_id]}.0", "", ""),
        },
        "Solid.",
        assessment.row_version,
    )
    mine = review.current_review(db_session(), assessment, people["lead"])
    parts = review.review_parts(scheme, assessment, mine)

    assert [p.key for p in parts] == [f"section:{s.id}" for s in scheme.sections] + [
        f"area:{a.id}" for a in scheme.indicator_areas
    ]  # "services" is a section and an area: the kind keeps them apart
    part = parts[0]
    assert (part.validated, part.commented, part.differs) == (2, 2, (second,))
    assert part.total == len(leadership) and not part.all_validated and not part.all_commented
    structure = next(p for p in parts if p.key == "area:structure")
    assert (structure.validated, structure.commented, structure.differs) == (1, 0, ())
    assert all(p.validated == p.commented == 0 for p in parts[1:] if p is not structure)

    review.save_review(
        db_session(),
        actor(people["lead"]),
        assessment,
        {i: review.ReviewInput(own, "Fine.", "") for i in leadership},
        None,  # the recommendation is kept
        assessment.row_version,
    )
    part = review.review_parts(scheme, assessment, mine)[0]
    assert part.all_validated and part.all_commented and part.differs == ()
    assert mine.recommendation == "Solid."
    assert review.review_parts(scheme, assessment, None)[0].validated == 0


def test_a_decision_saves_the_notes_typed_with_it(people):
    assessment = _claimed(people)
    decisions.decide(
        db_session(),
        actor(people["lead"]),
        assessment,
        decisions.Decision.REQUEST_CHANGES,
        "Attach the member survey.",
        "Strong cluster; the survey is the one gap.",
        assessment.row_version,
        issuing(),
    )
    db_session().commit()
    db_session().expire_all()
    lead = review.lead_review(db_session(), assessment, assessment.round)
    assert assessment.status is S.CHANGES_REQUESTED
    assert assessment.decision_note == "Attach the member survey."
    assert lead.recommendation == "Strong cluster; the survey is the one gap."
    assert lead.decision == "changes_requested"
    assert audit_events(db_session())[-2].action == "review.saved"


@pytest.mark.parametrize(
    ("decision", "note", "stale", "refusal"),
    [
        (decisions.Decision.APPROVE, "", True, StaleState),
        (decisions.Decision.REQUEST_CHANGES, "Add the survey.", True, StaleState),
        (decisions.Decision.REQUEST_CHANGES, "  ", False, ValidationFailed),  # no message
        (decisions.Decision.REJECT, "", False, ValidationFailed),
    ],
)
def test_a_refused_decision_stores_neither_the_notes_nor_the_decision(
    people, decision, note, stale, refusal
):
    assessment = _claimed(people)
    events = len(audit_events(db_session()))
    version = assessment.row_version - 1 if stale else assessment.row_version
    with pytest.raises(refusal):
        decisions.decide(
            db_session(),
            actor(people["lead"]),
            assessment,
            decision,
            note,
            "Typed on the page, never saved.",
            version,
            issuing(),
            {"leadership-vision": review.ReviewInput("25", "Typed too.", "")},
        )
    db_session().rollback()  # as the one commit path does on every refusal
    db_session().expire_all()
    lead = review.lead_review(db_session(), assessment, assessment.round)
    assert (assessment.status, assessment.pending_level) == (S.IN_REVIEW, None)
    assert (lead.recommendation, lead.items, lead.decision) == ("", [], None)
    assert len(audit_events(db_session())) == events


def test_an_approval_keeps_the_message_to_the_managers(people):
    assessment = _claimed(people)
    decisions.decide(
        db_session(),
        actor(people["lead"]),
        assessment,
        decisions.Decision.APPROVE,
        " Well documented throughout. ",
        None,
        assessment.row_version,
        issuing(),
    )
    db_session().commit()
    db_session().expire_all()
    assert assessment.pending_level == "gold"  # awaiting a second assessor
    assert assessment.decision_note == "Well documented throughout."
