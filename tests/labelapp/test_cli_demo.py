"""``labelapp demo`` fills an empty development database through the real services, and
refuses a database that holds data, and production, changing nothing."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from click.testing import Result
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment import load_criteria
from assessment import score
from assessment.answers import RadarValue
from labelapp import create_app
from labelapp.certificates import load_pdf_stack
from labelapp.cli import main
from labelapp.db import Base
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.models import Answer
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate
from labelapp.models import ImprovementArea
from labelapp.models import IndicatorResult
from labelapp.models import Organisation
from labelapp.models import Review
from labelapp.models import Role
from labelapp.models import SectionResult
from labelapp.models import StoredFile
from labelapp.models import User
from labelapp.models.improvement import ACHIEVED
from labelapp.resources import criteria_dir
from labelapp.services import accounts
from labelapp.services import criteria as criteria_service
from labelapp.services import demo_clusters
from labelapp.services import demo_data
from labelapp.services.label_path import whole_months
from labelapp.services.peer_groups import members_of
from labelapp.services.peer_groups import size_band
from labelapp.services.review import CONFIRMER
from labelapp.settings import settings_of
from tests.fixtures.app import settings_for_tests
from tests.fixtures.users import login
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import manager_account

GROUP_MINIMUM = 5  # the smallest peer group the statistics and the report may show


def _env(instance: Path, url: str) -> dict[str, str]:
    config = settings_for_tests(instance, DATABASE_URL=url)
    return {key: str(value) for key, value in config.items()}


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=stdin, catch_exceptions=False)


def _in_app(env: dict[str, str], step: Callable[[Session], Any]) -> Any:
    app = create_app(dict(env))
    try:
        with app.app_context():
            return step(db_session())
    finally:
        get_database(app).engine.dispose()


def _table_counts(session: Session) -> dict[str, int]:
    """Rows in every table of the schema."""
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def _refusal(result: Result) -> str:
    """The one line a refusal prints on standard error (nothing on standard output)."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture
def cli_env(empty_database_url: str, tmp_path: Path) -> dict[str, str]:
    return _env(tmp_path / "instance", empty_database_url)


# The full run (over 80 approvals with signed PDFs) is checked in one test, on
# PostgreSQL, where a deployment keeps its data: the demo writes only through services
# whose every step the suite runs on both backends, and a second full run would cost
# `make test` some 20 s. (Tests sharing a module fixture would each run it on their
# own pytest-xdist worker.)
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_demo_fills_an_empty_database_through_the_real_services(cli_env):
    assert run(cli_env, "init").exit_code == 0
    result = run(cli_env, "demo")
    assert result.exit_code == 0, result.output
    clusters = len(demo_clusters.CLUSTERS)
    assert f"{clusters} organisations in 12 countries" in result.stdout
    printed = re.search(
        r"(\d+) certificates issued and signed: (\d+) current labels", result.stdout
    )
    assert printed is not None and int(printed[2]) == clusters < int(printed[1])
    _in_app(cli_env, _check_organisations)
    _in_app(cli_env, _check_labels)
    _in_app(cli_env, _check_paths)
    _in_app(cli_env, _check_four_eyes)
    _in_app(cli_env, _check_radar_answers)
    _in_app(cli_env, lambda session: _check_signatures(session, cli_env))
    _in_app(cli_env, lambda session: _check_printed_accounts(session, cli_env, result.stdout))
    _check_report(cli_env, result.stdout)

    before = _in_app(cli_env, _table_counts)
    line = _refusal(run(cli_env, "demo"))
    assert f"already holds {clusters} organisation(s)" in line
    assert _in_app(cli_env, _table_counts) == before


def _check_organisations(session: Session) -> None:
    """At least 60 organisations across 8 countries and 6 ecosystems, named in their own
    languages, with peer groups of at least five by country, ecosystem and size."""
    found = list(session.scalars(select(Organisation)))
    assert len(found) >= 60
    assert len({o.country for o in found}) >= 8
    assert len({o.ecosystem for o in found}) >= 6
    # Named in their own languages: Łódź, Île-de-France, Ústí, Øresund ...
    assert sum(not o.name.isascii() for o in found) >= len(found) // 2
    assert {"Ł", "é", "Ú", "Ø"} <= set("".join(o.name for o in found))
    bands = Counter(size_band(members_of(o)) for o in found)
    for kind, groups in (
        ("country", Counter(o.country for o in found)),
        ("ecosystem", Counter(o.ecosystem for o in found)),
        ("size", bands),
    ):
        assert max(groups.values()) >= GROUP_MINIMUM, kind
    assert len(bands) == 4
    assert sum(count >= GROUP_MINIMUM for count in bands.values()) >= 3


def _check_labels(session: Session) -> None:
    """Each organisation's latest assessment is approved, with its validated results and
    its certificate with the stored PDF; every level of the scheme is among them."""
    scheme = load_criteria(criteria_dir() / "cluster-excellence-2027.1.yaml")
    levels: Counter[str] = Counter()
    for organisation in session.scalars(select(Organisation)):
        assessment = session.scalars(
            select(Assessment)
            .where(Assessment.organisation_id == organisation.id)
            .order_by(Assessment.id.desc())
            .limit(1)
        ).one()
        assert assessment.status is AssessmentStatus.APPROVED
        assert assessment.assessed_on is not None
        certificate = session.scalars(
            select(Certificate).where(Certificate.assessment_id == assessment.id)
        ).one()
        assert certificate.level == assessment.approved_level
        assert certificate.assessed_on == assessment.assessed_on
        pdf = session.get(StoredFile, certificate.pdf_key)
        assert pdf is not None and pdf.content.startswith(b"%PDF-")
        assert hashlib.sha256(pdf.content).hexdigest() == certificate.pdf_sha256
        sections = session.scalar(
            select(func.count()).where(SectionResult.assessment_id == assessment.id)
        )
        indicators = session.scalar(
            select(func.count()).where(IndicatorResult.assessment_id == assessment.id)
        )
        assert (sections, indicators) == (len(scheme.sections), len(scheme.indicators))
        levels[certificate.level] += 1
    assert set(levels) == {level.id for level in scheme.levels}


def _check_paths(session: Session) -> None:
    """Bronze on a first benchmarking; silver continues a bronze label assessed 18 to 24
    months before, with three improvement areas validated as achieved by its lead."""
    silver = list(session.scalars(select(Certificate).where(Certificate.level == "silver")))
    assert silver
    for certificate in silver:
        earlier = session.get(Certificate, certificate.continues_id)
        assert earlier is not None and earlier.level == "bronze"
        assert earlier.superseded_by_id == certificate.id
        assert 18 <= whole_months(earlier.assessed_on, certificate.assessed_on) <= 24
        areas = list(
            session.scalars(
                select(ImprovementArea).where(
                    ImprovementArea.verdict_assessment_id == certificate.assessment_id
                )
            )
        )
        assert [area.verdict for area in areas] == [ACHIEVED] * 3
        assert all(area.achieved and area.verdict_comment for area in areas)
        assert {area.base_assessment_id for area in areas} == {earlier.assessment_id}
    others = session.scalars(select(Certificate).where(Certificate.level != "silver"))
    assert all(c.continues_id is None for c in others)


def _check_four_eyes(session: Session) -> None:
    """Each gold label was confirmed by a second assessor from another country."""
    gold = list(session.scalars(select(Certificate).where(Certificate.level == "gold")))
    confirmations = list(session.scalars(select(Review).where(Review.role == CONFIRMER)))
    assert gold
    assert len(confirmations) == len(gold)
    for review in confirmations:
        assessment = session.get(Assessment, review.assessment_id)
        lead = session.get(User, assessment.lead_assessor_id)
        assert lead.country and review.assessor.country
        assert lead.country != review.assessor.country


def _check_radar_answers(session: Session) -> None:
    """The enabler criteria are answered on the three RADAR attributes, drawn apart."""
    scheme = demo_data_scheme(session)
    radar = {c.id for c in scheme.criteria if c.radar}
    answers = [a.value for a in session.scalars(select(Answer)) if a.item_id in radar]
    assert answers and all(len(value.split("/")) == 3 for value in answers)
    assert len(set(answers)) > 10  # the attributes are drawn, not one value copied thrice


def _check_signatures(session: Session, env: dict[str, str]) -> None:
    """A few PDFs (each check parses and verifies a whole file) are signed by the issuer."""
    load_pdf_stack()
    from labelapp.certificates.signing import check_signature

    pair = settings_of(create_app(env)).certificates.signing
    assert pair is not None
    certificates = session.scalars(select(Certificate).order_by(Certificate.id)).all()
    sample = [certificates[0], certificates[-1]]
    sample += [c for c in certificates if c.level == "gold"][:1]
    for certificate in sample:
        pdf = session.get(StoredFile, certificate.pdf_key)
        assert pdf is not None
        assert check_signature(pdf.content, pair).genuine, certificate.number


def _check_report(env: dict[str, str], printed: str) -> None:
    """The printed manager reads the printed benchmarking report, with figures shown."""
    email, password = re.findall(r"manager:\s+(\S+@\S+)\s+password: (\S+)", printed)[0]
    address = re.findall(r"benchmarking report: \S+?(/organisations/\S+/benchmarking)", printed)
    app = create_app(env)
    try:
        client = app.test_client()
        assert login(client, email, password).status_code == 302
        page = client.get(address[0]).get_data(as_text=True)
    finally:
        get_database(app).engine.dispose()  # no pooled connection left for the collector
    assert "Peer groups" in page and page.count("Median:") == 9  # the whole version's


def _check_printed_accounts(session: Session, env: dict[str, str], printed: str) -> None:
    """The manager and the assessor printed sign in with the passwords printed."""
    found = re.findall(r"(manager|assessor):\s+(\S+@\S+)\s+password: (\S+)", printed)
    assert [role for role, _email, _password in found] == ["manager", "assessor"]
    passwords = settings_of(create_app(env)).passwords
    roles = [
        accounts.authenticate(session, email=email, password=password, passwords=passwords).role
        for _role, email, password in found
    ]
    assert roles == [Role.MANAGER, Role.ASSESSOR]


def _make_account(env: dict[str, str]) -> None:
    made = run(
        env, "user", "create", "owner@example.org", "--role", "manager", "--password-stdin",
        stdin="correct horse battery staple\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output


def _make_organisation(env: dict[str, str]) -> None:
    def register(session: Session) -> None:
        make_organisation(session, manager_account(session, "owner@example.org"))
        session.commit()

    _in_app(env, register)


@pytest.mark.parametrize(
    ("make", "held"),
    [(_make_account, "2 user account(s)"), (_make_organisation, "1 organisation(s)")],
    ids=["account", "organisation"],
)
def test_a_database_holding_data_is_refused_and_nothing_changes(cli_env, make, held):
    assert run(cli_env, "init").exit_code == 0
    make(cli_env)
    before = _in_app(cli_env, _table_counts)
    assert f"already holds {held}" in _refusal(run(cli_env, "demo"))
    assert _in_app(cli_env, _table_counts) == before


def test_production_refuses_before_touching_the_database(cli_env):
    assert run(cli_env, "init").exit_code == 0
    before = _in_app(cli_env, _table_counts)
    production = {**cli_env, "LABELAPP_ENV": "production"}
    assert "never runs in production" in _refusal(run(production, "demo"))
    assert _in_app(cli_env, _table_counts) == before


def test_a_database_not_initialised_is_refused(cli_env):
    assert "run `labelapp init`" in _refusal(run(cli_env, "demo"))


def test_the_same_seed_plans_the_same_demo_and_each_plan_reaches_its_level():
    scheme = load_criteria(criteria_dir() / "cluster-excellence-2027.1.yaml")
    first, again = demo_data.plan(scheme, 7), demo_data.plan(scheme, 7)
    assert first == again
    assert first != demo_data.plan(scheme, 8)
    for planned in first:
        assert score(scheme, planned.validated, planned.facts).level == planned.level
        assert score(scheme, planned.answers, planned.facts).level is not None
        if planned.level == "silver":
            assert planned.first is not None and planned.first.level == "bronze"
            assert score(scheme, planned.first.validated).level == "bronze"
            assert 18 <= planned.first.months_before <= 21  # the label still valid today
            assert len(set(planned.first.areas)) == 3
        else:
            assert planned.first is None


def test_a_plan_lowers_radar_attributes_when_validating():
    scheme = load_criteria(criteria_dir() / "cluster-excellence-2027.1.yaml")
    for planned in demo_data.plan(scheme, 7):
        for criterion in scheme.criteria:
            mine, checked = planned.answers[criterion.id], planned.validated[criterion.id]
            assert isinstance(mine, RadarValue) == criterion.radar
            if criterion.radar and checked != mine:
                assert all(c <= m for c, m in zip(checked.parts, mine.parts, strict=True))


def demo_data_scheme(session: Session):
    version = criteria_service.current_version(session, "cluster-excellence")
    return criteria_service.load_scheme(version)
