"""Who is asking: the role decorators, the acting user, and objects loaded with their check.

The rules themselves (who manages what, who may review what) are pure functions in
``labelapp.services.permissions`` and ``labelapp.services.review``; this module
applies them to the signed-in user of the request and answers 403 or 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import abort
from flask import current_app
from flask import request
from flask_login import current_user

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.services import permissions
from labelapp.services.actor import Actor
from labelapp.services.review import reviewable_assessment

F = TypeVar("F", bound=Callable[..., Any])


def role_required(*roles: Role) -> Callable[[F], F]:
    """Let only signed-in users with one of these roles through.

    Raises:
        403 for other roles; visitors are redirected to sign in.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def login_required(view: F) -> F:
    """Let any signed-in user through; visitors are sent to sign in."""
    return role_required(*Role)(view)


def actor() -> Actor:
    """The signed-in user and their address, as every state-changing service takes them."""
    return Actor(current_user._get_current_object(), request.remote_addr or "")


def organisation_for_manager(slug: str) -> Organisation:
    """The organisation, if the signed-in user manages it.

    :raise 404: unknown, or not theirs (no hint that it exists).
    """
    return permissions.managed_organisation(db_session(), current_user, slug) or abort(404)


def assessment_for_manager(assessment_id: int) -> Assessment:
    """The assessment, if the signed-in user manages its organisation.

    :raise 404: unknown, or not theirs.
    """
    found = permissions.managed_assessment(db_session(), current_user, assessment_id)
    return found or abort(404)


def assessment_for_assessor(assessment_id: int) -> Assessment:
    """The assessment, if the signed-in assessor may claim, lead or confirm it.

    :raise 404: unknown, conflicted, assigned to someone else, or not theirs.
    """
    return reviewable_assessment(db_session(), current_user, assessment_id) or abort(404)


def organisation_for_report(slug: str) -> Organisation:
    """The organisation, if the signed-in user may read its benchmarking report.

    :raise 404: unknown, or not theirs to read.
    """
    return permissions.report_organisation(db_session(), current_user, slug) or abort(404)
