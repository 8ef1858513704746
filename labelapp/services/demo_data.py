"""Demo data for ``labelapp demo`` (issue 15 item 8, decision 26).

Invented cluster organisations across Europe, named in their own languages, each
taken through the real services as its people would: a manager registers it, answers
the self-assessment page by page and submits; an assessor claims, validates and
approves (a second assessor, from another country, confirms the levels that need four
eyes), which stores the validated results and issues a signed certificate. A level
whose path asks for an earlier label (silver on 2027.1) is reached as in real life: a
first benchmarking assessed the months before that the rule asks, improvement areas
declared on its report, then a renewal whose assessor validates them as achieved. So
the registry, the statistics and the benchmarking peer groups of a development
database show what they will show in use. Everything is drawn from one seed: the same
seed gives the same organisations, answers and levels (only the passwords are new each
time).
"""

from __future__ import annotations

import random
import secrets
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from slugify import slugify
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment import Scheme
from assessment import score
from assessment.answers import CriterionValue
from assessment.answers import RadarValue
from assessment.answers import answer_text
from assessment.model import BooleanAnswer
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Evidence as EvidenceRule
from assessment.model import Indicator
from assessment.model import LevelRule
from assessment.model import NumberAnswer
from assessment.path import NO_FACTS
from assessment.path import EarlierLabel
from assessment.path import PathFacts
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import Organisation
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.models import User
from labelapp.models.improvement import ACHIEVED as ACHIEVED_VERDICT
from labelapp.services import accounts
from labelapp.services import audit
from labelapp.services import criteria as criteria_service
from labelapp.services import improvement_plans
from labelapp.services.actor import SYSTEM
from labelapp.services.actor import Actor
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.assessment_dates import AssessmentDates
from labelapp.services.assessments import DEFAULT_SCHEME
from labelapp.services.assessments import page_items
from labelapp.services.assessments import pages_of
from labelapp.services.assessments import scheme_of
from labelapp.services.assessments import start_assessment
from labelapp.services.certificates import IssuingSettings
from labelapp.services.certificates import add_months
from labelapp.services.certificates import today
from labelapp.services.decisions import Decision
from labelapp.services.decisions import confirm
from labelapp.services.decisions import decide
from labelapp.services.demo_clusters import ACHIEVED
from labelapp.services.demo_clusters import ASSESSOR_DOMAIN
from labelapp.services.demo_clusters import ASSESSORS
from labelapp.services.demo_clusters import BAND_SHARES
from labelapp.services.demo_clusters import BANDS
from labelapp.services.demo_clusters import CHANGES_NOTE
from labelapp.services.demo_clusters import CLUSTERS
from labelapp.services.demo_clusters import IMPROVEMENTS
from labelapp.services.demo_clusters import JUSTIFICATIONS
from labelapp.services.demo_clusters import LOWERED
from labelapp.services.demo_clusters import PLANS
from labelapp.services.demo_clusters import STRENGTHS
from labelapp.services.demo_clusters import TYPICAL_TOP
from labelapp.services.demo_clusters import VALIDATED
from labelapp.services.demo_clusters import Cluster
from labelapp.services.improvement_plans import Achievement
from labelapp.services.improvement_plans import Verdict
from labelapp.services.organisations import Profile
from labelapp.services.organisations import create_organisation
from labelapp.services.passwords import PasswordSettings
from labelapp.services.renewals import start_renewal
from labelapp.services.review import ReviewInput
from labelapp.services.review import claim
from labelapp.services.workflow import submit_assessment

SEED = 2026


_ATTEMPTS = 500


class DemoFailed(RuntimeError):
    """The demo could not be written (a refusal the data should have avoided)."""


@dataclass(frozen=True)
class FirstLabel:
    """The earlier label a level's path asks for: its answers, how many whole months
    before the plan's assessment it was assessed, and the improvement areas (section
    ids) declared on its report."""

    level: str
    answers: dict[str, Any]
    validated: dict[str, Any]
    months_before: int
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """What the demo does for one cluster: its profile, answers and review."""

    cluster: Cluster
    profile: Profile
    level: str  # the level the validated answers reach, with ``facts``
    answers: dict[str, Any]  # the manager's self-assessment
    validated: dict[str, Any]  # the same with the assessor's corrections
    returned_once: bool  # the first review asks for changes
    visited_days_ago: int  # when the lead assessor's interview took place
    first: FirstLabel | None = None  # the label before, when the level's path asks for one
    facts: PathFacts = NO_FACTS  # what the path rules will be told at the approval


@dataclass(frozen=True)
class Account:
    email: str
    password: str


@dataclass(frozen=True)
class Filled:
    """What the demo wrote, and one manager and one assessor to sign in as."""

    organisations: int
    countries: int
    ecosystems: int
    certificates: int
    levels: dict[str, int]  # current labels by level, lowest level first
    manager: Account
    assessor: Account
    manager_organisation: str  # the slug of the printed manager's organisation


def existing_data(session: Session) -> str | None:
    """What in the database is someone's data, in words; None when the demo may fill it."""
    for model, noun in (
        (Organisation, "organisation"),
        (Assessment, "assessment"),
        (Certificate, "certificate"),
    ):
        found = session.scalar(select(func.count()).select_from(model)) or 0
        if found:
            return f"{found} {noun}(s)"
    roles = session.scalars(select(User.role)).all()
    # `labelapp init` creates one administrator on a new database; any other account
    # was made by someone.
    if len(roles) > 1 or any(role is not Role.ADMIN for role in roles):
        return f"{len(roles)} user account(s)"
    return None


def plan(scheme: Scheme, seed: int = SEED) -> list[Plan]:
    """Every cluster's profile, answers and level, drawn from ``seed`` (no database)."""
    rng = random.Random(seed)  # noqa: S311 (made-up figures, not secrets)
    bands = _deck(rng, BAND_SHARES, len(CLUSTERS))
    # Each level half as common as the one below it, as labels are in use.
    level_shares = [2.0**-index for index in range(len(scheme.levels))]
    levels = _deck(rng, level_shares, len(CLUSTERS))
    plans: list[Plan] = []
    for cluster, band, level in zip(CLUSTERS, bands, levels, strict=True):
        profile = _profile(cluster, band, rng)
        first = _first_label(scheme, profile, scheme.levels[level], rng)
        facts = PathFacts(
            labels=(EarlierLabel(first.level, first.months_before),) if first else (),
            improvement_areas_validated=len(first.areas) if first else 0,
        )
        answers, validated = _answers(scheme, profile, level, rng, facts)
        returned = rng.random() < 0.15
        visited = rng.randint(3, 40)
        plans.append(
            Plan(
                cluster,
                profile,
                scheme.levels[level].id,
                answers,
                validated,
                returned,
                visited,
                first,
                facts,
            )
        )
    return plans


def _first_label(
    scheme: Scheme, profile: Profile, wanted: LevelRule, rng: random.Random
) -> FirstLabel | None:
    """The label before that ``wanted``'s path asks for, if it asks for one: assessed as
    many months before as the rule asks, early enough in that window that the label is
    still valid when the demo approves the next one, with the areas its level asks."""
    rule = wanted.previous_level
    if rule is None:
        return None
    earlier = scheme.level(rule.level)
    assert earlier is not None  # the validator checks the rule names a level
    if earlier.previous_level is not None or earlier.improvement_areas:
        raise DemoFailed(f"the path to {wanted.id} is longer than the demo writes")
    latest = max(rule.min_months, min(rule.max_months, earlier.validity_months - 3))
    months = rng.randint(rule.min_months, latest)
    answers, validated = _answers(scheme, profile, scheme.levels.index(earlier), rng, NO_FACTS)
    # The improvement areas: the sections the first benchmarking found weakest.
    sections = score(scheme, validated).sections
    weakest = sorted(sections, key=lambda section: (section.percent, section.id))
    areas = tuple(section.id for section in weakest[: wanted.improvement_areas])
    return FirstLabel(earlier.id, answers, validated, months, areas)


def _deck(rng: random.Random, shares: list[float] | tuple[float, ...], count: int) -> list[int]:
    """``count`` indexes of ``shares``, each as often as its share says, shuffled."""
    bounds = list(accumulate(shares))
    deck = [bisect_right(bounds, (k + 0.5) / count * bounds[-1]) for k in range(count)]
    rng.shuffle(deck)
    return deck


def _domain(cluster: Cluster) -> str:
    return f"{slugify(cluster.name, max_length=40)}.example.org"


def _profile(cluster: Cluster, band: int, rng: random.Random) -> Profile:
    members = rng.randint(*BANDS[band])
    research = max(rng.choice((1, 2, 3)), round(members * rng.uniform(0.04, 0.16)))
    firms = members - research
    staff = 1 + members / 120 * rng.uniform(0.6, 1.4)
    return Profile(
        name=cluster.name,
        country=cluster.country,
        region=cluster.region,
        website=f"https://{_domain(cluster)}",
        sectors=cluster.sectors,
        year_founded=rng.randint(1996, 2019),
        member_firms=firms,
        member_smes=round(firms * rng.uniform(0.55, 0.92)),
        member_research=research,
        staff_fte=Decimal(f"{staff:.1f}"),
        description=(
            f"Firms, research and education institutes and public partners of "
            f"{cluster.region} working together on {cluster.sectors}."
        ),
        certificate_language=cluster.language,
        ecosystem=cluster.ecosystem,
        secondary_ecosystems=cluster.secondary,
    )


def _answers(
    scheme: Scheme, profile: Profile, level: int, rng: random.Random, facts: PathFacts
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A self-assessment and the assessor's validated answers that reach exactly ``level``
    with ``facts``.

    Drawn around the level's quality and kept only when the engine agrees, so every
    organisation gets the level its plan says, whatever the criteria's rules.
    """
    wanted = scheme.levels[level]
    for _attempt in range(_ATTEMPTS):
        answers = _draw(scheme, profile, level, rng)
        validated = _corrected(scheme, answers, rng)
        if score(scheme, validated, facts).level == wanted.id:
            return answers, validated
    raise DemoFailed(f"no answers drawn reach the level {wanted.id}")


def _draw(scheme: Scheme, profile: Profile, level: int, rng: random.Random) -> dict[str, Any]:
    # Higher levels centre on higher maturity steps and meet more indicators.
    centre = 0.4 + 0.19 * level + rng.gauss(0, 0.05)
    answers: dict[str, Any] = {c.id: _step(c, centre, rng) for c in scheme.criteria}
    required = set(scheme.levels[level].required_indicators)
    for indicator in scheme.indicators:
        known = _from_profile(indicator, profile)
        if known is not None:
            answers[indicator.id] = known
            continue
        meets = indicator.knockout or indicator.id in required or rng.random() < 0.5 + 0.2 * level
        answers[indicator.id] = _indicator_value(indicator, meets, rng)
    return answers


def _step(criterion: Criterion, centre: float, rng: random.Random) -> CriterionValue:
    """A step near ``centre``; a RADAR criterion's three attributes each drawn so."""
    if criterion.radar:
        approach, deployment, refinement = (_one_step(criterion, centre, rng) for _ in range(3))
        return RadarValue(approach, deployment, refinement)
    return _one_step(criterion, centre, rng)


def _one_step(criterion: Criterion, centre: float, rng: random.Random) -> int:
    last = len(criterion.scale) - 1
    index = round(rng.gauss(centre * last, 0.75))
    return criterion.scale[min(max(index, 0), last)].value


def _from_profile(indicator: Indicator, profile: Profile) -> Any:
    """The indicators the profile already answers (members, SMEs, staff), or None."""
    members = profile.member_firms + profile.member_research
    known: dict[str, Any] = {
        "committed-members": members,
        "research-members": profile.member_research,
        "sme-share": Decimal(f"{100 * profile.member_smes / profile.member_firms:.1f}"),
        "management-staff-fte": profile.staff_fte,
    }
    return known.get(indicator.id) if isinstance(indicator.answer, NumberAnswer) else None


def _indicator_value(indicator: Indicator, meets: bool, rng: random.Random) -> Any:
    spec, threshold = indicator.answer, indicator.threshold
    if isinstance(spec, BooleanAnswer):
        return threshold.equals if meets else not threshold.equals
    if isinstance(spec, ChoiceAnswer):
        good = list(threshold.one_of or ())
        return rng.choice(good if meets else [o.id for o in spec.options if o.id not in good])
    return _number(indicator, spec, meets, rng)


def _number(indicator: Indicator, spec: NumberAnswer, meets: bool, rng: random.Random) -> Any:
    threshold = indicator.threshold
    if threshold.at_least is not None:
        bar = threshold.at_least
        top = min(spec.maximum, Decimal(TYPICAL_TOP.get(indicator.id, 0)) or 3 * bar or 1)
        # Those that miss the bar mostly miss it narrowly, as in real reports.
        low, high = (bar, max(top, bar)) if meets else (max(spec.minimum, bar / 3), bar)
    else:
        bar = threshold.at_most if threshold.at_most is not None else spec.maximum
        low, high = (spec.minimum, bar) if meets else (bar, spec.maximum)
    # A figure that lands on the wrong side of the bar once rounded only shifts the level,
    # and _answers keeps answers only when the engine gives the planned level.
    value = rng.uniform(float(low), float(high))
    return int(value) if spec.integer else Decimal(f"{value:.1f}")


def _corrected(scheme: Scheme, answers: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The answers as an assessor validates them: a few criteria one step lower."""
    validated = dict(answers)
    above = [c for c in scheme.criteria if _lowered(c, answers[c.id]) != answers[c.id]]
    for criterion in rng.sample(above, k=min(len(above), rng.choice((0, 1, 1, 2, 3)))):
        validated[criterion.id] = _lowered(criterion, answers[criterion.id])
    return validated


def _lowered(criterion: Criterion, value: CriterionValue) -> CriterionValue:
    """One step lower (each attribute of a RADAR criterion), none below the lowest."""
    values = [step.value for step in criterion.scale]
    if isinstance(value, RadarValue):
        approach, deployment, refinement = (
            values[max(values.index(part), 1) - 1] for part in value.parts if part is not None
        )
        return RadarValue(approach, deployment, refinement)
    return values[max(values.index(value), 1) - 1]


def fill(
    session: Session,
    passwords: PasswordSettings,
    issuing: IssuingSettings,
    seed: int = SEED,
) -> Filled:
    """Write the demo through the services, in the caller's transaction (it commits).

    Raises:
        DemoFailed: no criteria are published, or a service refused a planned answer.
        LabelappError: a service refused a step (e.g. the certificate could not be signed).
    """
    version = criteria_service.current_version(session, DEFAULT_SCHEME)
    if version is None:
        raise DemoFailed(f"no version of {DEFAULT_SCHEME} is published: run `labelapp init`")
    scheme = criteria_service.load_scheme(version)
    plans = plan(scheme, seed)
    assessors = [_assessor(session, name, country, passwords) for name, country in ASSESSORS]
    managers: list[Account] = []
    issued: list[Certificate] = []
    for index, planned in enumerate(plans):
        manager, account = _manager(session, planned.cluster, passwords)
        managers.append(account)
        lead, second = assessors[index % len(assessors)], assessors[(index + 1) % len(assessors)]
        issued.extend(_labels(session, planned, manager, (lead[0], second[0]), issuing))
    # The demo's people are invented: the messages the steps wrote go to no one.
    session.execute(delete(OutboxMessage))
    # An earlier label a renewal continued is superseded by it: count the current ones.
    by_level = Counter(c.level for c in issued if c.superseded_by_id is None)
    return Filled(
        organisations=len(plans),
        countries=len({p.profile.country for p in plans}),
        ecosystems=len({p.profile.ecosystem for p in plans}),
        certificates=len(issued),
        levels={level.id: by_level[level.id] for level in scheme.levels if level.id in by_level},
        manager=managers[0],
        assessor=assessors[0][1],
        manager_organisation=issued[0].organisation.slug,
    )


def _account(
    session: Session,
    email: str,
    name: str,
    role: Role,
    passwords: PasswordSettings,
    country: str | None = None,
) -> tuple[Actor, Account]:
    """An account with a random password, kept nowhere but in the summary printed once."""
    password = secrets.token_urlsafe(12)
    user = accounts.create_user(
        session,
        email=email,
        display_name=name,
        role=role,
        password=password,
        passwords=passwords,
        country=country,
    )
    audit.record(
        session,
        SYSTEM,
        "user.created",
        "user",
        user.id,
        after=role.value,
        details={"email": user.email, "via": "demo"},
    )
    return Actor(user), Account(user.email, password)


def _assessor(
    session: Session, name: str, country: str, passwords: PasswordSettings
) -> tuple[Actor, Account]:
    email = f"{slugify(name, separator='.')}@{ASSESSOR_DOMAIN}"
    return _account(session, email, name, Role.ASSESSOR, passwords, country)


def _manager(
    session: Session, cluster: Cluster, passwords: PasswordSettings
) -> tuple[Actor, Account]:
    email = f"{slugify(cluster.manager, separator='.')}@{_domain(cluster)}"
    return _account(session, email, cluster.manager, Role.MANAGER, passwords)


def _labels(
    session: Session,
    planned: Plan,
    manager: Actor,
    assessors: tuple[Actor, Actor],
    issuing: IssuingSettings,
) -> list[Certificate]:
    """Register and take one cluster through its path: its certificates, oldest first."""
    organisation = create_organisation(session, manager, planned.profile)
    lead, second = assessors
    on = today() - timedelta(days=planned.visited_days_ago)
    issued: list[Certificate] = []
    if planned.first is None:
        assessment = start_assessment(session, manager, organisation)
    else:
        first = planned.first
        earlier = start_assessment(session, manager, organisation)
        _answer_pages(session, manager, earlier, planned, first.answers)
        submit_assessment(session, manager, earlier, earlier.row_version)
        issued.append(
            _approve(
                session, (lead, second), earlier, (first.answers, first.validated), first.level,
                add_months(on, -first.months_before), issuing,
            )
        )  # fmt: skip
        _declare_areas(session, manager, earlier, first.areas)
        assessment = start_renewal(session, manager, issued[-1])
    _answer_pages(session, manager, assessment, planned, planned.answers)
    _report_areas(session, manager, assessment, planned)
    submit_assessment(session, manager, assessment, assessment.row_version)
    if planned.returned_once:
        _return_once(session, manager, lead, assessment, planned, issuing)
    issued.append(
        _approve(
            session, (lead, second), assessment, (planned.answers, planned.validated),
            planned.level, on, issuing,
        )
    )  # fmt: skip
    return issued


def _approve(
    session: Session,
    assessors: tuple[Actor, Actor],
    assessment: Assessment,
    answers: tuple[dict[str, Any], dict[str, Any]],
    level: str,
    on: date,
    issuing: IssuingSettings,
) -> Certificate:
    """The lead claims, validates the areas reported, records the interview day and
    approves; the second assessor confirms a level that needs four eyes."""
    lead, second = assessors
    claim(session, lead, assessment, True, assessment.row_version)
    areas = improvement_plans.areas_for(session, assessment)
    if areas:
        verdicts = {area.id: Verdict(ACHIEVED_VERDICT, VALIDATED) for area in areas}
        improvement_plans.judge(session, lead, assessment, verdicts, assessment.row_version)
    certificate = decide(
        session,
        lead,
        assessment,
        Decision.APPROVE,
        "",
        f"Approve: the validated answers reach {level}.",
        assessment.row_version,
        issuing,
        _review_inputs(*answers),
        dates=AssessmentDates(on),
    )
    if certificate is None:  # a level that needs four eyes: proposed, now confirmed
        certificate = confirm(session, second, assessment, True, assessment.row_version, issuing)
    return certificate


def _declare_areas(
    session: Session, manager: Actor, base: Assessment, sections: tuple[str, ...]
) -> None:
    """The improvement areas the managers choose on the first benchmarking's report."""
    target = add_months(today(), 1)
    for position, section in enumerate(sections):
        improvement_plans.declare(
            session, manager, base, f"section:{section}", PLANS[position % len(PLANS)], target
        )


def _report_areas(session: Session, manager: Actor, assessment: Assessment, planned: Plan) -> None:
    """What the managers achieved on each area the assessment builds on."""
    areas = improvement_plans.areas_for(session, assessment)
    if not areas:
        return
    link = f"{planned.profile.website}/documents/improvement-report.pdf"
    given = {
        area.id: Achievement(ACHIEVED[position % len(ACHIEVED)], link)
        for position, area in enumerate(areas)
    }
    improvement_plans.report(session, manager, assessment, given, assessment.row_version)


def _return_once(
    session: Session,
    manager: Actor,
    lead: Actor,
    assessment: Assessment,
    planned: Plan,
    issuing: IssuingSettings,
) -> None:
    """A first review round that asks for changes, answered and resubmitted: the
    history then shows more than one round, as many real assessments do."""
    claim(session, lead, assessment, True, assessment.row_version)
    decide(
        session,
        lead,
        assessment,
        Decision.REQUEST_CHANGES,
        CHANGES_NOTE,
        None,
        assessment.row_version,
        issuing,
    )
    _answer_pages(session, manager, assessment, planned, planned.answers, again=True)
    submit_assessment(session, manager, assessment, assessment.row_version)


def _answer_pages(
    session: Session,
    manager: Actor,
    assessment: Assessment,
    planned: Plan,
    answers: dict[str, Any],
    again: bool = False,
) -> None:
    """Save ``answers`` page by page, as the manager does (confirming any carried over);
    ``again``: the first page's justifications reworded after a request for changes
    (its evidence is there)."""
    scheme = scheme_of(assessment)
    pages = pages_of(scheme, assessment)
    for page in pages[:1] if again else pages:
        items = page_items(scheme, page.kind, page.id) or []
        # After the request for changes the justifications are worded anew (turn + 1).
        turn = 1 if again else 0
        inputs = {
            item.id: _input(item, planned, answers, position + turn, links=not again)
            for position, item in enumerate(items)
        }
        saved = save_page(session, manager, assessment, inputs, assessment.row_version)
        if saved.refused:
            refusal = saved.refused[0]
            raise DemoFailed(f"{planned.cluster.name}: {refusal.item_id}: {refusal.message}")


def _input(
    item: Criterion | Indicator, planned: Plan, answers: dict[str, Any], turn: int, links: bool
) -> ItemInput:
    link = ""
    if links and item.evidence is EvidenceRule.REQUIRED:
        link = f"{planned.profile.website}/documents/{item.id}.pdf"
    return ItemInput(
        answer_text(answers[item.id]),
        JUSTIFICATIONS[turn % len(JUSTIFICATIONS)],
        link=link,
    )


def _review_inputs(answers: dict[str, Any], validated: dict[str, Any]) -> dict[str, ReviewInput]:
    """The assessor's notes: each corrected value with why, and a comment every few items."""
    inputs: dict[str, ReviewInput] = {}
    for position, (item_id, value) in enumerate(validated.items()):
        if value != answers[item_id]:
            inputs[item_id] = ReviewInput(answer_text(value), "", LOWERED)
        elif position % 7 == 0:
            inputs[item_id] = ReviewInput(
                None, STRENGTHS[position % len(STRENGTHS)], IMPROVEMENTS[position % 3]
            )
    return inputs
