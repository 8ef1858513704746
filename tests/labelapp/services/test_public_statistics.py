"""Public statistics: which labels count, which groups may be shown, and their medians."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from labelapp.db import db_session
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate
from labelapp.models import Organisation
from labelapp.models import SectionResult
from labelapp.models import User
from labelapp.services import certificates
from labelapp.services import criteria as criteria_service
from labelapp.services.actor import SYSTEM
from labelapp.services.public_statistics import fingerprint
from labelapp.services.public_statistics import gather
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import add_section_result
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import labelled_with_result
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import manager_account
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.usefixtures("ctx")

TODAY = certificates.today()
LONG_AGO = date(2020, 3, 1)  # every level's validity has ended since


@pytest.fixture
def owner() -> User:
    return manager_account(db_session(), "statistics@example.org")


def label(owner: User, name: str, percent: str = "50", on: date | None = None, **profile):
    """A labelled organisation: an approved assessment whose validated leadership result
    is ``percent``, and its certificate (issued ``on`` that day, by default its approval's)."""
    session = db_session()
    assessment = labelled_with_result(session, owner, name, percent, **profile)
    return certificates.issue(session, SYSTEM, assessment, issuing(), on=on)


def revoke(admin: User, certificate: Certificate, action: str = "revoke") -> None:
    session = db_session()
    by = actor(session.merge(admin))
    certificates.change_status(session, by, certificate, action, "Public reason.", None)


def stray_result(owner: User, organisation: Organisation, status: AssessmentStatus, percent: str):
    """Another assessment of the organisation in ``status``, with a validated result row
    that should never be there (only approvals write them): it must still not count."""
    session = db_session()
    assessment = start(session, owner, organisation)
    assessment.status = status
    add_section_result(session, assessment, "leadership", percent)


def leadership_medians(stats) -> dict[str, Decimal]:
    (version,) = stats.medians
    return {group.ecosystem: group.medians["leadership"] for group in version.groups}


# --- counts of valid labels -----------------------------------------------------------


def test_only_currently_valid_labels_are_counted(owner, admin):
    session = db_session()
    issued(session, owner, "silver", name="PL silver 1", country="PL")
    issued(session, owner, "silver", name="PL silver 2", country="PL")
    issued(session, owner, "gold", name="DE gold", country="DE")
    label(owner, "PL expired", country="PL", on=LONG_AGO)
    revoke(admin, issued(session, owner, "gold", name="DE revoked", country="DE"))
    revoke(admin, issued(session, owner, "bronze", name="FR suspended", country="FR"), "suspend")
    renewed = issued(session, owner, "bronze", name="AT renewed", country="AT")
    # The organisation's newer label supersedes the older one: it holds one label.
    issued(
        session, owner, "silver", organisation=session.get(Organisation, renewed.organisation_id)
    )

    stats = gather(session, TODAY, "en")

    assert stats.by_country == (("PL", 2), ("AT", 1), ("DE", 1))
    assert stats.by_level == (("silver", 3), ("gold", 1))
    assert stats.by_year == ((TODAY.year, 4),)
    assert stats.total == 4


def test_levels_are_titled_in_the_language_asked_for_and_in_their_order(owner):
    session = db_session()
    for level in ("gold", "bronze", "silver", "gold"):
        issued(session, owner, level, name=f"Cluster {level}")

    stats = gather(session, TODAY, "de")

    assert [level for level, _n in stats.by_level] == ["bronze", "silver", "gold"]
    assert stats.by_level[2] == ("gold", 2)
    assert stats.level_titles["gold"].startswith("Gold")
    assert stats.level_titles["gold"] != gather(session, TODAY, "en").level_titles["gold"]


def test_labels_are_counted_by_year_of_issue(owner):
    session = db_session()
    label(owner, "Issued last year", on=date(TODAY.year - 1, 12, 31))
    label(owner, "Issued this year", on=date(TODAY.year, 1, 1))

    assert gather(session, TODAY, "en").by_year == ((TODAY.year - 1, 1), (TODAY.year, 1))


def test_a_country_filter_narrows_the_counts_but_never_the_medians(owner):
    """A country's medians beside all countries' would differ by the other countries'
    few organisations: subtracting them could reveal one. Medians are of all countries."""
    session = db_session()
    for number in range(5):
        label(owner, f"DE {number}", str(10 * number), country="DE", ecosystem="digital")
    label(owner, "PL", "90", country="PL", ecosystem="digital")

    german = gather(session, TODAY, "en", "DE")
    assert german.by_country == (("DE", 5),)
    # 0 10 20 30 40 and Poland's 90: the six of every country, not Germany's five (20).
    assert leadership_medians(german) == {"digital": Decimal(25)}
    assert german.medians == gather(session, TODAY, "en").medians
    nowhere = gather(session, TODAY, "en", "FR")
    assert (nowhere.total, nowhere.by_level) == (0, ())


# --- medians by ecosystem -------------------------------------------------------------


@pytest.mark.parametrize(
    ("percents", "median"),
    [
        (["10", "20", "40", "80"], None),  # four organisations: never shown
        (["90", "10", "40", "20", "80"], Decimal(40)),
        (["10", "20", "40", "50", "80", "90"], Decimal(45)),  # type 7: halfway between
        (["12.5", "12.5", "33.33", "70", "70", "75", "100"], Decimal(70)),
    ],
)
def test_an_ecosystem_is_shown_from_five_labelled_organisations(owner, percents, median):
    session = db_session()
    for number, percent in enumerate(percents):
        label(owner, f"Digital {number}", percent, ecosystem="digital")
    label(owner, "Health", "99", ecosystem="health")

    stats = gather(session, TODAY, "en")

    if median is None:
        assert stats.medians == ()
    else:
        (version,) = stats.medians
        (group,) = version.groups
        assert (group.ecosystem, group.organisations) == ("digital", len(percents))
        assert group.medians == {"leadership": median}
        assert version.sections == (
            ("leadership", "Leadership and governance of the cluster organisation"),
        )


def test_only_the_assessment_a_valid_label_was_issued_on_counts(owner, admin):
    session = db_session()
    labelled = [label(owner, f"Labelled {n}", "50", ecosystem="digital") for n in range(5)]
    for certificate in labelled:  # later assessments that earned no label
        organisation = session.get(Organisation, certificate.organisation_id)
        for status in (AssessmentStatus.REJECTED, AssessmentStatus.DRAFT):
            stray_result(owner, organisation, status, "100")
    for status in (AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW):
        unlabelled = make_organisation(session, owner, name=f"Never {status}", ecosystem="digital")
        stray_result(owner, unlabelled, status, "100")
    labelled_with_result(session, owner, "Approved, no certificate", "100", ecosystem="digital")
    label(owner, "Expired", "100", ecosystem="digital", on=LONG_AGO)
    revoke(admin, label(owner, "Revoked", "100", ecosystem="digital"))

    stats = gather(session, TODAY, "en")

    (version,) = stats.medians
    (group,) = version.groups
    assert (group.organisations, group.medians) == (5, {"leadership": Decimal(50)})


def test_a_section_that_fewer_than_five_of_the_group_have_is_not_shown(owner):
    session = db_session()
    for number in range(5):
        certificate = label(owner, f"Digital {number}", "50", ecosystem="digital")
        if number:  # four of them also have a strategy result
            session.add(
                SectionResult(
                    assessment_id=certificate.assessment_id,
                    organisation_id=certificate.organisation_id,
                    criteria_version_id=certificate.criteria_version_id,
                    section_id="strategy",
                    percent=Decimal(70),
                    points=Decimal(70),
                    max_points=100,
                )
            )
    session.flush()

    (version,) = gather(session, TODAY, "en").medians

    assert [section_id for section_id, _title in version.sections] == ["leadership"]
    assert version.groups[0].medians == {"leadership": Decimal(50)}


def test_organisations_without_an_ecosystem_are_in_no_group(owner):
    for number in range(5):
        label(owner, f"Unsorted {number}", "50")
    assert gather(db_session(), TODAY, "en").medians == ()


def test_each_criteria_version_has_its_own_groups(owner):
    session = db_session()
    for number in range(5):
        label(owner, f"New {number}", "60", ecosystem="digital")
    older = criteria_service.get_version(session, "cluster-excellence", "2025.1")
    criteria_service.set_current(session, older)
    for number in range(4):
        label(owner, f"Old {number}", "10", ecosystem="digital")

    (version,) = gather(session, TODAY, "en").medians

    assert version.version == "2026.1"
    assert [(g.organisations, g.medians) for g in version.groups] == [(5, {"leadership": 60})]


def test_section_titles_are_in_the_language_asked_for(owner):
    for number in range(5):
        label(owner, f"Digital {number}", "50", ecosystem="digital")
    (version,) = gather(db_session(), TODAY, "de").medians
    assert version.sections == (("leadership", "Führung und Steuerung der Clusterorganisation"),)


# --- fingerprint ----------------------------------------------------------------------


def test_the_fingerprint_moves_with_everything_the_figures_depend_on(owner, admin):
    session = db_session()
    certificate = label(owner, "Moving", "50", ecosystem="digital")
    session.commit()
    seen = {fingerprint(session)}

    def changed() -> bool:
        session.commit()
        now = fingerprint(session)
        new = now not in seen
        seen.add(now)
        return new

    revoke(admin, certificate)
    assert changed()
    session.get(Organisation, certificate.organisation_id).ecosystem = "health"
    assert changed()
    label(owner, "Another", "70")
    assert changed()
    assert not changed()
