"""Cluster organisations: profiles and their managers (invitations live in invitations.py)."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pycountry
from babel import Locale
from slugify import slugify
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from labelapp.ecosystems import ECOSYSTEMS
from labelapp.ecosystems import MAX_SECONDARY
from labelapp.ecosystems import secondary_list
from labelapp.languages import LANGUAGES
from labelapp.models import Organisation
from labelapp.models import OrganisationManager
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import audit
from labelapp.services.actor import Actor
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.permissions import manages
from labelapp.text import Text
from labelapp.text import msg


@dataclass(frozen=True)
class Profile:
    """What a manager states about the organisation (checked by the form first)."""

    name: str
    country: str
    region: str
    website: str
    sectors: str
    year_founded: int | None
    member_firms: int
    member_smes: int
    member_research: int
    staff_fte: Decimal
    description: str
    # The language its certificates are issued in (an English copy can always be had).
    certificate_language: str = "en"
    # Its EU industrial ecosystem (labelapp.ecosystems; None: not chosen yet) and up to
    # two more, comma-separated ids.
    ecosystem: str | None = None
    secondary_ecosystems: str = ""


def country_choices(language: str = "en") -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes with their names in ``language`` (en, de, fr), sorted by name."""
    return list(_country_choices(language))


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    choices = ((c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries)
    if language == "en":
        return tuple(sorted(choices, key=lambda item: item[1]))
    # As a reader looks a name up: Österreich among the O, États-Unis among the E.
    return tuple(sorted(choices, key=lambda item: _sort_key(item[1])))


def _sort_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in folded if not unicodedata.combining(char))


def country_name(code: str, language: str = "en") -> str:
    """The name people use for an ISO 3166 country ("Moldova", not "Moldova, Republic of"),
    in ``language`` (en, de or fr; German and French names come from Babel's CLDR data).

    The one source of country names: forms, pages, the registry and the certificate PDF.
    """
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    if language != "en":
        translated = _territories(language).get(country.alpha_2)
        if translated:
            return str(translated)
    return str(getattr(country, "common_name", None) or country.name)


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language).territories)
    except (ValueError, TypeError):  # not a language Babel knows: English names
        return {}


def _check(profile: Profile) -> None:
    reasons: list[tuple[str | None, Text]] = []
    # pycountry matches case-insensitively; stored codes are always upper case.
    code = profile.country
    if not (code.isascii() and code.isupper()) or pycountry.countries.get(alpha_2=code) is None:
        reasons.append(("country", msg("Choose a country from the list.")))
    if profile.certificate_language not in LANGUAGES:
        reasons.append(("certificate_language", msg("Choose one of the languages offered.")))
    reasons += _ecosystem_problems(profile)
    if profile.member_smes > profile.member_firms:
        reasons.append(
            ("member_smes", msg("SMEs are member firms: there cannot be more SMEs than firms."))
        )
    if reasons:
        raise ValidationFailed(reasons)


def _ecosystem_problems(profile: Profile) -> list[tuple[str | None, Text]]:
    secondary = secondary_list(profile.secondary_ecosystems)
    if profile.ecosystem is not None and profile.ecosystem not in ECOSYSTEMS:
        return [("ecosystem", msg("Choose an industrial ecosystem from the list."))]
    if any(code not in ECOSYSTEMS for code in secondary):
        return [("secondary_ecosystems", msg("Choose industrial ecosystems from the list."))]
    if len(secondary) > MAX_SECONDARY or len(set(secondary)) != len(secondary):
        return [
            (
                "secondary_ecosystems",
                msg("Choose at most %(limit)s other ecosystems.", limit=MAX_SECONDARY),
            )
        ]
    if profile.ecosystem in secondary:
        return [
            (
                "secondary_ecosystems",
                msg("The main ecosystem is already chosen; choose others here or none."),
            )
        ]
    if secondary and profile.ecosystem is None:
        return [("ecosystem", msg("Choose the main industrial ecosystem first."))]
    return []


def _slugify(session: Session, name: str) -> str:
    # Transliterates every script (Łódź -> lodz, Ελληνικό -> elleniko) for readable URLs.
    base = slugify(name, max_length=60) or "cluster"
    slug, number = base, 1
    while session.scalar(select(Organisation.id).where(Organisation.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_organisation(session: Session, actor: Actor, profile: Profile) -> Organisation:
    """A manager registers an organisation and becomes its first manager.

    Raises:
        NotAllowed: the actor is not a manager.
        ValidationFailed: an unknown country or inconsistent member numbers.
    """
    user = actor.user
    if user is None or user.role is not Role.MANAGER:
        raise NotAllowed(msg("Only cluster managers register organisations."))
    _check(profile)
    organisation = Organisation(slug=_slugify(session, profile.name), **asdict(profile))
    add_or_refuse(
        session,
        organisation,
        (None, msg("Another organisation took this name a moment ago; save again.")),
    )
    session.add(OrganisationManager(organisation_id=organisation.id, user_id=user.id))
    audit.record(
        session,
        actor,
        "organisation.created",
        "organisation",
        organisation.id,
        details={"name": organisation.name},
    )
    return organisation


def update_organisation(
    session: Session, actor: Actor, organisation: Organisation, profile: Profile
) -> None:
    """Raises: NotAllowed, ValidationFailed."""
    require_manager(session, actor, organisation)
    _check(profile)
    changed = sorted(
        key for key, value in asdict(profile).items() if getattr(organisation, key) != value
    )
    for key, value in asdict(profile).items():
        setattr(organisation, key, value)
    session.flush()
    if changed:
        audit.record(
            session,
            actor,
            "organisation.updated",
            "organisation",
            organisation.id,
            details={"fields": changed},
        )


def add_or_refuse(session: Session, row: object, reason: tuple[str | None, Text | str]) -> None:
    """Add and flush in a savepoint: a unique constraint lost to a concurrent request is
    a refusal, and the row goes with the savepoint.

    Raises:
        ValidationFailed: with ``reason``.
    """
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise ValidationFailed([reason]) from None


def require_manager(session: Session, actor: Actor, organisation: Organisation) -> User:
    """The acting user, if they manage the organisation.

    Raises:
        NotAllowed: the actor does not manage it.
    """
    if actor.user is None or not manages(session, actor.user, organisation.id):
        raise NotAllowed(msg("Only the organisation's managers may do this."))
    return actor.user


def organisations_of(session: Session, user: User) -> list[Organisation]:
    """The organisations the user manages, by name."""
    return list(
        session.scalars(
            select(Organisation)
            .join(OrganisationManager, OrganisationManager.organisation_id == Organisation.id)
            .where(OrganisationManager.user_id == user.id)
            .order_by(Organisation.name)
        )
    )


def manager_count(session: Session, organisation: Organisation) -> int:
    return (
        session.scalar(
            select(func.count()).where(OrganisationManager.organisation_id == organisation.id)
        )
        or 0
    )


def set_reminders(session: Session, actor: Actor, organisation: Organisation, on: bool) -> None:
    """Turn the organisation's expiry reminders on or off (decisions are always written).

    Raises: NotAllowed (not a manager of the organisation).
    """
    require_manager(session, actor, organisation)
    if organisation.reminders == on:
        return
    organisation.reminders = on
    session.flush()
    audit.record(
        session,
        actor,
        "organisation.reminders_changed",
        "organisation",
        organisation.id,
        before="on" if not on else "off",
        after="on" if on else "off",
    )
