"""A benchmarking report as read in one language: every text resolved, every figure
kept exact. The report page and its PDF print the same content from one template
body (``templates/reports/body.html``), so they cannot say different things.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from babel.numbers import format_decimal

from assessment.improvement import ImprovementArea
from assessment.model import Indicator
from assessment.model import NumberAnswer
from assessment.model import Scheme
from assessment.peers import Light
from assessment.peers import Spread
from labelapp.certificates import load_pdf_stack
from labelapp.ecosystems import ECOSYSTEMS
from labelapp.languages import catalogue
from labelapp.languages import format_locale
from labelapp.services.benchmark_report import Report
from labelapp.services.benchmarking import Figure
from labelapp.services.benchmarking import IndicatorComparison
from labelapp.services.benchmarking import IndicatorFigure
from labelapp.services.criteria_texts import scheme_in
from labelapp.services.organisations import country_name
from labelapp.services.peer_groups import SIZE_BAND_NAMES
from labelapp.services.peer_groups import Group


@dataclass(frozen=True)
class Column:
    """One peer group as the report names it."""

    name: str
    size: int


@dataclass(frozen=True)
class Cell:
    """One figure in one group; ``spread`` None: too few peers to compare."""

    spread: Spread | None
    rank: Decimal | None = None
    light: Light | None = None
    share_met: Decimal | None = None


@dataclass(frozen=True)
class SectionRow:
    title: str
    value: Decimal
    cells: tuple[Cell, ...]

    @property
    def version(self) -> Cell:
        return self.cells[0]


@dataclass(frozen=True)
class IndicatorRow:
    title: str
    unit: str  # "" when not a number
    number: Decimal | None
    met: bool
    knockout_failed: bool  # its light is red for that, whatever the peers do
    light: Light | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Improvement:
    title: str
    area: ImprovementArea
    guidance_title: str  # the criterion or indicator whose guidance follows
    guidance: str


@dataclass(frozen=True)
class ReportContent:
    organisation: str
    country: str
    level: str
    scheme: str
    criteria_version: str
    issued_on: date  # the report's date: when these inputs were first reported
    approved_on: date | None
    columns: tuple[Column, ...]
    sections: tuple[SectionRow, ...]
    indicators: tuple[IndicatorRow, ...]
    improvements: tuple[Improvement, ...]
    language: str


def pdf_of(report: Report, language: str) -> bytes:
    """The report's PDF in ``language``, through the certificates' rendering pipeline."""
    load_pdf_stack()  # loaded on first use (decision 0010)
    from labelapp.certificates.reports import report_renderer

    return report_renderer().render(content_of(report, language))


def content_of(report: Report, language: str) -> ReportContent:
    """The report's content in ``language``."""
    gettext = catalogue(language).gettext
    texts = scheme_in(report.scheme, language)
    level = texts.level(report.assessment.approved_level or "")
    order = _order(texts)  # the criteria's order, as the manager reads them elsewhere
    last = len(order)
    return ReportContent(
        organisation=report.organisation.name,
        country=country_name(report.organisation.country, language),
        level=level.title if level else "",
        scheme=texts.short_title,
        criteria_version=report.scheme.version,
        issued_on=report.record.created_at.date(),
        approved_on=report.assessment.decided_at.date() if report.assessment.decided_at else None,
        columns=tuple(
            Column(_group_name(group, report.scheme.version, language, gettext), size)
            for group, size in report.sizes.items()
        ),
        sections=tuple(
            SectionRow(
                _section_title(texts, comparison.section_id),
                comparison.value,
                tuple(_cell(figure) for figure in comparison.figures),
            )
            for comparison in sorted(report.sections, key=lambda c: order.get(c.section_id, last))
        ),
        indicators=tuple(
            _indicator_row(_indicator(texts, comparison.indicator_id), comparison)
            for comparison in sorted(
                report.indicators, key=lambda c: order.get(c.indicator_id, last)
            )
        ),
        improvements=tuple(_improvement(texts, area) for area in report.improvements),
        language=language,
    )


def _order(texts: Scheme) -> dict[str, int]:
    """Each section's and indicator's place in the criteria: the report's order."""
    ids = [section.id for section in texts.sections] + [i.id for i in texts.indicators]
    return {item_id: place for place, item_id in enumerate(ids)}


def _group_name(group: Group, version: str, language: str, gettext: Callable[[str], str]) -> str:
    if group.kind == "country":
        return country_name(group.key, language)
    if group.kind == "ecosystem":
        return gettext(ECOSYSTEMS.get(group.key, group.key))
    if group.kind == "size":
        return gettext(SIZE_BAND_NAMES[group.key])
    return gettext("Every labelled organisation on criteria %(version)s") % {"version": version}


def _indicator_row(indicator: Indicator, comparison: IndicatorComparison) -> IndicatorRow:
    return IndicatorRow(
        indicator.title,
        indicator.answer.unit if isinstance(indicator.answer, NumberAnswer) else "",
        comparison.number,
        comparison.met,
        comparison.knockout_failed,
        comparison.light,
        tuple(_cell(figure) for figure in comparison.figures),
    )


def _cell(figure: Figure | IndicatorFigure) -> Cell:
    if isinstance(figure, IndicatorFigure):
        if figure.share_met is None:
            return Cell(None)
        return Cell(figure.spread, figure.rank, share_met=figure.share_met)
    return Cell(figure.spread, figure.rank, figure.light)


def _section_title(texts: Scheme, section_id: str) -> str:
    return next((s.title for s in texts.sections if s.id == section_id), section_id)


def _indicator(texts: Scheme, indicator_id: str) -> Indicator:
    found = texts.item(indicator_id)
    assert isinstance(found, Indicator), indicator_id  # stored rows are the version's own
    return found


def _improvement(texts: Scheme, area: ImprovementArea) -> Improvement:
    if area.kind == "indicator":
        indicator = _indicator(texts, area.id)
        return Improvement(indicator.title, area, indicator.title, indicator.guidance)
    section = next(s for s in texts.sections if s.id == area.id)
    criterion = next((c for c in section.criteria if c.id == area.criterion_id), None)
    if criterion is None:  # every criterion at its top: the section's own description
        return Improvement(section.title, area, section.title, section.description)
    return Improvement(section.title, area, criterion.title, criterion.guidance)


def figure_formats(language: str) -> dict[str, Callable[[Decimal], str]]:
    """How the report prints figures in ``language``, rounded half up to one decimal
    with the language's separators: ``num`` a percentage ("62.5", "60.0"), ``amount``
    a count or measure without a needless decimal ("60", "72.5")."""
    locale = format_locale(language)

    def written(pattern: str) -> Callable[[Decimal], str]:
        def write(value: Decimal) -> str:
            rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            return str(format_decimal(rounded, format=pattern, locale=locale))

        return write

    return {"num": written("#,##0.0"), "amount": written("#,##0.#")}
