"""Public statistics (issue 15 item 7): valid labels by country, level and year, and the
median section percentages of labelled organisations by industrial ecosystem.

A label counts while its certificate is currently valid, by the registry's own rule
(``registry.currently_valid``), so this page and the registry always agree. The counts
are shown in full: the registry already lists every valid label with its country,
level and date. The medians come from the stored validated results (``section_result``,
decision 22) of the assessment each valid certificate was issued on, and a group is
shown only when ``assessment.peers`` allows it (at least ``MIN_GROUP`` organisations):
nothing here tells more about one organisation than the registry does (decision 25).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement
from sqlalchemy import extract
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.peers import may_show
from assessment.peers import spread
from labelapp.models import Certificate
from labelapp.models import CriteriaVersion
from labelapp.models import Organisation
from labelapp.models import SectionResult
from labelapp.models.criteria_version import version_sort_key
from labelapp.services import registry
from labelapp.services.criteria import load_scheme
from labelapp.services.criteria_texts import current_level_titles
from labelapp.services.criteria_texts import scheme_in


@dataclass(frozen=True)
class EcosystemMedians:
    """One main ecosystem's labelled organisations under one criteria version."""

    ecosystem: str
    organisations: int
    medians: Mapping[str, Decimal]  # section id -> median validated percentage


@dataclass(frozen=True)
class VersionMedians:
    """The groups shown for one criteria version (section ids mean something only in it)."""

    scheme_name: str
    version: str
    sections: tuple[tuple[str, str], ...]  # (id, title in the language asked for)
    groups: tuple[EcosystemMedians, ...]


@dataclass(frozen=True)
class PublicStatistics:
    on: date
    country: str  # the filter; "" for all countries
    by_country: tuple[tuple[str, int], ...]  # (ISO code, valid labels), most first
    by_level: tuple[tuple[str, int], ...]  # (level id, valid labels), lowest level first
    level_titles: Mapping[str, str]  # level id -> title in the language asked for
    by_year: tuple[tuple[int, int], ...]  # (year of issue, valid labels)
    medians: tuple[VersionMedians, ...]

    @property
    def total(self) -> int:
        return sum(count for _code, count in self.by_country)


def _valid(on: date, country: str) -> list[ColumnElement[bool]]:
    found = registry.currently_valid(on)
    if country:
        found.append(Certificate.country == country)
    return found


def gather(session: Session, on: date, language: str, country: str = "") -> PublicStatistics:
    """Every figure of the page on day ``on``, titled in ``language``; ``country``
    (an ISO code) narrows them to the labels of one country.

    Queries: the counts, each scheme's current version (for the levels' titles), the
    validated results, and each criteria version whose medians are shown.

    Raises:
        CriteriaTampered: the stored text of such a version was altered.
    """
    countries, levels, titles, years = _counts(session, on, language, country)
    return PublicStatistics(
        on=on,
        country=country,
        by_country=tuple(sorted(countries.items(), key=lambda item: (-item[1], item[0]))),
        by_level=tuple((level, levels[level]) for level in titles),
        level_titles=titles,
        by_year=tuple(sorted(years.items())),
        # Always of every country: a country's medians beside the whole's would differ
        # by that country's few organisations, and the two could be subtracted.
        medians=_medians(session, on, language),
    )


def _counts(
    session: Session, on: date, language: str, country: str
) -> tuple[Counter[str], Counter[str], dict[str, str], Counter[int]]:
    """Valid labels by country, level and year, and the levels' titles in their order."""
    year = extract("year", Certificate.issued_on)
    rows = session.execute(
        select(
            Certificate.scheme,
            Certificate.country,
            Certificate.level,
            func.max(Certificate.level_title),
            year,
            func.count(Certificate.id),
        )
        .where(*_valid(on, country))
        .group_by(Certificate.scheme, Certificate.country, Certificate.level, year)
    ).all()
    countries: Counter[str] = Counter()
    levels: Counter[str] = Counter()
    years: Counter[int] = Counter()
    issued: dict[str, str] = {}
    for _scheme, code, level, title, issued_in, count in rows:
        countries[code] += count
        levels[level] += count
        years[int(issued_in)] += count
        issued[level] = title
    # Titled and ordered as the current versions have them (bronze first), as the
    # registry titles its level filter; a level only older versions know comes last,
    # with the title its certificates were issued with.
    current = current_level_titles(session, sorted({row[0] for row in rows}), language)
    titles = {level: title for level, title in current.items() if level in levels}
    titles |= {level: issued[level] for level in sorted(levels) if level not in titles}
    return countries, levels, titles, years


def _medians(session: Session, on: date, language: str) -> tuple[VersionMedians, ...]:
    # The results of the assessment each valid certificate was issued on: never a
    # draft's, a rejected one's, nor a newer assessment's that earned no label.
    rows = session.execute(
        select(
            Certificate.criteria_version_id,
            Organisation.ecosystem,
            Certificate.organisation_id,
            SectionResult.section_id,
            SectionResult.percent,
        )
        .join(SectionResult, SectionResult.assessment_id == Certificate.assessment_id)
        .join(Organisation, Organisation.id == Certificate.organisation_id)
        .where(*_valid(on, ""), Organisation.ecosystem.is_not(None))
    )
    # (version, ecosystem) -> section -> organisation -> percentage: one value per
    # organisation, whatever the rows.
    found: dict[tuple[int, str], dict[str, dict[int, Decimal]]] = {}
    for version_id, ecosystem, organisation_id, section_id, percent in rows:
        sections = found.setdefault((version_id, str(ecosystem)), {})
        sections.setdefault(section_id, {})[organisation_id] = Decimal(percent)
    shown: dict[int, list[EcosystemMedians]] = {}
    for (version_id, ecosystem), sections in found.items():
        group = _group(ecosystem, sections)
        if group is not None:
            shown.setdefault(version_id, []).append(group)
    versions = [
        _version(session, version_id, groups, language) for version_id, groups in shown.items()
    ]
    # The version most labelled organisations were assessed on first, then the newest.
    versions.sort(key=lambda v: version_sort_key(v.version), reverse=True)
    versions.sort(key=lambda v: sum(group.organisations for group in v.groups), reverse=True)
    return tuple(versions)


def _group(ecosystem: str, sections: dict[str, dict[int, Decimal]]) -> EcosystemMedians | None:
    """The group's medians, or None when it may not be shown: too few organisations."""
    size = len({organisation for values in sections.values() for organisation in values})
    if not may_show(size):
        return None
    medians = {
        section_id: spread(list(values.values())).median
        for section_id, values in sections.items()
        if may_show(len(values))  # a section some of them lack counts on its own
    }
    return EcosystemMedians(ecosystem, size, medians) if medians else None


def _version(
    session: Session, version_id: int, groups: list[EcosystemMedians], language: str
) -> VersionMedians:
    row = session.get_one(CriteriaVersion, version_id)
    scheme = scheme_in(load_scheme(row), language)
    with_figures = {section_id for group in groups for section_id in group.medians}
    return VersionMedians(
        scheme_name=scheme.short_title,
        version=scheme.version,
        sections=tuple((s.id, s.title) for s in scheme.sections if s.id in with_figures),
        groups=tuple(sorted(groups, key=lambda group: (-group.organisations, group.ecosystem))),
    )


_INPUTS = select(
    select(func.count(SectionResult.id)).scalar_subquery(),
    select(func.max(SectionResult.id)).scalar_subquery(),
    select(func.count(Organisation.id)).scalar_subquery(),
    select(func.max(Organisation.updated_at)).scalar_subquery(),
)


def fingerprint(session: Session) -> tuple[object, ...]:
    """What every figure depends on, besides the day: two aggregate queries.

    The registry's fingerprint covers every certificate (issued, suspended, revoked,
    superseded). Validated results are only ever added; an organisation's changed
    ecosystem moves its ``updated_at``.
    """
    results, newest_result, organisations, changed = session.execute(_INPUTS).one()
    return (
        registry.fingerprint(session),
        int(results or 0),
        int(newest_result or 0),
        int(organisations or 0),
        str(changed),
    )
