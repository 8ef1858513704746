"""Indicators the organisation's profile already answers: the one mapping between them.

The profile (``services.organisations.Profile``) states member and staff counts
that some indicators ask again. An answer page pre-fills those indicators from
the profile while the assessment has no stored answer for them; the manager may
change the value, and saving it stores the assessment's answer only: the profile
never changes from an answer page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from assessment import InvalidAnswer
from assessment import Scheme
from assessment.answers import answer_text
from assessment.answers import read_answer
from assessment.model import Indicator
from assessment.model import NumberAnswer
from assessment.results import half_up
from labelapp.models import Assessment
from labelapp.models import Organisation
from labelapp.text import Text
from labelapp.text import msg


@dataclass(frozen=True)
class ProfileAnswer:
    """An indicator's answer as the profile gives it."""

    item_id: str
    value: str  # the answer's text, as an answer page shows and stores it
    words: Text  # what the profile says, translated where it is shown


# What the profile says for an indicator: (the value, the words of the profile), or
# None when the profile cannot tell. "committed-members" is left out on purpose: the
# profile counts member firms and research members, not every committed member
# (public bodies, chambers, ...) that the indicator counts.
Source = Callable[[Organisation], tuple[Decimal, Text] | None]


def _research_members(organisation: Organisation) -> tuple[Decimal, Text]:
    count = organisation.member_research
    return Decimal(count), msg("%(count)s research and education members", count=count)


def _staff_fte(organisation: Organisation) -> tuple[Decimal, Text]:
    fte = Decimal(organisation.staff_fte)
    return fte, msg("%(fte)s FTE of cluster management staff", fte=fte.normalize())


def _sme_share(organisation: Organisation) -> tuple[Decimal, Text] | None:
    firms, smes = organisation.member_firms, organisation.member_smes
    if firms <= 0:
        return None  # no member firms: no share to compute
    share = half_up(smes * 100, firms, 1)
    return share, msg("%(smes)s SMEs among %(firms)s member firms", smes=smes, firms=firms)


PROFILE_SOURCES: dict[str, Source] = {
    "research-members": _research_members,
    "management-staff-fte": _staff_fte,
    "sme-share": _sme_share,
}


def profile_answers(scheme: Scheme, organisation: Organisation) -> dict[str, ProfileAnswer]:
    """The scheme's indicators that the profile answers, with the profile's values.

    An indicator the scheme does not have, that is not a number, or that the
    profile's value does not fit (out of its range, not whole) is left out: the
    manager answers it.
    """
    found: dict[str, ProfileAnswer] = {}
    for item_id, source in PROFILE_SOURCES.items():
        item = scheme.item(item_id)
        if not isinstance(item, Indicator) or not isinstance(item.answer, NumberAnswer):
            continue
        given = source(organisation)
        if given is None:
            continue
        value, words = given
        try:
            text = answer_text(read_answer(item, format(value, "f")))
        except InvalidAnswer:
            continue
        found[item_id] = ProfileAnswer(item_id, text, words)
    return found


def prefilled_answers(scheme: Scheme, assessment: Assessment) -> dict[str, ProfileAnswer]:
    """The profile's answers for the indicators this assessment has no stored answer for."""
    stored = {answer.item_id for answer in assessment.answers if answer.value is not None}
    return {
        item_id: answer
        for item_id, answer in profile_answers(scheme, assessment.organisation).items()
        if item_id not in stored
    }
