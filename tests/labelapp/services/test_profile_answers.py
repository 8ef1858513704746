"""The indicators an organisation's profile answers, and the values it gives them."""

from __future__ import annotations

from decimal import Decimal

from assessment import load_criteria
from labelapp.models import Organisation
from labelapp.services.profile_answers import profile_answers
from labelapp.web.messages import say
from tests.assessment.schemes import BUNDLED

SCHEME = load_criteria(BUNDLED["2026.1"])


def _organisation(**changes: object) -> Organisation:
    values: dict[str, object] = {
        "member_firms": 40,
        "member_smes": 30,
        "member_research": 1_200,
        "staff_fte": Decimal("2.50"),
    }
    return Organisation(**{**values, **changes})


def test_the_profile_answers_members_staff_and_the_sme_share(app):
    found = profile_answers(SCHEME, _organisation())
    values = {item_id: answer.value for item_id, answer in found.items()}
    assert values == {"research-members": "1200", "management-staff-fte": "2.5", "sme-share": "75"}
    with app.test_request_context("/"):  # the words as an English page shows them
        assert say(found["research-members"].words) == "1,200 research and education members"
        assert say(found["sme-share"].words) == "30 SMEs among 40 member firms"


def test_a_share_is_rounded_half_up_to_one_decimal():
    found = profile_answers(SCHEME, _organisation(member_firms=3, member_smes=2))
    assert found["sme-share"].value == "66.7"


def test_values_the_indicator_cannot_take_are_left_to_the_manager():
    found = profile_answers(
        SCHEME, _organisation(member_firms=0, member_smes=0, staff_fte=Decimal(600))
    )
    assert set(found) == {"research-members"}  # no firms: no share; 600 FTE: over 500


def test_a_scheme_without_those_indicators_gets_nothing():
    older = load_criteria(BUNDLED["2025.1"])
    assert set(profile_answers(older, _organisation())) <= {
        indicator.id for indicator in older.indicators
    }
