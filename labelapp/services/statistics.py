"""Figures for administrators: labels by country, level and year; assessments by state;
time from submission to decision."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate


@dataclass(frozen=True)
class Statistics:
    labels_by_country: list[tuple[str, int]]
    labels_by_level: list[tuple[str, int]]
    labels_by_year: list[tuple[int, int]]
    assessments_by_state: list[tuple[str, int]]
    median_days_to_decision: float | None
    decided: int


def gather(session: Session) -> Statistics:
    # Labels are the certificates issued (each approval issues exactly one).
    labelled = session.execute(
        select(Certificate.country, Certificate.level, Certificate.issued_on)
    ).all()
    states = dict(
        session.execute(select(Assessment.status, func.count()).group_by(Assessment.status)).all()
    )
    decided = session.execute(
        select(Assessment.submitted_at, Assessment.decided_at).where(
            Assessment.status.in_([AssessmentStatus.APPROVED, AssessmentStatus.REJECTED]),
            Assessment.submitted_at.is_not(None),
            Assessment.decided_at.is_not(None),
        )
    ).all()
    days = [(done - sent).total_seconds() / 86400 for sent, done in decided if sent and done]
    return Statistics(
        labels_by_country=Counter(row.country for row in labelled).most_common(),
        labels_by_level=Counter(row.level for row in labelled).most_common(),
        labels_by_year=sorted(Counter(row.issued_on.year for row in labelled).items()),
        assessments_by_state=[(status.label, states.get(status, 0)) for status in AssessmentStatus],
        median_days_to_decision=round(median(days), 1) if days else None,
        decided=len(days),
    )
