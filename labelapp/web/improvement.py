"""What the manager's and the assessor's improvement-area pages both show."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import ImprovementArea
from labelapp.services import improvement_plans as plans
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_texts import scheme_in
from labelapp.web.i18n import language


@dataclass(frozen=True)
class ReportedAreas:
    areas: list[ImprovementArea]
    titles: dict[int, str]  # area id -> its section or indicator, in the reader's language


def reported_areas_or_404(assessment: Assessment) -> ReportedAreas:
    """The areas ``assessment`` reports on, titled by the base's criteria version.

    :raise 404: the assessment continues no label, or its label has no plan.
    """
    session = db_session()
    base = plans.base_of(session, assessment)
    areas = plans.areas_of(session, base) if base is not None else []
    if base is None or not areas:
        abort(404)
    titled = scheme_in(scheme_of(base), language())
    return ReportedAreas(areas, {area.id: plans.subject_title(titled, area) for area in areas})
