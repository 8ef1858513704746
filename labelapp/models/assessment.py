"""Self-assessments, their answers and their evidence."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from labelapp.db import Base
from labelapp.db import str_enum
from labelapp.db import utcnow
from labelapp.text import N_

if TYPE_CHECKING:
    from labelapp.models.criteria_version import CriteriaVersion
    from labelapp.models.organisation import Organisation


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """The state's name in English; pages show ``_(status.label)``."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    AssessmentStatus.DRAFT: N_("Draft"),
    AssessmentStatus.SUBMITTED: N_("Submitted"),
    AssessmentStatus.IN_REVIEW: N_("In review"),
    AssessmentStatus.CHANGES_REQUESTED: N_("Changes requested"),
    AssessmentStatus.APPROVED: N_("Approved"),
    AssessmentStatus.REJECTED: N_("Rejected"),
}


OPEN_STATUSES = (
    AssessmentStatus.DRAFT,
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.IN_REVIEW,
    AssessmentStatus.CHANGES_REQUESTED,
)
EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.CHANGES_REQUESTED)
_OPEN_SQL = "status IN ({})".format(", ".join(f"'{status.value}'" for status in OPEN_STATUSES))


class Assessment(Base):
    __tablename__ = "assessment"
    __table_args__ = (
        # At most one open assessment per organisation, even under concurrent starts.
        Index(
            "uq_assessment_open",
            "organisation_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    criteria_version_id: Mapped[int] = mapped_column(ForeignKey("criteria_version.id"))
    status: Mapped[AssessmentStatus] = mapped_column(
        str_enum(AssessmentStatus, "assessment_status", length=32), default=AssessmentStatus.DRAFT
    )
    # Optimistic locking: every UPDATE checks and bumps it (SQLAlchemy version_id_col).
    row_version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)
    review_started_at: Mapped[datetime | None] = mapped_column(default=None)
    changes_requested_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    # What the assessor asked for or why it was rejected, shown to the managers.
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # Each submission opens a new review round; earlier rounds keep their reviews.
    round: Mapped[int] = mapped_column(default=0)
    assigned_assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), default=None
    )
    lead_assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), default=None
    )
    # Four eyes: the lead approved this level; a second assessor must confirm it.
    pending_level: Mapped[str | None] = mapped_column(String(32), default=None)
    approved_level: Mapped[str | None] = mapped_column(String(32), default=None)
    # The interview or site visit, recorded by the lead assessor (first and, for a visit
    # over several days, last day): the label's validity and path count from it.
    assessed_on: Mapped[date | None] = mapped_column(default=None)
    assessed_until: Mapped[date | None] = mapped_column(default=None)
    # The label this assessment renews (its answers were carried over from it).
    renews_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate.id", use_alter=True), default=None
    )

    organisation: Mapped[Organisation] = relationship()
    criteria_version: Mapped[CriteriaVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="Answer.id"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="Evidence.id"
    )

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Answer(Base):
    """One criterion's or indicator's answer; the value is text the scheme types."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(String(64), default=None)
    justification: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)
    # Copied from the renewed label's validated answers: the managers confirm or change
    # it before submitting.
    carried_over: Mapped[bool] = mapped_column(default=False)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class Evidence(Base):
    """A document (stored file) or a link supporting one answer."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(2000), default=None)
    file_key: Mapped[str | None] = mapped_column(ForeignKey("stored_file.key"), default=None)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    media_type: Mapped[str] = mapped_column(String(120), default="")
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="evidence")

    @property
    def is_file(self) -> bool:
        return self.file_key is not None
