"""Where to improve first: one ranking of sections and indicators by their shortfall."""

from __future__ import annotations

from decimal import Decimal

from assessment import load_criteria
from assessment import score
from assessment.improvement import Standing
from assessment.improvement import improvement_areas
from assessment.results import Result
from tests.assessment.answers import extreme
from tests.assessment.answers import worst
from tests.assessment.schemes import BUNDLED

SCHEME = load_criteria(BUNDLED["2026.1"])
LEADERSHIP = next(s for s in SCHEME.sections if s.id == "leadership")


def _answers(**unmet: bool) -> dict[str, object]:
    """Every answer at the top, but leadership at the bottom and ``unmet`` indicators failed."""
    answers = extreme(SCHEME, top=True)
    answers.update({c.id: c.scale[0].value for c in LEADERSHIP.criteria})
    for indicator_id in unmet:
        item = SCHEME.item(indicator_id.replace("_", "-"))
        answers[item.id] = worst(item)  # type: ignore[arg-type]
    return answers


def _standing(result: Result) -> Standing:
    return Standing(
        level=result.level,
        sections={section.id: section.percent for section in result.sections},
        unmet=frozenset(i.id for i in result.indicators if not i.met),
        criteria={criterion.id: criterion.percent for criterion in result.criteria},
    )


def test_a_rule_of_the_next_level_comes_first_then_the_widest_gaps():
    result = score(
        SCHEME, _answers(written_strategy=True, media_mentions=True, success_stories=True)
    )
    assert (result.level, result.next_level) == ("bronze", "silver")
    medians = {section.id: Decimal(60) for section in SCHEME.sections}
    medians["leadership"] = Decimal(80)
    shares = {"media-mentions": Decimal(90), "success-stories": Decimal(50)}
    first, second, third = improvement_areas(SCHEME, _standing(result), medians, shares)
    # Silver cannot be had without a written strategy: 100 points, above any gap.
    assert (first.kind, first.id, first.required) == ("indicator", "written-strategy", True)
    # Nine in ten peers have press coverage: 90.
    assert (second.id, second.share_met, second.shortfall) == ("media-mentions", 90, 90)
    # Leadership at 0 %: 80 points below the median, and below silver's 30 %.
    assert (third.kind, third.id, third.shortfall) == ("section", "leadership", 80)
    assert (third.below_median, third.level_minimum) == (80, 30)
    # Its criterion with the most room (all at 0 %: the heaviest, the first on a tie).
    heaviest = max(LEADERSHIP.criteria, key=lambda c: c.weight)
    assert third.criterion_id == heaviest.id
    # Success stories (half the peers) is the fourth: not proposed.


def test_far_from_the_next_level_but_not_from_the_peers_still_counts():
    result = score(SCHEME, _answers())
    medians = {section.id: None for section in SCHEME.sections}  # too few peers: no median
    (only,) = improvement_areas(SCHEME, _standing(result), medians, {})
    assert (only.id, only.shortfall, only.below_median, only.level_minimum) == (
        "leadership",
        30,
        None,
        30,
    )


def test_at_the_top_and_above_every_peer_there_is_nothing_to_propose():
    result = score(SCHEME, extreme(SCHEME, top=True))
    assert (result.level, result.next_level) == ("gold", None)
    medians = {section.id: Decimal(50) for section in SCHEME.sections}
    assert improvement_areas(SCHEME, _standing(result), medians, {}) == ()


def test_without_a_level_the_first_level_is_the_next_and_at_the_top_there_is_none():
    knockout = SCHEME.knockouts()[0].id
    standing = Standing(None, {}, frozenset({knockout}), {})
    (area,) = improvement_areas(SCHEME, standing, {}, {knockout: Decimal(40)})
    assert (area.id, area.required, area.shortfall) == (knockout, True, 100)  # for bronze
    at_top = Standing("gold", {}, frozenset({knockout}), {})
    (area,) = improvement_areas(SCHEME, at_top, {}, {knockout: Decimal(40)})
    assert (area.required, area.shortfall) == (False, 40)  # no level above: the peers
