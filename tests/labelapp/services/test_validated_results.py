"""Validated results kept as rows when an assessment is approved, in the same transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlalchemy import select

from assessment import score
from labelapp.db import db_session
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate
from labelapp.models import IndicatorResult
from labelapp.models import Role
from labelapp.models import SectionResult
from labelapp.services import decisions
from labelapp.services import review
from labelapp.services import validated_results
from labelapp.services import workflow
from labelapp.services.assessment_dates import AssessmentDates
from labelapp.services.assessments import engine_answers
from labelapp.services.assessments import scheme_of
from labelapp.services.errors import NotAllowed
from labelapp.settings import init_settings
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import visit_day

pytestmark = pytest.mark.usefixtures("ctx")

# Validated values that differ from the (top) self-assessment. Lowering the member
# satisfaction below its threshold loses gold, a one-assessor level remains (silver);
# the others keep gold, which needs a second assessor.
VISIT = AssessmentDates(visit_day())
TO_SILVER = {"leadership-vision": "25", "member-satisfaction-rate": "40"}
KEEPING_GOLD = {"leadership-vision": "75", "committed-members": "1250"}


def _claimed(manager, lead, validated: dict[str, str]):
    """A complete top-scoring assessment, submitted, claimed, with ``validated`` saved."""
    session = db_session()
    assessment = complete_assessment(session, manager)
    workflow.submit_assessment(session, actor(manager), assessment, None)
    review.claim(session, actor(lead), assessment, True, None)
    inputs = {item: review.ReviewInput(value, "", "") for item, value in validated.items()}
    review.save_review(session, actor(lead), assessment, inputs, "", None, VISIT)
    return assessment


def _sections(assessment) -> dict[str, SectionResult]:
    rows = db_session().scalars(
        select(SectionResult)
        .where(SectionResult.assessment_id == assessment.id)
        .order_by(SectionResult.id)
    )
    return {row.section_id: row for row in rows}


def _indicators(assessment) -> dict[str, IndicatorResult]:
    rows = db_session().scalars(
        select(IndicatorResult)
        .where(IndicatorResult.assessment_id == assessment.id)
        .order_by(IndicatorResult.id)
    )
    return {row.indicator_id: row for row in rows}


def _self_assessed(assessment):
    scheme = scheme_of(assessment)
    return score(scheme, engine_answers(scheme, assessment))


def test_a_one_assessor_approval_keeps_the_validated_values_not_the_self_assessed(
    manager, make_user
):
    lead = make_user(Role.ASSESSOR)
    assessment = _claimed(manager, lead, TO_SILVER)
    decisions.approve(db_session(), actor(lead), assessment, None, issuing())
    assert (assessment.status, assessment.approved_level) == (AssessmentStatus.APPROVED, "silver")

    scheme = scheme_of(assessment)
    sections, indicators = _sections(assessment), _indicators(assessment)
    assert list(sections) == [s.id for s in scheme.sections]
    assert list(indicators) == [i.id for i in scheme.indicators]
    # leadership-vision (weight 25) validated at 25 % instead of 100 %: 100 − 0.75 × 25.
    leadership = sections["leadership"]
    assert (leadership.percent, leadership.points, leadership.max_points) == (
        Decimal("81.25"),
        Decimal("81.25"),
        100,
    )
    assert _self_assessed(assessment).section("leadership").percent == Decimal("100.00")
    satisfaction = indicators["member-satisfaction-rate"]
    assert (satisfaction.value, satisfaction.number, satisfaction.met, satisfaction.points) == (
        "40",
        Decimal(40),
        False,
        0,
    )
    assert _self_assessed(assessment).indicator("member-satisfaction-rate").met
    for row in [*sections.values(), *indicators.values()]:
        assert (row.organisation_id, row.criteria_version_id) == (
            assessment.organisation_id,
            assessment.criteria_version_id,
        )


def test_a_four_eyes_level_is_kept_on_confirmation_not_on_the_proposal(manager, make_user):
    session = db_session()
    lead, second = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    assessment = _claimed(manager, lead, KEEPING_GOLD)
    assert decisions.approve(session, actor(lead), assessment, None, issuing()) is None
    assert assessment.pending_level == "gold"
    assert count(session, SectionResult) == count(session, IndicatorResult) == 0

    decisions.confirm(session, actor(second), assessment, True, None, issuing())
    assert assessment.approved_level == "gold"
    assert _sections(assessment)["leadership"].percent == Decimal("93.75")  # 100 − 0.25 × 25
    members = _indicators(assessment)["committed-members"]
    assert (members.value, members.number, members.met) == ("1250", Decimal(1250), True)
    assert _self_assessed(assessment).indicator("committed-members").value == Decimal(15)


def test_rows_aggregate_in_sql_to_the_validated_result(manager, make_user):
    session = db_session()
    lead = make_user(Role.ASSESSOR)
    assessment = _claimed(manager, lead, TO_SILVER)
    decisions.approve(session, actor(lead), assessment, None, issuing())
    validated = review.validated_result(session, assessment)
    total = session.scalar(
        select(func.sum(SectionResult.points)).where(SectionResult.assessment_id == assessment.id)
    )
    assert total == validated.total != _self_assessed(assessment).total
    met, points = session.execute(
        select(func.count(), func.sum(IndicatorResult.points)).where(
            IndicatorResult.assessment_id == assessment.id, IndicatorResult.met.is_(True)
        )
    ).one()
    assert (met, points) == (validated.indicators_met, validated.indicator_points)
    # Yes/no and choice answers keep their text and have no number; fractions keep places.
    indicators = _indicators(assessment)
    assert (indicators["website-english"].value, indicators["website-english"].number) == (
        "true",
        None,
    )
    frequency = indicators["satisfaction-survey-frequency"]
    assert (frequency.value, frequency.number) == ("every-two-years", None)
    assert indicators["management-staff-fte"].number == Decimal("0.5")


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_no_rows_without_an_approval(manager, make_user, decision):
    session = db_session()
    lead = make_user(Role.ASSESSOR)
    assessment = _claimed(manager, lead, TO_SILVER)
    getattr(decisions, decision)(session, actor(lead), assessment, "Not yet.", None)
    assert count(session, SectionResult) == count(session, IndicatorResult) == 0


@pytest.mark.parametrize(("validated", "path"), [(TO_SILVER, "approve"), (KEEPING_GOLD, "confirm")])
def test_an_approval_refused_by_its_certificate_keeps_no_rows(
    manager, make_user, app, validated, path
):
    session = db_session()
    lead, second = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    assessment = _claimed(manager, lead, validated)
    if path == "confirm":
        decisions.approve(session, actor(lead), assessment, None, issuing())  # gold: proposed
    session.commit()
    app.config["LABELAPP_SIGNING_KEY"] = app.config["LABELAPP_SIGNING_CERT"]  # not a key
    init_settings(app)
    with pytest.raises(NotAllowed, match="cannot be signed"):
        if path == "confirm":
            decisions.confirm(session, actor(second), assessment, True, None, issuing())
        else:
            decisions.approve(session, actor(lead), assessment, None, issuing())
    session.rollback()  # as the view does on a refusal
    session.refresh(assessment)
    assert assessment.status is AssessmentStatus.IN_REVIEW
    assert count(session, Certificate) == 0
    assert count(session, SectionResult) == count(session, IndicatorResult) == 0


def test_storing_again_writes_nothing(manager, make_user):
    session = db_session()
    lead = make_user(Role.ASSESSOR)
    assessment = _claimed(manager, lead, TO_SILVER)
    decisions.approve(session, actor(lead), assessment, None, issuing())
    before = (count(session, SectionResult), count(session, IndicatorResult))
    assert validated_results.store(session, assessment) is None
    assert (count(session, SectionResult), count(session, IndicatorResult)) == before
    assert validated_results.unstored_assessments(session) == []


def test_approved_assessments_without_rows_are_stored_once(manager):
    session = db_session()
    earlier = approved(session, manager)  # approved before results were kept
    assert validated_results.unstored_assessments(session) == [earlier]
    result = validated_results.store(session, earlier)
    assert result is not None
    assert len(_sections(earlier)) == len(result.sections)
    assert len(_indicators(earlier)) == len(result.indicators)
    assert validated_results.unstored_assessments(session) == []
    assert validated_results.store(session, earlier) is None


def test_only_approved_assessments_are_stored(manager):
    assessment = complete_assessment(db_session(), manager)
    with pytest.raises(ValueError, match="not approved"):
        validated_results.store(db_session(), assessment)
    assert count(db_session(), SectionResult) == 0
