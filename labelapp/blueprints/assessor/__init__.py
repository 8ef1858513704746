"""The assessor's pages: the queue, claiming, the review screen and the decisions."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import request
from flask_login import current_user

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.services.actor import Actor
from labelapp.services.review import may_review
from labelapp.web.versions import posted_version

bp = Blueprint("assessor", __name__, url_prefix="/review")


def actor() -> Actor:
    return Actor(current_user._get_current_object(), request.remote_addr or "")


def assessment_for_assessor(assessment_id: int) -> Assessment:
    """The assessment, if the signed-in assessor may claim, lead or confirm it.

    :raise 404: unknown, conflicted, assigned to someone else, or not theirs.
    """
    assessment = db_session().get(Assessment, assessment_id)
    if assessment is None or not may_review(db_session(), current_user, assessment):
        abort(404)
    return assessment


def version_of(field_data: object) -> int:
    return posted_version(field_data)


from labelapp.blueprints.assessor import decisions  # noqa: E402, F401
from labelapp.blueprints.assessor import reviews  # noqa: E402, F401
