"""Concurrent claims, approvals and issues on PostgreSQL: exactly one of them wins, and
certificate numbers never repeat."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select

from labelapp import create_app
from labelapp.certificates import rendering as pdf_rendering
from labelapp.certificates.numbering import parse
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.migrate import upgrade_database
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import AuditEvent
from labelapp.models import Certificate
from labelapp.models import Review
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import certificates
from labelapp.services import decisions
from labelapp.services import review
from labelapp.services import workflow
from labelapp.services.accounts import create_user
from labelapp.services.actor import SYSTEM
from labelapp.services.errors import LabelappError
from labelapp.web.settings import issuing
from labelapp.web.settings import settings
from tests.fixtures.app import settings_for_tests
from tests.fixtures.database import create_postgres_database
from tests.fixtures.database import drop_postgres_database
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import publish_criteria
from tests.labelapp.services.factories import record_visit

RACERS = 6


@pytest.fixture
def pg_app(postgres_admin, tmp_path: Path) -> Iterator:
    if postgres_admin is None:
        pytest.skip("PostgreSQL is not reachable (set TEST_DATABASE_URL); CI requires it")
    url = create_postgres_database(postgres_admin)
    app = create_app(settings_for_tests(tmp_path, DATABASE_URL=url))
    upgrade_database(get_database(app).engine)
    yield app
    get_database(app).engine.dispose()
    drop_postgres_database(postgres_admin, url)


_numbers = itertools.count()


def _users(app, role: Role, count: int) -> list[int]:
    with app.app_context():
        ids = [
            create_user(
                db_session(),
                email=f"{role.value}{next(_numbers)}@example.org",
                display_name=f"U{n}",
                role=role,
                password="correct horse battery",
                passwords=settings().passwords,
            ).id
            for n in range(count)
        ]
        db_session().commit()
        return ids


def _submitted(app) -> tuple[int, int]:
    (manager_id,) = _users(app, Role.MANAGER, 1)
    with app.app_context():
        session = db_session()
        publish_criteria(session)
        owner = session.get(User, manager_id)
        assessment = complete_assessment(session, owner)
        workflow.submit_assessment(session, actor(owner), assessment, None)
        session.commit()
        return assessment.id, assessment.row_version


def _race(app, user_ids: list[int], step: Callable) -> int:
    """Run step(session, user, assessment) for each user at the same moment; count wins."""
    barrier = threading.Barrier(len(user_ids))
    wins: list[int] = []
    errors: list[BaseException] = []

    def run(user_id: int) -> None:
        with app.app_context():
            session = db_session()
            user = session.get(User, user_id)
            assessment = session.get(Assessment, 1)
            barrier.wait()
            try:
                step(session, user, assessment)
                session.commit()
                wins.append(user_id)
            except LabelappError:
                session.rollback()
            except BaseException as exc:  # anything else is a bug the test must show
                errors.append(exc)
                session.rollback()

    threads = [threading.Thread(target=run, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return len(wins)


def _count(app, statement) -> int:
    with app.app_context():
        return db_session().scalar(statement) or 0


def test_concurrent_claims_leave_exactly_one_lead(pg_app):
    _, version = _submitted(pg_app)
    assessors = _users(pg_app, Role.ASSESSOR, RACERS)
    wins = _race(pg_app, assessors, lambda s, u, a: review.claim(s, actor(u), a, True, version))
    assert wins == 1
    assert _count(pg_app, select(func.count()).select_from(Review)) == 1
    assert _count(pg_app, select(func.count()).where(AuditEvent.action == "assessment.claim")) == 1


def test_concurrent_approvals_produce_exactly_one_decision(pg_app):
    _, version = _submitted(pg_app)
    (lead,) = _users(pg_app, Role.ASSESSOR, 1)
    with pg_app.app_context():
        session = db_session()
        assessment = session.get(Assessment, 1)
        review.claim(session, actor(session.get(User, lead)), assessment, True, version)
        record_visit(session, session.get(User, lead), assessment)
        session.commit()
        version = assessment.row_version
    # The same lead, from several tabs at once (gold needs a confirmation, so this proposes).
    wins = _race(
        pg_app,
        [lead] * RACERS,
        lambda s, u, a: decisions.approve(s, actor(u), a, version, issuing()),
    )
    assert wins == 1
    seconds = _users(pg_app, Role.ASSESSOR, RACERS)
    with pg_app.app_context():
        version = db_session().get(Assessment, 1).row_version
    wins = _race(
        pg_app, seconds, lambda s, u, a: decisions.confirm(s, actor(u), a, True, version, issuing())
    )
    assert wins == 1
    with pg_app.app_context():
        final = db_session().get(Assessment, 1)
        assert (final.status, final.approved_level) == (AssessmentStatus.APPROVED, "gold")
    confirmations = select(func.count()).where(AuditEvent.action == "assessment.confirm_approval")
    assert _count(pg_app, confirmations) == 1
    assert _count(pg_app, select(func.count()).select_from(Certificate)) == 1


def test_concurrent_issues_get_unique_consecutive_numbers(pg_app):
    (manager_id,) = _users(pg_app, Role.MANAGER, 1)
    with pg_app.app_context():
        session = db_session()
        publish_criteria(session)
        owner = session.get(User, manager_id)
        ids = [approved(session, owner, name=f"Cluster {n}").id for n in range(RACERS)]
        session.commit()
    barrier = threading.Barrier(RACERS)
    errors: list[BaseException] = []

    def run(assessment_id: int) -> None:
        with pg_app.app_context():
            session = db_session()
            assessment = session.get(Assessment, assessment_id)
            barrier.wait()
            try:
                certificates.issue(session, SYSTEM, assessment, issuing())
                session.commit()
            except BaseException as exc:
                errors.append(exc)
                session.rollback()

    threads = [threading.Thread(target=run, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with pg_app.app_context():
        numbers = db_session().scalars(select(Certificate.number)).all()
    sequences = sorted(parse(number, "CEL").sequence for number in numbers)
    assert sequences == list(range(1, RACERS + 1))


def test_a_status_change_during_an_issue_for_the_same_organisation_does_not_deadlock(
    pg_app, monkeypatch
):
    (manager_id,) = _users(pg_app, Role.MANAGER, 1)
    (admin_id,) = _users(pg_app, Role.ADMIN, 1)
    with pg_app.app_context():
        session = db_session()
        publish_criteria(session)
        owner = session.get(User, manager_id)
        old = certificates.issue(
            session, SYSTEM, approved(session, owner, name="Klaster"), issuing()
        )
        renewal = approved(session, owner, "gold", old.organisation)
        session.commit()
        old_id, renewal_id = old.id, renewal.id
    rendering = threading.Event()  # set once the issue holds its locks and renders
    real_renderer = pdf_rendering.renderer

    def renderer_that_tells():
        rendering.set()
        return real_renderer()

    # Issuing imports the renderer where it signs: the patched module attribute is what it gets.
    monkeypatch.setattr(pdf_rendering, "renderer", renderer_that_tells)
    outcomes: list[object] = []

    def issue_renewal() -> None:
        with pg_app.app_context():
            session = db_session()
            assessment = session.get(Assessment, renewal_id)
            certificates.issue(session, SYSTEM, assessment, issuing())
            session.commit()
            outcomes.append("issued")

    def suspend_old() -> None:
        with pg_app.app_context():
            session = db_session()
            certificate = session.get(Certificate, old_id)
            admin = session.get(User, admin_id)
            assert rendering.wait(timeout=30)
            try:
                certificates.change_status(
                    session, actor(admin), certificate, "suspend", "Checked.", None
                )
                session.commit()
                outcomes.append("suspended")
            except LabelappError as refusal:  # lost the race cleanly: fine
                session.rollback()
                outcomes.append(type(refusal).__name__)

    def guarded(step: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                step()
            except BaseException as exc:  # a deadlock would land here
                outcomes.append(exc)

        return run

    threads = [threading.Thread(target=guarded(s)) for s in (issue_renewal, suspend_old)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "issued" in outcomes
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
