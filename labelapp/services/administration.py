"""Administrative actions: accounts, reset links, conflicts of interest, assignments.

Every action checks that the actor is an active administrator and is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from labelapp.db import utcnow
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import ConflictOfInterest
from labelapp.models import Organisation
from labelapp.models import PasswordReset
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import audit
from labelapp.services import messages
from labelapp.services.actor import Actor
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.passwords import PasswordSettings
from labelapp.services.permissions import has_conflict
from labelapp.services.user_sessions import end_all_sessions
from labelapp.text import msg

RESET_HOURS = 48


def require_admin(actor: Actor) -> User:
    """Raises: NotAllowed unless the actor is an active administrator."""
    user = actor.user
    if user is None or not user.active or user.role is not Role.ADMIN:
        raise NotAllowed(msg("Only administrators may do this."))
    return user


def set_active(session: Session, actor: Actor, user: User, active: bool) -> None:
    """Deactivate (signing the account out everywhere) or reactivate an account.

    Raises: NotAllowed (not an admin, or an admin deactivating themselves).
    """
    admin = require_admin(actor)
    if user.id == admin.id and not active:
        raise NotAllowed(msg("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    end_all_sessions(session, user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.activated" if active else "user.deactivated",
        "user",
        user.id,
        before=str(not active).lower(),
        after=str(active).lower(),
    )


def create_reset_link(session: Session, actor: Actor, user: User) -> str:
    """A one-time token to choose a new password, valid for 48 hours: e-mailed to the
    account's address and returned once (the administrator's fallback).

    Raises: NotAllowed.
    """
    require_admin(actor)
    # A reset is asked for when an account may be in the wrong hands: its sign-ins end now.
    end_all_sessions(session, user)
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordReset(
            user_id=user.id,
            token_sha256=hashlib.sha256(token.encode()).hexdigest(),
            created_by_id=actor.user_id,
            expires_at=utcnow() + timedelta(hours=RESET_HOURS),
        )
    )
    session.flush()
    audit.record(session, actor, "user.reset_link_created", "user", user.id)
    messages.password_reset(session, user, token, RESET_HOURS)
    return token


def find_reset(session: Session, token: str) -> PasswordReset | None:
    """The unused, unexpired reset for this token."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_sha256 == digest))
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return reset


def use_reset_link(
    session: Session,
    token: str,
    new_password: str,
    passwords: PasswordSettings,
    address: str = "",
) -> User:
    """Set the new password; the link then stops working and other sessions end.

    Raises:
        ValidationFailed: unknown, used or expired link, or a weak password.
    """
    reset = find_reset(session, token)
    if reset is None:
        raise ValidationFailed(
            [(None, msg("This link is unknown, used or expired. Ask for a new one."))]
        )
    user = session.get(User, reset.user_id)
    assert user is not None  # the foreign key cascades deletions
    problems = passwords.policy.problems(new_password, email=user.email, name=user.display_name)
    if problems:
        raise ValidationFailed([("new_password", problem) for problem in problems])
    user.password_hash = passwords.hasher.hash(new_password)
    user.must_change_password = False
    end_all_sessions(session, user)
    reset.used_at = utcnow()
    session.flush()
    audit.record(session, Actor(user, address), "user.password_reset", "user", user.id)
    return user


def active_assessors(session: Session) -> list[User]:
    """The assessors who can be assigned or declared conflicted, by name."""
    return list(
        session.scalars(
            select(User)
            .where(User.role == Role.ASSESSOR, User.active.is_(True))
            .order_by(User.display_name)
        )
    )


def conflicts_of(
    session: Session, organisation: Organisation
) -> list[tuple[ConflictOfInterest, User]]:
    """The organisation's recorded conflicts of interest, each with its assessor."""
    rows = session.execute(
        select(ConflictOfInterest, User)
        .join(User, User.id == ConflictOfInterest.assessor_id)
        .where(ConflictOfInterest.organisation_id == organisation.id)
    )
    return [(conflict, user) for conflict, user in rows]


def add_conflict(
    session: Session, actor: Actor, assessor: User | None, organisation: Organisation, reason: str
) -> ConflictOfInterest:
    """Record that an assessor must not review an organisation.

    Raises: NotAllowed, ValidationFailed (none chosen, not an assessor, already recorded,
    no reason).
    """
    require_admin(actor)
    if assessor is None:
        raise ValidationFailed([("assessor", msg("Choose an assessor."))])
    if assessor.role is not Role.ASSESSOR:
        raise ValidationFailed([("assessor", msg("Choose an assessor account."))])
    if not reason.strip():
        raise ValidationFailed([("reason", msg("Say why, e.g. 'board member until 2025'."))])
    exists = session.scalar(
        select(ConflictOfInterest).where(
            ConflictOfInterest.assessor_id == assessor.id,
            ConflictOfInterest.organisation_id == organisation.id,
        )
    )
    if exists is not None:
        raise ValidationFailed([("assessor", msg("This conflict is already recorded."))])
    conflict = ConflictOfInterest(
        assessor_id=assessor.id,
        organisation_id=organisation.id,
        reason=reason.strip(),
        created_by_id=actor.user_id,
    )
    session.add(conflict)
    session.flush()
    audit.record(
        session,
        actor,
        "conflict.added",
        "organisation",
        organisation.id,
        details={"assessor_id": assessor.id, "reason": conflict.reason},
    )
    return conflict


def remove_conflict(session: Session, actor: Actor, conflict: ConflictOfInterest) -> None:
    """Raises: NotAllowed."""
    require_admin(actor)
    details = {"assessor_id": conflict.assessor_id, "reason": conflict.reason}
    organisation_id = conflict.organisation_id
    session.delete(conflict)
    session.flush()
    audit.record(
        session, actor, "conflict.removed", "organisation", organisation_id, details=details
    )


def assign(session: Session, actor: Actor, assessment: Assessment, assessor: User | None) -> None:
    """Reserve a submitted assessment for one assessor (None: any assessor may claim it).

    Raises: NotAllowed, ValidationFailed (not submitted, not an assessor, a conflict).
    """
    require_admin(actor)
    if assessment.status is not AssessmentStatus.SUBMITTED:
        raise ValidationFailed(
            [(None, msg("Only a submitted assessment, not yet claimed, can be assigned."))]
        )
    if assessor is not None:
        if assessor.role is not Role.ASSESSOR or not assessor.active:
            raise ValidationFailed([("assessor", msg("Choose an active assessor."))])
        if has_conflict(session, assessor, assessment.organisation_id):
            raise ValidationFailed(
                [
                    (
                        "assessor",
                        msg("This assessor has a conflict of interest with the organisation."),
                    )
                ]
            )
    assessment.assigned_assessor_id = assessor.id if assessor else None
    session.flush()
    audit.record(
        session,
        actor,
        "assessment.assigned",
        "assessment",
        assessment.id,
        details={"assessor_id": assessor.id if assessor else None},
    )


def create_account(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    role: Role,
    passwords: PasswordSettings,
    country: str | None = None,
) -> tuple[User, str]:
    """An administrator opens an account; returns it and its one-time password.

    Raises: NotAllowed, ValidationFailed.
    """
    from labelapp.services.accounts import create_user_by_admin

    admin = require_admin(actor)
    user, password = create_user_by_admin(
        session,
        admin,
        email=email,
        display_name=display_name,
        role=role,
        passwords=passwords,
        country=country,
    )
    audit.record(
        session,
        actor,
        "user.created",
        "user",
        user.id,
        after=role.value,
        details={"email": user.email, "country": user.country},
    )
    return user, password


def set_country(session: Session, actor: Actor, user: User, country: str | None) -> None:
    """Record the account's country (None: not recorded), which levels that need
    assessors from two countries look at.

    Raises: NotAllowed, ValidationFailed (not a country code).
    """
    from labelapp.services.accounts import checked_country

    require_admin(actor)
    before, user.country = user.country, checked_country(country)
    session.flush()
    audit.record(
        session,
        actor,
        "user.country_changed",
        "user",
        user.id,
        before=before or "",
        after=user.country or "",
    )
