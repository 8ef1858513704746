"""Organisations: registration, profile rules and managers (invitations: test_invitations)."""

from __future__ import annotations

import json
import re

import pytest

from labelapp.db import db_session
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.services import organisations as service
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.permissions import manages
from tests.labelapp.services.factories import ADDRESS
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import audit_actions
from tests.labelapp.services.factories import audit_events
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import profile

pytestmark = pytest.mark.usefixtures("ctx")


def _fields(failure: pytest.ExceptionInfo[ValidationFailed]) -> list[str | None]:
    return [field for field, _message in failure.value.reasons]


def test_the_creator_becomes_the_first_manager(manager, make_user):
    organisation = make_organisation(db_session(), manager)
    assert organisation.id is not None
    assert organisation.name == "Łódzki Klaster ICT"
    assert organisation.country == "PL"
    assert manages(db_session(), manager, organisation.id)
    assert service.organisations_of(db_session(), manager) == [organisation]
    assert service.manager_count(db_session(), organisation) == 1
    assert service.organisations_of(db_session(), make_user()) == []


def test_slug_of_a_polish_name_is_ascii_and_unique(manager):
    first = make_organisation(db_session(), manager)
    second = make_organisation(db_session(), manager)
    for organisation in (first, second):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", organisation.slug), organisation.slug
    assert first.slug == "lodzki-klaster-ict"
    assert second.slug != first.slug
    assert second.slug.startswith(first.slug)


@pytest.mark.parametrize(
    ("name", "slug"), [("Кластер", "klaster"), ("★★★", "cluster"), ("A" * 200, "a" * 60)]
)
def test_every_name_gets_a_readable_ascii_slug(manager, name, slug):
    assert make_organisation(db_session(), manager, name=name).slug == slug


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"country": "XX"}, ["country"]),
        ({"country": ""}, ["country"]),
        ({"member_firms": 10, "member_smes": 11}, ["member_smes"]),
        ({"country": "ZZ", "member_firms": 0, "member_smes": 1}, ["country", "member_smes"]),
    ],
)
def test_invalid_profiles_are_refused_naming_each_field(manager, changes, fields):
    with pytest.raises(ValidationFailed) as failure:
        make_organisation(db_session(), manager, **changes)
    assert _fields(failure) == fields
    assert count(db_session(), Organisation) == 0
    assert audit_actions(db_session()) == []


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.ADMIN])
def test_only_managers_register_organisations(make_user, role):
    with pytest.raises(NotAllowed):
        make_organisation(db_session(), make_user(role))
    assert count(db_session(), Organisation) == 0


def test_the_system_actor_cannot_register_an_organisation():
    with pytest.raises(NotAllowed):
        service.create_organisation(db_session(), actor(None), profile())


def test_registration_is_audited(manager):
    organisation = make_organisation(db_session(), manager)
    [event] = audit_events(db_session())
    assert (event.action, event.object_type, event.object_id) == (
        "organisation.created",
        "organisation",
        str(organisation.id),
    )
    assert event.actor_id == manager.id
    assert event.client_address == ADDRESS
    assert json.loads(event.details) == {"name": "Łódzki Klaster ICT"}


def test_a_manager_updates_the_profile_and_the_changed_fields_are_audited(manager):
    organisation = make_organisation(db_session(), manager)
    changed = profile(region="Mazowieckie", member_firms=50)
    service.update_organisation(db_session(), actor(manager), organisation, changed)
    assert (organisation.region, organisation.member_firms) == ("Mazowieckie", 50)
    event = audit_events(db_session())[-1]
    assert event.action == "organisation.updated"
    assert json.loads(event.details) == {"fields": ["member_firms", "region"]}
    # Saving the same profile again changes nothing and logs nothing.
    service.update_organisation(db_session(), actor(manager), organisation, changed)
    assert audit_actions(db_session()).count("organisation.updated") == 1


def test_an_invalid_update_changes_nothing(manager):
    organisation = make_organisation(db_session(), manager)
    with pytest.raises(ValidationFailed) as failure:
        service.update_organisation(
            db_session(), actor(manager), organisation, profile(member_smes=41, region="Other")
        )
    assert _fields(failure) == ["member_smes"]
    assert (organisation.member_smes, organisation.region) == (31, "Łódzkie")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_only_the_organisations_managers_update_it(manager, make_user, role):
    organisation = make_organisation(db_session(), manager)
    with pytest.raises(NotAllowed):
        service.update_organisation(
            db_session(), actor(make_user(role)), organisation, profile(name="Hijacked")
        )
    assert organisation.name == "Łódzki Klaster ICT"
    assert audit_actions(db_session()) == ["organisation.created"]


def test_country_choices_are_iso_codes_sorted_by_name():
    choices = service.country_choices()
    assert ("PL", "Poland") in choices
    assert ("DE", "Germany") in choices
    names = [name for _code, name in choices]
    assert names == sorted(names)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code, _name in choices)
    assert service.country_name("PL") == "Poland"


def test_a_lower_case_country_code_is_not_stored_as_given(manager):
    try:
        organisation = make_organisation(db_session(), manager, country="pl")
    except ValidationFailed:
        return
    assert organisation.country == "PL"
