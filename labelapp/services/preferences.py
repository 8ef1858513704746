"""What an account chooses for itself: so far, its language."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from labelapp.models import User
from labelapp.services.errors import ValidationFailed
from labelapp.text import msg


def choose_language(session: Session, user: User, code: str, offered: Collection[str]) -> bool:
    """Keep ``code`` as the account's language. Returns whether it changed.

    Raises:
        ValidationFailed: ``code`` is not one of the ``offered`` languages.
    """
    if code not in offered:
        raise ValidationFailed([("language", msg("Choose one of the languages offered."))])
    if user.language == code:
        return False
    user.language = code
    session.flush()
    return True
