"""Published versions of criteria schemes, stored as canonical text with its hash."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from labelapp.db import Base
from labelapp.db import str_enum
from labelapp.db import utcnow


class CriteriaStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


def version_sort_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of version strings: 2025.1 < 2025.2 < 2025.10 < 2026.1."""
    parts = re.findall(r"\d+|[^\d.]+", version)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


class CriteriaVersion(Base):
    __tablename__ = "criteria_version"
    __table_args__ = (
        UniqueConstraint("scheme", "version"),
        # At most one current version per scheme, enforced by the database.
        Index(
            "uq_criteria_version_current",
            "scheme",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(500))
    status: Mapped[CriteriaStatus] = mapped_column(str_enum(CriteriaStatus, "criteria_status"))
    is_current: Mapped[bool] = mapped_column(default=False)
    # The canonical JSON the engine loads; content_sha256 is checked at every load.
    content: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    # The file as its authors wrote it (comments included), for people to read.
    source_text: Mapped[str] = mapped_column(Text)
    source_name: Mapped[str] = mapped_column(String(255))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def label(self) -> str:
        return f"{self.scheme} {self.version}"

    def __repr__(self) -> str:
        return f"<CriteriaVersion {self.scheme} {self.version} {self.status.value}>"
