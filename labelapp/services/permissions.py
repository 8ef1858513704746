"""Role checks shared by every blueprint; object checks live beside each loader."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import abort
from flask import current_app
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from labelapp.models import Assessment
from labelapp.models import OrganisationManager
from labelapp.models import Role
from labelapp.models import User

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


def manages(session: Session, user: User, organisation_id: int) -> bool:
    """True when the user is an active manager of the organisation."""
    if not (user.is_authenticated and user.active and user.role is Role.MANAGER):
        return False
    return (
        session.scalar(
            select(OrganisationManager.user_id).where(
                OrganisationManager.organisation_id == organisation_id,
                OrganisationManager.user_id == user.id,
            )
        )
        is not None
    )


def can_view_assessment(session: Session, user: User, assessment: Assessment) -> bool:
    """Managers of the organisation and administrators see an assessment.

    Assessors gain access through review assignments (the review workflow).
    """
    if not (user.is_authenticated and user.active):
        return False
    if user.role is Role.ADMIN:
        return True
    return manages(session, user, assessment.organisation_id)
