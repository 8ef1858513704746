"""User accounts: cluster managers, assessors and administrators."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from labelapp.db import Base
from labelapp.db import str_enum
from labelapp.db import utcnow
from labelapp.text import N_


class Role(StrEnum):
    MANAGER = "manager"
    ASSESSOR = "assessor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role's name in English; pages show ``_(role.label)``."""
        return {
            "manager": N_("Cluster manager"),
            "assessor": N_("Assessor"),
            "admin": N_("Administrator"),
        }[self.value]


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored normalised to lower case, so the unique constraint is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
    # The language pages and messages use for this account (en, de, fr); None: not
    # chosen yet, the browser's language applies (decision 21).
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    # ISO 3166-1 alpha-2, recorded by an administrator for assessors: a level may need
    # its confirming assessor to come from another country than its lead (decision 28).
    country: Mapped[str | None] = mapped_column(String(2), default=None)

    # The sign-in this request belongs to (labelapp.services.user_sessions); not stored
    # on the account: the cookie carries it and the user_session table knows it.
    session_key = ""

    # Flask-Login protocol, spelled out so the model needs no Flask import.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_key

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role.value}>"


class PasswordReset(Base):
    """A one-time link, made by an administrator, to choose a new password."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class UserSession(Base):
    """One sign-in: the cookie holds its key, and the session ends when the row goes.

    Only the key's SHA-256 is stored, so a copy of the database signs nobody in.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
