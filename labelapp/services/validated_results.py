"""Validated results kept for comparison: one row per section and per indicator of an
approved assessment, written in the approval's transaction (decision 22).

Reports aggregate these rows with SQL; nothing re-scores an approved assessment to
compare it with others.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment import Result
from assessment.answers import answer_text
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import IndicatorResult
from labelapp.models import SectionResult
from labelapp.services.review import validated_result


def is_stored(session: Session, assessment: Assessment) -> bool:
    """Whether the assessment's validated results are already kept."""
    found = session.scalar(
        select(SectionResult.id).where(SectionResult.assessment_id == assessment.id).limit(1)
    )
    return found is not None


def store(session: Session, assessment: Assessment, result: Result | None = None) -> Result | None:
    """Keep the approved assessment's validated results as rows; flushes.

    The result is ``review.validated_result``, the one the approval took its level
    from, so the rows and the approved level always agree. Returns it, or None when
    the rows were already there (nothing is written twice).

    Raises:
        ValueError: the assessment is not approved (a caller's mistake: only the
            approval paths and the backfill call this, after approving).
    """
    if assessment.status is not AssessmentStatus.APPROVED:
        raise ValueError(f"assessment {assessment.id} is not approved; nothing to keep")
    if is_stored(session, assessment):
        return None
    # The approval hands over the result it decided on; the backfill computes it.
    if result is None:
        result = validated_result(session, assessment)
    session.add_all(result_rows(assessment, result))
    session.flush()
    return result


def result_rows(assessment: Assessment, result: Result) -> list[SectionResult | IndicatorResult]:
    """The rows that keep a validated result: one per section and per indicator."""
    pinned = {
        "assessment_id": assessment.id,
        "organisation_id": assessment.organisation_id,
        "criteria_version_id": assessment.criteria_version_id,
    }
    rows: list[SectionResult | IndicatorResult] = [
        SectionResult(
            **pinned,
            section_id=section.id,
            percent=section.percent,
            points=section.points,
            max_points=section.max_points,
        )
        for section in result.sections
    ]
    rows += [
        IndicatorResult(
            **pinned,
            indicator_id=indicator.id,
            value=None if indicator.value is None else answer_text(indicator.value),
            # bool is no Decimal: yes/no and choice answers have no number.
            number=indicator.value if isinstance(indicator.value, Decimal) else None,
            met=indicator.met,
            points=indicator.points,
            max_points=indicator.max_points,
        )
        for indicator in result.indicators
    ]
    return rows


def unstored_assessments(session: Session) -> Sequence[Assessment]:
    """Approved assessments whose validated results are not kept yet (approved before
    results were kept), oldest decision first."""
    return session.scalars(
        select(Assessment)
        .where(
            Assessment.status == AssessmentStatus.APPROVED,
            ~select(SectionResult.id).where(SectionResult.assessment_id == Assessment.id).exists(),
        )
        .order_by(Assessment.decided_at, Assessment.id)
    ).all()
