"""Validated results of approved assessments, one row per section and per indicator.

Written once, in the approval's transaction, from the same validated result that
decided the level (decision 22). Reports aggregate these rows with SQL and never
score assessments again. Pinned to the criteria version: section and indicator
ids mean something only within their version.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from labelapp.db import Base


class SectionResult(Base):
    """One section's validated percentage and points in one approved assessment."""

    __tablename__ = "section_result"
    __table_args__ = (
        UniqueConstraint("assessment_id", "section_id"),
        # Peer groups: every row of one version's section, found from the index.
        # Covering: SQLite reads a group's values in (section, value) order from the
        # index alone, with no sort and no table reads (decision 24).
        Index(
            "ix_section_result_peers",
            "criteria_version_id",
            "section_id",
            "percent",
            "assessment_id",
        ),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    # Copied from the assessment so that peer queries need no join to filter by them.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    criteria_version_id: Mapped[int] = mapped_column(ForeignKey("criteria_version.id"))
    section_id: Mapped[str] = mapped_column(String(64))
    # Exact, as the engine keeps them (decision 5): a percentage has at most two
    # places (an integer over 100), points at most four (an integer over 10,000).
    percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    points: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    max_points: Mapped[int]


class IndicatorResult(Base):
    """One indicator's validated answer, whether it met its threshold, and its points."""

    __tablename__ = "indicator_result"
    __table_args__ = (
        UniqueConstraint("assessment_id", "indicator_id"),
        Index(
            "ix_indicator_result_peers",
            "criteria_version_id",
            "indicator_id",
            "number",
            "met",
            "assessment_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    criteria_version_id: Mapped[int] = mapped_column(ForeignKey("criteria_version.id"))
    indicator_id: Mapped[str] = mapped_column(String(64))
    # The answer in its one text form (answer_text: "40", "2.5", "true", an option id);
    # None when unanswered.
    value: Mapped[str | None] = mapped_column(String(64))
    # A number answer as a number for medians and quartiles; None for yes/no and
    # choice answers and when unanswered. Without a fixed scale, so PostgreSQL keeps
    # every place the answer had.
    number: Mapped[Decimal | None] = mapped_column(Numeric())
    met: Mapped[bool]
    points: Mapped[int]  # earned: the indicator's points when met, else 0
    max_points: Mapped[int]
