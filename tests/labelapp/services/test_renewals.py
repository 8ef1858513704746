"""Renewals: the validated answers carried over to confirm or change, the grace window
that decides whether the label's history goes on, and what cannot be renewed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from labelapp.db import db_session
from labelapp.models import AssessmentStatus
from labelapp.models import CertificateStatus
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services import decisions
from labelapp.services import evidence
from labelapp.services import renewals
from labelapp.services import review
from labelapp.services import workflow
from labelapp.services.actor import SYSTEM
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.assessments import missing_items
from labelapp.services.assessments import scheme_of
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.label_path import earlier_labels
from labelapp.services.label_path import history_base
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import evidence_required
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import record_visit

pytestmark = pytest.mark.usefixtures("ctx")


def _labelled(manager, make_user):
    """A gold label whose lead validated leadership-vision at 50 instead of 100."""
    session = db_session()
    lead, second = make_user(Role.ASSESSOR), make_user(Role.ASSESSOR)
    assessment = complete_assessment(session, manager)
    workflow.submit_assessment(session, actor(manager), assessment, None)
    review.claim(session, actor(lead), assessment, True, None)
    inputs = {"leadership-vision": review.ReviewInput("50", "", "")}
    review.save_review(session, actor(lead), assessment, inputs, "", None)
    record_visit(session, lead, assessment)
    decisions.approve(session, actor(lead), assessment, None, issuing())
    return decisions.confirm(session, actor(second), assessment, True, None, issuing())


def test_a_renewal_carries_the_validated_answers_over_to_confirm(manager, make_user):
    label = _labelled(manager, make_user)
    renewal = renewals.start_renewal(db_session(), actor(manager), label)
    assert (renewal.status, renewal.renews_id) == (AssessmentStatus.DRAFT, label.id)
    answers = {answer.item_id: answer for answer in renewal.answers}
    scheme = scheme_of(renewal)
    assert set(answers) == {item.id for item in (*scheme.criteria, *scheme.indicators)}
    assert answers["leadership-vision"].value == "50"  # the validated value, not the 100
    assert all(answer.carried_over for answer in answers.values())
    # Nothing is submitted unconfirmed: each carried-over answer is listed. Evidence is
    # never carried over: a renewal shows the organisation as it is now.
    missing = missing_items(scheme, renewal)
    assert {m.item_id for m in missing if m.what == "confirm"} == set(answers)
    assert {m.what for m in missing} == {"confirm", "evidence"} and not renewal.evidence
    with pytest.raises(ValidationFailed, match="confirm or change the answer carried over"):
        workflow.submit_assessment(db_session(), actor(manager), renewal, None)

    # Saving an answer confirms it, changed or not.
    saved = save_page(
        db_session(), actor(manager), renewal, {"leadership-vision": ItemInput(value="50")}, None
    )
    assert saved.changed == ("leadership-vision",)
    assert not answers["leadership-vision"].carried_over
    assert "leadership-vision" not in {m.item_id for m in missing_items(scheme, renewal)}


def test_a_revoked_or_replaced_label_is_not_renewed(manager, make_user):
    label = _labelled(manager, make_user)
    label.status = CertificateStatus.REVOKED
    with pytest.raises(NotAllowed, match="A revoked label cannot be renewed"):
        renewals.start_renewal(db_session(), actor(manager), label)
    assert renewals.renewal_of(db_session(), label.organisation) is None
    label.status = CertificateStatus.VALID
    later = issued(db_session(), manager, "silver", label.organisation)
    with pytest.raises(NotAllowed, match="Only the organisation's latest label"):
        renewals.start_renewal(db_session(), actor(manager), label)
    assert renewals.renewal_of(db_session(), label.organisation).certificate is later


def test_only_the_organisations_managers_renew_and_never_twice_at_once(manager, make_user):
    label = _labelled(manager, make_user)
    with pytest.raises(NotAllowed):
        renewals.start_renewal(db_session(), actor(make_user(Role.MANAGER)), label)
    renewals.start_renewal(db_session(), actor(manager), label)
    with pytest.raises(ValidationFailed, match="already has an open assessment"):
        renewals.start_renewal(db_session(), actor(manager), label)


@pytest.mark.parametrize(
    ("expired_days_ago", "continues"),
    [
        (0, True),
        (200, True),
        # valid_until + 12 months is the last day a renewal continues the history.
        ("grace end", True),
        ("day after", False),
        (500, False),
    ],
)
def test_the_grace_window_decides_whether_the_history_goes_on(
    manager, make_user, expired_days_ago, continues
):
    label = _labelled(manager, make_user)
    today = certificates.today()
    if expired_days_ago == "grace end":
        label.valid_until = certificates.add_months(today, -12)
    elif expired_days_ago == "day after":
        label.valid_until = certificates.add_months(today, -12) - timedelta(days=1)
    else:
        label.valid_until = today - timedelta(days=expired_days_ago)
    db_session().flush()
    assert renewals.renewal_of(db_session(), label.organisation).continues is continues
    renewal = renewals.start_renewal(db_session(), actor(manager), label)
    assert (history_base(db_session(), renewal) is label) is continues
    assert bool(earlier_labels(db_session(), renewal)) is continues


def test_a_renewed_label_carries_its_history_to_the_registry(manager, make_user):
    label = _labelled(manager, make_user)
    renewal = renewals.start_renewal(db_session(), actor(manager), label)
    for answer in renewal.answers:
        answer.carried_over = False
    for item_id in evidence_required(scheme_of(renewal)):  # current evidence, as links
        renewal.evidence.append(
            evidence.link(actor(manager), item_id, f"https://docs.example.org/{item_id}")
        )
    lead = make_user(Role.ASSESSOR)
    workflow.submit_assessment(db_session(), actor(manager), renewal, None)
    review.claim(db_session(), actor(lead), renewal, True, None)
    record_visit(db_session(), lead, renewal)
    decisions.approve(db_session(), actor(lead), renewal, None, issuing())
    second = make_user(Role.ASSESSOR)
    renewed = decisions.confirm(db_session(), actor(second), renewal, True, None, issuing())
    assert renewed.continues_id == label.id
    assert json.loads(renewed.earlier_labels) == [
        {"number": label.number, "level": "gold", "year": label.issued_on.year}
    ]
    assert [entry["number"] for entry in renewed.history] == [label.number, renewed.number]


def test_a_label_revoked_before_the_next_issue_is_left_out_of_its_history(manager):
    first = issued(db_session(), manager, "bronze")
    second = issued(db_session(), manager, "silver", first.organisation)
    assert second.continues_id == first.id  # issued in time: the history goes on
    first.status = CertificateStatus.REVOKED
    third = certificates.issue(
        db_session(), SYSTEM, approved(db_session(), manager, "gold", first.organisation), issuing()
    )
    assert third.continues_id == second.id
    assert [entry["number"] for entry in third.history] == [second.number, third.number]
