"""Accounts: registration, creation by an administrator, sign-in and passwords.

The hasher and the policy come from the caller (``PasswordSettings``, built once
from the configuration by ``labelapp.settings``; decision 20).
"""

from __future__ import annotations

import secrets

import pycountry
from email_validator import EmailNotValidError
from email_validator import validate_email
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from labelapp.db import utcnow
from labelapp.languages import LANGUAGES
from labelapp.models import Role
from labelapp.models import User
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.passwords import MAX_PASSWORD_LENGTH
from labelapp.services.passwords import PasswordSettings
from labelapp.services.user_sessions import end_all_sessions
from labelapp.text import Text
from labelapp.text import msg

WRONG_CREDENTIALS = msg("The e-mail address or the password is wrong.")


def normalise_email(email: str) -> str:
    """The canonical lower-case form of an address.

    Raises:
        ValidationFailed: the address is not a valid e-mail address.
    """
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationFailed(
            [("email", msg("Enter a valid e-mail address (%(reason)s).", reason=str(exc)))]
        ) from None
    return checked.normalized.lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def generate_one_time_password() -> str:
    """A password to pass on once; its holder must replace it at first sign-in."""
    return secrets.token_urlsafe(12)


def create_user(
    session: Session,
    *,
    email: str,
    display_name: str,
    role: Role,
    password: str,
    passwords: PasswordSettings,
    must_change_password: bool = False,
    country: str | None = None,
) -> User:
    """Create an account after checking e-mail, name, password and country (an
    assessor's, ISO 3166-1 alpha-2; None: not recorded).

    Raises:
        ValidationFailed: a bad or taken e-mail, an empty name, a weak password or a
            country code that is not one.
    """
    reasons: list[tuple[str | None, Text | str]] = []
    try:
        email = normalise_email(email)
    except ValidationFailed as exc:
        reasons.extend(exc.reasons)
    else:
        if find_user_by_email(session, email) is not None:
            reasons.append(("email", msg("An account with this e-mail address already exists.")))
    display_name = display_name.strip()
    if not display_name:
        reasons.append(("display_name", msg("Enter your name.")))
    for problem in passwords.policy.problems(password, email=email, name=display_name):
        reasons.append(("password", problem))
    try:
        country = checked_country(country)
    except ValidationFailed as exc:
        reasons.extend(exc.reasons)
    if reasons:
        raise ValidationFailed(reasons)
    user = User(
        email=email,
        display_name=display_name,
        role=role,
        password_hash=passwords.hasher.hash(password),
        must_change_password=must_change_password,
        country=country,
    )
    try:
        with session.begin_nested():  # added inside: a failed savepoint drops the object too
            session.add(user)
            session.flush()
    except IntegrityError:  # the same address registered a moment ago
        raise ValidationFailed(
            [("email", msg("An account with this e-mail address already exists."))]
        ) from None
    return user


def register_manager(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    passwords: PasswordSettings,
    language: str | None = None,
) -> User:
    """Self-registration, which only ever creates cluster managers. ``language``: the
    one the registration page was read in, kept as the account's (decision 21).

    Raises:
        ValidationFailed: as create_user.
    """
    user = create_user(
        session,
        email=email,
        display_name=display_name,
        role=Role.MANAGER,
        password=password,
        passwords=passwords,
    )
    user.language = language if language in LANGUAGES else None
    session.flush()
    return user


def checked_country(code: str | None) -> str | None:
    """An account's country as stored: upper case; None when empty.

    Raises:
        ValidationFailed: not an ISO 3166-1 alpha-2 code.
    """
    code = (code or "").strip().upper()
    if not code:
        return None
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValidationFailed(
            [
                (
                    "country",
                    msg("%(code)s is not a country code (ISO 3166-1, such as DE).", code=code),
                )
            ]
        )
    return code


def create_user_by_admin(
    session: Session,
    actor: User,
    *,
    email: str,
    display_name: str,
    role: Role,
    passwords: PasswordSettings,
    country: str | None = None,
) -> tuple[User, str]:
    """An administrator creates an account; returns it and its one-time password.

    Raises:
        NotAllowed: the actor is not an active administrator.
        ValidationFailed: as create_user.
    """
    if not (actor.active and actor.role is Role.ADMIN):
        raise NotAllowed(msg("Only administrators create accounts."))
    password = generate_one_time_password()
    user = create_user(
        session,
        email=email,
        display_name=display_name,
        role=role,
        password=password,
        passwords=passwords,
        must_change_password=True,
        country=country,
    )
    return user, password


def authenticate(
    session: Session, *, email: str, password: str, passwords: PasswordSettings
) -> User:
    """The active user with these credentials.

    Raises:
        ValidationFailed: unknown e-mail, wrong password or deactivated account,
            all with the same message so that none can be told apart.
    """
    user = find_user_by_email(session, email) if len(password) <= MAX_PASSWORD_LENGTH else None
    hasher = passwords.hasher
    matches = hasher.verify(user.password_hash if user else None, password)
    if user is None or not matches or not user.active:
        raise ValidationFailed([(None, WRONG_CREDENTIALS)])
    if hasher.needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    user.last_login_at = utcnow()
    session.flush()
    return user


def change_password(
    session: Session, user: User, *, current: str, new: str, passwords: PasswordSettings
) -> None:
    """Replace the password, which also signs out every other session of the user.

    Raises:
        ValidationFailed: the current password is wrong or the new one is weak.
    """
    hasher = passwords.hasher
    if not hasher.verify(user.password_hash, current):
        raise ValidationFailed([("current_password", msg("The current password is wrong."))])
    problems = passwords.policy.problems(new, email=user.email, name=user.display_name)
    if hasher.verify(user.password_hash, new):
        problems.append(msg("Choose a password different from the current one."))
    if problems:
        raise ValidationFailed([("new_password", problem) for problem in problems])
    user.password_hash = hasher.hash(new)
    user.must_change_password = False
    end_all_sessions(session, user)  # the caller signs the current browser in again
    session.flush()
