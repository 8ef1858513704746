"""Improvement areas: declared with a plan on a label's benchmarking report, reported on
at the organisation's next assessment, and validated there by its lead assessor."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from labelapp.db import Base
from labelapp.db import utcnow

ACHIEVED = "achieved"
NOT_ACHIEVED = "not_achieved"


class ImprovementArea(Base):
    __tablename__ = "improvement_area"
    # One plan per section or indicator of a label: declaring it twice is a mistake.
    __table_args__ = (UniqueConstraint("base_assessment_id", "kind", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The approved assessment whose benchmarking report the area was declared on: the
    # label the next assessment builds on.
    base_assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "section" or "indicator"
    subject: Mapped[str] = mapped_column(String(64))  # its id in the base's criteria version
    plan: Mapped[str] = mapped_column(Text)
    target_on: Mapped[date]
    declared_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the managers report at the next assessment.
    achieved: Mapped[str] = mapped_column(Text, default="")
    evidence_link: Mapped[str] = mapped_column(String(2000), default="")
    reported_at: Mapped[datetime | None] = mapped_column(default=None)
    # The lead assessor's verdict, for one assessment: a later assessment (after a
    # rejection) is judged again.
    verdict: Mapped[str | None] = mapped_column(String(16), default=None)
    verdict_comment: Mapped[str] = mapped_column(Text, default="")
    verdict_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id"), default=None
    )
    verdict_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)
    verdict_at: Mapped[datetime | None] = mapped_column(default=None)
