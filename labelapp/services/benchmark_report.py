"""An organisation's benchmarking report (issue 15): its validated results against its
peer groups, the improvement areas, and the report's kept PDF.

A report is issued, not computed afresh on every reading (decision 24): the first
reading after its inputs changed (a new approval in one of its groups, or its own)
records a new report with each group's size and the sizes of the report before, and
its figures are shown against those earlier sizes (the change-by-one rule). Readings
with the same inputs find the same report, its date and its kept PDFs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assessment import Scheme
from assessment.improvement import ImprovementArea
from assessment.improvement import Standing
from assessment.improvement import improvement_areas
from assessment.path import NO_FACTS
from labelapp.models import Assessment
from labelapp.models import BenchmarkReport
from labelapp.models import BenchmarkReportPdf
from labelapp.models import Organisation
from labelapp.services.assessments import scheme_of
from labelapp.services.benchmarking import IndicatorComparison
from labelapp.services.benchmarking import PeerData
from labelapp.services.benchmarking import SectionComparison
from labelapp.services.benchmarking import compare_indicators
from labelapp.services.benchmarking import compare_sections
from labelapp.services.benchmarking import gather
from labelapp.services.benchmarking import shown_groups
from labelapp.services.peer_groups import Group
from labelapp.services.review import validated_result
from labelapp.services.storage import store_file


@dataclass(frozen=True)
class Report:
    record: BenchmarkReport
    organisation: Organisation
    assessment: Assessment
    scheme: Scheme  # as scored, in English; pages take its texts in their language
    sizes: dict[Group, int]
    sections: list[SectionComparison]
    indicators: list[IndicatorComparison]
    improvements: tuple[ImprovementArea, ...]


def report_for(session: Session, organisation: Organisation) -> Report | None:
    """The organisation's current report; None without an approved assessment. Flushes
    a new report record when the inputs changed since the last one.

    Queries: the comparison's four (all groups at once) and one for its criteria
    version; one to find the latest report and three to record a new one; two to
    re-read the one assessment's validated criteria. Eight when the report stands.
    """
    data = gather(session, organisation)
    if data is None:
        return None
    record = _current_record(session, organisation, data)
    shown = shown_groups(data, _groups(record.previous_sizes(), data))
    scheme = scheme_of(data.assessment)
    sections = compare_sections(data, shown)
    indicators = compare_indicators(data, scheme, shown)
    # The whole version's group (listed first) is the broadest and steadiest: the
    # improvement areas rank against it.
    medians = {
        comparison.section_id: spread.median if (spread := comparison.figures[0].spread) else None
        for comparison in sections
    }
    shares = {comparison.indicator_id: comparison.figures[0].share_met for comparison in indicators}
    # The criteria's validated percentages are not kept as rows (nothing aggregates
    # them): the one assessment is read again to find each section's weakest criterion.
    # A criterion's percentage rests on the answers alone: the path's facts are not read.
    validated = validated_result(session, data.assessment, NO_FACTS)
    criteria = {c.id: c.percent for c in validated.criteria}
    standing = Standing(
        level=data.assessment.approved_level,
        sections={comparison.section_id: comparison.value for comparison in sections},
        unmet=frozenset(c.indicator_id for c in indicators if not c.met),
        criteria=criteria,
    )
    return Report(
        record=record,
        organisation=organisation,
        assessment=data.assessment,
        scheme=scheme,
        sizes=data.sizes(),
        sections=sections,
        indicators=indicators,
        improvements=improvement_areas(scheme, standing, medians, shares),
    )


def _key(group: Group, data: PeerData) -> str:
    # Groups are of one criteria version: the same country on another version is
    # another group.
    return f"{data.assessment.criteria_version_id}/{group.kind}:{group.key}"


def _groups(sizes: dict[str, int], data: PeerData) -> dict[Group, int]:
    """Stored sizes back on the organisation's current groups (a group it never was
    in has none)."""
    keys = {group: _key(group, data) for group in data.sections}
    return {group: sizes[key] for group, key in keys.items() if key in sizes}


def latest_record(session: Session, organisation: Organisation) -> BenchmarkReport | None:
    return session.scalar(
        select(BenchmarkReport)
        .where(BenchmarkReport.organisation_id == organisation.id)
        .order_by(BenchmarkReport.id.desc())
        .limit(1)
    )


def _current_record(
    session: Session, organisation: Organisation, data: PeerData
) -> BenchmarkReport:
    latest = latest_record(session, organisation)
    inputs = data.fingerprint()
    if latest is not None and latest.inputs_sha256 == inputs:
        return latest
    record = BenchmarkReport(
        organisation_id=organisation.id,
        assessment_id=data.assessment.id,
        follows_id=latest.id if latest else None,
        inputs_sha256=inputs,
        group_sizes=json.dumps({_key(group, data): size for group, size in data.sizes().items()}),
        # The last size known of every group the organisation was ever compared in: a
        # group left and joined again is still compared with its size back then.
        compared_with=json.dumps({**latest.previous_sizes(), **latest.sizes()} if latest else {}),
    )
    try:
        # Two first readings at once: one report is recorded, the other reads it.
        with session.begin_nested():
            session.add(record)
            session.flush()
    except IntegrityError:
        found = latest_record(session, organisation)
        assert found is not None  # the other reading's report, committed
        return found
    return record


def kept_pdf(session: Session, report: Report, language: str) -> str | None:
    """The stored key of the report's PDF in ``language``, if it was rendered before."""
    return session.scalar(
        select(BenchmarkReportPdf.pdf_key).where(
            BenchmarkReportPdf.report_id == report.record.id,
            BenchmarkReportPdf.language == language,
        )
    )


def pdf_key(
    session: Session, report: Report, language: str, render: Callable[[Report, str], bytes]
) -> str:
    """The stored key of the report's PDF in ``language``: rendered on first request
    and kept for as long as the report stands."""
    kept = kept_pdf(session, report, language)
    if kept is not None:
        return kept
    pdf = render(report, language)
    try:
        with session.begin_nested():
            stored = store_file(session, pdf, "application/pdf")
            session.add(
                BenchmarkReportPdf(
                    report_id=report.record.id, language=language, pdf_key=stored.key
                )
            )
            session.flush()
    except IntegrityError:
        kept = kept_pdf(session, report, language)
        assert kept is not None  # the other request's PDF, committed
        return kept
    return stored.key
