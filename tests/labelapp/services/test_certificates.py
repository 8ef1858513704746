"""Issuing certificates with approvals, repairing missed issues, and their lifecycle."""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from datetime import timedelta

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func
from sqlalchemy import select

from labelapp.certificates.numbering import parse
from labelapp.db import db_session
from labelapp.db import utcnow
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import PublicStatus
from labelapp.models import Role
from labelapp.models import StoredFile
from labelapp.services import certificates
from labelapp.services import decisions
from labelapp.services import review
from labelapp.services import workflow
from labelapp.services.actor import SYSTEM
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.settings import init_settings
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import audit_actions
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import month_end
from tests.labelapp.services.factories import months_ago
from tests.labelapp.services.factories import record_visit

pytestmark = pytest.mark.usefixtures("ctx")


def test_approving_through_review_issues_exactly_one_certificate(manager, make_user):
    session = db_session()
    lead, second = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    assessment = complete_assessment(session, manager)
    workflow.submit_assessment(session, actor(manager), assessment, None)
    review.claim(session, actor(lead), assessment, True, None)
    visited = months_ago(2)
    record_visit(session, lead, assessment, visited)
    assert (
        decisions.approve(session, actor(lead), assessment, None, issuing()) is None
    )  # only proposed
    assert assessment.pending_level == "gold"
    assert count(session, Certificate) == 0  # gold awaits the second assessor
    issued = decisions.confirm(session, actor(second), assessment, True, None, issuing())

    (certificate,) = session.scalars(select(Certificate)).all()
    assert issued is certificate  # the service returns what it issued
    assert certificate.assessment_id == assessment.id
    assert (certificate.level, certificate.level_title) == ("gold", "Gold — proven excellence")
    assert certificate.organisation_name == "Łódzki Klaster ICT" and certificate.country == "PL"
    assert (certificate.scheme, certificate.criteria_version) == ("cluster-excellence", "2026.1")
    assert parse(certificate.number, "CEL").year == certificate.issued_on.year
    # Validity comes from the level's rule in the pinned version: 24 months from the
    # assessment's month, that month counted as the first.
    assert certificate.assessed_on == visited
    assert certificate.valid_until == month_end(visited, 23)  # the visit's month is the first
    assert certificate.issued_on == assessment.decided_at.date()
    stored = session.get(StoredFile, certificate.pdf_key)
    assert hashlib.sha256(stored.content).hexdigest() == certificate.pdf_sha256
    assert stored.content.startswith(b"%PDF-")
    assert audit_actions(session)[-2:] == ["assessment.confirm_approval", "certificate.issued"]
    with pytest.raises(NotAllowed):
        certificates.issue(session, SYSTEM, assessment, issuing())
    assert count(session, Certificate) == 1


def test_numbers_count_up_within_the_year_and_restart_the_next(manager):
    session = db_session()
    numbers = [
        certificates.issue(session, SYSTEM, approved(session, manager), issuing(), on=day).number
        for day in (date(2026, 3, 1), date(2026, 3, 2), date(2027, 1, 1))
    ]
    assert [(parse(n, "CEL").year, parse(n, "CEL").sequence) for n in numbers] == [
        (2026, 1),
        (2026, 2),
        (2027, 1),
    ]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 11, 25), 24, date(2028, 11, 25)),
        (date(2026, 8, 31), 18, date(2028, 2, 29)),  # no 31 February: the month's last day
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
    ],
)
def test_validity_adds_calendar_months(start, months, end):
    assert certificates.add_months(start, months) == end


@pytest.mark.parametrize(
    ("assessed_on", "months", "end"),
    [
        (date(2026, 3, 15), 24, date(2028, 2, 29)),
        (date(2026, 3, 1), 24, date(2028, 2, 29)),  # any day of the month: the same end
        (date(2026, 3, 31), 12, date(2027, 2, 28)),
        (date(2026, 12, 5), 36, date(2029, 11, 30)),
    ],
)
def test_validity_runs_from_the_assessment_month(assessed_on, months, end):
    issued_on = date(2026, 12, 20)  # whenever the approval came, the month counts
    assert certificates.validity_end(issued_on, months, assessed_on) == end


def test_a_label_without_an_assessment_day_runs_from_its_issue():
    assert certificates.validity_end(date(2026, 11, 25), 24) == date(2028, 11, 24)


def test_only_approved_assessments_get_certificates(manager):
    session = db_session()
    draft = complete_assessment(session, manager)
    with pytest.raises(NotAllowed):
        certificates.issue(session, SYSTEM, draft, issuing())
    assert count(session, Certificate) == 0


def test_issue_pending_repairs_an_approval_left_without_its_certificate(manager):
    session = db_session()
    lost = approved(session, manager)  # as if the process died right after the approval
    assert certificates.pending_assessments(session) == [lost]
    certificates.issue(session, SYSTEM, lost, issuing())
    assert certificates.pending_assessments(session) == []


def test_a_late_issue_keeps_the_approval_date_and_never_outranks_a_newer_label(manager):
    session = db_session()
    old = approved(session, manager, "silver")
    old.decided_at = utcnow() - timedelta(days=800)  # approved long before certificates
    newer = issued(session, manager, "gold", organisation=old.organisation)
    late = certificates.issue(session, SYSTEM, old, issuing())
    assert late.issued_on == old.decided_at.date()
    assert late.valid_until < date.today()  # 24 months from then: already over
    assert late.superseded_by_id == newer.id and newer.superseded_by_id is None
    assert certificates.current_for(session, old.organisation_id) == newer


def test_a_new_label_supersedes_the_previous_one(manager):
    session = db_session()
    first = issued(session, manager, level="silver")
    second = issued(session, manager, level="gold", organisation=first.organisation)
    assert first.superseded_by_id == second.id
    assert first.public_status(date.today()) is PublicStatus.SUPERSEDED
    assert second.public_status(date.today()) is PublicStatus.VALID
    assert certificates.current_for(session, first.organisation_id) == second


def test_status_is_derived_everywhere_from_one_rule(manager):
    certificate = issued(db_session(), manager)
    end = certificate.valid_until
    assert certificate.public_status(end) is PublicStatus.VALID  # valid through its last day
    assert certificate.public_status(date.fromordinal(end.toordinal() + 1)) is PublicStatus.EXPIRED
    certificate.status = CertificateStatus.SUSPENDED
    assert certificate.public_status(end) is PublicStatus.SUSPENDED


def test_admins_suspend_reinstate_and_revoke_with_a_public_reason(manager, admin):
    session = db_session()
    certificate = issued(session, manager)
    certificates.change_status(
        session, actor(admin), certificate, "suspend", "Audit pending.", None
    )
    assert certificate.status is CertificateStatus.SUSPENDED
    assert certificate.status_reason == "Audit pending." and certificate.status_changed_at
    certificates.change_status(
        session, actor(admin), certificate, "reinstate", "Audit passed.", None
    )
    assert certificate.status is CertificateStatus.VALID
    certificates.change_status(session, actor(admin), certificate, "revoke", "False claims.", None)
    assert certificate.status is CertificateStatus.REVOKED
    assert audit_actions(session)[-3:] == [
        "certificate.suspend",
        "certificate.reinstate",
        "certificate.revoke",
    ]
    for action in ("suspend", "reinstate", "revoke"):  # revocation is final
        with pytest.raises(NotAllowed):
            certificates.change_status(session, actor(admin), certificate, action, "x", None)


@pytest.mark.parametrize("who", ["manager", "assessor", "system"])
def test_only_admins_change_a_certificates_status(manager, assessor, who):
    session = db_session()
    certificate = issued(session, manager)
    acting = {"manager": actor(manager), "assessor": actor(assessor), "system": SYSTEM}[who]
    before = len(audit_actions(session))
    with pytest.raises(NotAllowed):
        certificates.change_status(session, acting, certificate, "revoke", "Because.", None)
    assert certificate.status is CertificateStatus.VALID
    assert len(audit_actions(session)) == before


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_status_change_needs_a_reason(manager, admin, reason):
    certificate = issued(db_session(), manager)
    with pytest.raises(ValidationFailed):
        certificates.change_status(db_session(), actor(admin), certificate, "revoke", reason, None)
    assert certificate.status is CertificateStatus.VALID


def test_a_stale_status_change_is_refused(manager, admin):
    certificate = issued(db_session(), manager)
    old = certificate.row_version
    certificates.change_status(db_session(), actor(admin), certificate, "suspend", "One.", old)
    with pytest.raises(StaleState):
        certificates.change_status(db_session(), actor(admin), certificate, "revoke", "Two.", old)
    assert certificate.status is CertificateStatus.SUSPENDED


def test_expiries_are_recorded_once_and_soon_expiring_labels_listed(manager):
    session = db_session()
    old = certificates.issue(
        session, SYSTEM, approved(session, manager), issuing(), on=date(2024, 1, 10)
    )
    soon = certificates.issue(
        session,
        SYSTEM,
        approved(session, manager, name="Klaster B"),
        issuing(),
        on=date(2024, 12, 20),
    )
    day = date(2026, 11, 25)
    assert certificates.record_expiries(session, SYSTEM, day) == [old]
    assert certificates.record_expiries(session, SYSTEM, day) == []
    assert audit_actions(session).count("certificate.expired") == 1
    assert list(certificates.expiring_within(session, day, 30)) == [soon]
    assert list(certificates.expiring_within(session, day, 10)) == []


@pytest.mark.parametrize("broken", ["key", "pdf libraries"])
def test_a_certificate_that_cannot_be_signed_leaves_no_approval(
    manager, make_user, app, monkeypatch, broken
):
    session = db_session()
    lead, second = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    assessment = complete_assessment(session, manager)
    workflow.submit_assessment(session, actor(manager), assessment, None)
    review.claim(session, actor(lead), assessment, True, None)
    record_visit(session, lead, assessment)
    decisions.approve(session, actor(lead), assessment, None, issuing())  # gold: proposed
    session.commit()
    if broken == "key":
        app.config["LABELAPP_SIGNING_KEY"] = app.config["LABELAPP_SIGNING_CERT"]  # not a key
        init_settings(app)  # the settings are built from the config once
    else:  # e.g. Pango missing on this machine: the PDF stack fails to load
        monkeypatch.delitem(sys.modules, "labelapp.certificates.rendering", raising=False)
        monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(NotAllowed, match="cannot be signed"):
        decisions.confirm(session, actor(second), assessment, True, None, issuing())
    session.rollback()  # as the view does on a refusal
    session.refresh(assessment)
    assert assessment.status is AssessmentStatus.IN_REVIEW and assessment.pending_level == "gold"
    assert session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_the_issued_pdf_names_the_label_the_level_and_the_criteria_version_once(manager):
    session = db_session()
    certificate = issued(session, manager, "gold")
    content = certificates.content_of(session, certificate, issuing())
    assert content.scheme == "Cluster Excellence Label"
    assert content.scheme_note.startswith("own scheme inspired by the EFQM model")
    document = pdfium.PdfDocument(session.get(StoredFile, certificate.pdf_key).content)
    try:
        text = " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
    assert (
        "has been awarded the Cluster Excellence Label at the level Gold — proven excellence "
        "Assessed against the label’s criteria, version 2026.1 (own scheme inspired by the "
        "EFQM model and European cluster-management indicators)"
    ) in text
    assert text.count("2026.1") == 1
    assert "Cluster Excellence Label criteria" not in text


def test_history_reads_as_lines_naming_the_assessment_and_organisation(manager, admin):
    session = db_session()
    certificate = issued(session, manager)
    certificates.change_status(session, actor(admin), certificate, "suspend", "Checking.", None)
    issue, suspension = certificates.readable_history(session, certificate)
    lines = {line.label: line for line in issue.lines}
    organisation = certificate.organisation
    assert lines["Organisation"].text == organisation.name
    assert lines["Organisation"].organisation_id == organisation.id
    assert lines["Assessment"].text.startswith(f"Self-assessment of {organisation.name} (")
    assert lines["Assessment"].organisation_id == organisation.id
    assert lines["PDF SHA-256"].text == certificate.pdf_sha256
    assert lines["Supersedes"].text == "none"
    assert suspension.change == "valid → suspended"
    assert [(line.label, line.text) for line in suspension.lines] == [("Reason", "Checking.")]
