"""The days of an assessment's interview or site visit, as the lead assessor records them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from labelapp.models import Assessment
from labelapp.services.errors import ValidationFailed
from labelapp.text import Text
from labelapp.text import msg

# The longest a site visit runs over; a longer span is a typing mistake.
MAX_VISIT_DAYS = 31


@dataclass(frozen=True)
class AssessmentDates:
    """The first day and, for a visit over several days, the last (None: one day)."""

    first: date | None
    last: date | None = None


def check(assessment: Assessment, dates: AssessmentDates, today: date) -> AssessmentDates:
    """The dates when they may be recorded, the last dropped when it is the first.

    Raises:
        ValidationFailed: a day in the future, before the organisation was founded, a
            last day before the first or a visit over more than MAX_VISIT_DAYS days, or
            a last day without a first; each named by its field.
    """
    reasons: list[tuple[str | None, Text | str]] = []
    founded = assessment.organisation.year_founded
    for field, day in (("assessed_on", dates.first), ("assessed_until", dates.last)):
        if day is None:
            continue
        if day > today:
            reasons.append((field, msg("The assessment cannot take place in the future.")))
        elif founded is not None and day.year < founded:
            reasons.append(
                (
                    field,
                    msg(
                        "The organisation was founded in %(year)s: it cannot have been "
                        "assessed before.",
                        year=str(founded),
                    ),
                )
            )
    if dates.first is None and dates.last is not None:
        reasons.append(("assessed_on", msg("Enter the first day of the assessment too.")))
    elif dates.first is not None and dates.last is not None:
        if dates.last < dates.first:
            reasons.append(("assessed_until", msg("The last day cannot be before the first.")))
        elif (dates.last - dates.first).days >= MAX_VISIT_DAYS:
            reasons.append(
                (
                    "assessed_until",
                    msg(
                        "An assessment visit lasts at most %(days)s days.",
                        days=MAX_VISIT_DAYS,
                    ),
                )
            )
    if reasons:
        raise ValidationFailed(reasons)
    return AssessmentDates(dates.first, None if dates.last == dates.first else dates.last)


def record(assessment: Assessment, dates: AssessmentDates, today: date) -> None:
    """Set the assessment's dates once checked. Raises: ValidationFailed, as check."""
    checked = check(assessment, dates, today)
    assessment.assessed_on, assessment.assessed_until = checked.first, checked.last
