"""Invitations to co-manage an organisation: one manager invites, the invited person answers.

Nobody becomes a manager without accepting, and the inviter learns nothing about
the address (whether an account uses it, or which role that account has): every
invitation gets the same answer. See decision 18.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from datetime import timedelta

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm import joinedload

from labelapp.db import utcnow
from labelapp.models import Invitation
from labelapp.models import Organisation
from labelapp.models import OrganisationManager
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import audit
from labelapp.services import messages
from labelapp.services.accounts import normalise_email
from labelapp.services.actor import Actor
from labelapp.services.errors import ValidationFailed
from labelapp.services.organisations import add_or_refuse
from labelapp.services.organisations import require_manager
from labelapp.services.permissions import manages
from labelapp.text import msg

INVITATION_DAYS = 14
CLOSED = msg("This invitation is unknown, was already answered or has expired.")
MANAGERS_ONLY = msg("Only a cluster manager account can accept an invitation.")
ALREADY_MANAGES = msg("This person already manages the organisation.")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _is_open(now: datetime) -> ColumnElement[bool]:
    return and_(
        Invitation.accepted_at.is_(None),
        Invitation.declined_at.is_(None),
        Invitation.expires_at > now,
    )


def _manager_address(session: Session, organisation: Organisation, address: str) -> bool:
    """True when one of the organisation's managers (listed on its page) uses the address."""
    return (
        session.scalar(
            select(OrganisationManager.user_id)
            .join(User, User.id == OrganisationManager.user_id)
            .where(
                OrganisationManager.organisation_id == organisation.id,
                func.lower(User.email) == address,
            )
        )
        is not None
    )


def invite_manager(session: Session, actor: Actor, organisation: Organisation, email: str) -> str:
    """Invite an address to co-manage the organisation: the one-time link goes to it by
    e-mail; returns the link's token.

    The outcome never depends on who uses the address. An address that already has
    an open invitation to the organisation gets a fresh link, and the earlier one
    stops working (it was shown once, and may be lost).

    Raises:
        NotAllowed: the actor does not manage the organisation.
        ValidationFailed: a malformed address, or one of the organisation's managers'.
    """
    inviter = require_manager(session, actor, organisation)
    address = normalise_email(email)
    if _manager_address(session, organisation, address):
        raise ValidationFailed([("email", ALREADY_MANAGES)])
    invitation = session.scalar(
        select(Invitation)
        .where(
            Invitation.organisation_id == organisation.id,
            Invitation.email == address,
            _is_open(utcnow()),
        )
        .order_by(Invitation.id.desc())
        .limit(1)
    )
    renewed = invitation is not None
    if invitation is None:
        invitation = Invitation(organisation_id=organisation.id, email=address)
        session.add(invitation)
    token = secrets.token_urlsafe(32)
    invitation.token_sha256 = _digest(token)
    invitation.created_by_id = inviter.id
    invitation.created_at = utcnow()
    invitation.expires_at = invitation.created_at + timedelta(days=INVITATION_DAYS)
    session.flush()
    audit.record(
        session,
        actor,
        "organisation.invitation_created",
        "organisation",
        organisation.id,
        details={"invitation_id": invitation.id, "email": address, "renewed": renewed},
    )
    messages.manager_invitation(session, invitation, token, inviter, INVITATION_DAYS)
    return token


def find_invitation(session: Session, token: str) -> Invitation | None:
    """The open invitation (unanswered, not expired) whose link has this token, if any."""
    return session.scalar(
        select(Invitation).where(Invitation.token_sha256 == _digest(token), _is_open(utcnow()))
    )


def _addressed_to(user: User) -> Select[Invitation]:
    """Open invitations for the user's address, to organisations they do not manage yet.

    Only those made after the account was created: addresses are not verified, so
    an account registered later under an invited address must use the link instead.
    """
    managed = exists().where(
        OrganisationManager.organisation_id == Invitation.organisation_id,
        OrganisationManager.user_id == user.id,
    )
    return select(Invitation).where(
        _is_open(utcnow()),
        Invitation.email == user.email.lower(),
        Invitation.created_at >= user.created_at,
        ~managed,
    )


def list_open_invitations(session: Session, user: User) -> list[Invitation]:
    """The open invitations a signed-in manager can answer from their own pages."""
    if user.role is not Role.MANAGER or not user.active:
        return []
    query = _addressed_to(user).options(
        joinedload(Invitation.organisation), joinedload(Invitation.created_by)
    )
    return list(session.scalars(query.order_by(Invitation.expires_at, Invitation.id)))


def _answerable(
    session: Session, actor: Actor, token: str | None, invitation_id: int | None
) -> tuple[User, Invitation]:
    """The answering manager and the invitation: by its link, or addressed to them.

    Raises:
        ValidationFailed: not a manager account, or no such open invitation for them.
    """
    user = actor.user
    if user is None or user.role is not Role.MANAGER or not user.active:
        raise ValidationFailed([(None, MANAGERS_ONLY)])
    if token is not None:
        invitation = find_invitation(session, token)
    else:
        invitation = session.scalar(_addressed_to(user).where(Invitation.id == invitation_id))
    if invitation is None:
        raise ValidationFailed([(None, CLOSED)])
    return user, invitation


def _close(session: Session, invitation: Invitation, **answer: object) -> None:
    """Record the answer only if the invitation is still open: of two answers, one wins.

    Raises:
        ValidationFailed: it was answered (or expired) since it was read.
    """
    closed = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, _is_open(utcnow()))
        .values(**answer)
        .returning(Invitation.id)
    ).scalar_one_or_none()
    if closed is None:
        raise ValidationFailed([(None, CLOSED)])


def accept_invitation(
    session: Session, actor: Actor, *, token: str | None = None, invitation_id: int | None = None
) -> Organisation:
    """The signed-in manager accepts (by link, or as its addressee) and becomes a co-manager.

    Raises:
        ValidationFailed: not a manager account, or the invitation is not open to them.
    """
    user, invitation = _answerable(session, actor, token, invitation_id)
    _close(session, invitation, accepted_at=utcnow(), accepted_by_id=user.id)
    if not manages(session, user, invitation.organisation_id):
        add_or_refuse(
            session,
            OrganisationManager(
                organisation_id=invitation.organisation_id,
                user_id=user.id,
                added_by_id=invitation.created_by_id,
            ),
            (None, ALREADY_MANAGES),
        )
    _record_answer(session, actor, invitation, "accepted", token)
    return invitation.organisation


def decline_invitation(
    session: Session, actor: Actor, *, token: str | None = None, invitation_id: int | None = None
) -> Organisation:
    """The signed-in manager declines (by link, or as its addressee); it cannot be used again.

    Raises:
        ValidationFailed: not a manager account, or the invitation is not open to them.
    """
    user, invitation = _answerable(session, actor, token, invitation_id)
    _close(session, invitation, declined_at=utcnow(), declined_by_id=user.id)
    _record_answer(session, actor, invitation, "declined", token)
    return invitation.organisation


def _record_answer(
    session: Session, actor: Actor, invitation: Invitation, answer: str, token: str | None
) -> None:
    audit.record(
        session,
        actor,
        f"organisation.invitation_{answer}",
        "organisation",
        invitation.organisation_id,
        details={"invitation_id": invitation.id, "via": "link" if token is not None else "account"},
    )
