"""Issued certificates and the per-year counter that numbers them."""

from __future__ import annotations

import json
from datetime import date
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from assessment.model import scheme_short_title
from assessment.model import scheme_title_note
from labelapp.db import Base
from labelapp.db import str_enum
from labelapp.db import utcnow
from labelapp.text import N_

if TYPE_CHECKING:
    from labelapp.models.organisation import Organisation


class CertificateStatus(StrEnum):
    """What an administrator set. Expired and superseded are derived (see public_status)."""

    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class PublicStatus(StrEnum):
    """What the public sees, everywhere at once."""

    VALID = "valid"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        """The status's name in English; pages show ``_(status.label)``."""
        return _PUBLIC_LABELS[self]


_PUBLIC_LABELS = {
    PublicStatus.VALID: N_("Valid"),
    PublicStatus.EXPIRED: N_("Expired"),
    PublicStatus.SUSPENDED: N_("Suspended"),
    PublicStatus.REVOKED: N_("Revoked"),
    PublicStatus.SUPERSEDED: N_("Superseded"),
}


class Certificate(Base):
    __tablename__ = "certificate"
    __table_args__ = (
        # The registry's pages walk this index in name order and find every condition
        # in it, so a page never sorts or reads the whole table.
        Index(
            "ix_certificate_registry_order",
            "status",
            "name_key",
            "number",
            "valid_until",
            "superseded_by_id",
        ),
        # The registry's filter choices, read from the index alone.
        Index(
            "ix_certificate_registry_choices",
            "status",
            "country",
            "level",
            "level_title",
            "scheme",
            "scheme_title",
            "valid_until",
            "superseded_by_id",
        ),
        # The registry's fingerprint (its ETag: count, sum of row versions, newest id),
        # read from this index alone instead of every row.
        Index("ix_certificate_registry_fingerprint", "row_version", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # One certificate per approved assessment, enforced by the database.
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), unique=True)
    criteria_version_id: Mapped[int] = mapped_column(ForeignKey("criteria_version.id"))
    # What the certificate says, exactly as printed on its PDF.
    organisation_name: Mapped[str] = mapped_column(String(200))
    # The name folded for search and sorting (registry.search_key).
    name_key: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), index=True)
    level: Mapped[str] = mapped_column(String(32), index=True)
    level_title: Mapped[str] = mapped_column(String(120))
    scheme: Mapped[str] = mapped_column(String(64))
    scheme_title: Mapped[str] = mapped_column(String(500))
    criteria_version: Mapped[str] = mapped_column(String(32))
    issued_on: Mapped[date]
    valid_until: Mapped[date]
    # The assessment's first day, as printed; None on certificates issued before it was
    # recorded (their validity ran from the day of issue).
    assessed_on: Mapped[date | None] = mapped_column(default=None)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[CertificateStatus] = mapped_column(
        str_enum(CertificateStatus, "certificate_status"), default=CertificateStatus.VALID
    )
    # Public: shown on the verification page and in the API.
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"), default=None)
    # The label whose history this one continues: renewed before its grace window ended.
    continues_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"), default=None)
    # The labels it continues, oldest first, as issued: JSON [{"number", "level", "year"}],
    # written once so that the registry shows the history without reading it again.
    earlier_labels: Mapped[str] = mapped_column(Text, default="[]")
    # Set by `labelapp certificates expire` once it has recorded the expiry.
    expiry_recorded_at: Mapped[datetime | None] = mapped_column(default=None)
    # The PDF as issued, in the organisation's certificate language at the time.
    language: Mapped[str] = mapped_column(String(8), default="en")
    pdf_key: Mapped[str] = mapped_column(ForeignKey("stored_file.key"))
    pdf_sha256: Mapped[str] = mapped_column(String(64), index=True)
    row_version: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship()
    superseded_by: Mapped[Certificate | None] = relationship(
        remote_side=[id], foreign_keys=[superseded_by_id]
    )

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012

    @property
    def history(self) -> list[dict[str, Any]]:
        """The labels it continues, oldest first, then itself: number, level and year."""
        earlier: list[dict[str, Any]] = json.loads(self.earlier_labels or "[]")
        return [*earlier, self.history_entry]

    @property
    def history_entry(self) -> dict[str, Any]:
        """How the label stands in a later label's history: the year of its assessment,
        from whose month its validity counts (of issue, for labels issued before the
        assessment day was recorded)."""
        awarded = self.assessed_on or self.issued_on
        return {"number": self.number, "level": self.level, "year": awarded.year}

    @property
    def scheme_name(self) -> str:
        """The scheme's name without the version and note its title repeats."""
        return scheme_short_title(self.scheme_title)

    @property
    def scheme_note(self) -> str:
        """What the scheme's title says of it in brackets ("own scheme inspired by …")."""
        return scheme_title_note(self.scheme_title)

    def public_status(self, today: date) -> PublicStatus:
        """Revoked and suspended first, then superseded, then expired by date."""
        if self.status is CertificateStatus.REVOKED:
            return PublicStatus.REVOKED
        if self.status is CertificateStatus.SUSPENDED:
            return PublicStatus.SUSPENDED
        if self.superseded_by_id is not None:
            return PublicStatus.SUPERSEDED
        if self.valid_until < today:
            return PublicStatus.EXPIRED
        return PublicStatus.VALID


class CertificateCounter(Base):
    """The last sequence number used in a year; its row lock serialises concurrent issues."""

    __tablename__ = "certificate_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class CertificateCopy(Base):
    """The same certificate printed in another language: rendered from the same record
    when first asked for, signed like the original and kept, so that the PDF check
    recognises it (decision 21)."""

    __tablename__ = "certificate_copy"
    __table_args__ = (UniqueConstraint("certificate_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificate.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    pdf_key: Mapped[str] = mapped_column(ForeignKey("stored_file.key"))
    pdf_sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    certificate: Mapped[Certificate] = relationship()
