"""Reviews by assessors: validated values and comments per criterion, and conflicts of interest."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from labelapp.db import Base
from labelapp.db import utcnow

if TYPE_CHECKING:
    from labelapp.models.assessment import Assessment
    from labelapp.models.user import User


class Review(Base):
    """One assessor's review of one submission round of an assessment."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("assessment_id", "round", "assessor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int]  # the assessment's submission round this review belongs to
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # "lead" claims and decides; "confirmer" is the second pair of eyes for some levels.
    role: Mapped[str] = mapped_column(String(16), default="lead")
    no_conflict_declared_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    recommendation: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(32), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)

    assessment: Mapped[Assessment] = relationship()
    assessor: Mapped[User] = relationship()
    items: Mapped[list[ReviewItem]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewItem.id"
    )


class ReviewItem(Base):
    """The assessor's validated value and comments for one criterion or indicator."""

    __tablename__ = "review_item"
    __table_args__ = (UniqueConstraint("review_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    # None: the self-assessed value stands as validated.
    validated_value: Mapped[str | None] = mapped_column(String(64), default=None)
    strengths: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    review: Mapped[Review] = relationship(back_populates="items")


class ConflictOfInterest(Base):
    """An assessor who must not review an organisation (declared or recorded by an admin)."""

    __tablename__ = "conflict_of_interest"
    __table_args__ = (UniqueConstraint("assessor_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
