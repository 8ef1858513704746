"""Cluster organisations, the managers who run them, and invitations to co-manage."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from labelapp.db import Base
from labelapp.db import utcnow

if TYPE_CHECKING:
    from labelapp.models.user import User


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    region: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    sectors: Mapped[str] = mapped_column(String(500), default="")
    year_founded: Mapped[int | None] = mapped_column(default=None)
    member_firms: Mapped[int] = mapped_column(default=0)
    member_smes: Mapped[int] = mapped_column(default=0)
    member_research: Mapped[int] = mapped_column(default=0)
    staff_fte: Mapped[Decimal] = mapped_column(Numeric(7, 2), default=Decimal(0))
    description: Mapped[str] = mapped_column(Text, default="")
    # Expiry reminders to the managers (decisions are always written).
    reminders: Mapped[bool] = mapped_column(default=True)
    # Its EU industrial ecosystem (labelapp.ecosystems; None: not chosen yet) and up to
    # two more, comma-separated; peers are grouped by the primary one.
    ecosystem: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    secondary_ecosystems: Mapped[str] = mapped_column(String(100), default="")
    # The language its certificates are issued in (en, de, fr; decision 21).
    certificate_language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    managers: Mapped[list[User]] = relationship(
        secondary="organisation_manager",
        primaryjoin="Organisation.id == OrganisationManager.organisation_id",
        secondaryjoin="OrganisationManager.user_id == User.id",
        order_by="User.display_name",
        viewonly=True,
    )

    @property
    def sector_list(self) -> list[str]:
        return [sector.strip() for sector in self.sectors.split(",") if sector.strip()]


class OrganisationManager(Base):
    """A manager of an organisation; every manager has the same rights over it."""

    __tablename__ = "organisation_manager"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)


class Invitation(Base):
    """An invitation to co-manage, answered once (accepted or declined) until it expires.

    The manager account it is addressed to sees it after signing in; the one-time
    link shown to the inviter lets whoever holds it answer as well.
    """

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    # Only the token's hash is stored: a database leak gives no usable links.
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # Stored normalised (lower case); indexed for the addressee's list.
    email: Mapped[str] = mapped_column(String(254), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None] = mapped_column(default=None)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)
    declined_at: Mapped[datetime | None] = mapped_column(default=None)
    declined_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
