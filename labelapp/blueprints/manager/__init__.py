"""The cluster manager's pages: organisations, self-assessments, evidence, submission."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import request
from flask_login import current_user

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import Organisation
from labelapp.services.actor import Actor
from labelapp.services.permissions import can_view_assessment
from labelapp.services.permissions import manages

bp = Blueprint("manager", __name__)


def actor() -> Actor:
    return Actor(current_user._get_current_object(), request.remote_addr or "")


def organisation_for_manager(slug: str) -> Organisation:
    """The organisation, if the signed-in user manages it.

    :raise 404: unknown, or not theirs (no hint that it exists).
    """
    organisation = db_session().query(Organisation).filter_by(slug=slug).one_or_none()
    if organisation is None or not manages(db_session(), current_user, organisation.id):
        abort(404)
    return organisation


def assessment_for_manager(assessment_id: int) -> Assessment:
    """The assessment, if the signed-in user may see it as a manager.

    :raise 404: unknown, or not theirs.
    """
    assessment = db_session().get(Assessment, assessment_id)
    if assessment is None or not can_view_assessment(db_session(), current_user, assessment):
        abort(404)
    if not manages(db_session(), current_user, assessment.organisation_id):
        abort(404)
    return assessment


from labelapp.blueprints.manager import assessments  # noqa: E402, F401
from labelapp.blueprints.manager import invitations  # noqa: E402, F401
from labelapp.blueprints.manager import organisations  # noqa: E402, F401
