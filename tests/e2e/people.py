"""Accounts the browser tests sign in with, made through the accounts service."""

from __future__ import annotations

from labelapp.db import db_session
from labelapp.models import Role
from labelapp.models import User
from labelapp.services.accounts import create_user
from labelapp.web.settings import settings

PASSWORD = "a long and private passphrase"


def account(email: str, name: str, role: Role, country: str | None = None) -> User:
    """An account with ``PASSWORD`` (an assessor's country where given); in an app
    context, flushed, not committed."""
    return create_user(
        db_session(),
        email=email,
        display_name=name,
        role=role,
        password=PASSWORD,
        passwords=settings().passwords,
        country=country,
    )
