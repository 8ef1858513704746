"""Sign-ins held on the server: a cookie names one, and ending it ends the cookie.

Flask's session cookie is signed but lives in the browser: a copy of it would stay
valid after sign-out. So the cookie carries a random key whose SHA-256 is a row of
``user_session``; every signed-in request looks the row up, and signing out,
deactivation, a password change or reset delete the rows, after which a replayed
cookie is anonymous.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from labelapp.db import utcnow
from labelapp.models import User
from labelapp.models import UserSession

# A sign-in ends after this long even if nobody signs out (a forgotten browser).
SESSION_LIFETIME = timedelta(days=30)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(session: Session, user: User) -> str:
    """Record a new sign-in of ``user`` and return its key (for the cookie, never stored)."""
    key = secrets.token_urlsafe(32)
    session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.created_at <= utcnow() - SESSION_LIFETIME
        )
    )
    session.add(UserSession(user_id=user.id, key_sha256=_digest(key)))
    session.flush()
    user.session_key = key
    return key


def find_user(session: Session, key: str) -> User | None:
    """The active user whose current sign-in has this key, or None."""
    user = session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.key_sha256 == _digest(key),
            UserSession.created_at > utcnow() - SESSION_LIFETIME,
            User.active.is_(True),
        )
    )
    if user is not None:
        user.session_key = key
    return user


def end_session(session: Session, key: str) -> None:
    """Forget one sign-in (signing out)."""
    session.execute(delete(UserSession).where(UserSession.key_sha256 == _digest(key)))


def end_all_sessions(session: Session, user: User) -> None:
    """Forget every sign-in of ``user`` (deactivation, a new password)."""
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user.session_key = ""
