"""Benchmarking reports as issued: what each one was built on, and its kept PDFs.

A report is a record, not a cache entry: the change-by-one rule compares a group's
size with its size in the organisation's previous report (decision 24), and the PDF
rendered for it is kept until a new approval changes what it rests on.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from labelapp.db import Base
from labelapp.db import utcnow


class BenchmarkReport(Base):
    """One organisation's report as it was first built from one set of inputs."""

    __tablename__ = "benchmark_report"
    # Each report follows the one before it: two requests that both find the inputs
    # changed cannot both add the next report. A first report follows none, and NULLs
    # are never equal, so a partial index keeps first reports to one as well.
    __table_args__ = (
        UniqueConstraint("organisation_id", "follows_id"),
        Index(
            "uq_benchmark_report_first",
            "organisation_id",
            unique=True,
            sqlite_where=text("follows_id IS NULL"),
            postgresql_where=text("follows_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))
    follows_id: Mapped[int | None] = mapped_column(ForeignKey("benchmark_report.id"), default=None)
    # The organisation's assessment and each group's approved assessments, hashed.
    inputs_sha256: Mapped[str] = mapped_column(String(64))
    # JSON {"kind:key": size}: this report's group sizes, and the previous report's
    # that its figures were shown against.
    group_sizes: Mapped[str] = mapped_column(Text)
    compared_with: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def sizes(self) -> dict[str, int]:
        return dict(json.loads(self.group_sizes))

    def previous_sizes(self) -> dict[str, int]:
        return dict(json.loads(self.compared_with))


class BenchmarkReportPdf(Base):
    """A report's PDF in one language, rendered when first asked for."""

    __tablename__ = "benchmark_report_pdf"
    __table_args__ = (UniqueConstraint("report_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("benchmark_report.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    pdf_key: Mapped[str] = mapped_column(ForeignKey("stored_file.key"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
