"""Organisations: registration, profile rules, managers and invitations to co-manage."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import Invitation
from labelapp.models import Organisation
from labelapp.models import OrganisationManager
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


def test_an_existing_manager_account_is_added_at_once(manager, make_user):
    organisation = make_organisation(db_session(), manager)
    colleague = make_user(email="ewa@example.org")
    added, token = service.add_manager(
        db_session(), actor(manager), organisation, "EWA@example.org"
    )
    assert (added, token) == (colleague, None)
    assert manages(db_session(), colleague, organisation.id)
    link = db_session().get(OrganisationManager, (organisation.id, colleague.id))
    assert link.added_by_id == manager.id
    assert audit_actions(db_session())[-1] == "organisation.manager_added"
    assert json.loads(audit_events(db_session())[-1].details) == {"user_id": colleague.id}


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.ADMIN])
def test_an_account_that_is_not_a_manager_cannot_be_added(manager, make_user, role):
    organisation = make_organisation(db_session(), manager)
    other = make_user(role)
    with pytest.raises(ValidationFailed) as failure:
        service.add_manager(db_session(), actor(manager), organisation, other.email)
    assert _fields(failure) == ["email"]
    assert service.manager_count(db_session(), organisation) == 1
    assert count(db_session(), Invitation) == 0


def test_a_manager_cannot_be_added_twice(manager, make_user):
    organisation = make_organisation(db_session(), manager)
    colleague = make_user()
    service.add_manager(db_session(), actor(manager), organisation, colleague.email)
    for email in (colleague.email, manager.email):
        with pytest.raises(ValidationFailed, match="already manages"):
            service.add_manager(db_session(), actor(manager), organisation, email)
    assert service.manager_count(db_session(), organisation) == 2


def test_a_bad_email_is_refused(manager):
    organisation = make_organisation(db_session(), manager)
    with pytest.raises(ValidationFailed) as failure:
        service.add_manager(db_session(), actor(manager), organisation, "not an address")
    assert _fields(failure) == ["email"]
    assert count(db_session(), Invitation) == 0


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_only_the_organisations_managers_add_managers(manager, make_user, role):
    organisation = make_organisation(db_session(), manager)
    outsider = make_user(role)
    with pytest.raises(NotAllowed):
        service.add_manager(db_session(), actor(outsider), organisation, "new@example.org")
    assert count(db_session(), Invitation) == 0


def _invite(manager, email="New.Person@Example.org"):
    organisation = make_organisation(db_session(), manager)
    added, token = service.add_manager(db_session(), actor(manager), organisation, email)
    assert added is None
    assert token
    return organisation, token


def test_an_unknown_email_gets_an_invitation_whose_token_is_not_stored(manager):
    organisation, token = _invite(manager)
    invitation = service.find_invitation(db_session(), token)
    assert invitation is not None
    assert invitation.organisation_id == organisation.id
    assert invitation.email == "new.person@example.org"
    assert invitation.expires_at > utcnow() + timedelta(days=13)
    assert token not in (invitation.token_sha256, invitation.email)
    assert service.find_invitation(db_session(), token + "x") is None
    assert audit_actions(db_session())[-1] == "organisation.invitation_created"


def test_accepting_an_invitation_makes_a_manager_and_uses_up_the_link(manager, make_user):
    organisation, token = _invite(manager)
    newcomer = make_user()
    assert service.accept_invitation(db_session(), actor(newcomer), token) == organisation
    assert manages(db_session(), newcomer, organisation.id)
    invitation = db_session().scalar(select(Invitation))
    assert invitation.accepted_by_id == newcomer.id
    assert invitation.accepted_at is not None
    assert service.find_invitation(db_session(), token) is None
    with pytest.raises(ValidationFailed, match="unknown, used or expired"):
        service.accept_invitation(db_session(), actor(make_user()), token)
    assert service.manager_count(db_session(), organisation) == 2
    assert audit_actions(db_session())[-1] == "organisation.invitation_accepted"


def test_an_expired_invitation_is_refused(manager, make_user):
    organisation, token = _invite(manager)
    db_session().scalar(select(Invitation)).expires_at = utcnow() - timedelta(minutes=1)
    db_session().flush()
    assert service.find_invitation(db_session(), token) is None
    newcomer = make_user()
    with pytest.raises(ValidationFailed):
        service.accept_invitation(db_session(), actor(newcomer), token)
    assert not manages(db_session(), newcomer, organisation.id)


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.ADMIN])
def test_only_a_manager_account_accepts_an_invitation(manager, make_user, role):
    organisation, token = _invite(manager)
    with pytest.raises(ValidationFailed, match="Only a cluster manager account"):
        service.accept_invitation(db_session(), actor(make_user(role)), token)
    assert service.find_invitation(db_session(), token) is not None
    assert service.manager_count(db_session(), organisation) == 1


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
