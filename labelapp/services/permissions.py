"""Role and object checks shared by every view: pure rules, no request in sight.

The decorators and 404s that apply them to the signed-in user live in
``labelapp.web.access``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from labelapp.models import Assessment
from labelapp.models import ConflictOfInterest
from labelapp.models import Organisation
from labelapp.models import OrganisationManager
from labelapp.models import Review
from labelapp.models import Role
from labelapp.models import User


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


def has_conflict(session: Session, assessor: User, organisation_id: int) -> bool:
    """An assessor who belongs to the organisation or is recorded as conflicted with it."""
    return assessor.id in conflicted_users(session, organisation_id, assessor.id)


def conflicted_users(
    session: Session, organisation_id: int, user_id: int | None = None
) -> set[int]:
    """Ids of the accounts in conflict with the organisation (its managers, and the
    assessors recorded as conflicted), in one query; only ``user_id`` when given."""
    members = select(OrganisationManager.user_id).where(
        OrganisationManager.organisation_id == organisation_id
    )
    recorded = select(ConflictOfInterest.assessor_id).where(
        ConflictOfInterest.organisation_id == organisation_id
    )
    if user_id is not None:
        members = members.where(OrganisationManager.user_id == user_id)
        recorded = recorded.where(ConflictOfInterest.assessor_id == user_id)
    return set(session.scalars(members.union(recorded)))


def can_view_assessment(session: Session, user: User, assessment: Assessment) -> bool:
    """Managers of the organisation and administrators see an assessment.

    Assessors gain access through review assignments (the review workflow).
    """
    if not (user.is_authenticated and user.active):
        return False
    if user.role is Role.ADMIN:
        return True
    return manages(session, user, assessment.organisation_id)


def managed_organisation(session: Session, user: User, slug: str) -> Organisation | None:
    """The organisation with this slug if the user manages it; else None (no hint it exists)."""
    organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None or not manages(session, user, organisation.id):
        return None
    return organisation


def managed_assessment(session: Session, user: User, assessment_id: int) -> Assessment | None:
    """The assessment if the user manages its organisation; else None."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or not manages(session, user, assessment.organisation_id):
        return None
    return assessment


def report_organisation(session: Session, user: User, slug: str) -> Organisation | None:
    """The organisation with this slug if the user may read its benchmarking report:
    its managers, administrators, and the assessors who reviewed one of its
    assessments and have no conflict of interest with it (a conflict recorded later
    ends their access, as it ends their reviews); else None (no hint it exists). The
    report is never public."""
    organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None or not (user.is_authenticated and user.active):
        return None
    if user.role is Role.ADMIN or manages(session, user, organisation.id):
        return organisation
    if (
        user.role is Role.ASSESSOR
        and _reviewed(session, user, organisation.id)
        and not has_conflict(session, user, organisation.id)
    ):
        return organisation
    return None


def _reviewed(session: Session, user: User, organisation_id: int) -> bool:
    return (
        session.scalar(
            select(Review.id)
            .join(Assessment, Assessment.id == Review.assessment_id)
            .where(Assessment.organisation_id == organisation_id, Review.assessor_id == user.id)
            .limit(1)
        )
        is not None
    )
