"""Queueing e-mail with a decision (issue 17): a request for changes, through the real
service and committed, with its messages to the organisation's two managers written to
the outbox, against the same decision with the queueing left out, measured in the same
run, interleaved. Target: the messages add under 2 ms (median)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

from labelapp import create_app
from labelapp.db import Base
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.models import Assessment
from labelapp.models import OrganisationManager
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.services import accounts
from labelapp.services import decisions
from labelapp.services import messages
from labelapp.services import review
from labelapp.services import workflow
from labelapp.settings import settings_of
from tests.fixtures.app import settings_for_tests
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import publish_criteria

TARGET_MS = 2.0


def _account(session, email: str, role: Role, app) -> Any:
    return accounts.create_user(
        session,
        email=email,
        display_name=email.split("@")[0],
        role=role,
        password="correct horse battery staple",
        passwords=settings_of(app).passwords,
    )


def run_mail(count: int = 200) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="labelapp-bench-"))
    app = create_app(
        settings_for_tests(folder, DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}")
    )
    Base.metadata.create_all(get_database(app).engine)
    with app.app_context():
        session = db_session()
        publish_criteria(session)
        lead = _account(session, "lead@label.example", Role.ASSESSOR, app)
        ids = []
        for number in range(2 * count):
            owner = _account(session, f"owner{number}@cluster.example", Role.MANAGER, app)
            co = _account(session, f"co{number}@cluster.example", Role.MANAGER, app)
            assessment = complete_assessment(session, owner)
            session.add(
                OrganisationManager(organisation_id=assessment.organisation_id, user_id=co.id)
            )
            workflow.submit_assessment(session, actor(owner), assessment, None)
            review.claim(session, actor(lead), assessment, True, None)
            ids.append(assessment.id)
        session.commit()
        lead_id = lead.id

    def decide(assessment_id: int) -> float:
        with app.app_context():
            session = db_session()
            assessment = session.get(Assessment, assessment_id)
            who = actor(session.get(type(lead), lead_id))
            started = time.perf_counter()
            decisions.request_changes(session, who, assessment, "Attach the survey.", None)
            session.commit()
            return time.perf_counter() - started

    queued, bare = [], []
    for position, assessment_id in enumerate(ids):
        if position % 2:
            queued.append(decide(assessment_id))
        else:
            with mock.patch.object(messages, "changes_requested", lambda *_args: None):
                bare.append(decide(assessment_id))
    with app.app_context():
        written = (
            db_session().query(OutboxMessage).filter_by(kind=messages.CHANGES_REQUESTED).count()
        )
    get_database(app).engine.dispose()
    queued_ms, bare_ms = statistics.median(queued) * 1000, statistics.median(bare) * 1000
    return {
        "decisions": len(ids),
        "messages": written,
        "queued_ms": queued_ms,
        "bare_ms": bare_ms,
        "added_ms": queued_ms - bare_ms,
    }


def report_mail(figures: dict[str, Any]) -> str:
    verdict = "meets" if figures["added_ms"] < TARGET_MS else "MISSES"
    return "\n".join(
        [
            f"Queueing e-mail with a decision ({figures['decisions']} requests for changes on "
            f"SQLite, {figures['messages']} messages written, two managers each):",
            f"  decision + commit, messages queued:  {figures['queued_ms']:.2f} ms (median)",
            f"  decision + commit, queueing left out: {figures['bare_ms']:.2f} ms (baseline)",
            f"  added by the messages: {figures['added_ms']:.2f} ms "
            f"(ratio {figures['queued_ms'] / figures['bare_ms']:.2f}); "
            f"{verdict} the target of under {TARGET_MS:.0f} ms",
        ]
    )


if __name__ == "__main__":
    print(report_mail(run_mail()))
