"""An organisation's industrial ecosystems: one main, up to two more, from the EU's list."""

from __future__ import annotations

import pytest

from labelapp.db import db_session
from labelapp.ecosystems import ECOSYSTEMS
from labelapp.ecosystems import secondary_list
from labelapp.services.errors import ValidationFailed
from labelapp.services.organisations import update_organisation
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import profile

pytestmark = pytest.mark.usefixtures("ctx")


def test_the_list_holds_the_eus_fourteen_industrial_ecosystems():
    assert len(ECOSYSTEMS) == 14
    assert "Proximity, social economy and civil security" in ECOSYSTEMS.values()


def test_an_organisation_keeps_its_main_and_other_ecosystems(manager):
    made = make_organisation(
        db_session(), manager, ecosystem="digital", secondary_ecosystems="electronics,health"
    )
    assert made.ecosystem == "digital"
    assert secondary_list(made.secondary_ecosystems) == ["electronics", "health"]


def test_an_organisation_without_an_ecosystem_stays_valid(manager):
    # As every organisation registered before the list existed.
    made = make_organisation(db_session(), manager)
    assert made.ecosystem is None and made.secondary_ecosystems == ""


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"ecosystem": "space-tourism"}, "ecosystem", "from the list"),
        (
            {"ecosystem": "digital", "secondary_ecosystems": "mining"},
            "secondary_ecosystems",
            "list",
        ),
        (
            {"ecosystem": "digital", "secondary_ecosystems": "health,retail,textile"},
            "secondary_ecosystems",
            "at most 2",
        ),
        (
            {"ecosystem": "digital", "secondary_ecosystems": "health,health"},
            "secondary_ecosystems",
            "at most 2",
        ),
        (
            {"ecosystem": "digital", "secondary_ecosystems": "digital"},
            "secondary_ecosystems",
            "already chosen",
        ),
        ({"secondary_ecosystems": "health"}, "ecosystem", "main industrial ecosystem first"),
    ],
)
def test_a_wrong_choice_is_refused_next_to_its_field_and_changes_nothing(
    manager, changes, field, says
):
    session = db_session()
    made = make_organisation(session, manager, ecosystem="tourism")
    session.commit()
    with pytest.raises(ValidationFailed) as refused:
        update_organisation(session, actor(manager), made, profile(**changes))
    ((where, message),) = refused.value.reasons
    assert where == field and says in str(message)
    session.rollback()
    session.refresh(made)
    assert (made.ecosystem, made.secondary_ecosystems) == ("tourism", "")
