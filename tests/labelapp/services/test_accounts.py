"""Account rules: unique e-mails, password policy, sign-in, password change."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import accounts
from labelapp.services import user_sessions
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.web.settings import settings
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.usefixtures("ctx")


def _count_users() -> int:
    return db_session().scalar(select(func.count()).select_from(User)) or 0


def _english(failure: ValidationFailed) -> list[tuple[str | None, str]]:
    # Reasons are msg() texts, translated where they are shown; str() is their English.
    return [(field, str(message)) for field, message in failure.reasons]


def test_registration_creates_a_manager_with_a_lower_case_email(ctx):
    user = accounts.register_manager(
        db_session(),
        email="Anna.Nowak@Example.ORG",
        display_name="Anna",
        password=PASSWORD,
        passwords=settings().passwords,
    )
    assert user.role is Role.MANAGER
    assert user.email == "anna.nowak@example.org"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_email_is_unique_whatever_its_case(ctx, make_user):
    make_user(email="anna@example.org")
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_manager(
            db_session(),
            email="ANNA@example.org",
            display_name="Anna",
            password=PASSWORD,
            passwords=settings().passwords,
        )
    assert ("email", "An account with this e-mail address already exists.") in _english(
        failure.value
    )
    db_session().rollback()
    assert _count_users() == 1


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "Use at least 12 characters."),
        ("a" * 300, "Use at most 256 characters."),
        ("abababababababab", "Use more different characters."),
        ("anna@example.org", "Do not use your e-mail address as the password."),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(ctx, password, problem):
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_manager(
            db_session(),
            email="anna@example.org",
            display_name="Anna",
            password=password,
            passwords=settings().passwords,
        )
    assert ("password", problem) in _english(failure.value)
    assert _count_users() == 0


@pytest.mark.parametrize("email", ["", "not-an-address", "a@", "@example.org", "a b@example.org"])
def test_invalid_emails_are_refused(ctx, email):
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_manager(
            db_session(),
            email=email,
            display_name="A",
            password=PASSWORD,
            passwords=settings().passwords,
        )
    assert [field for field, _ in failure.value.reasons] == ["email"]


def test_authenticate_accepts_the_right_password_only(ctx, manager):
    assert (
        accounts.authenticate(
            db_session(),
            email=manager.email.upper(),
            password=PASSWORD,
            passwords=settings().passwords,
        ).id
        == manager.id
    )
    for email, password in [(manager.email, "wrong password!!"), ("nobody@example.org", PASSWORD)]:
        with pytest.raises(ValidationFailed) as failure:
            accounts.authenticate(
                db_session(), email=email, password=password, passwords=settings().passwords
            )
        assert failure.value.reasons == [(None, accounts.WRONG_CREDENTIALS)]


def test_deactivated_accounts_cannot_sign_in(ctx, make_user):
    user = make_user(active=False)
    with pytest.raises(ValidationFailed):
        accounts.authenticate(
            db_session(), email=user.email, password=PASSWORD, passwords=settings().passwords
        )


def test_change_password_needs_the_current_one_and_signs_out_elsewhere(ctx, manager):
    elsewhere = user_sessions.start_session(db_session(), manager)
    with pytest.raises(ValidationFailed) as failure:
        accounts.change_password(
            db_session(),
            manager,
            current="nope",
            new="a brand new secret",
            passwords=settings().passwords,
        )
    assert failure.value.reasons[0][0] == "current_password"
    assert user_sessions.find_user(db_session(), elsewhere) is manager
    accounts.change_password(
        db_session(),
        manager,
        current=PASSWORD,
        new="a brand new secret",
        passwords=settings().passwords,
    )
    assert user_sessions.find_user(db_session(), elsewhere) is None
    assert accounts.authenticate(
        db_session(),
        email=manager.email,
        password="a brand new secret",
        passwords=settings().passwords,
    )


def test_only_admins_create_accounts(ctx, assessor, admin):
    with pytest.raises(NotAllowed):
        accounts.create_user_by_admin(
            db_session(),
            assessor,
            email="x@example.org",
            display_name="X",
            role=Role.ADMIN,
            passwords=settings().passwords,
        )
    user, password = accounts.create_user_by_admin(
        db_session(),
        admin,
        email="x@example.org",
        display_name="X",
        role=Role.ASSESSOR,
        passwords=settings().passwords,
    )
    assert user.must_change_password
    assert accounts.authenticate(
        db_session(), email="x@example.org", password=password, passwords=settings().passwords
    )


def test_a_registration_race_on_the_same_email_is_a_clear_refusal(ctx, make_user, monkeypatch):
    make_user(email="anna@example.org")
    # As if a concurrent request registered the address after our uniqueness check.
    monkeypatch.setattr(accounts, "find_user_by_email", lambda session, email: None)
    with pytest.raises(ValidationFailed) as failure:
        accounts.register_manager(
            db_session(),
            email="anna@example.org",
            display_name="Anna",
            password=PASSWORD,
            passwords=settings().passwords,
        )
    assert _english(failure.value) == [
        ("email", "An account with this e-mail address already exists.")
    ]
    assert _count_users() == 1
