"""A criteria version as people read it on paper, on its public page and in the
offline workbook: every text in one language, the numbers written as that language
writes them, and the level rules as sentences (issue 18).

Built from the scheme as scored and its translation; the page, the PDF and the
workbook all read this, so they never say different things.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

from babel.lists import format_list
from babel.numbers import format_decimal

from assessment import Scheme
from assessment.model import BooleanAnswer
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Evidence
from assessment.model import Indicator
from assessment.model import LevelRule
from assessment.model import NumberAnswer
from labelapp.certificates import load_pdf_stack
from labelapp.languages import catalogue
from labelapp.languages import format_locale
from labelapp.services.criteria_texts import scheme_in
from labelapp.text import N_

YES, NO = N_("Yes"), N_("No")


@dataclass(frozen=True)
class Step:
    value: int
    label: str
    description: str


@dataclass(frozen=True)
class CriterionText:
    id: str
    title: str
    guidance: str
    weight: int
    steps: tuple[Step, ...]
    evidence: str  # "", or a sentence: evidence optional or required
    how: str  # how to answer it, one sentence


@dataclass(frozen=True)
class SectionText:
    id: str
    title: str
    description: str
    points: int
    criteria: tuple[CriterionText, ...]


@dataclass(frozen=True)
class IndicatorText:
    id: str
    title: str
    guidance: str
    how: str
    threshold: str
    points: int
    knockout: bool
    evidence: str


@dataclass(frozen=True)
class AreaText:
    id: str
    title: str
    indicators: tuple[IndicatorText, ...]


@dataclass(frozen=True)
class LevelText:
    id: str
    title: str
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class CriteriaDocument:
    key: str
    version: str
    title: str
    name: str  # the scheme's short title
    description: str
    language: str
    total_points: int
    indicator_points: int
    sections: tuple[SectionText, ...]
    areas: tuple[AreaText, ...]
    levels: tuple[LevelText, ...]


class _Writer:
    """Sentences and numbers in one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._gettext = catalogue(language).gettext
        self._locale = format_locale(language)

    def __call__(self, text: str, **params: object) -> str:
        translated = str(self._gettext(text))
        return translated % params if params else translated

    def number(self, value: Decimal | int) -> str:
        return str(format_decimal(value, format="#,##0.###", locale=self._locale))

    def either(self, names: list[str]) -> str:
        return str(format_list(names, style="or", locale=self._locale)) if names else ""

    def all_of(self, names: list[str]) -> str:
        return str(format_list(names, locale=self._locale)) if names else ""


def _evidence(say: _Writer, rule: Evidence) -> str:
    if rule is Evidence.REQUIRED:
        return say(N_("Evidence required (added online: a document or a link)."))
    if rule is Evidence.OPTIONAL:
        return say(N_("Evidence welcome (added online: a document or a link)."))
    return ""


def _criterion(say: _Writer, criterion: Criterion) -> CriterionText:
    steps = tuple(Step(step.value, step.label, step.description) for step in criterion.scale)
    values = say.either([f"{step.value}" for step in criterion.scale])
    if criterion.radar:
        how = say(
            N_(
                "Three steps, for approach, deployment and refinement, written as "
                "approach/deployment/refinement (e.g. 50/75/25), each one of %(steps)s; "
                "the criterion scores their mean."
            ),
            steps=values,
        )
    else:
        how = say(N_("One step: %(steps)s (percent)."), steps=values)
    return CriterionText(
        criterion.id,
        criterion.title,
        criterion.guidance,
        criterion.weight,
        steps,
        _evidence(say, criterion.evidence),
        how,
    )


def yes_no_labels(language: str) -> tuple[str, str]:
    """How a yes/no answer is written in ``language``'s workbook and pages."""
    say = _Writer(language)
    return say(YES), say(NO)


def _how(say: _Writer, indicator: Indicator) -> str:
    spec = indicator.answer
    if isinstance(spec, NumberAnswer):
        bounds = {"minimum": say.number(spec.minimum), "maximum": say.number(spec.maximum)}
        if spec.unit:
            text = (
                N_("A whole number from %(minimum)s to %(maximum)s (%(unit)s).")
                if spec.integer
                else N_("A number from %(minimum)s to %(maximum)s (%(unit)s).")
            )
            return say(text, unit=spec.unit, **bounds)
        text = (
            N_("A whole number from %(minimum)s to %(maximum)s.")
            if spec.integer
            else N_("A number from %(minimum)s to %(maximum)s.")
        )
        return say(text, **bounds)
    if isinstance(spec, ChoiceAnswer):
        return say(N_("One of: %(options)s."), options=say.either([o.label for o in spec.options]))
    assert isinstance(spec, BooleanAnswer)
    yes, no = yes_no_labels(say.language)
    return say(N_("%(yes)s or %(no)s."), yes=yes, no=no)


def _threshold(say: _Writer, indicator: Indicator) -> str:
    """The sentence the answer page shows (the same texts, so the same translations)."""
    threshold, spec = indicator.threshold, indicator.answer
    unit = spec.unit if isinstance(spec, NumberAnswer) else ""
    bound = threshold.at_least if threshold.at_least is not None else threshold.at_most
    if bound is not None:
        number = say.number(bound)
        if threshold.at_least is not None:
            if unit:
                return say(
                    N_("Met when the answer is at least %(number)s %(unit)s."),
                    number=number,
                    unit=unit,
                )
            return say(N_("Met when the answer is at least %(number)s."), number=number)
        if unit:
            return say(
                N_("Met when the answer is at most %(number)s %(unit)s."), number=number, unit=unit
            )
        return say(N_("Met when the answer is at most %(number)s."), number=number)
    if threshold.equals is not None:
        return say(
            N_("Met when the answer is Yes.")
            if threshold.equals
            else N_("Met when the answer is No.")
        )
    options = spec.options if isinstance(spec, ChoiceAnswer) else ()
    labels = {option.id: option.label for option in options}
    names = [labels.get(option_id, option_id) for option_id in threshold.one_of or ()]
    return say(N_("Met when the answer is %(options)s."), options=say.either(names))


def _indicator(say: _Writer, indicator: Indicator) -> IndicatorText:
    return IndicatorText(
        indicator.id,
        indicator.title,
        indicator.guidance,
        _how(say, indicator),
        _threshold(say, indicator),
        indicator.points,
        indicator.knockout,
        _evidence(say, indicator.evidence),
    )


def _requirements(say: _Writer, scheme: Scheme, rule: LevelRule) -> tuple[str, ...]:
    lines = [say(N_("Every minimum requirement met."))]
    if rule.benchmark:
        lines.append(say(N_("Every indicator answered and validated: a complete benchmarking.")))
    if rule.min_total_points:
        lines.append(
            say(
                N_("At least %(points)s of %(total)s points in total."),
                points=say.number(rule.min_total_points),
                total=say.number(scheme.total_points),
            )
        )
    percents = {section_id: p for section_id, p in rule.min_section_percent.items() if p}
    titles = {section.id: section.title for section in scheme.sections}
    if percents and len(set(percents.values())) == 1 and len(percents) == len(scheme.sections):
        lines.append(
            say(
                N_("At least %(percent)s %% in every section."),
                percent=next(iter(percents.values())),
            )
        )
    else:
        for section_id, percent in percents.items():
            lines.append(
                say(
                    N_("At least %(percent)s %% in %(section)s."),
                    percent=percent,
                    section=titles.get(section_id, section_id),
                )
            )
    if rule.min_indicators_met:
        lines.append(
            say(
                N_("At least %(count)s of %(total)s indicators met."),
                count=rule.min_indicators_met,
                total=len(scheme.indicators),
            )
        )
    if rule.min_indicator_points_percent:
        lines.append(
            say(
                N_("At least %(percent)s %% of the indicator points."),
                percent=rule.min_indicator_points_percent,
            )
        )
    if rule.required_indicators:
        names = [item.title for i in rule.required_indicators if (item := scheme.item(i))]
        lines.append(say(N_("These indicators met: %(indicators)s."), indicators=say.all_of(names)))
    if rule.previous_level is not None:
        earlier = scheme.level(rule.previous_level.level)
        lines.append(
            say(
                N_(
                    "A %(level)s label or a higher one, assessed %(minimum)s to %(maximum)s "
                    "months before."
                ),
                level=earlier.short_title if earlier else rule.previous_level.level,
                minimum=rule.previous_level.min_months,
                maximum=rule.previous_level.max_months,
            )
        )
    if rule.improvement_areas:
        lines.append(
            say(
                N_("%(count)s improvement areas validated as achieved."),
                count=rule.improvement_areas,
            )
        )
    if rule.assessors_from_different_countries:
        lines.append(
            say(
                N_("Decided by %(count)s assessors from different countries."),
                count=rule.assessors_required,
            )
        )
    elif rule.assessors_required > 1:
        lines.append(say(N_("Decided by %(count)s assessors."), count=rule.assessors_required))
    lines.append(say(N_("Valid for %(months)s months."), months=rule.validity_months))
    return tuple(lines)


def document_of(scheme: Scheme, language: str) -> CriteriaDocument:
    """The version's texts in ``language`` (English where it has no translation)."""
    texts = scheme_in(scheme, language)
    say = _Writer(language)
    return CriteriaDocument(
        key=texts.key,
        version=texts.version,
        title=texts.title,
        name=texts.short_title,
        description=texts.description,
        language=language,
        total_points=texts.total_points,
        indicator_points=texts.indicator_points,
        sections=tuple(
            SectionText(
                section.id,
                section.title,
                section.description,
                section.points,
                tuple(_criterion(say, criterion) for criterion in section.criteria),
            )
            for section in texts.sections
        ),
        areas=tuple(
            AreaText(
                area.id,
                area.title,
                tuple(
                    _indicator(say, indicator)
                    for indicator in texts.indicators
                    if indicator.area == area.id
                ),
            )
            for area in texts.indicator_areas
        ),
        levels=tuple(
            LevelText(rule.id, rule.title, _requirements(say, texts, rule)) for rule in texts.levels
        ),
    )


def number_in(language: str, value: Decimal | int) -> str:
    """A number as ``language`` writes it: 1,000 / 1.000 / 1 000."""
    return _Writer(language).number(value)


_PDFS: dict[tuple[str, str, str, str, str], bytes] = {}
_PDFS_LOCK = threading.Lock()
_PDFS_LIMIT = 24  # a few versions in three languages


def pdf_of(scheme: Scheme, language: str, issuer: str, url: str) -> bytes:
    """The version on paper in ``language``; rendered once per process and language (a
    published version's content never changes; the release's translations come with
    the process)."""
    key = (scheme.key, scheme.version, language, issuer, url)
    with _PDFS_LOCK:
        found = _PDFS.get(key)
    if found is None:
        load_pdf_stack()  # loaded on first use (decision 0010)
        from labelapp.certificates.criteria_pdf import criteria_renderer

        found = criteria_renderer().render(document_of(scheme, language), issuer, url)
        with _PDFS_LOCK:
            # Bounded: without LABELAPP_BASE_URL the address follows the request's Host.
            if len(_PDFS) < _PDFS_LIMIT:
                _PDFS[key] = found
    return found
